"""The matching engine: explainable scores, hard filters, fair spreading of attention.

Framework-free (numpy only). The rule, in plain words, is published in docs/matching.md;
this module is its reference implementation.

    score = fit × wants × feasibility × freshness          (each part in [0, 1])

- **fit** — the chance of being hired: the share of the opportunity's essential skills the
  worker has (a missing skill close to one they have counts for part of a skill), a smaller
  weight on optional skills, and how close their occupations are to the opportunity's.
- **wants** — what the worker asked for: pay at or above their minimum, hours within their
  maximum, a start date when they are available. (Place and type of work are filters.)
- **feasibility** — languages; for the worker's own list only, a warning-weight when they
  said they may not have the right to work in the country of the job.
- **freshness** — new opportunities first, gently (never below 0.85); for the worker's own
  list only: workers are never ranked by how recently they were active.

Every part is a :class:`Factor` with a value and the parameters a reason is written from
(``kazi/matching/reasons.py`` turns them into sentences in the reader's language).

Promises (tested, including with Hypothesis): having a skill never lowers a score; adding
an essential skill the worker has to an opportunity never lowers its score; no protected
attribute can reach the engine (:mod:`kazi.matching.facts` has no field for them);
closed opportunities never appear; the order is the same for the same day and data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from .facts import OpportunityFacts, WorkerFacts
from .space import SkillSpace, empty_space

# Factor names (stable: used by the API, the reasons and the tests).
SKILL_FIT = "skill_fit"
OCCUPATION_FIT = "occupation_fit"
PAY = "pay"
HOURS = "hours"
START = "start"
LANGUAGE = "language"
RIGHT_TO_WORK = "right_to_work"
FRESHNESS = "freshness"

# Flags on a result.
ROTATED = "rotated"  # moved up by today's rotation among near-equal scores
CAPPED = "capped"  # moved down by an exposure cap (same employer, or a much-shown worker)


class Audience(StrEnum):
    WORKER = "worker"  # ranking opportunities for a worker
    EMPLOYER = "employer"  # ranking workers for an opportunity


@dataclass(frozen=True)
class Settings:
    """The numbers of the rule (documented in docs/matching.md)."""

    essential_share: float = 0.8  # of skill fit, when both essential and optional are listed
    occupation_share: float = 0.2  # of fit, when an occupation can be compared
    no_skills_fit: float = 0.5  # skill fit of an opportunity that lists no skill
    related_credit: float = 0.5  # a missing skill linked in ESCO to one the worker has
    # Embedding similarity: no credit at or below `similar_from`, full partial credit
    # (`related_credit`) at `similar_full` (e5 cosine between ESCO skill labels).
    similar_from: float = 0.90
    similar_full: float = 0.96
    same_group_fit: float = 0.6  # occupation in the same ISCO unit group
    # The same for occupations, whose e5 vectors sit closer together (random pairs: median
    # 0.89, 99th percentile 0.95; nearest neighbour: median 0.97).
    occupation_similar_from: float = 0.95
    occupation_similar_full: float = 0.99
    pay_floor: float = 0.3
    hours_floor: float = 0.5
    late_start: float = 0.7
    language_miss: float = 0.5
    permit_no: float = 0.6
    permit_pending: float = 0.85
    fresh_days: int = 7
    stale_days: int = 60
    stale_floor: float = 0.85
    rotation_band: float = 0.02  # scores closer than this may swap from day to day
    employer_cap: int = 3  # most results of one employer among a worker's first `window`
    window: int = 20
    worker_daily_cap: int = 50  # times a worker may be shown to employers in a day


_NO_PARAMS: Mapping[str, object] = MappingProxyType({})


class Factor(NamedTuple):
    """One named part of a score, with the parameters its reason is written from.

    (A named tuple: several are made per scored pair, and tuples are cheap to make.)"""

    name: str
    value: float
    weight: float = 1.0  # its share where parts are averaged; 1.0 where they multiply
    params: Mapping[str, object] = _NO_PARAMS


@dataclass(frozen=True)
class Ranked:
    """One result: ``id`` is the opportunity id (or the worker id for ranked workers)."""

    id: int
    score: float
    factors: tuple[Factor, ...]
    matched_essential: tuple[int, ...]
    missing_essential: tuple[int, ...]
    matched_optional: tuple[int, ...]
    missing_optional: tuple[int, ...] = ()
    # Missing essential skills that earned part credit: (missing, close skill held, credit).
    partial: tuple[tuple[int, int, float], ...] = ()
    flags: frozenset[str] = frozenset()

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

    def has_factor(self, name: str) -> bool:
        return any(item.name == name for item in self.factors)


# ------------------------------------------------------------------------ filters


def is_open(opportunity: OpportunityFacts, today: date | None) -> bool:
    """Not closed: no closing date, or a closing date today or later."""
    return today is None or opportunity.closing_date is None or opportunity.closing_date >= today


def place_fits(worker: WorkerFacts, opportunity: OpportunityFacts) -> bool:
    """The work is where the worker is, or remote and the worker accepts remote work.

    A worker who has not said where they are is not filtered by place."""
    if not worker.country or opportunity.country == worker.country:
        return True
    return opportunity.remote and worker.accepts_remote


def type_fits(worker: WorkerFacts, opportunity: OpportunityFacts) -> bool:
    """The opportunity is of a type the worker looks for (any type when none is given)."""
    return not worker.work_types or opportunity.kind in worker.work_types


# ------------------------------------------------------------------------ helpers


def _clip(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def _as_date(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    return value


def rotation_jitter(day: date | None, a: int, b: int, side: str) -> float:
    """A number in [0, 1) fixed for one day and one pair, different the next day."""
    digest = hashlib.blake2b(f"{day}:{side}:{a}:{b}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") / 2**64


class _WorkerView:
    """What is computed once per worker and reused for every opportunity."""

    __slots__ = (
        "closest",
        "credit_cache",
        "matrix",
        "occupations",
        "related",
        "skill_list",
        "vector_ids",
    )

    def __init__(self, worker: WorkerFacts, space: SkillSpace) -> None:
        self.skill_list = sorted(worker.skill_ids)
        self.related = space.related_to(worker.skill_ids)
        # The worker's skills that have a vector, in the order of the matrix rows.
        self.vector_ids = [pk for pk in self.skill_list if pk in space.skill_rows]
        self.matrix = space.skill_vectors(self.vector_ids) if space.semantic else None
        self.credit_cache: dict[int, tuple[int, float]] = {}
        self.occupations: dict[int, Factor | None] = {}  # occupation fit by occupation id
        # Closest skill held and its cosine, for missing skills (filled by `prime`).
        self.closest: dict[int, tuple[int, float]] = {}

    def prime(self, space: SkillSpace, missing: Iterable[int]) -> None:
        """Compare many missing skills with the worker's skills in one matrix product."""
        if self.matrix is None or not len(self.matrix):
            return
        wanted = [pk for pk in missing if pk not in self.closest and pk in space.skill_rows]
        if not wanted:
            return
        similarities = space.skill_vectors(wanted) @ self.matrix.T
        best = similarities.argmax(axis=1)
        for pk, column, row in zip(wanted, best.tolist(), similarities, strict=True):
            self.closest[pk] = (self.vector_ids[column], float(row[column]))


