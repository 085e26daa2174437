"""The batch refresh core (kazi.matching.refresh): no database, the real engine."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from kazi.matching.engine import MatchEngine
from kazi.matching.facts import OpportunityFacts, WorkerFacts
from kazi.matching.refresh import (
    Match,
    Snapshot,
    collect,
    compute_chunk,
    run_local,
    run_serial,
    shortlists,
)
from kazi.matching.space import SkillSpace

TODAY = date(2026, 3, 2)
COUNTRIES = ("KE", "UG", "TZ")
KINDS = ("job", "gig", "microtask")


def space_of(skills: int = 60, occupations: int = 12) -> SkillSpace:
    return SkillSpace.hashed(
        {pk: f"skill/{pk}" for pk in range(1, skills + 1)},
        {pk: f"occupation/{pk}" for pk in range(1, occupations + 1)},
        related={1: frozenset({2}), 2: frozenset({1})},
        occupation_group={pk: pk // 3 for pk in range(1, occupations + 1)},
    )


def population(
    space: SkillSpace, opportunities: int, workers: int, seed: int = 3
) -> tuple[list[OpportunityFacts], list[WorkerFacts]]:
    """Mixed places, kinds, remote work, pay and languages; a few workers with no country,
    no skill (no vector) or no type of work."""
    rng = random.Random(seed)
    skill_ids = list(space.skill_rows)
    opps = []
    for pk in range(1, opportunities + 1):
        essential = frozenset(rng.sample(skill_ids, rng.randint(1, 5)))
        facts = OpportunityFacts(
            id=pk,
            kind=rng.choice(KINDS),
            country=rng.choice(COUNTRIES),
            remote=rng.random() < 0.2,
            essential_skill_ids=essential,
            optional_skill_ids=frozenset(rng.sample(skill_ids, 2)) - essential,
            occupation_id=rng.randint(1, 12),
            employer_id=rng.randint(1, 8),
            languages=frozenset(rng.sample(["en", "sw", "fr"], 1)),
            pay_monthly=rng.choice([None, 200.0, 600.0]),
            currency="USD",
            hours_per_week=rng.choice([None, 20.0, 45.0]),
            closing_date=TODAY + timedelta(days=rng.randint(0, 40)),
            published_at=datetime(2026, 2, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 600)),
        )
        opps.append(replace(facts, vector=space.opportunity_vector(facts)))
    people = []
    for pk in range(1, workers + 1):
        skills = frozenset(rng.sample(skill_ids, rng.randint(0, 8)) if pk % 7 else [])
        occupations = frozenset(rng.sample(range(1, 13), 1)) if skills else frozenset()
        facts = WorkerFacts(
            id=1000 + pk,
            skill_ids=skills,
            country="" if pk % 11 == 0 else rng.choice(COUNTRIES),
            accepts_remote=rng.random() < 0.5,
            work_types=frozenset(rng.sample(KINDS, rng.randint(0, 2))),
            occupation_ids=occupations,
            languages=frozenset({"en"}),
            min_pay_monthly=rng.choice([None, 300.0]),
            pay_currency="USD",
        )
        vector = space.worker_vector(facts) if skills or occupations else None
        people.append(replace(facts, vector=vector))
    return opps, people


def as_lists(found: dict[int, tuple]) -> dict[int, list[tuple[int, float]]]:  # type: ignore[type-arg]
    return {pk: [(m.opportunity_id, m.score) for m in matches] for pk, matches in found.items()}


def test_top_k_is_the_engine_ranking_over_all_open_opportunities_on_small_data() -> None:
    space = space_of()
    engine = MatchEngine(space)
    opps, workers = population(space, 60, 40)
    # Default top (20) and shortlist (60): every open opportunity passes to the engine.
    snapshot = Snapshot(opps, workers, engine, TODAY, chunk_size=7)
    found = collect(run_serial(snapshot))
    assert set(found) == {w.id for w in workers}
    for worker in workers:
        expected = engine.rank_opportunities(worker, opps, today=TODAY, top=20)
        got = found[worker.id]
        assert [m.opportunity_id for m in got] == [r.id for r in expected]
        assert [m.score for m in got] == [r.score for r in expected]
    assert any(found.values()), "the data must give some matches"


def test_shortlist_keeps_only_what_the_filters_let_through() -> None:
    space = space_of()
    opps, workers = population(space, 300, 60)
    engine = MatchEngine(space)
    snapshot = Snapshot(opps, workers, engine, TODAY, top=5, shortlist=12)
    lists = shortlists(snapshot, snapshot.workers)
    for worker, shortlist in zip(snapshot.workers, lists, strict=True):
        assert len(shortlist) <= 12
        assert len({o.id for o in shortlist}) == len(shortlist)
        for opportunity in shortlist:
            assert not worker.country or (
                opportunity.country == worker.country
                or (opportunity.remote and worker.accepts_remote)
            )
            assert not worker.work_types or opportunity.kind in worker.work_types


def test_shortlist_finds_the_closest_opportunity_in_a_large_partition() -> None:
    space = space_of(skills=400)
    rng = random.Random(5)
    opps = []
    for pk in range(1, 501):
        facts = OpportunityFacts(
            id=pk,
            kind="job",
            country="KE",
            remote=False,
            essential_skill_ids=frozenset(rng.sample(range(1, 401), 4)),
        )
        opps.append(replace(facts, vector=space.opportunity_vector(facts)))
    target = opps[321]
    worker = WorkerFacts(id=1, skill_ids=target.essential_skill_ids, country="KE")
    worker = replace(worker, vector=space.worker_vector(worker))
    snapshot = Snapshot(opps, [worker], MatchEngine(space), TODAY, top=3, shortlist=10)
    found = collect(run_serial(snapshot))
    assert found[1][0].opportunity_id == target.id
    assert found[1][0].score == 1.0


def test_a_worker_without_vector_gets_the_newest_opportunities() -> None:
    opps = [
        OpportunityFacts(
            id=pk,
            kind="job",
            country="KE",
            remote=False,
            essential_skill_ids=frozenset(),
            published_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=pk),
            vector=np.ones(4, np.float32) / 2,
        )
        for pk in range(1, 41)
    ]
    worker = WorkerFacts(id=7, skill_ids=frozenset(), country="KE")
    snapshot = Snapshot(opps, [worker], MatchEngine(), TODAY, top=5, shortlist=10)
    (shortlist,) = shortlists(snapshot, [worker])
    assert sorted(o.id for o in shortlist) == list(range(31, 41))


def test_remote_opportunities_of_the_workers_country_are_counted_once() -> None:
    space = space_of()
    facts = OpportunityFacts(
        id=1, kind="job", country="KE", remote=True, essential_skill_ids=frozenset({1})
    )
    opp = replace(facts, vector=space.opportunity_vector(facts))
    worker = WorkerFacts(id=2, skill_ids=frozenset({1}), country="KE", accepts_remote=True)
    worker = replace(worker, vector=space.worker_vector(worker))
    snapshot = Snapshot([opp], [worker], MatchEngine(space), TODAY, top=5)
    assert [o.id for o in shortlists(snapshot, [worker])[0]] == [1]
    assert [m.opportunity_id for m in collect(run_serial(snapshot))[2]] == [1]


def test_serial_and_parallel_give_the_same_results() -> None:
    space = space_of()
    opps, workers = population(space, 400, 90, seed=9)
    snapshot = Snapshot(
        opps, workers, MatchEngine(space), TODAY, top=8, shortlist=16, chunk_size=10
    )
    serial = collect(run_serial(snapshot))
    seen: list[int] = []
    parallel = collect(run_local(snapshot, processes=2), progress=seen.append)
    assert as_lists(parallel) == as_lists(serial)
    assert sum(seen) == len(workers) and len(seen) == len(snapshot.chunks())


def test_empty_snapshots() -> None:
    space = space_of()
    opps, workers = population(space, 10, 5)
    assert collect(run_serial(Snapshot(opps, [], MatchEngine(space), TODAY))) == {}
    nothing = collect(run_local(Snapshot([], workers, MatchEngine(space), TODAY), processes=2))
    assert nothing == {w.id: () for w in workers}


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="top"):
        Snapshot([], [], MatchEngine(), TODAY, top=0)
    with pytest.raises(ValueError, match="shortlist"):
        Snapshot([], [], MatchEngine(), TODAY, top=10, shortlist=5)
    with pytest.raises(ValueError, match="processes"):
        list(run_local(Snapshot([], [], MatchEngine(), TODAY), processes=0))


def test_one_chunk_in_isolation() -> None:
    space = space_of()
    opps, workers = population(space, 50, 12)
    snapshot = Snapshot(opps, workers, MatchEngine(space), TODAY, chunk_size=5)
    start, end = snapshot.chunks()[1]
    chunk = compute_chunk(snapshot, start, end)
    assert [item.worker_id for item in chunk] == [w.id for w in snapshot.workers[5:10]]


def test_shortlist_finds_full_skill_coverage_that_vectors_would_miss() -> None:
    """An offer asking for one skill the worker has is a perfect fit, though its vector
    is far from the worker's (who has ten skills); 200 offers asking for eight of the ten
    and two others are closer in vectors but fit less."""
    space = space_of(skills=40)
    have = frozenset(range(1, 11))
    decoys = []
    for pk in range(1, 201):
        facts = OpportunityFacts(
            id=pk,
            kind="job",
            country="KE",
            remote=False,
            essential_skill_ids=frozenset(range(1, 9)) | {10 + pk % 30, 11 + pk % 29},
        )
        decoys.append(replace(facts, vector=space.opportunity_vector(facts)))
    small = OpportunityFacts(
        id=500, kind="job", country="KE", remote=False, essential_skill_ids=frozenset({1})
    )
    small = replace(small, vector=space.opportunity_vector(small))
    worker = WorkerFacts(id=1, skill_ids=have, country="KE")
    worker = replace(worker, vector=space.worker_vector(worker))
    similarity = {o.id: float(o.vector @ worker.vector) for o in [*decoys, small]}
    assert sum(s > similarity[500] for s in similarity.values()) > 100
    snapshot = Snapshot([*decoys, small], [worker], MatchEngine(space), TODAY, top=3)
    assert collect(run_serial(snapshot))[1][0] == Match(500, 1.0)
