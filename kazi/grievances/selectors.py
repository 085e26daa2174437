"""Reads: the cases a person may see, the worker's timeline, the staff activity log, the
case queue and the aggregated figures."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from kazi.accounts.models import Organisation, User
from kazi.core.codes import country_name
from kazi.core.i18n import active_language

from . import services
from .constants import OPEN_STATES, Category, EventKind, Outcome, State
from .models import CaseEvent, Grievance
from .suppression import Cell, any_hidden, median, rounded, suppress

# Which cases this browser opened (with code and PIN, or by filing) is kept in a signed
# cookie, never on the server: a server-side session row would put an anonymous case code
# next to the account of whoever is signed in. The cookie is signed with a random key kept
# in the session, so it stops working when the session ends (signing out closes the cases).
CASES_COOKIE = "kazi_cases"
CASES_KEY = "kazi_grievance_cases_key"
MAX_OPENED = 10
_SALT = "kazi.grievances.opened:"


def _opened(request: HttpRequest) -> list[str]:
    cached: list[str] | None = getattr(request, "_kazi_opened", None)
    if cached is not None:
        return cached
    codes: list[str] = []
    raw, key = request.COOKIES.get(CASES_COOKIE), request.session.get(CASES_KEY)
    if raw and key:
        try:
            value = signing.loads(raw, salt=_SALT + key, max_age=settings.SESSION_COOKIE_AGE)
        except signing.BadSignature:
            value = []
        if isinstance(value, list):
            codes = [c for c in value if isinstance(c, str)][-MAX_OPENED:]
    request._kazi_opened = codes  # type: ignore[attr-defined]
    return codes


def _set_opened(request: HttpRequest, codes: list[str]) -> None:
    request._kazi_opened = codes[-MAX_OPENED:]  # type: ignore[attr-defined]
    request._kazi_opened_changed = True  # type: ignore[attr-defined]


def grant_session_access(request: HttpRequest, grievance: Grievance) -> None:
    """This browser may open the case (after filing, or code + PIN); the view then calls
    ``save_case_access`` on its response."""
    codes = [c for c in _opened(request) if c != grievance.case_code]
    _set_opened(request, [*codes, grievance.case_code])


def forget_session_access(request: HttpRequest, grievance: Grievance) -> None:
    _set_opened(request, [c for c in _opened(request) if c != grievance.case_code])


def last_opened_code(request: HttpRequest) -> str | None:
    codes = _opened(request)
    return codes[-1] if codes else None


def save_case_access(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Write the opened cases into the response's cookie (if they changed)."""
    if not getattr(request, "_kazi_opened_changed", False):
        return response
    codes = _opened(request)
    if not codes:
        response.delete_cookie(CASES_COOKIE, samesite="Lax")
        return response
    key = request.session.get(CASES_KEY)
    if not key:
        key = request.session[CASES_KEY] = secrets.token_urlsafe(16)
    response.set_cookie(
        CASES_COOKIE,
        signing.dumps(codes, salt=_SALT + key, compress=True),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def case_for_worker(request: HttpRequest, code: str) -> Grievance | None:
    """The case ``code`` if this visitor may read it as the worker: opened in this browser
    with code and PIN (or just filed), or filed with the signed-in account."""
    grievance = Grievance.objects.filter(case_code=code).first()
    if grievance is None:
        return None
    if grievance.case_code in _opened(request):
        return grievance
    user = request.user
    if isinstance(user, User) and grievance.filed_by_id == user.pk:
        return grievance
    return None


def cases_of(user: User) -> QuerySet[Grievance]:
    """The cases a worker filed with their account (not the anonymous ones)."""
    return Grievance.objects.filter(filed_by=user).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str
    title: str
    text: str = ""
    mine: bool = False  # written or added by the worker


def _state_title(event: CaseEvent) -> str:
    title = _("Status: %(state)s") % {"state": services.state_label(event.to_state)}
    if event.outcome in Outcome.values:
        title += " — " + str(Outcome(event.outcome).label)
    return title


def worker_timeline(grievance: Grievance) -> list[TimelineItem]:
    """What the worker sees, in the active language: never internal notes, views,
    assignments, escalations, staff names or a partner's internal work."""
    items = []
    events = grievance.events.filter(internal=False, kind__in=services.WORKER_KINDS)
    for event in events.select_related("partner").order_by("at", "pk"):
        if event.kind == EventKind.FILED:
            items.append(TimelineItem(event.at, event.kind, _("You filed this grievance")))
        elif event.kind == EventKind.STATE:
            items.append(TimelineItem(event.at, event.kind, _state_title(event), event.text))
        elif event.kind == EventKind.REFERRED and event.partner is not None:
            title = _("Your case was passed to %(partner)s, %(kind)s.") % {
                "partner": event.partner.name,
                "kind": services.partner_kind_label(event.partner),
            }
            items.append(TimelineItem(event.at, event.kind, title))
        elif event.kind == EventKind.MESSAGE_TO_WORKER:
            items.append(TimelineItem(event.at, event.kind, _("A caseworker wrote"), event.text))
        elif event.kind == EventKind.MESSAGE_FROM_WORKER:
            items.append(TimelineItem(event.at, event.kind, _("You wrote"), event.text, True))
        elif event.kind == EventKind.EVIDENCE:
            title = _("File added: %(name)s") % {"name": event.text}
            items.append(TimelineItem(event.at, event.kind, title, mine=True))
    return items


# ----------------------------------------------------------------------- staff


def visible_cases(user: object) -> QuerySet[Grievance]:
    """Every case for counsellors, moderators and administrators; for partner staff, the
    cases referred to their organisation; none for anyone else."""
    base = Grievance.objects.select_related("assigned_to", "partner", "agency")
    if services.is_handler(user):
        return base
    if isinstance(user, User):
        partners = services.partner_organisations(user)
        if partners:
            return base.filter(partner_id__in=partners)
    return base.none()


def can_see_queue(user: object) -> bool:
    return services.is_handler(user) or (
        isinstance(user, User) and bool(services.partner_organisations(user))
    )


@dataclass(frozen=True)
class QueueFilters:
    state: str = ""
    category: str = ""
    country: str = ""
    overdue: bool = False
    open_only: bool = True


def queue(
    user: object, filters: QueueFilters, *, now: datetime | None = None
) -> QuerySet[Grievance]:
    """The cases ``user`` may see, filtered, earliest deadline first (no deadline last)."""
    now = now or timezone.now()
    cases = visible_cases(user)
    if filters.state in State.values:
        cases = cases.filter(state=filters.state)
    elif filters.open_only:
        cases = cases.filter(state__in=OPEN_STATES)
    if filters.category in Category.values:
        cases = cases.filter(category=filters.category)
    if filters.country:
        cases = cases.filter(country=filters.country.upper())
    if filters.overdue:
        cases = cases.filter(due_at__lt=now, state__in=OPEN_STATES)
    return cases.order_by(F("due_at").asc(nulls_last=True), "-escalation_level", "created_at", "pk")


def activity_log(grievance: Grievance) -> QuerySet[CaseEvent]:
    """Every event of the case, with its actor (staff and partner pages only)."""
    return grievance.events.select_related("actor", "partner", "evidence").order_by("at", "pk")


def partner_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=services.PARTNER_KINDS).order_by("name", "pk")


