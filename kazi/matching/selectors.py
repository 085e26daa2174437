"""Reads for recommendations: load candidates efficiently, rank them with the core, and
dress the results for pages and the API (skill labels, reasons, training)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from kazi.accounts.consent import users_with_consent
from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent, User
from kazi.applications.models import Application
from kazi.opportunities.constants import TrainingMode, VacancyKind, VacancyStatus
from kazi.opportunities.models import TrainingOffer, Vacancy, VacancySkill
from kazi.profiles.constants import Availability
from kazi.profiles.models import Experience, ProfileOccupation, ProfileSkill, WorkerProfile
from kazi.taxonomy.models import Skill

from .constants import OverrideAction
from .engine import Audience, MatchEngine, Ranked
from .facts import OpportunityFacts, WorkerFacts, monthly
from .index import opportunity_candidates, worker_candidates
from .loading import get_space
from .models import MatchOverride
from .override_selectors import active_overrides
from .overrides import Override, apply_overrides, overrides_by_opportunity
from .reasons import FactorReason, factor_reasons, reason_for

_Model = TypeVar("_Model", Vacancy, WorkerProfile)

PAGE_SIZE = 20
# The missing skills of this many top results decide which training is suggested.
TRAINING_FROM_TOP = 20
TRAINING_LIMIT = 5


# "Part time only" without a number of hours: at most this many hours a week.
PART_TIME_HOURS = 30.0
# When the worker will be available, from the profile's "when you can start".
AVAILABLE_AFTER_DAYS = {Availability.MONTH: 30, Availability.LATER: 90}


def exact_limit() -> int:
    """Up to this many candidates, every one is scored; beyond, the vector index
    shortlists ``shortlist_size()`` of them first (see docs/matching.md)."""
    return int(settings.KAZI_MATCH_EXACT_LIMIT)


def shortlist_size() -> int:
    return int(settings.KAZI_MATCH_SHORTLIST)


def get_engine() -> MatchEngine:
    """The matching engine, on the process's skill space (see ``loading.get_space``)."""
    return MatchEngine(get_space())


@dataclass(frozen=True)
class SkillTag:
    id: int
    uri: str
    label: str


@dataclass(frozen=True)
class Recommendation:
    vacancy: Vacancy
    ranked: Ranked
    reason: str
    matched: list[SkillTag]  # essential first, then optional
    missing: list[SkillTag]  # missing essential skills
    why: list[FactorReason]  # one sentence per factor
    override: Override | None = None  # a counsellor pinned, moved up or hid it


@dataclass(frozen=True)
class TrainingSuggestion:
    offer: TrainingOffer
    teaches: list[SkillTag]  # the missing skills it teaches
    completes: int = 0  # top opportunities whose missing essential skills it all teaches
    improves: int = 0  # top opportunities for which it teaches a missing essential skill


@dataclass(frozen=True)
class Recommendations:
    items: list[Recommendation]
    total: int
    training: list[TrainingSuggestion]
    worker: WorkerFacts  # what the ranking knew of the worker


@dataclass(frozen=True)
class Candidate:
    worker: User
    profile: WorkerProfile
    number: int  # stable pseudonym for this vacancy
    ranked: Ranked
    reason: str
    matched: list[SkillTag]
    missing: list[SkillTag]
    application: Application | None  # identity is shown only when set
    why: list[FactorReason]

    @property
    def identified(self) -> bool:
        return self.application is not None


@dataclass(frozen=True)
class Candidates:
    items: list[Candidate]
    total: int


# ---------------------------------------------------------------------------- facts


def _occupation_ids(profile: WorkerProfile) -> frozenset[int]:
    """Occupations the worker wants (profile) or has done (experience)."""
    wanted = {link.occupation_id for link in profile.profileoccupation_set.all()}
    done = {e.occupation_id for e in profile.experiences.all() if e.occupation_id}
    return frozenset(wanted | done)


