"""The grievances API (mounted under /api/v1/).

Workers (no account needed): file a grievance (JSON; the answer carries the case code and
the PIN, once), read its timeline, write and add evidence with the ``X-Case-Pin`` header.
A wrong code, a wrong PIN or a locked case all answer 404 with the same body.

Staff (session sign-in, CSRF as for every signed-in call): the queue with the same
visibility as the pages (partners: the cases referred to them), moves, assignment,
referral, notes and messages by case id; analysts: the suppressed figures.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import django_auth
from ninja.utils import check_csrf
from pydantic import Field

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction, Role
from kazi.accounts.models import Organisation, User
from kazi.accounts.permissions import has_role
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.i18n import active_language

from . import selectors, services
from .codes import normalise_code
from .constants import Category, Outcome, State
from .models import CaseEvent, Grievance

router = Router(tags=["grievances"])
PIN_HEADER = "X-Case-Pin"


class GrievanceIn(Schema):
    category: Category
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    origin_country: str = Field("", max_length=2)
    employer_name: str = Field("", max_length=services.EMPLOYER_MAX)
    agency_id: int | None = Field(None, description="A recruitment registry agency")
    description: str = Field(..., max_length=services.DESCRIPTION_MAX)
    anonymous: bool = Field(
        True,
        description="False files with the signed-in account (session and CSRF token needed)",
    )


class FiledOut(Schema):
    case_code: str
    pin: str = Field(..., description="Shown this once: it is stored only as a hash")
    state: str


class TimelineItemOut(Schema):
    at: datetime
    kind: str
    title: str
    text: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class WorkerCaseOut(Schema):
    case_code: str
    category: str
    category_label: str
    state: str
    state_label: str
    outcome: str
    timeline: list[TimelineItemOut]
    evidence: list[EvidenceOut]


class TextIn(Schema):
    text: str = Field(..., max_length=services.MESSAGE_MAX)


class EventOut(Schema):
    at: datetime
    kind: str
    internal: bool
    actor: str | None
    from_state: str
    to_state: str
    outcome: str
    text: str


class StaffCaseOut(Schema):
    id: int
    category: str
    country: str
    origin_country: str
    employer_name: str
    agency_id: int | None
    state: str
    state_label: str
    due_at: datetime | None
    overdue: bool
    escalation_level: int
    assigned_to: int | None
    partner: int | None
    outcome: str
    filed_with_account: bool
    created_at: datetime


class StaffCaseDetailOut(StaffCaseOut):
    description: str
    evidence: list[EvidenceOut]
    events: list[EventOut]


class TransitionIn(Schema):
    state: State
    reason: str = Field("", max_length=services.MESSAGE_MAX)
    outcome: Outcome | None = None


class AssignIn(Schema):
    user_id: int


class ReferIn(Schema):
    organisation_id: int
    note: str = Field("", max_length=services.MESSAGE_MAX)


class CellOut(Schema):
    key: str
    label: str
    cases: int | None = Field(..., description="None: fewer than the minimum (hidden)")


class TableOut(Schema):
    key: str
    title: str
    cells: list[CellOut]


class ResolutionOut(Schema):
    category: str
    label: str
    resolved: int | None
    median_days: float | None


class FiguresOut(Schema):
    minimum: int
    total: int | None
    total_is_rounded: bool
    tables: list[TableOut]
    resolution: list[ResolutionOut]
    overall_median_days: float | None


# ----------------------------------------------------------------------- the worker's side


def _worker_case(request: HttpRequest, code: str, *, writing: bool = False) -> Grievance:
    """The case ``code`` for the worker: with the PIN header, or a session that may open
    it (a write through the session needs the CSRF token, like a form)."""
    pin = request.headers.get(PIN_HEADER)
    if pin is not None:
        try:
            return services.open_case(code, pin)
        except DomainError as error:
            raise HttpError(404, str(error.message)) from error
    canonical = normalise_code(code)
    grievance = selectors.case_for_worker(request, canonical) if canonical else None
    if grievance is None:
        raise HttpError(404, services.no_match_message())
    if writing and check_csrf(request) is not None:
        raise PermissionDeniedError(_("The CSRF token is missing or wrong."), code="csrf")
    return grievance


def _worker_out(grievance: Grievance) -> WorkerCaseOut:
    return WorkerCaseOut(
        case_code=grievance.case_code,
        category=grievance.category,
        category_label=grievance.get_category_display(),
        state=grievance.state,
        state_label=grievance.get_state_display(),
        outcome=grievance.outcome,
        timeline=[
            TimelineItemOut(at=i.at, kind=i.kind, title=i.title, text=i.text)
            for i in selectors.worker_timeline(grievance)
        ],
        evidence=[_evidence_out(e) for e in grievance.evidence.all()],
    )


def _evidence_out(evidence: object) -> EvidenceOut:
    return EvidenceOut(
        id=evidence.pk,  # type: ignore[attr-defined]
        name=evidence.original_name,  # type: ignore[attr-defined]
        content_type=evidence.content_type,  # type: ignore[attr-defined]
        size=evidence.size,  # type: ignore[attr-defined]
    )


@router.post("/grievances", response={201: FiledOut})
def file_grievance(request: HttpRequest, payload: GrievanceIn) -> Status[FiledOut]:
    """File a grievance (JSON, no files: add them with the evidence call). Anonymous by
    default; the answer is the only time the PIN is shown."""
    user = request.user if isinstance(request.user, User) else None
    if not payload.anonymous:
        if user is None:
            raise HttpError(401, _("Please sign in."))
        if check_csrf(request) is not None:
            raise PermissionDeniedError(_("The CSRF token is missing or wrong."), code="csrf")
    filed = services.file_grievance(
        services.NewGrievance(
            category=payload.category.value,
            country=payload.country,
            origin_country=payload.origin_country,
            employer_name=payload.employer_name,
            agency_id=payload.agency_id,
            description=payload.description,
        ),
        user=user,
        anonymous=payload.anonymous,
        language=active_language(),
    )
    return Status(
        201,
        FiledOut(case_code=filed.grievance.case_code, pin=filed.pin, state=filed.grievance.state),
    )


@router.get("/grievances/stats", response=FiguresOut, auth=django_auth)
def grievance_figures(request: HttpRequest) -> FiguresOut:
    """Cases by category, corridor, agency and status, and time to resolution, with small
    counts hidden (analysts and administrators)."""
    if not has_role(request.user, Role.ANALYST, Role.ADMINISTRATOR):
        raise PermissionDeniedError(_("Only analysts and administrators can see these figures."))
    figures = selectors.figures()
    return FiguresOut(
        minimum=figures.minimum,
        total=figures.total,
        total_is_rounded=figures.total_is_rounded,
        tables=[
            TableOut(
                key=t.key,
                title=t.title,
                cells=[CellOut(key=c.key, label=c.label, cases=c.count) for c in t.cells],
            )
            for t in figures.tables
        ],
        resolution=[
            ResolutionOut(
                category=r.key, label=r.label, resolved=r.resolved, median_days=r.median_days
            )
            for r in figures.resolution
        ],
        overall_median_days=figures.overall_median_days,
    )


# ----------------------------------------------------------------------- staff


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not selectors.can_see_queue(user):
        raise PermissionDeniedError(_("Only caseworkers and partner organisations see cases."))
    return user


def _staff_case(request: HttpRequest, grievance_id: int) -> tuple[User, Grievance]:
    user = _staff(request)
    grievance = selectors.visible_cases(user).filter(pk=grievance_id).first()
    if grievance is None:
        raise Http404
    return user, grievance


def _staff_out(grievance: Grievance, now: datetime | None = None) -> StaffCaseOut:
    from django.utils import timezone

    now = now or timezone.now()
    return StaffCaseOut(
        id=grievance.pk,
        category=grievance.category,
        country=grievance.country,
        origin_country=grievance.origin_country,
        employer_name=grievance.employer_name,
        agency_id=grievance.agency_id,
        state=grievance.state,
        state_label=grievance.get_state_display(),
        due_at=grievance.due_at,
        overdue=bool(grievance.due_at and grievance.due_at < now),
        escalation_level=grievance.escalation_level,
        assigned_to=grievance.assigned_to_id,
        partner=grievance.partner_id,
        outcome=grievance.outcome,
        filed_with_account=grievance.filed_by_id is not None,
        created_at=grievance.created_at,
    )


def _event_out(event: CaseEvent) -> EventOut:
    return EventOut(
        at=event.at,
        kind=event.kind,
        internal=event.internal,
        actor=event.actor.display_name if event.actor else None,
        from_state=event.from_state,
        to_state=event.to_state,
        outcome=event.outcome,
        text=event.text,
    )


def _detail(user: User, grievance_id: int) -> StaffCaseDetailOut:
    grievance = selectors.visible_cases(user).get(pk=grievance_id)
    if grievance.filed_by is not None:
        record_access(
            user, grievance.filed_by, AuditAction.VIEW_GRIEVANCE, f"API case {grievance.pk}"
        )
    return StaffCaseDetailOut(
        **_staff_out(grievance).dict(),
        description=grievance.description,
        evidence=[_evidence_out(e) for e in grievance.evidence.all()],
        events=[_event_out(e) for e in selectors.activity_log(grievance)],
    )


@router.get("/grievances", response=list[StaffCaseOut], auth=django_auth)
def grievance_queue(
    request: HttpRequest,
    state: str = "",
    category: str = "",
    country: str = "",
    overdue: bool = False,
) -> list[StaffCaseOut]:
    """The case queue, earliest deadline first (at most 500), with the page's filters."""
    user = _staff(request)
    filters = selectors.QueueFilters(
        state=state, category=category, country=country, overdue=overdue
    )
    return [_staff_out(g) for g in selectors.queue(user, filters)[:500]]


