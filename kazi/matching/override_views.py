"""Counsellor overrides on the web: pin, move up or hide a result for a worker (with a
reason), undo it, and the log of every override (who, what, when and why)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kazi.accounts.audit import record_access_many
from kazi.accounts.constants import AuditAction
from kazi.accounts.models import User
from kazi.core.errors import DomainError
from kazi.core.validation import is_db_id
from kazi.opportunities.models import Vacancy
from kazi.profiles.selectors import consenting_workers, worker_for_counsellor

from . import override_selectors, override_services
from .constants import OverrideAction
from .models import MatchOverride

LOG_PAGE_SIZE = 50

DONE = {
    OverrideAction.PIN: gettext_lazy("Pinned to the top of this person's list, with your reason."),
    OverrideAction.BOOST: gettext_lazy("Moved up in this person's list, with your reason."),
    OverrideAction.HIDE: gettext_lazy("Hidden from this person's list, with your reason."),
}


def _counsellor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _back(worker_id: int, request: HttpRequest, vacancy_id: int | None = None) -> HttpResponse:
    """Back to the counsellor's view of the worker's list, on the same page and result."""
    url = reverse("matching:for_worker", args=[worker_id])
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    if vacancy_id is not None:
        url += f"#v{vacancy_id}"
    return redirect(url)


@login_required
@require_POST
def set_override(request: HttpRequest, user_id: int) -> HttpResponse:
    counsellor = _counsellor(request)
    worker = worker_for_counsellor(counsellor, user_id)
    if worker is None:
        raise Http404
    raw_id = request.POST.get("vacancy", "")
    vacancy_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else 0
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first() if is_db_id(vacancy_id) else None
    if vacancy is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        override_services.set_override(
            counsellor, worker, vacancy, action, request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, str(DONE[OverrideAction(action)]))
    return _back(worker.pk, request, vacancy.pk)


@login_required
@require_POST
def lift_override(request: HttpRequest, override_id: int) -> HttpResponse:
    counsellor = _counsellor(request)
    override = MatchOverride.objects.filter(pk=override_id).first()
    if override is None or worker_for_counsellor(counsellor, override.worker_id) is None:
        raise Http404
    try:
        override_services.lift_override(counsellor, override)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Undone: the engine's order applies again."))
    if request.POST.get("back") == "log":
        return redirect("matching:override_log")
    return _back(override.worker_id, request, override.vacancy_id)


@login_required
@require_GET
def override_log(request: HttpRequest) -> HttpResponse:
    """Who overrode what, for whom, when and why (counsellors and administrators)."""
    viewer = _counsellor(request)
    if not override_selectors.may_see_override_log(viewer):
        raise Http404
    query = request.GET.get("q", "")[:100].replace("\x00", "")
    raw_worker = request.GET.get("worker", "")
    worker_id = int(raw_worker) if raw_worker.isascii() and raw_worker.isdigit() else None
    if worker_id is not None and not is_db_id(worker_id):
        worker_id = 0
    rows_found = override_selectors.override_log(viewer, query, worker_id)
    page = Paginator(rows_found, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # The log shows workers' names and the reasons given about them: reading it is logged.
    record_access_many(
        viewer, [row.worker_id for row in rows], AuditAction.VIEW_PROFILE, "match overrides log"
    )
    helped = set(
        consenting_workers()
        .filter(pk__in={row.worker_id for row in rows})
        .values_list("pk", flat=True)
        if viewer.is_counsellor
        else ()
    )
    return render(
        request,
        "matching/override_log.html",
        {"page": page, "rows": rows, "query": query, "worker_id": worker_id, "helped": helped},
    )
