"""Unit tests of the framework-free ranking core (no database)."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from kazi.matching.coverage import (
    ESSENTIAL_COVERAGE,
    OPTIONAL_COVERAGE,
    PROTECTED_ATTRIBUTES,
    CoverageRanker,
    OpportunityFacts,
    Ranker,
    WorkerFacts,
    score,
)

RANKER: Ranker = CoverageRanker()  # the core satisfies the interface the engine will use
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def worker(skills: set[int], **extra: object) -> WorkerFacts:
    values: dict[str, object] = {"id": 1, "skill_ids": frozenset(skills), "country": "KE"}
    values.update(extra)
    return WorkerFacts(**values)  # type: ignore[arg-type]


def opportunity(
    id: int, essential: set[int], optional: set[int] | None = None, **extra: object
) -> OpportunityFacts:
    values: dict[str, object] = {
        "id": id,
        "kind": "job",
        "country": "KE",
        "remote": False,
        "essential_skill_ids": frozenset(essential),
        "optional_skill_ids": frozenset(optional or set()),
        "published_at": NOW,
    }
    values.update(extra)
    return OpportunityFacts(**values)  # type: ignore[arg-type]


def ids(results: list) -> list[int]:  # type: ignore[type-arg]
    return [r.id for r in results]


def test_ranks_by_share_of_essential_skills_the_worker_has():
    me = worker({1, 2, 3})
    three_of_four = opportunity(10, {1, 2, 3, 4})
    all_of_two = opportunity(11, {1, 2})
    none = opportunity(12, {5, 6})
    results = RANKER.rank_opportunities(me, [none, three_of_four, all_of_two])
    assert ids(results) == [11, 10, 12]
    assert [r.score for r in results] == [1.0, 0.75, 0.0]


def test_results_carry_named_factors_and_matched_and_missing_skills():
    result = RANKER.rank_opportunities(worker({1, 2, 7}), [opportunity(10, {1, 2, 3}, {7, 8})])[0]
    essential = result.factor(ESSENTIAL_COVERAGE)
    optional = result.factor(OPTIONAL_COVERAGE)
    assert (essential.matched, essential.total) == (2, 3)
    assert essential.value == pytest.approx(2 / 3)
    assert (optional.matched, optional.total, optional.value) == (1, 2, 0.5)
    assert result.matched_essential == (1, 2)
    assert result.missing_essential == (3,)
    assert result.matched_optional == (7,)
    assert result.score == pytest.approx(2 / 3)


def test_optional_skills_break_ties_in_essential_coverage():
    me = worker({1, 7})
    without_optional = opportunity(10, {1, 2}, {8, 9})
    with_optional = opportunity(11, {1, 2}, {7, 9})
    assert ids(RANKER.rank_opportunities(me, [without_optional, with_optional])) == [11, 10]


def test_more_matched_skills_break_ties_in_coverage():
    me = worker({1, 2})
    one_skill = opportunity(10, {1})
    two_skills = opportunity(11, {1, 2})
    assert ids(RANKER.rank_opportunities(me, [one_skill, two_skills])) == [11, 10]


def test_fresher_opportunities_come_first_then_lower_ids_on_a_full_tie():
    me = worker({1})
    old = opportunity(5, {1}, published_at=NOW - timedelta(days=9))
    new = opportunity(9, {1}, published_at=NOW)
    never = opportunity(1, {1}, published_at=None)
    same_as_new = opportunity(7, {1}, published_at=NOW)
    as_date = opportunity(3, {1}, published_at=date(2025, 5, 1))
    results = RANKER.rank_opportunities(me, [old, new, never, same_as_new, as_date])
    assert ids(results) == [7, 9, 5, 3, 1]


def test_order_never_depends_on_the_input_order():
    rng = random.Random(7)
    me = worker({1, 2, 3, 4})
    pool = [
        opportunity(
            i,
            set(rng.sample(range(1, 9), rng.randint(0, 4))),
            set(rng.sample(range(1, 9), rng.randint(0, 3))),
            published_at=NOW - timedelta(days=rng.randint(0, 3)),
        )
        for i in range(1, 60)
    ]
    expected = ids(RANKER.rank_opportunities(me, pool))
    for _ in range(20):
        rng.shuffle(pool)
        assert ids(RANKER.rank_opportunities(me, pool)) == expected


def test_opportunities_without_essential_skills_are_ranked_by_optional_skills_only():
    me = worker({1, 2, 7, 8})
    optional_all = opportunity(10, set(), {7, 8})
    optional_none = opportunity(11, set(), {9})
    essential_half = opportunity(12, {1, 3})
    no_skills = opportunity(13, set())
    results = RANKER.rank_opportunities(
        me, [optional_none, essential_half, optional_all, no_skills]
    )
    assert ids(results) == [10, 12, 11, 13]
    assert results[0].score == 1.0
    assert results[0].factor(ESSENTIAL_COVERAGE).total == 0


def test_a_skill_listed_both_ways_counts_as_essential():
    result = score(frozenset({1}), opportunity(10, {1}, {1, 2}), item_id=10)
    assert result.matched_essential == (1,)
    assert result.matched_optional == ()
    assert result.factor(OPTIONAL_COVERAGE).total == 1


def test_place_filter_keeps_the_workers_country_and_remote_work_when_accepted():
    here = opportunity(1, set(), country="KE")
    abroad = opportunity(2, set(), country="JO")
    abroad_remote = opportunity(3, set(), country="FR", remote=True)
    pool = [here, abroad, abroad_remote]
    assert ids(RANKER.rank_opportunities(worker(set()), pool)) == [1]
    assert ids(RANKER.rank_opportunities(worker(set(), accepts_remote=True), pool)) == [1, 3]


def test_a_worker_who_has_not_said_where_they_are_is_not_filtered_by_place():
    pool = [opportunity(1, set(), country="KE"), opportunity(2, set(), country="JO")]
    assert ids(RANKER.rank_opportunities(worker(set(), country=""), pool)) == [1, 2]


def test_work_type_filter():
    job = opportunity(1, set(), kind="job")
    gig = opportunity(2, set(), kind="gig")
    task = opportunity(3, set(), kind="microtask")
    pool = [job, gig, task]
    assert ids(RANKER.rank_opportunities(worker(set(), work_types=frozenset({"gig"})), pool)) == [2]
    assert ids(RANKER.rank_opportunities(worker(set()), pool)) == [1, 2, 3]  # no wish: any
    training_only = worker(set(), work_types=frozenset({"training"}))
    assert RANKER.rank_opportunities(training_only, pool) == []


def test_closed_opportunities_are_left_out():
    today = date(2025, 6, 1)
    pool = [
        opportunity(1, set(), closing_date=today),
        opportunity(2, set(), closing_date=today - timedelta(days=1)),
        opportunity(3, set(), closing_date=None),
    ]
    assert ids(RANKER.rank_opportunities(worker(set()), pool, today=today)) == [1, 3]


def test_adding_a_required_skill_the_worker_has_never_lowers_their_score():
    rng = random.Random(2024)
    for case in range(500):
        skills = set(rng.sample(range(1, 15), rng.randint(0, 8)))
        essential = set(rng.sample(range(1, 15), rng.randint(0, 6)))
        optional = set(rng.sample(range(1, 15), rng.randint(0, 4)))
        before = score(frozenset(skills), opportunity(1, essential, optional), item_id=1)
        for added in skills - essential:
            after = score(
                frozenset(skills), opportunity(1, essential | {added}, optional), item_id=1
            )
            assert after.score >= before.score, (case, skills, essential, optional, added)


def test_learning_a_skill_never_lowers_a_score():
    rng = random.Random(11)
    for _ in range(300):
        skills = set(rng.sample(range(1, 12), rng.randint(0, 6)))
        opp = opportunity(1, set(rng.sample(range(1, 12), 4)), set(rng.sample(range(1, 12), 3)))
        before = score(frozenset(skills), opp, item_id=1).score
        for learned in set(range(1, 12)) - skills:
            assert score(frozenset(skills | {learned}), opp, item_id=1).score >= before


def test_protected_attributes_are_not_inputs_of_the_ranking():
    inputs = {f.name for f in dataclasses.fields(WorkerFacts)} | {
        f.name for f in dataclasses.fields(OpportunityFacts)
    }
    assert not inputs & PROTECTED_ATTRIBUTES
    assert {"origin_country", "nationality", "gender", "age", "religion", "disability"} <= (
        PROTECTED_ATTRIBUTES
    )
    with pytest.raises(TypeError):
        WorkerFacts(id=1, skill_ids=frozenset(), origin_country="SY")  # type: ignore[call-arg]


def test_rank_workers_orders_by_coverage_and_filters_by_their_place_and_wishes():
    job = opportunity(50, {1, 2}, {3})
    best = worker({1, 2, 3}, id=4)
    good = worker({1, 2}, id=3)
    half = worker({1}, id=2)
    elsewhere = worker({1, 2, 3}, id=5, country="JO")
    gigs_only = worker({1, 2, 3}, id=6, work_types=frozenset({"gig"}))
    results = RANKER.rank_workers(job, [half, elsewhere, good, gigs_only, best])
    assert ids(results) == [4, 3, 2]
    assert results[0].matched_optional == (3,)


def test_rank_workers_breaks_ties_deterministically_and_differently_per_opportunity():
    workers = [worker({1}, id=i) for i in range(1, 40)]
    first = ids(RANKER.rank_workers(opportunity(1, {1}), workers))
    assert first == ids(RANKER.rank_workers(opportunity(1, {1}), list(reversed(workers))))
    second = ids(RANKER.rank_workers(opportunity(2, {1}), workers))
    assert sorted(first) == sorted(second)
    assert first != second  # the same few workers do not always take the top places