@router.get("/grievances/{int:grievance_id}", response=StaffCaseDetailOut, auth=django_auth)
def grievance_detail(request: HttpRequest, grievance_id: int) -> StaffCaseDetailOut:
    """One case in full, with its activity log (staff and partner staff)."""
    user, grievance = _staff_case(request, grievance_id)
    return _detail(user, grievance.pk)


@router.post(
    "/grievances/{int:grievance_id}/transition", response=StaffCaseDetailOut, auth=django_auth
)
def grievance_transition(
    request: HttpRequest, grievance_id: int, payload: TransitionIn
) -> StaffCaseDetailOut:
    user, grievance = _staff_case(request, grievance_id)
    services.transition(
        grievance,
        payload.state.value,
        user,
        reason=payload.reason,
        outcome=payload.outcome.value if payload.outcome else "",
    )
    return _detail(user, grievance.pk)


@router.post("/grievances/{int:grievance_id}/assign", response=StaffCaseDetailOut, auth=django_auth)
def grievance_assign(
    request: HttpRequest, grievance_id: int, payload: AssignIn
) -> StaffCaseDetailOut:
    user, grievance = _staff_case(request, grievance_id)
    assignee = User.objects.filter(pk=payload.user_id, is_active=True).first()
    if assignee is None:
        raise DomainError(_("Unknown person."), field="user_id", code="unknown_user")
    services.assign(grievance, assignee, user)
    return _detail(user, grievance.pk)


