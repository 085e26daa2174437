"""Pages: a worker's optional facts for the fairness audit, and the analyst's fairness page
(latest report, dated reports, run the audit on live data)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kazi.accounts.consent import has_consent
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.accounts.models import User
from kazi.accounts.permissions import forbidden, role_required, signed_in_user
from kazi.core.errors import DomainError

from . import services
from .audit import list_reports, load_report, min_group_size, report_paths
from .forms import AuditFactsForm
from .report import REPORT_CSS_HASH, present
from .selectors import facts_of

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])
# The self-contained report, served as it is: its own stylesheet (allowed by hash), SVG.
REPORT_POLICY = (
    f"default-src 'none'; style-src '{REPORT_CSS_HASH}'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def is_analyst(user: object) -> bool:
    """Analysts and administrators see the fairness audit; nobody else."""
    return (
        isinstance(user, User)
        and user.is_active
        and (user.role in (Role.ANALYST, Role.ADMINISTRATOR) or user.is_superuser)
    )


def analyst_required(view: ViewFunc) -> ViewFunc:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_analyst(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return cast(ViewFunc, wrapped)


# ------------------------------------------------------------------------- worker


@role_required(Role.WORKER)
@require_http_methods(["GET", "POST"])
def my_facts(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    facts = facts_of(user)
    initial = (
        {
            "gender": facts.gender,
            "age_band": facts.age_band,
            "nationality": facts.nationality,
            "disability": facts.disability,
        }
        if facts
        else {}
    )
    form = AuditFactsForm(initial=initial)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        services.withdraw_audit_consent(user)
        messages.success(
            request, _("Your answers have been erased. They will not be used for the audit.")
        )
        return redirect("analytics:my_facts")
    if request.method == "POST":
        form = AuditFactsForm(request.POST)
        if form.is_valid():
            try:
                services.record_audit_facts(user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field, str(error.message))
            else:
                messages.success(request, _("Thank you. Your answers have been saved."))
                return redirect("analytics:my_facts")
    context = {
        "form": form,
        "facts": facts,
        "consented": has_consent(user, ConsentPurpose.FAIRNESS_AUDIT),
        "min_group": min_group_size(),
    }
    return render(request, "analytics/my_facts.html", context)


# ------------------------------------------------------------------------ analyst


@analyst_required
def fairness(request: HttpRequest) -> HttpResponse:
    reports = list_reports()
    latest = None
    for files in reports:
        data = load_report(files)
        if data is not None:
            latest = present(data)
            break
    return render(request, "analytics/fairness.html", {"reports": reports, "latest": latest})


@analyst_required
@require_POST
def fairness_run(request: HttpRequest) -> HttpResponse:
    from .audit import LIVE, run_audit, write_report

    try:
        data = run_audit(LIVE)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("analytics:fairness")
    try:
        write_report(data, language=translation.get_language())
    except OSError:
        messages.error(
            request, _("The report could not be written. Please tell your administrator.")
        )
        return redirect("analytics:fairness")
    messages.success(
        request,
        _(
            "The audit of live data is done: %(people)s workers, %(flags)s flags. The report "
            "of %(day)s is below."
        )
        % {"people": data["people"], "flags": len(data["flags"]), "day": data["date"]},
    )
    return redirect("analytics:fairness")


@analyst_required
def fairness_report(request: HttpRequest, day: str, fmt: str) -> FileResponse:
    try:
        when = date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    files = report_paths(when)
    path = files.json if fmt == "json" else files.html
    if fmt not in ("json", "html") or not path.is_file():
        raise Http404
    if fmt == "json":
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=path.name,
            content_type="application/json; charset=utf-8",
        )
    else:
        response = FileResponse(path.open("rb"), content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = REPORT_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response
