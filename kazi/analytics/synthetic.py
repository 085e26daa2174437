"""A generated population for the fairness audit: workers and opportunities drawn from
ESCO occupations and their skills, and group labels drawn *independently* of both.

Framework-free (no Django import). Because the labels are drawn apart from everything the
engine sees (another random stream), an engine that cannot see them must treat the groups
alike up to chance: the audit of a generated population shows what parity looks like, and
a bias planted into the outcomes (in the tests) shows what a flag looks like.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kazi.matching.facts import OpportunityFacts, WorkerFacts

COUNTRIES: tuple[tuple[str, float], ...] = (
    ("KE", 0.35),
    ("UG", 0.2),
    ("JO", 0.15),
    ("PH", 0.15),
    ("FR", 0.15),
)

# Shares of each label in the generated population ("" = did not say).
LABEL_SHARES: dict[str, tuple[tuple[str, float], ...]] = {
    "gender": (("woman", 0.47), ("man", 0.47), ("another", 0.02), ("prefer_not", 0.02), ("", 0.02)),
    "age_band": (
        ("15-24", 0.2),
        ("25-34", 0.3),
        ("35-44", 0.22),
        ("45-54", 0.15),
        ("55-64", 0.09),
        ("65+", 0.02),
        ("", 0.02),
    ),
    "nationality": (
        ("KE", 0.3),
        ("UG", 0.15),
        ("SO", 0.1),
        ("SS", 0.1),
        ("ET", 0.1),
        ("CD", 0.08),
        ("ER", 0.05),
        ("SY", 0.04),
        ("AF", 0.03),
        ("", 0.05),
    ),
    "disability": (("no", 0.8), ("yes", 0.08), ("prefer_not", 0.07), ("", 0.05)),
}


@dataclass(frozen=True)
class OccupationSpec:
    """An ESCO occupation (database id) with its essential and optional skills."""

    id: int
    essential: tuple[int, ...]
    optional: tuple[int, ...] = ()


@dataclass(frozen=True)
class Population:
    workers: list[WorkerFacts]
    opportunities: list[OpportunityFacts]
    labels: dict[str, dict[int, str]]  # attribute → worker id → label ("" = not stated)


def _pick(rng: random.Random, shares: Sequence[tuple[str, float]]) -> str:
    values = [value for value, _ in shares]
    weights = [weight for _, weight in shares]
    return rng.choices(values, weights=weights, k=1)[0]


def _some(rng: random.Random, items: Sequence[int], share: float) -> set[int]:
    return {item for item in items if rng.random() < share}


def draw_labels(worker_ids: Sequence[int], seed: int) -> dict[str, dict[int, str]]:
    """Group labels for ``worker_ids``, from a random stream of their own."""
    rng = random.Random(f"kazi-fairness-labels-{seed}")
    return {
        attribute: {pk: _pick(rng, shares) for pk in worker_ids}
        for attribute, shares in LABEL_SHARES.items()
    }


def generate(
    occupations: Sequence[OccupationSpec],
    *,
    size: int,
    opportunities: int | None = None,
    seed: int = 0,
    today: date,
) -> Population:
    """``size`` workers and ``opportunities`` opportunities (default: one for every four
    workers) in a few countries, over a sample of ``occupations`` small enough that
    workers compete for the same openings."""
    if size < 1:
        raise ValueError("size must be at least 1")
    if not occupations:
        raise ValueError("no occupation with essential skills to draw from")
    count = opportunities if opportunities is not None else max(10, size // 4)
    rng = random.Random(f"kazi-fairness-facts-{seed}")
    pool = rng.sample(list(occupations), k=min(len(occupations), max(5, size // 25)))
    countries = [code for code, _ in COUNTRIES]
    weights = [share for _, share in COUNTRIES]
    employers = max(3, count // 5)

    workers: list[WorkerFacts] = []
    for pk in range(1, size + 1):
        occupation = rng.choice(pool)
        skills = _some(rng, occupation.essential, rng.uniform(0.4, 1.0))
        skills |= _some(rng, occupation.optional, 0.3)
        occupation_ids = {occupation.id}
        if rng.random() < 0.3:  # some experience in a second occupation
            other = rng.choice(pool)
            skills |= _some(rng, other.essential, 0.3)
            occupation_ids.add(other.id)
        workers.append(
            WorkerFacts(
                id=pk,
                skill_ids=frozenset(skills),
                country=rng.choices(countries, weights=weights, k=1)[0],
                accepts_remote=rng.random() < 0.25,
                work_types=frozenset({"job"}),
                occupation_ids=frozenset(occupation_ids),
                languages=frozenset({"en"}),
            )
        )

    items: list[OpportunityFacts] = []
    for pk in range(1, count + 1):
        occupation = rng.choice(pool)
        essential = rng.sample(
            occupation.essential, k=min(len(occupation.essential), rng.randint(3, 8))
        )
        optional = rng.sample(
            occupation.optional, k=min(len(occupation.optional), rng.randint(0, 4))
        )
        items.append(
            OpportunityFacts(
                id=pk,
                kind="job",
                country=rng.choices(countries, weights=weights, k=1)[0],
                remote=rng.random() < 0.1,
                essential_skill_ids=frozenset(essential),
                optional_skill_ids=frozenset(optional),
                occupation_id=occupation.id,
                employer_id=rng.randint(1, employers),
                closing_date=today + timedelta(days=rng.randint(5, 60)),
                published_at=today - timedelta(days=rng.randint(0, 40)),
            )
        )
    return Population(workers, items, draw_labels([w.id for w in workers], seed))
