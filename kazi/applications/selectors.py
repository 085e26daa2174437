"""Reads of applications, always through who may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kazi.accounts.consent import users_with_consent
from kazi.accounts.constants import ConsentPurpose
from kazi.accounts.models import User
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import ProfileSkill, WorkerProfile

from .constants import APPLICATION_TRANSITIONS, EMPLOYER_STATUSES, ApplicationStatus
from .models import Application, ApplicationTransition
from .services import status_label

# Statuses in the order of the hiring steps (for buttons and timelines).
STATUS_ORDER = tuple(ApplicationStatus.values)


def _with_related(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("vacancy__organisation", "worker").prefetch_related(
        Prefetch(
            "transitions",
            queryset=ApplicationTransition.objects.select_related("actor").order_by("at", "pk"),
        )
    )


def visible_applications(user: User) -> QuerySet[Application]:
    """Applications ``user`` may see: a worker their own; an employer those to their
    organisations' vacancies; a counsellor those they submitted for a worker who still
    allows counsellors to help them; nobody else any."""
    base = Application.objects.all()
    if not user.is_authenticated:
        return base.none()
    if user.is_worker:
        return _with_related(base.filter(worker=user))
    if user.is_employer:
        return _with_related(base.filter(vacancy__organisation__members=user))
    if user.is_counsellor:
        consenting = users_with_consent(ConsentPurpose.COUNSELLOR_CONTACT).values("pk")
        return _with_related(base.filter(submitted_by=user, worker__in=consenting))
    return base.none()


def applications_of_worker(worker: User) -> QuerySet[Application]:
    return _with_related(Application.objects.filter(worker=worker))


def applications_for_vacancy(vacancy: Vacancy) -> QuerySet[Application]:
    return _with_related(Application.objects.filter(vacancy=vacancy)).order_by("created_at", "pk")


def employer_vacancy(user: User, vacancy_id: int) -> Vacancy | None:
    """The vacancy when ``user`` is an employer member of its organisation."""
    if not user.is_authenticated or not user.is_employer:
        return None
    return (
        Vacancy.objects.select_related("organisation")
        .filter(pk=vacancy_id, organisation__members=user)
        .first()
    )


def next_statuses(application: Application, user: User) -> list[str]:
    """The statuses ``user`` may move ``application`` to now, in hiring order."""
    allowed = APPLICATION_TRANSITIONS.get(application.status, frozenset())
    if user.is_employer:
        return [s for s in STATUS_ORDER if s in allowed and s in EMPLOYER_STATUSES]
    if user.pk == application.worker_id or user.is_counsellor:
        return [ApplicationStatus.WITHDRAWN] if ApplicationStatus.WITHDRAWN in allowed else []
    return []


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    status: str
    label: str
    by: str
    note: str


def timeline(application: Application, viewer: User) -> list[TimelineEntry]:
    """Each step of ``application`` in the active language, with who made it."""
    entries = []
    for step in application.transitions.all():
        actor = step.actor
        if actor is None:
            by = ""
        elif actor.pk == application.worker_id:
            by = _("you") if viewer.pk == application.worker_id else _("the worker")
        elif actor.is_employer:
            by = actor.display_name if viewer.is_employer else _("the employer")
        elif actor.is_counsellor:
            by = _("%(name)s (counsellor)") % {"name": actor.display_name}
        else:
            by = _("Kazi")
        entries.append(
            TimelineEntry(
                at=step.at,
                status=step.to_status,
                label=status_label(step.to_status),
                by=by,
                note=step.note,
            )
        )
    return entries


@dataclass(frozen=True)
class ApplicantSkill:
    label: str
    uri: str
    required: str  # "essential", "optional" or "" (not asked by the vacancy)
    level: str


@dataclass(frozen=True)
class ApplicantSummary:
    profile: WorkerProfile | None
    skills: list[ApplicantSkill]


def applicant_summary(application: Application, language: str) -> ApplicantSummary:
    """The applicant's profile for the employer: place, languages, summary, experience,
    education and skills (those the vacancy asks for first). Never the country of origin
    or the right-to-work status."""
    profile = (
        WorkerProfile.objects.filter(user_id=application.worker_id)
        .prefetch_related("experiences", "education")
        .first()
    )
    if profile is None:
        return ApplicantSummary(None, [])
    asked = dict(application.vacancy.skill_requirements.values_list("skill_id", "essential"))
    skills = []
    for item in ProfileSkill.objects.filter(profile=profile).select_related("skill"):
        required = ""
        if item.skill_id in asked:
            required = "essential" if asked[item.skill_id] else "optional"
        skills.append(
            ApplicantSkill(
                label=item.skill.label(language),
                uri=item.skill.uri,
                required=required,
                level=item.get_level_display() if item.level else "",
            )
        )
    rank = {"essential": 0, "optional": 1, "": 2}
    skills.sort(key=lambda s: (rank[s.required], s.label.casefold()))
    return ApplicantSummary(profile, skills)
