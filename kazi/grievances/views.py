"""Grievance pages: file (with an account or anonymously), follow with code and PIN, the
worker's case page, my grievances; the staff queue, case page and actions; the figures."""

from __future__ import annotations

import csv
import secrets
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction, Role
from kazi.accounts.models import User
from kazi.accounts.permissions import forbidden, role_required
from kazi.core.errors import DomainError
from kazi.core.i18n import active_language
from kazi.recruitment.models import Agency

from . import charts, selectors, services
from .codes import normalise_code
from .constants import Category, Outcome, State
from .forms import (
    AssignForm,
    EvidenceForm,
    FollowForm,
    GrievanceForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
    ReferForm,
    ReplyForm,
    TransitionForm,
)
from .models import Evidence, Grievance
from .prefill import clear_prefill, take_prefill

FILED_KEY = "kazi_grievance_filed"  # form tokens already used, against a resubmitted form
FAILURES_KEY = "kazi_grievance_failures"  # times of recent failed code + PIN attempts
SESSION_FAILURE_LIMIT = 10
SESSION_FAILURE_WINDOW = 15 * 60  # seconds
QUEUE_PAGE_SIZE = 50


def _no_store(response: HttpResponse) -> HttpResponse:
    """Pages with a case on them are not kept in the browser's cache (shared phones)."""
    response["Cache-Control"] = "no-store"
    return response