def worker_facts(profile: WorkerProfile, today: date | None = None) -> WorkerFacts:
    """The only facts about a worker that the engine may use (never origin_country).

    Uses prefetched ``skills``, ``profileoccupation_set`` and ``experiences`` when present.
    """
    today = today or timezone.localdate()
    availability = profile.availability
    max_hours = float(profile.max_hours_per_week) if profile.max_hours_per_week else None
    if max_hours is None and availability == Availability.PART_TIME:
        max_hours = PART_TIME_HOURS
    days = AVAILABLE_AFTER_DAYS.get(availability)  # type: ignore[call-overload]
    right_to_work = profile.right_to_work if settings.KAZI_ASK_RIGHT_TO_WORK else ""
    return WorkerFacts(
        id=profile.user_id,
        skill_ids=frozenset(ps.skill_id for ps in profile.skills.all()),
        country=profile.country or "",
        accepts_remote=bool(profile.accepts_remote),
        work_types=frozenset(str(t) for t in (profile.work_types or [])),
        occupation_ids=_occupation_ids(profile),
        languages=frozenset(str(code) for code in (profile.languages or [])),
        min_pay_monthly=monthly(
            float(profile.min_pay_amount) if profile.min_pay_amount else None,
            profile.min_pay_period,
        ),
        pay_currency=profile.min_pay_currency or "",
        max_hours_per_week=max_hours,
        available_from=today + timedelta(days=days) if days else None,
        right_to_work=right_to_work or "",
    )


def opportunity_facts(vacancy: Vacancy) -> OpportunityFacts:
    """Facts of a vacancy (uses prefetched ``skill_requirements`` when present)."""
    requirements = list(vacancy.skill_requirements.all())
    hours = float(vacancy.hours_per_week) if vacancy.hours_per_week else None
    return OpportunityFacts(
        id=vacancy.pk,
        kind=vacancy.kind,
        country=vacancy.country,
        remote=vacancy.remote,
        essential_skill_ids=frozenset(r.skill_id for r in requirements if r.essential),
        optional_skill_ids=frozenset(r.skill_id for r in requirements if not r.essential),
        occupation_id=vacancy.occupation_id,
        employer_id=vacancy.organisation_id,
        languages=frozenset(str(code) for code in (vacancy.languages or [])),
        pay_monthly=monthly(
            float(vacancy.pay_min) if vacancy.pay_min is not None else None,
            vacancy.pay_period,
            hours,
        ),
        currency=vacancy.currency,
        hours_per_week=hours,
        start_date=vacancy.start_date,
        closing_date=vacancy.closing_date,
        published_at=vacancy.published_at,
    )


VACANCY_FACT_FIELDS = (
    "id",
    "kind",
    "country",
    "remote",
    "occupation_id",
    "organisation_id",
    "languages",
    "pay_min",
    "pay_period",
    "currency",
    "hours_per_week",
    "start_date",
    "closing_date",
    "published_at",
)


