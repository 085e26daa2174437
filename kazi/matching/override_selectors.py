"""Reads of counsellor overrides: those in force for a worker (to reorder their list), the
checks a pin must pass, and the log of every override for the "Overrides" page."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from kazi.accounts.constants import Role
from kazi.accounts.models import User
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import WorkerProfile
from kazi.profiles.selectors import consenting_workers

from . import engine
from .models import MatchOverride
from .overrides import Override


def active_overrides(worker_id: int) -> list[Override]:
    """The overrides in force for a worker, the oldest first (pins keep that order)."""
    rows = (
        MatchOverride.objects.filter(worker_id=worker_id, lifted_at__isnull=True)
        .select_related("counsellor")
        .order_by("created_at", "pk")
    )
    return [
        Override(
            opportunity_id=row.vacancy_id,
            action=row.action,
            reason=row.reason,
            counsellor=str(row.counsellor) if row.counsellor else "",
            override_id=row.pk,
        )
        for row in rows
    ]


def is_open(vacancy: Vacancy, today: date | None = None) -> bool:
    """Published and not past its closing date."""
    today = today or timezone.localdate()
    return vacancy.status == VacancyStatus.PUBLISHED and (
        vacancy.closing_date is None or vacancy.closing_date >= today
    )


def worker_can_take(profile: WorkerProfile, vacancy: Vacancy, today: date | None = None) -> bool:
    """The hard filters of the engine: open, a place and a type of work the worker can take."""
    from . import selectors  # the lead's module imports this one's callers

    worker = selectors.worker_facts(profile)
    opportunity = selectors.opportunity_facts(vacancy)
    return is_open(vacancy, today) and engine.MatchEngine().eligible(
        worker, opportunity, today or timezone.localdate()
    )


def may_see_override_log(user: User) -> bool:
    return user.is_authenticated and (
        user.role in (Role.COUNSELLOR, Role.ADMINISTRATOR) or user.is_superuser
    )


def override_log(
    viewer: User, query: str = "", worker_id: int | None = None
) -> QuerySet[MatchOverride]:
    """Every override, newest first: all of them for administrators; for a counsellor,
    those of the workers who (still) allow counsellors to help them. ``query`` finds a
    name or a title; ``worker_id`` keeps one worker's overrides."""
    rows = MatchOverride.objects.select_related(
        "worker", "vacancy", "vacancy__organisation", "counsellor", "lifted_by"
    )
    if not (viewer.role == Role.ADMINISTRATOR or viewer.is_superuser):
        rows = rows.filter(worker__in=consenting_workers().values("pk"))
    if worker_id is not None:
        rows = rows.filter(worker_id=worker_id)
    query = query.strip()
    if query:
        condition = (
            Q(worker__display_name__icontains=query)
            | Q(counsellor__display_name__icontains=query)
            | Q(vacancy__title__icontains=query)
        )
        rows = rows.filter(condition)
    return rows.order_by("-created_at", "-pk")


__all__ = [
    "active_overrides",
    "is_open",
    "may_see_override_log",
    "override_log",
    "worker_can_take",
]