def _error_to_form(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


# ----------------------------------------------------------------------- filing


def _agency_for(form: GrievanceForm) -> int | None:
    """The registry agency: the one passed on by another page, or found by licence
    number (a field error when no agency has it)."""
    data = form.cleaned_data
    if data.get("agency"):
        return int(data["agency"])
    licence = (data.get("licence_number") or "").strip()
    if not licence:
        return None
    found = list(Agency.objects.filter(licence_number__iexact=licence)[:20])
    if not found:
        form.add_error(
            "licence_number",
            _(
                "No agency in the registry has this licence number. Check it, or leave it "
                "empty and write the agency's name above."
            ),
        )
        return None
    near = [a for a in found if a.country in (data.get("country"), data.get("origin_country"))]
    return (near or found)[0].pk


def file_grievance(request: HttpRequest) -> HttpResponse:
    """File a grievance. The confirmation with the code and PIN is the answer to the POST
    itself: no address shows the PIN again."""
    signed_in = isinstance(request.user, User)
    prefill = take_prefill(request)
    agency_id = prefill.get("agency_id")
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if request.method == "POST":
        form = GrievanceForm(request.POST, request.FILES, signed_in=signed_in)
        token = request.POST.get("once", "")
        # Only the tokens are kept in the session (never the case code: the session row
        # may carry the account of whoever is signed in).
        done = request.session.get(FILED_KEY, [])
        done = done if isinstance(done, list) else []
        if token and token in done:
            messages.info(request, _("This grievance was already filed."))
            last = selectors.last_opened_code(request)
            return redirect("grievances:case", last) if last else redirect("grievances:follow")
        if form.is_valid():
            agency_id = _agency_for(form)
            if not form.errors:
                data = form.cleaned_data
                try:
                    filed = services.file_grievance(
                        services.NewGrievance(
                            category=data["category"],
                            country=data["country"],
                            origin_country=data.get("origin_country") or "",
                            description=data["description"],
                            employer_name=data.get("employer_name") or "",
                            agency_id=agency_id,
                        ),
                        user=request.user if signed_in else None,  # type: ignore[arg-type]
                        anonymous=bool(data.get("anonymous")),
                        files=data["evidence"],
                        language=active_language(),
                    )
                except DomainError as error:
                    _error_to_form(form, error)
                else:
                    clear_prefill(request)
                    selectors.grant_session_access(request, filed.grievance)
                    if token:
                        request.session[FILED_KEY] = [*done[-4:], token]
                    response = render(
                        request,
                        "grievances/filed.html",
                        {"grievance": filed.grievance, "pin": filed.pin},
                    )
                    selectors.save_case_access(request, response)
                    return _no_store(response)
    else:
        initial: dict[str, Any] = {k: v for k, v in prefill.items() if k != "agency_id"}
        if agency is not None:
            initial["agency"] = agency.pk
        initial["once"] = secrets.token_urlsafe(16)
        form = GrievanceForm(initial=initial, signed_in=signed_in)
    return render(
        request,
        "grievances/file.html",
        {"form": form, "agency": agency, "prefilled": bool(prefill)},
    )


# ----------------------------------------------------------------------- the worker's side


def _recent_failures(request: HttpRequest) -> list[float]:
    now = time.time()
    return [t for t in request.session.get(FAILURES_KEY, []) if now - t < SESSION_FAILURE_WINDOW]


def follow(request: HttpRequest) -> HttpResponse:
    """Open a case with its code and PIN."""
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        failures = _recent_failures(request)
        if len(failures) >= SESSION_FAILURE_LIMIT:
            form.add_error(
                None, _("Too many attempts from this device. Wait 15 minutes and try again.")
            )
        else:
            try:
                grievance = services.open_case(form.cleaned_data["code"], form.cleaned_data["pin"])
            except DomainError as error:
                request.session[FAILURES_KEY] = [*failures, time.time()]
                form.add_error(None, str(error.message))
            else:
                request.session.pop(FAILURES_KEY, None)
                request.session.cycle_key()
                selectors.grant_session_access(request, grievance)
                opened = redirect("grievances:case", grievance.case_code)
                selectors.save_case_access(request, opened)
                return opened
    return _no_store(render(request, "grievances/follow.html", {"form": form}))


def _worker_case(request: HttpRequest, code: str) -> Grievance | None:
    canonical = normalise_code(code)
    if canonical is None:
        return None
    return selectors.case_for_worker(request, canonical)


def case(request: HttpRequest, code: str) -> HttpResponse:
    """The worker's page of one case: timeline, reply, add proof."""
    canonical = normalise_code(code)
    if canonical is not None and canonical != code:
        return redirect("grievances:case", canonical)
    grievance = _worker_case(request, code)
    if grievance is None:
        messages.info(request, _("Enter the case code and PIN to open the case."))
        return redirect("grievances:follow")
    reply_form = ReplyForm(prefix="reply")
    evidence_form = EvidenceForm(prefix="proof")
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "reply":
        reply_form = ReplyForm(request.POST, prefix="reply")
        if reply_form.is_valid():
            try:
                services.worker_reply(grievance, reply_form.cleaned_data["text"], user=request.user)
            except DomainError as error:
                _error_to_form(reply_form, error)
            else:
                messages.success(request, _("Your message was sent."))
                return redirect("grievances:case", grievance.case_code)
    elif action == "evidence":
        evidence_form = EvidenceForm(request.POST, request.FILES, prefix="proof")
        if evidence_form.is_valid():
            try:
                services.add_evidence(
                    grievance, evidence_form.cleaned_data["evidence"], user=request.user
                )
            except DomainError as error:
                _error_to_form(evidence_form, error)
            else:
                messages.success(request, _("Your files were added to the case."))
                return redirect("grievances:case", grievance.case_code)
    return _no_store(
        render(
            request,
            "grievances/case.html",
            {
                "grievance": grievance,
                "timeline": selectors.worker_timeline(grievance),
                "reply_form": reply_form,
                "evidence_form": evidence_form,
                "evidence": grievance.evidence.all(),
                "closed": grievance.state == State.CLOSED,
            },
        )
    )


@require_POST
def forget(request: HttpRequest, code: str) -> HttpResponse:
    """Close the case on this device (the code and PIN open it again)."""
    grievance = _worker_case(request, code)
    if grievance is not None:
        selectors.forget_session_access(request, grievance)
    messages.info(request, _("The case is closed on this device. Your code and PIN open it again."))
    response = redirect("grievances:follow")
    selectors.save_case_access(request, response)
    return response


def _download(evidence: Evidence) -> HttpResponseBase:
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


def worker_file(request: HttpRequest, code: str, evidence_id: int) -> HttpResponseBase:
    grievance = _worker_case(request, code)
    if grievance is None:
        raise Http404
    evidence = grievance.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    return _download(evidence)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return _no_store(render(request, "grievances/mine.html", {"cases": selectors.cases_of(user)}))


# ----------------------------------------------------------------------- staff


def _staff_user(request: HttpRequest) -> User | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selectors.can_see_queue(request.user):
        return forbidden(request)
    assert isinstance(request.user, User)
    return request.user


def queue(request: HttpRequest) -> HttpResponse:
    user = _staff_user(request)
    if isinstance(user, HttpResponse):
        return user
    form = QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            state=data.get("state") or "",
            category=data.get("category") or "",
            country=data.get("country") or "",
            overdue=bool(data.get("overdue")),
        )
    now = timezone.now()
    page = Paginator(selectors.queue(user, filters, now=now), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grievances/queue.html",
        {
            "form": form,
            "cases": [(g, bool(g.due_at and g.due_at < now)) for g in page.object_list],
            "page": page,
            "total": page.paginator.count,
            "now": now,
            "is_partner": user.role == Role.PARTNER,
        },
    )


def _manage_context(request: HttpRequest, grievance: Grievance, user: User) -> dict[str, Any]:
    assign_form = AssignForm(initial={"assignee": grievance.assigned_to_id or user.pk})
    assign_form.fields["assignee"].choices = [  # type: ignore[attr-defined]
        (u.pk, u.display_name or u.identifier) for u in selectors.caseworkers()
    ]
    refer_form = ReferForm(initial={"partner": grievance.partner_id})
    refer_form.fields["partner"].choices = [  # type: ignore[attr-defined]
        (o.pk, f"{o.name} ({o.get_kind_display()})") for o in selectors.partner_choices()
    ]
    transition_form = TransitionForm()
    transition_form.fields["state"].choices = [  # type: ignore[attr-defined]
        (s, services.state_label(s)) for s in services.TRANSITIONS.get(grievance.state, ())
    ]
    return {
        "grievance": grievance,
        "log": selectors.activity_log(grievance),
        "evidence": grievance.evidence.all(),
        "assign_form": assign_form,
        "refer_form": refer_form,
        "transition_form": transition_form,
        "note_form": NoteForm(),
        "message_form": MessageForm(),
        "caseworker": services.is_handler(user),
        "now": timezone.now(),
        "next_states": services.TRANSITIONS.get(grievance.state, ()),
    }