def with_requirements(queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """Only the columns the engine needs, with the skill requirements prefetched."""
    return queryset.only(*VACANCY_FACT_FIELDS).prefetch_related(
        Prefetch(
            "skill_requirements",
            queryset=VacancySkill.objects.only("id", "vacancy_id", "skill_id", "essential"),
        )
    )


def with_worker_facts(queryset: QuerySet[WorkerProfile]) -> QuerySet[WorkerProfile]:
    """Profiles with what ``worker_facts`` reads prefetched (four queries in all)."""
    return queryset.prefetch_related(
        Prefetch("skills", queryset=ProfileSkill.objects.only("id", "profile_id", "skill_id")),
        Prefetch(
            "profileoccupation_set",
            queryset=ProfileOccupation.objects.only("id", "profile_id", "occupation_id"),
        ),
        Prefetch(
            "experiences",
            queryset=Experience.objects.only("id", "profile_id", "occupation_id"),
        ),
    )


def open_vacancies(today: date | None = None) -> QuerySet[Vacancy]:
    """Published vacancies whose closing date has not passed."""
    today = today or timezone.localdate()
    return Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def candidate_vacancies(facts: WorkerFacts, today: date | None = None) -> QuerySet[Vacancy]:
    """Open vacancies the worker could take, filtered in SQL by place and type of work."""
    queryset = open_vacancies(today)
    if facts.country:
        place = Q(country=facts.country)
        if facts.accepts_remote:
            place |= Q(remote=True)
        queryset = queryset.filter(place)
    if facts.work_types:
        queryset = queryset.filter(kind__in=facts.work_types)
    return with_requirements(queryset)


def seeks_vacancies(facts: WorkerFacts) -> bool:
    """False when the worker only looks for work types that are not vacancies (training)."""
    return not facts.work_types or bool(facts.work_types & set(VacancyKind.values))


# --------------------------------------------------------------------------- labels


def skill_tags(skill_ids: Iterable[int], language: str) -> dict[int, SkillTag]:
    ids = set(skill_ids)
    if not ids:
        return {}
    return {
        skill.pk: SkillTag(skill.pk, skill.uri, skill.label(language))
        for skill in Skill.objects.filter(pk__in=ids).only("pk", "uri", "labels")
    }


def _tags(ids: Sequence[int], tags: dict[int, SkillTag]) -> list[SkillTag]:
    return [tags[pk] for pk in ids if pk in tags]


def _labels(tags: dict[int, SkillTag]) -> dict[int, str]:
    return {pk: tag.label for pk, tag in tags.items()}


# -------------------------------------------------------------------- for a worker


def rank_for_worker(
    profile: WorkerProfile,
    today: date | None = None,
    *,
    engine: MatchEngine | None = None,
    facts: WorkerFacts | None = None,
) -> list[Ranked]:
    """All open vacancies the worker could take, ranked (ids only; cheap to slice).
    ``facts``: the worker's facts when the caller already read them."""
    today = today or timezone.localdate()
    facts = facts or worker_facts(profile, today)
    queryset = candidate_vacancies(facts, today)
    if queryset.count() > exact_limit():
        ids = opportunity_candidates(facts, shortlist_size())
        # A counsellor's pin or boost must reach the engine even when the index did not
        # shortlist it (the hard filters above still apply to it).
        moved = MatchOverride.objects.filter(
            worker_id=profile.user_id,
            lifted_at__isnull=True,
            action__in=(OverrideAction.PIN, OverrideAction.BOOST),
        ).values_list("vacancy_id", flat=True)
        queryset = _shortlisted(queryset, [*ids, *moved])
    candidates = [opportunity_facts(v) for v in queryset]
    return (engine or get_engine()).rank_opportunities(facts, candidates, today=today)


def _shortlisted(queryset: QuerySet[_Model], ids: list[int], field: str = "pk") -> QuerySet[_Model]:
    """The shortlisted rows; the most recent ones when the index found nothing (a
    profile without skills or occupations has no vector)."""
    if ids:
        return queryset.filter(**{f"{field}__in": ids})
    newest = list(queryset.order_by("-pk").values_list("pk", flat=True)[: shortlist_size()])
    return queryset.filter(pk__in=newest)


def recommend_vacancies(
    profile: WorkerProfile,
    language: str,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    today: date | None = None,
    with_training: bool = True,
    show_hidden: bool = False,
) -> Recommendations:
    """A page of ranked vacancies for the worker, with reasons in ``language``, and the
    training offers that teach the skills missing from the top results."""
    today = today or timezone.localdate()
    facts = worker_facts(profile, today)
    ranked = rank_for_worker(profile, today, facts=facts)
    # Counsellor overrides (only on the worker's own list); hidden ones stay for counsellors.
    overrides = active_overrides(profile.user_id)
    ranked = apply_overrides(ranked, overrides, keep_hidden=show_hidden)
    in_force = overrides_by_opportunity(overrides)
    page = ranked[offset : offset + limit]
    vacancies = Vacancy.objects.select_related("organisation").in_bulk([r.id for r in page])
    skill_ids: set[int] = set()
    for item in page:
        skill_ids.update(item.matched_essential, item.missing_essential, item.matched_optional)
    tags = skill_tags(skill_ids, language)
    labels = _labels(tags)
    items: list[Recommendation] = []
    with translation.override(language):
        for item in page:
            vacancy = vacancies.get(item.id)
            if vacancy is None:  # removed between the two queries
                continue
            items.append(
                Recommendation(
                    vacancy=vacancy,
                    ranked=item,
                    reason=reason_for(item, labels, Audience.WORKER),
                    matched=_tags(item.matched_essential + item.matched_optional, tags),
                    missing=_tags(item.missing_essential, tags),
                    why=factor_reasons(item, labels, Audience.WORKER),
                    override=in_force.get(item.id),
                )
            )
    training = (
        training_for_missing(ranked[:TRAINING_FROM_TOP], profile.country, language)
        if with_training
        else []
    )
    return Recommendations(items=items, total=len(ranked), training=training, worker=facts)


def training_for_missing(
    top: Sequence[Ranked], country: str, language: str, limit: int = TRAINING_LIMIT
) -> list[TrainingSuggestion]:
    """Active training offers that teach essential skills missing from ``top``, ranked by
    how many good opportunities they would open.

    An offer *completes* an opportunity when it teaches every essential skill the worker
    misses for it, and *improves* it when it teaches at least one. Ranked by opportunities
    completed, then improved, then by how many missing skills it teaches, then by id.
    In-person training is offered only in the worker's country (online everywhere).
    """
    missing = Counter(pk for item in top for pk in item.missing_essential)
    if not missing:
        return []
    offers = TrainingOffer.objects.filter(active=True, skills__in=list(missing)).distinct()
    if country:
        offers = offers.filter(Q(mode=TrainingMode.ONLINE) | Q(country="") | Q(country=country))
    offers = offers.select_related("provider").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.only("pk"))
    )
    gaps = [frozenset(item.missing_essential) for item in top if item.missing_essential]
    scored: list[tuple[tuple[int, int, int, int], TrainingSuggestion, list[int]]] = []
    for offer in offers:
        teaches = {s.pk for s in offer.skills.all()}
        taught = sorted(teaches & set(missing), key=lambda pk: (-missing[pk], pk))
        if not taught:
            continue
        completes = sum(1 for gap in gaps if gap <= teaches)
        improves = sum(1 for gap in gaps if gap & teaches)
        key = (-completes, -improves, -len(taught), offer.pk)
        scored.append((key, TrainingSuggestion(offer, [], completes, improves), taught))
    scored.sort(key=lambda entry: entry[0])
    chosen = scored[:limit]
    tags = skill_tags({pk for _, _, taught in chosen for pk in taught}, language)
    return [
        TrainingSuggestion(s.offer, _tags(taught, tags), s.completes, s.improves)
        for _, s, taught in chosen
    ]