def caseworkers() -> QuerySet[User]:
    return User.objects.filter(role__in=services.HANDLER_ROLES, is_active=True).order_by(
        "display_name", "pk"
    )


# ----------------------------------------------------------------------- figures


@dataclass(frozen=True)
class FigureTable:
    key: str
    title: str
    cells: list[Cell]


@dataclass(frozen=True)
class ResolutionRow:
    key: str
    label: str
    resolved: int | None  # None: hidden (fewer than the minimum)
    median_days: float | None  # None: not shown (too few resolved cases)


@dataclass(frozen=True)
class Figures:
    minimum: int
    total: int | None  # None when fewer than the minimum: then nothing else is shown
    total_is_rounded: bool
    tables: list[FigureTable]
    resolution: list[ResolutionRow]
    overall_median_days: float | None


def _rows(counts: dict[str, int], labels: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(key, labels.get(key, key), counts.get(key, 0)) for key in labels]


def figures(*, minimum: int | None = None) -> Figures:
    """Cases by category, corridor, agency and state, and days to resolution, with small
    counts hidden (see ``suppression``)."""
    minimum = settings.KAZI_GRIEVANCE_MIN_COUNT if minimum is None else minimum
    language = active_language()
    cases = Grievance.objects.all()
    total = cases.count()
    if total < minimum:
        return Figures(minimum, None, False, [], [], None)

    by_category = dict(
        cases.values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    categories = suppress(
        _rows(by_category, {str(c.value): str(c.label) for c in Category}), minimum
    )
    by_state = dict(cases.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    states = suppress(_rows(by_state, {str(s.value): str(s.label) for s in State}), minimum)

    corridor_counts: dict[str, int] = {}
    corridor_labels: dict[str, str] = {}
    for origin, country, n in (
        cases.values("origin_country", "country")
        .annotate(n=Count("pk"))
        .values_list("origin_country", "country", "n")
    ):
        key = f"{origin or '-'}-{country}"
        corridor_counts[key] = n
        origin_name = country_name(origin, language) if origin else _("not given")
        corridor_labels[key] = f"{origin_name} → {country_name(country, language)}"
    ordered = sorted(corridor_labels, key=lambda k: (-corridor_counts[k], corridor_labels[k]))
    corridors = suppress(_rows(corridor_counts, {k: corridor_labels[k] for k in ordered}), minimum)

    agency_counts: dict[str, int] = {}
    agency_labels: dict[str, str] = {}
    for agency_id, name, n in (
        cases.values("agency_id", "agency__name")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "agency__name", "n")
    ):
        key = str(agency_id) if agency_id else "none"
        agency_counts[key] = n
        agency_labels[key] = name if agency_id else _("No registry agency named")
    ordered = sorted(agency_labels, key=lambda k: (-agency_counts[k], agency_labels[k]))
    agencies = suppress(_rows(agency_counts, {k: agency_labels[k] for k in ordered}), minimum)

    tables = [
        FigureTable("category", _("Cases by category"), categories),
        FigureTable("corridor", _("Cases by corridor (from → where it happened)"), corridors),
        FigureTable("agency", _("Cases by recruitment agency"), agencies),
        FigureTable("state", _("Cases by status"), states),
    ]

    durations: dict[str, list[float]] = {}
    for category, created, resolved in cases.filter(resolved_at__isnull=False).values_list(
        "category", "created_at", "resolved_at"
    ):
        if resolved is None:
            continue
        days = max(0.0, (resolved - created).total_seconds() / 86400)
        durations.setdefault(category, []).append(days)
    resolved_cells = suppress(
        [(str(c.value), str(c.label), len(durations.get(c.value, []))) for c in Category], minimum
    )
    resolution = [
        ResolutionRow(
            key=cell.key,
            label=cell.label,
            resolved=cell.count,
            median_days=median(durations[cell.key])
            if len(durations.get(cell.key, [])) >= minimum
            else None,
        )
        for cell in resolved_cells
    ]
    everything = [d for values in durations.values() for d in values]
    overall = median(everything) if len(everything) >= minimum else None
    hidden = any(any_hidden(t.cells) for t in tables) or any_hidden(resolved_cells)
    return Figures(
        minimum=minimum,
        total=rounded(total) if hidden else total,
        total_is_rounded=hidden,
        tables=tables,
        resolution=resolution,
        overall_median_days=overall,
    )


def overdue_filter(now: datetime) -> Q:
    return Q(state__in=OPEN_STATES, due_at__lt=now)
