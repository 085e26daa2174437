"""The first ranking of Kazi: coverage of the skills an opportunity asks for.

Framework-free (no Django import) so that it can be read, tested and replaced on its own.
A full matching engine (embeddings, occupations, preferences, exposure) replaces it later
through the :class:`Ranker` interface; callers only depend on that interface and on the
plain data classes below.

The rule, in plain words (published in docs/recommendations.md):

1. Keep only opportunities the worker can take: in the worker's country, or remote when the
   worker accepts remote work; of a type the worker is looking for; not closed.
2. Rank by the share of the opportunity's *essential* skills the worker has, then by the
   share of its *optional* skills, then by the number of matched skills, then the most
   recently published first, then by id (so the order never depends on chance).
3. An opportunity that lists no essential skill is ranked by its optional skills alone.

What is **not** an input: gender, age, nationality or country of origin, religion,
disability, or any other protected attribute. :class:`WorkerFacts` has no field for them,
so no caller can pass them in. The worker's *current* country is used only as a place
filter (where the work is), never as a score.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

ESSENTIAL_COVERAGE = "essential_coverage"
OPTIONAL_COVERAGE = "optional_coverage"

# Attributes a ranker must never take as inputs (checked by the tests, listed in the docs).
PROTECTED_ATTRIBUTES = frozenset(
    {
        "gender",
        "sex",
        "age",
        "birth_date",
        "nationality",
        "origin_country",
        "religion",
        "disability",
    }
)


@dataclass(frozen=True)
class WorkerFacts:
    """What the ranker may know about a worker: skills and where/what they want to work."""

    id: int
    skill_ids: frozenset[int]
    country: str = ""  # where the worker is now (ISO 3166-1 alpha-2); "" when unknown
    accepts_remote: bool = False
    work_types: frozenset[str] = frozenset()  # empty: any type of work


@dataclass(frozen=True)
class OpportunityFacts:
    """What the ranker may know about an opportunity (a vacancy, a gig, a micro-task)."""

    id: int
    kind: str
    country: str
    remote: bool
    essential_skill_ids: frozenset[int]
    optional_skill_ids: frozenset[int] = frozenset()
    closing_date: date | None = None
    published_at: datetime | date | None = None


@dataclass(frozen=True)
class Factor:
    """One named part of a score: ``matched`` of ``total`` skills, as a share in [0, 1]."""

    name: str
    value: float
    matched: int
    total: int


@dataclass(frozen=True)
class Ranked:
    """One ranked result. ``id`` is the opportunity id (or the worker id for
    :meth:`Ranker.rank_workers`). ``score`` is in [0, 1]: the essential-skill coverage, or
    the optional-skill coverage when the opportunity lists no essential skill."""

    id: int
    score: float
    factors: tuple[Factor, ...]
    matched_essential: tuple[int, ...]
    missing_essential: tuple[int, ...]
    matched_optional: tuple[int, ...]
    missing_optional: tuple[int, ...] = field(default=())

    @property
    def essential_total(self) -> int:
        return len(self.matched_essential) + len(self.missing_essential)

    @property
    def optional_total(self) -> int:
        return len(self.matched_optional) + len(self.missing_optional)

    def factor(self, name: str) -> Factor:
        for item in self.factors:
            if item.name == name:
                return item
        raise KeyError(name)


class Ranker(Protocol):
    """The interface every ranking of Kazi implements (this one and the full engine)."""

    def rank_opportunities(
        self,
        worker: WorkerFacts,
        opportunities: Iterable[OpportunityFacts],
        *,
        today: date | None = None,
    ) -> list[Ranked]:
        """Opportunities the worker can take, best first."""
        ...

    def rank_workers(
        self, opportunity: OpportunityFacts, workers: Iterable[WorkerFacts]
    ) -> list[Ranked]:
        """Workers who could take the opportunity, best first (``Ranked.id`` = worker id)."""
        ...


def is_open(opportunity: OpportunityFacts, today: date | None) -> bool:
    """Not closed: no closing date, or a closing date today or later."""
    return today is None or opportunity.closing_date is None or opportunity.closing_date >= today


def place_fits(worker: WorkerFacts, opportunity: OpportunityFacts) -> bool:
    """The work is where the worker is, or remote and the worker accepts remote work.

    A worker who has not said where they are is not filtered by place.
    """
    if not worker.country:
        return True
    if opportunity.country == worker.country:
        return True
    return opportunity.remote and worker.accepts_remote


def type_fits(worker: WorkerFacts, opportunity: OpportunityFacts) -> bool:
    """The opportunity is of a type the worker looks for (any type when none is given)."""
    return not worker.work_types or opportunity.kind in worker.work_types


def _share(matched: int, total: int) -> float:
    return matched / total if total else 0.0


def score(
    worker_skill_ids: frozenset[int], opportunity: OpportunityFacts, *, item_id: int
) -> Ranked:
    """Score one worker against one opportunity (no filtering)."""
    essential = opportunity.essential_skill_ids
    optional = opportunity.optional_skill_ids - essential
    matched_essential = tuple(sorted(essential & worker_skill_ids))
    missing_essential = tuple(sorted(essential - worker_skill_ids))
    matched_optional = tuple(sorted(optional & worker_skill_ids))
    missing_optional = tuple(sorted(optional - worker_skill_ids))
    essential_factor = Factor(
        ESSENTIAL_COVERAGE,
        _share(len(matched_essential), len(essential)),
        len(matched_essential),
        len(essential),
    )
    optional_factor = Factor(
        OPTIONAL_COVERAGE,
        _share(len(matched_optional), len(optional)),
        len(matched_optional),
        len(optional),
    )
    value = essential_factor.value if essential else optional_factor.value
    return Ranked(
        id=item_id,
        score=value,
        factors=(essential_factor, optional_factor),
        matched_essential=matched_essential,
        missing_essential=missing_essential,
        matched_optional=matched_optional,
        missing_optional=missing_optional,
    )


def _quality_key(item: Ranked) -> tuple[float, float, int]:
    """Higher is better: primary coverage, secondary coverage, matched skills."""
    essential = item.factor(ESSENTIAL_COVERAGE)
    optional = item.factor(OPTIONAL_COVERAGE)
    if essential.total:
        primary, secondary = essential.value, optional.value
    else:  # no essential skills listed: ranked by optional coverage only
        primary, secondary = optional.value, 0.0
    return (primary, secondary, len(item.matched_essential) + len(item.matched_optional))


def _freshness(value: datetime | date | None) -> float:
    """A sortable number for the publication moment (never published: oldest)."""
    if value is None:
        return float("-inf")
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()


def exposure_tiebreak(opportunity_id: int, worker_id: int) -> str:
    """A stable, evenly spread order among equally ranked workers for one opportunity.

    Using the worker id alone would always put the same (oldest) accounts first on every
    vacancy; a hash of the pair spreads the top places across workers while staying
    deterministic.
    """
    return hashlib.sha256(f"{opportunity_id}:{worker_id}".encode()).hexdigest()


class CoverageRanker:
    """Ranks by coverage of essential skills, then optional skills (see module docstring)."""

    def rank_opportunities(
        self,
        worker: WorkerFacts,
        opportunities: Iterable[OpportunityFacts],
        *,
        today: date | None = None,
    ) -> list[Ranked]:
        scored: list[tuple[Ranked, OpportunityFacts]] = []
        for opportunity in opportunities:
            if not (
                is_open(opportunity, today)
                and place_fits(worker, opportunity)
                and type_fits(worker, opportunity)
            ):
                continue
            scored.append(
                (score(worker.skill_ids, opportunity, item_id=opportunity.id), opportunity)
            )

        def key(pair: tuple[Ranked, OpportunityFacts]) -> tuple[float, float, int, float, int]:
            item, opportunity = pair
            primary, secondary, matched = _quality_key(item)
            return (-primary, -secondary, -matched, -_freshness(opportunity.published_at), item.id)

        scored.sort(key=key)
        return [item for item, _ in scored]

    def rank_workers(
        self, opportunity: OpportunityFacts, workers: Iterable[WorkerFacts]
    ) -> list[Ranked]:
        scored = [
            score(worker.skill_ids, opportunity, item_id=worker.id)
            for worker in workers
            if place_fits(worker, opportunity) and type_fits(worker, opportunity)
        ]

        def key(item: Ranked) -> tuple[float, float, int, str, int]:
            primary, secondary, matched = _quality_key(item)
            return (
                -primary,
                -secondary,
                -matched,
                exposure_tiebreak(opportunity.id, item.id),
                item.id,
            )

        scored.sort(key=key)
        return scored


__all__ = [
    "ESSENTIAL_COVERAGE",
    "OPTIONAL_COVERAGE",
    "PROTECTED_ATTRIBUTES",
    "CoverageRanker",
    "Factor",
    "OpportunityFacts",
    "Ranked",
    "Ranker",
    "WorkerFacts",
    "exposure_tiebreak",
    "is_open",
    "place_fits",
    "score",
    "type_fits",
]