@router.post("/grievances/{int:grievance_id}/refer", response=StaffCaseDetailOut, auth=django_auth)
def grievance_refer(
    request: HttpRequest, grievance_id: int, payload: ReferIn
) -> StaffCaseDetailOut:
    user, grievance = _staff_case(request, grievance_id)
    partner = Organisation.objects.filter(pk=payload.organisation_id).first()
    if partner is None:
        raise DomainError(
            _("Unknown organisation."), field="organisation_id", code="unknown_organisation"
        )
    services.refer(grievance, partner, user, payload.note)
    return _detail(user, grievance.pk)


@router.post("/grievances/{int:grievance_id}/notes", response={201: EventOut}, auth=django_auth)
def grievance_note(request: HttpRequest, grievance_id: int, payload: TextIn) -> Status[EventOut]:
    """An internal note (never shown to the worker)."""
    user, grievance = _staff_case(request, grievance_id)
    return Status(201, _event_out(services.add_note(grievance, user, payload.text)))


@router.post("/grievances/{int:grievance_id}/messages", response={201: EventOut}, auth=django_auth)
def grievance_message_to_worker(
    request: HttpRequest, grievance_id: int, payload: TextIn
) -> Status[EventOut]:
    """A message to the worker (on their timeline)."""
    user, grievance = _staff_case(request, grievance_id)
    return Status(201, _event_out(services.message_worker(grievance, user, payload.text)))


# ----------------------------------------------------------------------- the worker's side
# (after the staff routes: an all-digit segment is a case id, a code has letters)


@router.get("/grievances/{code}", response=WorkerCaseOut)
def worker_case(request: HttpRequest, code: str) -> WorkerCaseOut:
    """The worker's timeline, with the ``X-Case-Pin`` header (or a session that opened
    the case). Never internal notes, views, escalations or staff names."""
    return _worker_out(_worker_case(request, code))


@router.post("/grievances/{code}/messages", response={201: WorkerCaseOut})
def worker_message(request: HttpRequest, code: str, payload: TextIn) -> Status[WorkerCaseOut]:
    """The worker writes to the people handling the case (in any language)."""
    grievance = _worker_case(request, code, writing=True)
    services.worker_reply(grievance, payload.text, user=request.user)
    return Status(201, _worker_out(grievance))


@router.post("/grievances/{code}/evidence", response={201: WorkerCaseOut})
def worker_evidence(
    request: HttpRequest, code: str, files: File[list[UploadedFile]]
) -> Status[WorkerCaseOut]:
    """Add files (multipart field ``files``, up to 5): all are kept, or none."""
    grievance = _worker_case(request, code, writing=True)
    services.add_evidence(grievance, files, user=request.user)
    return Status(201, _worker_out(grievance))