class MatchEngine:
    """Scores and ranks with named factors (see the module docstring)."""

    def __init__(self, space: SkillSpace | None = None, settings: Settings | None = None) -> None:
        self.space = space or empty_space()
        self.settings = settings or Settings()

    # ------------------------------------------------------------------ filters

    def eligible(
        self, worker: WorkerFacts, opportunity: OpportunityFacts, today: date | None
    ) -> bool:
        """Hard filters: open, in a place the worker can work, of a type they look for."""
        return (
            is_open(opportunity, today)
            and place_fits(worker, opportunity)
            and type_fits(worker, opportunity)
        )

    # ------------------------------------------------------------------ factors

    def _partial_credit(self, missing: int, view: _WorkerView) -> tuple[int, float]:
        """(closest skill held, credit) for a missing skill; (-1, 0.0) when none."""
        cached = view.credit_cache.get(missing)
        if cached is not None:
            return cached
        s = self.settings
        result = (-1, 0.0)
        if missing in view.related:
            links = self.space.related.get(missing, frozenset())
            held = min((pk for pk in view.skill_list if pk in links), default=-1)
            result = (held, s.related_credit)
        elif view.matrix is not None and len(view.matrix):
            closest = view.closest.get(missing)
            if closest is None:
                closest = self.space.closest_skill(missing, view.matrix, view.vector_ids)
            held, similarity = closest
            if similarity > s.similar_from:
                share = _clip((similarity - s.similar_from) / (s.similar_full - s.similar_from))
                result = (held, round(s.related_credit * share, 4))
        view.credit_cache[missing] = result
        return result

    def skill_fit(
        self, worker: WorkerFacts, opportunity: OpportunityFacts, view: _WorkerView | None = None
    ) -> tuple[Factor, tuple[tuple[int, ...], ...], tuple[tuple[int, int, float], ...]]:
        s = self.settings
        view = view or _WorkerView(worker, self.space)
        essential = opportunity.essential_skill_ids
        optional = opportunity.optional_skill_ids - essential
        have = worker.skill_ids
        matched_e = tuple(sorted(essential & have))
        missing_e = tuple(sorted(essential - have))
        matched_o = tuple(sorted(optional & have))
        missing_o = tuple(sorted(optional - have))
        partial: list[tuple[int, int, float]] = []
        for pk in missing_e:
            held, credit = self._partial_credit(pk, view)
            if credit > 0:
                partial.append((pk, held, credit))
        essential_share = (
            (len(matched_e) + sum(c for _, _, c in partial)) / len(essential) if essential else 0.0
        )
        optional_share = len(matched_o) / len(optional) if optional else 0.0
        if essential and optional:
            value = s.essential_share * essential_share + (1 - s.essential_share) * optional_share
        elif essential:
            value = essential_share
        elif optional:
            value = optional_share
        else:
            value = s.no_skills_fit
        factor = Factor(
            SKILL_FIT,
            round(_clip(value), 4),
            params={
                "essential_matched": len(matched_e),
                "essential_total": len(essential),
                "optional_matched": len(matched_o),
                "optional_total": len(optional),
                "partial": len(partial),
                "essential_share": round(essential_share, 4),
            },
        )
        return factor, (matched_e, missing_e, matched_o, missing_o), tuple(partial)

    def occupation_fit(self, worker: WorkerFacts, opportunity: OpportunityFacts) -> Factor | None:
        """None when there is nothing to compare (no occupation on either side)."""
        target = opportunity.occupation_id
        if target is None or not worker.occupation_ids:
            return None
        if target in worker.occupation_ids:
            return Factor(OCCUPATION_FIT, 1.0, params={"match": "same", "occupation": target})
        s = self.settings
        group = self.space.occupation_group.get(target)
        best_value, best_id, how = 0.0, -1, "none"
        for pk in sorted(worker.occupation_ids):
            value, kind = 0.0, "none"
            if group is not None and self.space.occupation_group.get(pk) == group:
                value, kind = s.same_group_fit, "group"
            if self.space.semantic:
                similarity = self.space.occupation_similarity(pk, target)
                by_meaning = s.same_group_fit * _clip(
                    (similarity - s.occupation_similar_from)
                    / (s.occupation_similar_full - s.occupation_similar_from)
                )
                if by_meaning > value:
                    value, kind = by_meaning, "close"
            if value > best_value:
                best_value, best_id, how = value, pk, kind
        return Factor(
            OCCUPATION_FIT,
            round(best_value, 4),
            params={"match": how, "occupation": target, "closest": best_id},
        )

    def pay(self, worker: WorkerFacts, opportunity: OpportunityFacts) -> Factor:
        wanted, offered = worker.min_pay_monthly, opportunity.pay_monthly
        if (
            wanted is None
            or offered is None
            or wanted <= 0
            or not worker.pay_currency
            or worker.pay_currency != opportunity.currency
        ):
            return Factor(PAY, 1.0, params={"state": "unknown"})
        ratio = offered / wanted
        if ratio >= 1:
            return Factor(PAY, 1.0, params={"state": "enough", "ratio": round(ratio, 3)})
        value = max(self.settings.pay_floor, ratio)
        return Factor(PAY, round(value, 4), params={"state": "below", "ratio": round(ratio, 3)})

    def hours(self, worker: WorkerFacts, opportunity: OpportunityFacts) -> Factor:
        most, asked = worker.max_hours_per_week, opportunity.hours_per_week
        if not most or not asked:
            return Factor(HOURS, 1.0, params={"state": "unknown"})
        if asked <= most:
            return Factor(HOURS, 1.0, params={"state": "fits", "hours": asked, "max": most})
        value = max(self.settings.hours_floor, most / asked)
        return Factor(HOURS, round(value, 4), params={"state": "more", "hours": asked, "max": most})

    def start(self, worker: WorkerFacts, opportunity: OpportunityFacts) -> Factor:
        available, begins = worker.available_from, opportunity.start_date
        if available is None or begins is None:
            return Factor(START, 1.0, params={"state": "unknown"})
        if begins >= available:
            return Factor(START, 1.0, params={"state": "fits"})
        return Factor(
            START,
            self.settings.late_start,
            params={
                "state": "early",
                "start": begins.isoformat(),
                "available": available.isoformat(),
            },
        )

    def language(self, worker: WorkerFacts, opportunity: OpportunityFacts) -> Factor:
        needed = opportunity.languages
        if not needed or not worker.languages:
            return Factor(LANGUAGE, 1.0, params={"state": "unknown", "needed": sorted(needed)})
        if needed & worker.languages:
            return Factor(LANGUAGE, 1.0, params={"state": "speaks", "needed": sorted(needed)})
        return Factor(
            LANGUAGE,
            self.settings.language_miss,
            params={"state": "missing", "needed": sorted(needed)},
        )

    def right_to_work(self, worker: WorkerFacts, opportunity: OpportunityFacts) -> Factor | None:
        """Only on the worker's own list, only for work in the country where they are."""
        if opportunity.country != worker.country or not worker.country:
            return None
        if worker.right_to_work == "no":
            return Factor(RIGHT_TO_WORK, self.settings.permit_no, params={"state": "no"})
        if worker.right_to_work == "pending":
            return Factor(RIGHT_TO_WORK, self.settings.permit_pending, params={"state": "pending"})
        return None

    def freshness(self, opportunity: OpportunityFacts, today: date | None) -> Factor:
        s = self.settings
        published = _as_date(opportunity.published_at)
        if today is None or published is None:
            return Factor(FRESHNESS, 1.0, params={"days": None})
        days = max(0, (today - published).days)
        if days <= s.fresh_days:
            value = 1.0
        else:
            span = max(1, s.stale_days - s.fresh_days)
            value = max(s.stale_floor, 1 - (1 - s.stale_floor) * (days - s.fresh_days) / span)
        return Factor(FRESHNESS, round(value, 4), params={"days": days})

    # ------------------------------------------------------------------- score

    def score(
        self,
        worker: WorkerFacts,
        opportunity: OpportunityFacts,
        *,
        today: date | None = None,
        audience: Audience = Audience.WORKER,
        view: _WorkerView | None = None,
        item_id: int | None = None,
    ) -> Ranked:
        """Score one pair (no filtering). ``item_id`` defaults to the ranked side's id."""
        s = self.settings
        skill, (me, mi, mo, mio), partial = self.skill_fit(worker, opportunity, view)
        if view is not None and opportunity.occupation_id in view.occupations:
            occupation = view.occupations[opportunity.occupation_id]
        else:
            occupation = self.occupation_fit(worker, opportunity)
            if view is not None and opportunity.occupation_id is not None:
                view.occupations[opportunity.occupation_id] = occupation
        if occupation is None:
            fit = skill.value
            factors: list[Factor] = [skill]
        else:
            share = s.occupation_share
            fit = (1 - share) * skill.value + share * occupation.value
            factors = [
                Factor(skill.name, skill.value, 1 - share, skill.params),
                Factor(occupation.name, occupation.value, share, occupation.params),
            ]
        wants = [self.pay(worker, opportunity), self.hours(worker, opportunity)]
        wants.append(self.start(worker, opportunity))
        feasible: list[Factor] = [self.language(worker, opportunity)]
        if audience == Audience.WORKER:
            permit = self.right_to_work(worker, opportunity)
            if permit is not None:
                feasible.append(permit)
            feasible.append(self.freshness(opportunity, today))
        value = fit
        for factor in (*wants, *feasible):
            value *= factor.value
        if item_id is None:
            item_id = opportunity.id if audience == Audience.WORKER else worker.id
        return Ranked(
            id=item_id,
            score=round(_clip(value), 4),
            factors=(*factors, *wants, *feasible),
            matched_essential=me,
            missing_essential=mi,
            matched_optional=mo,
            missing_optional=mio,
            partial=partial,
        )

    # ----------------------------------------------------------------- ranking

    def rank_opportunities(
        self,
        worker: WorkerFacts,
        opportunities: Iterable[OpportunityFacts],
        *,
        today: date | None = None,
        top: int | None = None,
    ) -> list[Ranked]:
        """Opportunities the worker can take, best first, rotated among near-equals, with
        at most ``employer_cap`` results of one employer among the first ``window``."""
        view = _WorkerView(worker, self.space)
        kept = [o for o in opportunities if self.eligible(worker, o, today)]
        if view.matrix is not None:
            needed: set[int] = set()
            for opportunity in kept:
                needed.update(opportunity.essential_skill_ids)
            view.prime(self.space, needed - worker.skill_ids - view.related)
        scored: list[tuple[Ranked, int | None, float]] = []
        for opportunity in kept:
            ranked = self.score(worker, opportunity, today=today, view=view)
            jitter = rotation_jitter(today, worker.id, opportunity.id, "w")
            scored.append((ranked, opportunity.employer_id, jitter))
        employers = {ranked.id: employer for ranked, employer, _ in scored}
        ordered = self._cap_employers(self._rotate(scored), employers)
        return ordered[:top] if top is not None else ordered

    def rank_workers(
        self,
        opportunity: OpportunityFacts,
        workers: Iterable[WorkerFacts],
        *,
        today: date | None = None,
        exposure: Mapping[int, int] | None = None,
        top: int | None = None,
    ) -> list[Ranked]:
        """Workers who could take the opportunity, best first. A worker already shown to
        employers ``worker_daily_cap`` times today moves behind the others."""
        scored: list[tuple[Ranked, int | None, float]] = []
        for worker in workers:
            if not (place_fits(worker, opportunity) and type_fits(worker, opportunity)):
                continue
            ranked = self.score(worker, opportunity, today=today, audience=Audience.EMPLOYER)
            jitter = rotation_jitter(today, opportunity.id, worker.id, "e")
            scored.append((ranked, None, jitter))
        ordered = self._rotate(scored)
        if exposure:
            cap = self.settings.worker_daily_cap
            fresh = [r for r in ordered if exposure.get(r.id, 0) < cap]
            tired = [_flag(r, CAPPED) for r in ordered if exposure.get(r.id, 0) >= cap]
            ordered = fresh + tired
        return ordered[:top] if top is not None else ordered

    # ------------------------------------------------------------ spreading

    def _rotate(self, scored: list[tuple[Ranked, int | None, float]]) -> list[Ranked]:
        """Order by score; among scores closer than ``rotation_band``, today's jitter
        decides (a daily weighted shuffle: a higher score still tends to come first)."""
        band = self.settings.rotation_band
        strict = sorted(scored, key=lambda entry: (-entry[0].score, entry[0].id))
        strict_place = {entry[0].id: place for place, entry in enumerate(strict)}
        rotated = sorted(
            scored, key=lambda entry: (-(entry[0].score + band * entry[2]), entry[0].id)
        )
        result = []
        for place, (ranked, _, _) in enumerate(rotated):
            moved_up = place < strict_place[ranked.id]
            result.append(_flag(ranked, ROTATED) if moved_up else ranked)
        return result

    def _cap_employers(
        self, ordered: list[Ranked], employers: Mapping[int, int | None]
    ) -> list[Ranked]:
        """At most ``employer_cap`` results of one employer in the first ``window``; the
        others keep their order after the window."""
        s = self.settings
        head: list[Ranked] = []
        deferred: list[Ranked] = []
        counts: dict[int, int] = {}
        for ranked in ordered:
            employer = employers.get(ranked.id)
            if len(head) >= s.window:
                deferred.append(ranked)
                continue
            if employer is not None and counts.get(employer, 0) >= s.employer_cap:
                deferred.append(_flag(ranked, CAPPED))
                continue
            if employer is not None:
                counts[employer] = counts.get(employer, 0) + 1
            head.append(ranked)
        return head + deferred


def _flag(ranked: Ranked, flag: str) -> Ranked:
    return replace(ranked, flags=ranked.flags | {flag})
