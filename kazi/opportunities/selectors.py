"""Reads for vacancies and training offers.

Expiry is enforced on read: a published vacancy whose closing date has passed is never
listed, even before ``kazi vacancies expire`` has marked it expired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kazi.accounts.models import Organisation, User
from kazi.taxonomy.models import Occupation, OccupationSkill, Skill

from .constants import TrainingMode, VacancyStatus
from .models import TrainingOffer, Vacancy, VacancySkill, VacancyTransition

TRAINING = "training"  # the "type" filter value for training offers


@dataclass
class OpportunityFilters:
    country: str = ""
    occupation_ids: list[int] = field(default_factory=list)
    skill_ids: list[int] = field(default_factory=list)
    remote: bool = False  # True: only work that can be done remotely (or online training)
    kind: str = ""  # "", a VacancyKind or "training"
    text: str = ""  # words in the title


def _with_details(queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return queryset.select_related("organisation", "occupation").prefetch_related(
        Prefetch(
            "skill_requirements",
            queryset=VacancySkill.objects.select_related("skill").order_by("-essential", "pk"),
        )
    )


def open_vacancies(today: date | None = None) -> QuerySet[Vacancy]:
    """Published vacancies whose closing date has not passed."""
    today = today or timezone.localdate()
    return Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def is_open(vacancy: Vacancy, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return vacancy.status == VacancyStatus.PUBLISHED and (
        vacancy.closing_date is None or vacancy.closing_date >= today
    )


def search_vacancies(filters: OpportunityFilters) -> QuerySet[Vacancy]:
    queryset = open_vacancies()
    if filters.kind and filters.kind != TRAINING:
        queryset = queryset.filter(kind=filters.kind)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    if filters.remote:
        queryset = queryset.filter(remote=True)
    if filters.occupation_ids:
        queryset = queryset.filter(occupation_id__in=filters.occupation_ids)
    if filters.skill_ids:
        queryset = queryset.filter(
            pk__in=VacancySkill.objects.filter(skill_id__in=filters.skill_ids).values("vacancy_id")
        )
    if filters.text:
        for word in filters.text.split()[:5]:
            queryset = queryset.filter(title__icontains=word)
    return _with_details(queryset).order_by("-published_at", "-pk")


def search_training(filters: OpportunityFilters) -> QuerySet[TrainingOffer]:
    queryset = TrainingOffer.objects.filter(active=True)
    if filters.country:
        queryset = queryset.filter(Q(country=filters.country) | ~Q(mode=TrainingMode.IN_PERSON))
    if filters.remote:
        queryset = queryset.exclude(mode=TrainingMode.IN_PERSON)
    skill_ids = list(filters.skill_ids)
    if filters.occupation_ids:
        skill_ids += list(
            OccupationSkill.objects.filter(
                occupation_id__in=filters.occupation_ids, essential=True
            ).values_list("skill_id", flat=True)
        )
    if filters.occupation_ids or filters.skill_ids:
        queryset = queryset.filter(skills__in=skill_ids)
    if filters.text:
        for word in filters.text.split()[:5]:
            queryset = queryset.filter(title__icontains=word)
    return (
        queryset.distinct()
        .select_related("provider")
        .prefetch_related("skills")
        .order_by("-created_at", "-pk")
    )


def countries_with_opportunities() -> list[str]:
    vacancy_countries = set(open_vacancies().values_list("country", flat=True).distinct())
    training_countries = set(
        TrainingOffer.objects.filter(active=True)
        .exclude(country="")
        .values_list("country", flat=True)
    )
    return sorted(vacancy_countries | training_countries)


def public_vacancy(pk: int) -> Vacancy | None:
    """A vacancy anyone may see: published once (open, closed, expired or withdrawn)."""
    return (
        _with_details(Vacancy.objects.filter(pk=pk))
        .filter(
            Q(status__in=[VacancyStatus.PUBLISHED, VacancyStatus.EXPIRED])
            | Q(status=VacancyStatus.WITHDRAWN, published_at__isnull=False)
        )
        .first()
    )


def organisations_of(user: User | None) -> QuerySet[Organisation]:
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(members=user).order_by("name", "pk")


def managed_vacancies(user: User) -> QuerySet[Vacancy]:
    """Every vacancy of the organisations ``user`` is an employer member of."""
    if not user.is_employer:
        return Vacancy.objects.none()
    return _with_details(Vacancy.objects.filter(organisation__members=user)).order_by(
        "-updated_at", "-pk"
    )


def can_manage(user: User | None, vacancy: Vacancy) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_employer
        and vacancy.organisation.members.filter(pk=user.pk).exists()
    )


def viewable_vacancy(user: User | None, pk: int) -> Vacancy | None:
    """The vacancy if ``user`` may see it: public ones, their organisation's, or (for
    moderators) any vacancy that has been submitted."""
    if user is not None and user.is_authenticated and user.is_employer:
        own = managed_vacancies(user).filter(pk=pk).first()
        if own is not None:
            return own
    if user is not None and user.is_authenticated and user.is_moderator:
        # moderators see everything that was submitted, not the employers' drafts
        return _with_details(
            Vacancy.objects.filter(pk=pk).exclude(status=VacancyStatus.DRAFT)
        ).first()
    return public_vacancy(pk)


def pending_vacancies() -> QuerySet[Vacancy]:
    return _with_details(Vacancy.objects.filter(status=VacancyStatus.PENDING)).order_by(
        "updated_at", "pk"
    )


def transitions_of(vacancy: Vacancy) -> QuerySet[VacancyTransition]:
    return vacancy.transitions.select_related("actor").order_by("at", "pk")


def essential_and_optional(vacancy: Vacancy) -> tuple[list[Skill], list[Skill]]:
    essential: list[Skill] = []
    optional: list[Skill] = []
    for requirement in vacancy.skill_requirements.all():
        (essential if requirement.essential else optional).append(requirement.skill)
    return essential, optional


def training_offer(pk: int) -> TrainingOffer | None:
    return (
        TrainingOffer.objects.filter(pk=pk, active=True)
        .select_related("provider")
        .prefetch_related("skills")
        .first()
    )


def _is_id(ref: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses."""
    return ref.isascii() and ref.isdigit() and len(ref) <= 19


def occupation_by_ref(ref: str) -> Occupation | None:
    """An occupation by ESCO URI or by id."""
    ref = ref.strip()
    if _is_id(ref):
        return Occupation.objects.filter(pk=int(ref)).first()
    return Occupation.objects.filter(uri=ref).first() if ref else None


def skill_by_ref(ref: str) -> Skill | None:
    ref = ref.strip()
    if _is_id(ref):
        return Skill.objects.filter(pk=int(ref)).first()
    return Skill.objects.filter(uri=ref).first() if ref else None