def _staff_case(request: HttpRequest, pk: int) -> tuple[User, Grievance] | HttpResponse:
    user = _staff_user(request)
    if isinstance(user, HttpResponse):
        return user
    grievance = selectors.visible_cases(user).filter(pk=pk).first()
    if grievance is None:
        raise Http404
    return user, grievance


def manage(request: HttpRequest, pk: int) -> HttpResponse:
    found = _staff_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    user, grievance = found
    if grievance.filed_by is not None:
        record_access(user, grievance.filed_by, AuditAction.VIEW_GRIEVANCE, f"case {grievance.pk}")
    return _no_store(
        render(request, "grievances/manage.html", _manage_context(request, grievance, user))
    )


@require_POST
def manage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _staff_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    user, grievance = found
    context = _manage_context(request, grievance, user)
    form: Any
    try:
        if action == "assign":
            form = context["assign_form"].__class__(request.POST)
            form.fields["assignee"].choices = context["assign_form"].fields["assignee"].choices
            context["assign_form"] = form
            if form.is_valid():
                assignee = selectors.caseworkers().get(pk=form.cleaned_data["assignee"])
                services.assign(grievance, assignee, user)
                messages.success(
                    request, _("The case is now with %(name)s.") % {"name": assignee.display_name}
                )
                return redirect("grievances:manage", grievance.pk)
        elif action == "transition":
            form = TransitionForm(request.POST)
            form.fields["state"].choices = State.choices
            context["transition_form"] = form
            if form.is_valid():
                data = form.cleaned_data
                services.transition(
                    grievance,
                    data["state"],
                    user,
                    reason=data.get("reason") or "",
                    outcome=data.get("outcome") or "",
                )
                messages.success(
                    request,
                    _("The case is now: %(state)s.")
                    % {"state": services.state_label(data["state"])},
                )
                return redirect("grievances:manage", grievance.pk)
        elif action == "refer":
            form = ReferForm(request.POST)
            form.fields["partner"].choices = context["refer_form"].fields["partner"].choices
            context["refer_form"] = form
            if form.is_valid():
                partner = selectors.partner_choices().get(pk=form.cleaned_data["partner"])
                services.refer(grievance, partner, user, form.cleaned_data.get("note") or "")
                messages.success(
                    request, _("The case was referred to %(name)s.") % {"name": partner.name}
                )
                return redirect("grievances:manage", grievance.pk)
        elif action == "note":
            form = NoteForm(request.POST)
            context["note_form"] = form
            if form.is_valid():
                services.add_note(grievance, user, form.cleaned_data["text"])
                messages.success(request, _("The note was saved."))
                return redirect("grievances:manage", grievance.pk)
        elif action == "message":
            form = MessageForm(request.POST)
            context["message_form"] = form
            if form.is_valid():
                services.message_worker(grievance, user, form.cleaned_data["text"])
                messages.success(request, _("The message was sent to the worker."))
                return redirect("grievances:manage", grievance.pk)
        else:
            raise Http404
    except DomainError as error:
        _error_to_form(form, error)
    return _no_store(render(request, "grievances/manage.html", context, status=400))


def staff_file(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponseBase:
    found = _staff_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    user, grievance = found
    evidence = grievance.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    services.record_evidence_view(grievance, evidence, user)
    if grievance.filed_by is not None:
        record_access(
            user,
            grievance.filed_by,
            AuditAction.VIEW_GRIEVANCE,
            f"case {grievance.pk}: file {evidence.pk}",
        )
    return _download(evidence)


# ----------------------------------------------------------------------- figures


@role_required(Role.ANALYST, Role.ADMINISTRATOR)
def stats(request: HttpRequest) -> HttpResponse:
    figures = selectors.figures()
    return render(
        request,
        "grievances/stats.html",
        {
            "figures": figures,
            "charts": {t.key: charts.table_chart(t, figures.minimum) for t in figures.tables},
            "categories": Category,
            "outcomes": Outcome,
        },
    )


@role_required(Role.ANALYST, Role.ADMINISTRATOR)
def stats_csv(request: HttpRequest) -> HttpResponse:
    figures = selectors.figures()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="grievance-figures.csv"'
    writer = csv.writer(response)
    writer.writerow(["table", "key", "label", "cases", "median_days_to_resolution"])
    for row in charts.csv_rows(figures):
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return response


def _spreadsheet_safe(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula (an imported agency name such
    as "=HYPERLINK(...)") is kept as text with a leading apostrophe."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