# ------------------------------------------------------------------- for an employer


def candidate_number(vacancy_id: int, worker_id: int) -> int:
    """A stable pseudonym for a worker on one vacancy (7 digits), which cannot be linked
    across vacancies or reversed without the server's secret key."""
    digest = salted_hmac("kazi.matching.candidate", f"{vacancy_id}:{worker_id}").hexdigest()
    return 1_000_000 + int(digest[:12], 16) % 9_000_000


def consenting_workers() -> QuerySet[User]:
    """Active workers who let employers see their profile *and* let Kazi match them."""
    matching = users_with_consent(ConsentPurpose.MATCHING).values("pk")
    workers = User.objects.filter(role=Role.WORKER, is_active=True, pk__in=matching)
    return users_with_consent(ConsentPurpose.VISIBLE_TO_EMPLOYERS, workers)


def candidate_profiles(vacancy: Vacancy) -> QuerySet[WorkerProfile]:
    """Profiles of consenting workers who could take ``vacancy`` (place filter in SQL)."""
    place = Q(country=vacancy.country) | Q(country="")
    if vacancy.remote:
        place |= Q(accepts_remote=True)
    return with_worker_facts(
        WorkerProfile.objects.filter(user__in=consenting_workers().values("pk"))
        .filter(place)
        .only(*PROFILE_FACT_FIELDS)
    )


PROFILE_FACT_FIELDS = (
    "id",
    "user_id",
    "country",
    "accepts_remote",
    "work_types",
    "languages",
    "min_pay_amount",
    "min_pay_currency",
    "min_pay_period",
    "max_hours_per_week",
    "availability",
    "right_to_work",
)


def exposure_today(worker_ids: Iterable[int] | None = None) -> dict[int, int]:
    """On how many vacancies' candidate lists each worker was shown today (from the audit
    log; the same list seen twice counts once)."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_CANDIDATE, at__gte=start)
    if worker_ids is not None:
        events = events.filter(subject_id__in=list(worker_ids))
    rows = (
        events.values("subject_id")
        .annotate(n=Count("detail", distinct=True))
        .values_list("subject_id", "n")
    )
    return dict(rows)


def rank_for_vacancy(
    vacancy: Vacancy,
    today: date | None = None,
    *,
    engine: MatchEngine | None = None,
    exposure: Mapping[int, int] | None = None,
) -> list[Ranked]:
    """Consenting workers who could take ``vacancy``, ranked; workers shown to employers
    many times today move down (exposure cap)."""
    today = today or timezone.localdate()
    facts = opportunity_facts(vacancy)
    profiles = candidate_profiles(vacancy)
    if profiles.count() > exact_limit():
        ids = worker_candidates(facts, shortlist_size())
        profiles = _shortlisted(profiles, ids, field="user_id")
    workers = [worker_facts(profile, today) for profile in profiles]
    if exposure is None:
        exposure = exposure_today(worker.id for worker in workers)
    return (engine or get_engine()).rank_workers(facts, workers, today=today, exposure=exposure)


def candidates_for_vacancy(
    vacancy: Vacancy, language: str, *, offset: int = 0, limit: int = PAGE_SIZE
) -> Candidates:
    """A page of ranked consenting candidates; identities only of those who applied."""
    ranked = rank_for_vacancy(vacancy)
    page = ranked[offset : offset + limit]
    ids = [item.id for item in page]
    profiles = {
        p.user_id: p for p in WorkerProfile.objects.select_related("user").filter(user_id__in=ids)
    }
    applications = {
        a.worker_id: a for a in Application.objects.filter(vacancy=vacancy, worker_id__in=ids)
    }
    skill_ids: set[int] = set()
    for item in page:
        skill_ids.update(item.matched_essential, item.missing_essential, item.matched_optional)
    tags = skill_tags(skill_ids, language)
    labels = _labels(tags)
    items: list[Candidate] = []
    with translation.override(language):
        for item in page:
            profile = profiles.get(item.id)
            if profile is None:
                continue
            items.append(
                Candidate(
                    worker=profile.user,
                    profile=profile,
                    number=candidate_number(vacancy.pk, item.id),
                    ranked=item,
                    reason=reason_for(item, labels, Audience.EMPLOYER),
                    matched=_tags(item.matched_essential + item.matched_optional, tags),
                    missing=_tags(item.missing_essential, tags),
                    application=applications.get(item.id),
                    why=factor_reasons(item, labels, Audience.EMPLOYER),
                )
            )
    return Candidates(items=items, total=len(ranked))


def employer_vacancy(user: User, vacancy_id: int) -> Vacancy | None:
    """The vacancy if ``user`` is an employer member of its organisation, else None."""
    if not user.is_authenticated or user.role != Role.EMPLOYER:
        return None
    return (
        Vacancy.objects.select_related("organisation")
        .filter(pk=vacancy_id, organisation__members=user)
        .first()
    )
