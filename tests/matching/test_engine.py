"""Unit tests of the framework-free matching engine (no database)."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, date, datetime, timedelta

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kazi.matching import engine as engine_module
from kazi.matching.engine import (
    CAPPED,
    FRESHNESS,
    HOURS,
    LANGUAGE,
    OCCUPATION_FIT,
    PAY,
    RIGHT_TO_WORK,
    ROTATED,
    SKILL_FIT,
    START,
    Audience,
    MatchEngine,
    Settings,
)
from kazi.matching.facts import PROTECTED_ATTRIBUTES, OpportunityFacts, WorkerFacts, monthly
from kazi.matching.space import SkillSpace, normalised

TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
ENGINE = MatchEngine()


def worker(skills: set[int] | frozenset[int] = frozenset(), **extra: object) -> WorkerFacts:
    values: dict[str, object] = {"id": 1, "skill_ids": frozenset(skills), "country": "KE"}
    values.update(extra)
    return WorkerFacts(**values)  # type: ignore[arg-type]


def opportunity(
    id: int = 10,
    essential: set[int] | frozenset[int] = frozenset(),
    optional: set[int] | frozenset[int] = frozenset(),
    **extra: object,
) -> OpportunityFacts:
    values: dict[str, object] = {
        "id": id,
        "kind": "job",
        "country": "KE",
        "remote": False,
        "essential_skill_ids": frozenset(essential),
        "optional_skill_ids": frozenset(optional),
        "published_at": NOW,
    }
    values.update(extra)
    return OpportunityFacts(**values)  # type: ignore[arg-type]


def ids(results: list) -> list[int]:  # type: ignore[type-arg]
    return [r.id for r in results]


def no_rotation(**extra: object) -> MatchEngine:
    return MatchEngine(settings=Settings(rotation_band=0.0, **extra))  # type: ignore[arg-type]


# ------------------------------------------------------------------- skill fit


def test_skill_fit_is_the_share_of_essential_skills_when_only_those_are_listed():
    item = ENGINE.score(worker({1, 2, 3}), opportunity(essential={1, 2, 3, 4}), today=TODAY)
    assert item.factor(SKILL_FIT).value == 0.75
    assert item.score == 0.75
    assert item.matched_essential == (1, 2, 3) and item.missing_essential == (4,)


def test_optional_skills_weigh_a_fifth_next_to_essential_skills():
    item = ENGINE.score(worker({1, 7}), opportunity(essential={1, 2}, optional={7, 8}))
    # 0.8 × 1/2 essential + 0.2 × 1/2 optional
    assert item.factor(SKILL_FIT).value == 0.5
    assert item.matched_optional == (7,) and item.missing_optional == (8,)


def test_an_opportunity_that_lists_no_skill_is_open_to_all_at_half_fit():
    item = ENGINE.score(worker({1}), opportunity())
    assert item.factor(SKILL_FIT).value == 0.5
    assert item.factor(SKILL_FIT).params["essential_total"] == 0


def test_a_skill_listed_both_ways_counts_as_essential_only():
    item = ENGINE.score(worker({1}), opportunity(essential={1}, optional={1, 2}))
    assert item.matched_essential == (1,) and item.matched_optional == ()
    assert item.missing_optional == (2,)


def _space(related: dict[int, frozenset[int]], vectors: dict[int, np.ndarray]) -> SkillSpace:
    ids_ = sorted(vectors)
    return SkillSpace(
        dim=3,
        skill_rows={pk: row for row, pk in enumerate(ids_)},
        skill_matrix=np.vstack([normalised(vectors[pk]) for pk in ids_]),
        occupation_rows={},
        occupation_matrix=np.zeros((0, 3), np.float32),
        related=related,
        source="test",
    )


def test_a_missing_skill_linked_in_esco_to_one_the_worker_has_earns_half_credit():
    space = _space(
        {1: frozenset({2}), 2: frozenset({1})},
        {1: np.array([1.0, 0, 0]), 2: np.array([0, 1.0, 0]), 3: np.array([0, 0, 1.0])},
    )
    item = MatchEngine(space).score(worker({1}), opportunity(essential={2, 3}))
    assert item.partial == ((2, 1, 0.5),)
    assert item.factor(SKILL_FIT).value == 0.25  # (0 + 0.5 + 0) / 2
    assert item.missing_essential == (2, 3)  # still shown as missing


def test_a_missing_skill_close_in_meaning_earns_credit_growing_with_similarity():
    close = np.array([1.0, 0.2, 0])  # cosine 0.98 with skill 1
    far = np.array([1.0, 1.0, 0])  # cosine 0.71 with skill 1
    space = _space({}, {1: np.array([1.0, 0, 0]), 2: close, 3: far})
    engine = MatchEngine(space)
    near_item = engine.score(worker({1}), opportunity(essential={2}))
    far_item = engine.score(worker({1}), opportunity(essential={3}))
    assert near_item.partial and near_item.partial[0][:2] == (2, 1)
    assert 0 < near_item.factor(SKILL_FIT).value <= 0.5
    assert far_item.partial == () and far_item.factor(SKILL_FIT).value == 0.0


# -------------------------------------------------------------- occupation fit


def test_occupation_fit_counts_a_fifth_of_fit_when_both_sides_have_occupations():
    same = ENGINE.score(
        worker({1}, occupation_ids=frozenset({50})), opportunity(essential={1, 2}, occupation_id=50)
    )
    assert same.factor(OCCUPATION_FIT).value == 1.0
    assert same.factor(OCCUPATION_FIT).weight == 0.2
    assert same.score == 0.6  # 0.8 × 0.5 + 0.2 × 1
    other = ENGINE.score(
        worker({1}, occupation_ids=frozenset({51})), opportunity(essential={1, 2}, occupation_id=50)
    )
    assert other.factor(OCCUPATION_FIT).value == 0.0
    assert other.score == 0.4
    unknown = ENGINE.score(worker({1}), opportunity(essential={1, 2}, occupation_id=50))
    assert not unknown.has_factor(OCCUPATION_FIT) and unknown.score == 0.5


def test_an_occupation_of_the_same_isco_group_is_close():
    space = SkillSpace.hashed({}, {50: "a", 51: "b"}, occupation_group={50: 7, 51: 7})
    item = MatchEngine(space).score(
        worker(occupation_ids=frozenset({51})), opportunity(occupation_id=50)
    )
    assert item.factor(OCCUPATION_FIT).value == 0.6
    assert item.factor(OCCUPATION_FIT).params["match"] == "group"


# ----------------------------------------------------------------- wishes


def test_pay_below_the_workers_minimum_lowers_the_score_in_proportion():
    me = worker({1}, min_pay_monthly=1000.0, pay_currency="KES")
    enough = ENGINE.score(me, opportunity(essential={1}, pay_monthly=1200.0, currency="KES"))
    low = ENGINE.score(me, opportunity(essential={1}, pay_monthly=800.0, currency="KES"))
    very_low = ENGINE.score(me, opportunity(essential={1}, pay_monthly=100.0, currency="KES"))
    assert enough.factor(PAY).value == 1.0 and enough.score == 1.0
    assert low.factor(PAY).value == 0.8 and low.score == 0.8
    assert very_low.factor(PAY).value == 0.3  # the floor: still shown, far down


def test_pay_in_another_currency_or_not_stated_is_not_compared():
    me = worker({1}, min_pay_monthly=1000.0, pay_currency="KES")
    other = ENGINE.score(me, opportunity(essential={1}, pay_monthly=10.0, currency="USD"))
    assert other.factor(PAY).value == 1.0 and other.factor(PAY).params["state"] == "unknown"
    silent = ENGINE.score(worker({1}), opportunity(essential={1}, pay_monthly=10.0))
    assert silent.factor(PAY).params["state"] == "unknown"


def test_pay_periods_are_compared_per_month():
    assert monthly(10, "hour", 40) == 10 * 40 * 52 / 12
    assert round(monthly(100, "day") or 0, 2) == round(100 * 173.33 / 8, 2)
    assert monthly(1200, "month") == 1200
    assert monthly(None, "month") is None and monthly(5, "fortnight") is None


def test_more_hours_than_the_worker_can_work_lower_the_score():
    me = worker({1}, max_hours_per_week=20.0)
    assert ENGINE.score(me, opportunity(essential={1}, hours_per_week=20.0)).score == 1.0
    item = ENGINE.score(me, opportunity(essential={1}, hours_per_week=40.0))
    assert item.factor(HOURS).value == 0.5 and item.factor(HOURS).params["state"] == "more"


def test_a_start_before_the_worker_is_available_lowers_the_score():
    me = worker({1}, available_from=TODAY + timedelta(days=30))
    early = ENGINE.score(me, opportunity(essential={1}, start_date=TODAY))
    later = ENGINE.score(me, opportunity(essential={1}, start_date=TODAY + timedelta(days=40)))
    assert early.factor(START).value == 0.7 and later.factor(START).value == 1.0


# ------------------------------------------------------------- feasibility


def test_languages_the_worker_does_not_speak_halve_the_score():
    me = worker({1}, languages=frozenset({"sw", "en"}))
    speaks = ENGINE.score(me, opportunity(essential={1}, languages=frozenset({"fr", "en"})))
    missing = ENGINE.score(me, opportunity(essential={1}, languages=frozenset({"fr"})))
    assert speaks.factor(LANGUAGE).value == 1.0
    assert missing.factor(LANGUAGE).value == 0.5 and missing.score == 0.5


def test_right_to_work_weighs_only_on_the_workers_own_list_and_only_where_they_are():
    me = worker({1}, right_to_work="no")
    here = opportunity(essential={1})
    abroad = opportunity(essential={1}, country="UG", remote=True)
    own = ENGINE.score(me, here, today=TODAY)
    assert own.factor(RIGHT_TO_WORK).value == 0.6
    assert not ENGINE.score(me, abroad, today=TODAY).has_factor(RIGHT_TO_WORK)
    employer_view = ENGINE.score(me, here, today=TODAY, audience=Audience.EMPLOYER)
    assert not employer_view.has_factor(RIGHT_TO_WORK) and employer_view.score == 1.0
    pending = ENGINE.score(worker({1}, right_to_work="pending"), here, today=TODAY)
    assert pending.factor(RIGHT_TO_WORK).value == 0.85


def test_freshness_fades_gently_and_only_on_the_workers_list():
    fresh = opportunity(essential={1}, published_at=NOW - timedelta(days=3))
    month = opportunity(essential={1}, published_at=NOW - timedelta(days=30))
    old = opportunity(essential={1}, published_at=NOW - timedelta(days=400))
    values = [
        ENGINE.score(worker({1}), o, today=TODAY).factor(FRESHNESS).value
        for o in (fresh, month, old)
    ]
    assert values[0] == 1.0 and 0.85 < values[1] < 1.0 and values[2] == 0.85
    employer_view = ENGINE.score(worker({1}), old, today=TODAY, audience=Audience.EMPLOYER)
    assert not employer_view.has_factor(FRESHNESS)


def test_the_score_is_fit_times_every_other_factor():
    me = worker({1}, min_pay_monthly=1000.0, pay_currency="KES", languages=frozenset({"en"}))
    item = ENGINE.score(
        me,
        opportunity(
            essential={1, 2},
            pay_monthly=800.0,
            currency="KES",
            languages=frozenset({"fr"}),
            published_at=NOW - timedelta(days=400),
        ),
        today=TODAY,
    )
    product = 1.0
    for factor in item.factors:
        product *= factor.value
    assert item.score == round(0.5 * 0.8 * 0.5 * 0.85, 4) == round(product, 4)


# ------------------------------------------------------------------ filters


def test_place_type_and_closing_date_are_filters():
    me = worker({1}, work_types=frozenset({"job"}), accepts_remote=True)
    results = ENGINE.rank_opportunities(
        me,
        [
            opportunity(1, {1}),
            opportunity(2, {1}, country="UG"),
            opportunity(3, {1}, country="UG", remote=True),
            opportunity(4, {1}, kind="gig"),
            opportunity(5, {1}, closing_date=TODAY - timedelta(days=1)),
            opportunity(6, {1}, closing_date=TODAY),
        ],
        today=TODAY,
    )
    assert sorted(ids(results)) == [1, 3, 6]


def test_a_worker_who_has_not_said_where_they_are_sees_every_place():
    results = ENGINE.rank_opportunities(
        worker({1}, country=""), [opportunity(1, {1}), opportunity(2, {1}, country="UG")]
    )
    assert sorted(ids(results)) == [1, 2]


def test_rank_workers_filters_by_their_place_and_wishes():
    job = opportunity(1, {1, 2})
    workers = [
        worker({1, 2}, id=1),
        worker({1}, id=2),
        worker({1, 2}, id=3, country="UG"),
        worker({1, 2}, id=4, work_types=frozenset({"gig"})),
        worker({1, 2}, id=5, country=""),
    ]
    results = no_rotation().rank_workers(job, workers, today=TODAY)
    assert ids(results) == [1, 5, 2]
    assert [r.score for r in results] == [1.0, 1.0, 0.5]


# ------------------------------------------------------- rotation and caps


def test_ranking_is_deterministic_for_a_day_and_independent_of_input_order():
    items = [opportunity(i, {1, 2, 3}, optional={i}) for i in range(1, 30)]
    me = worker({1, 2})
    first = ids(ENGINE.rank_opportunities(me, items, today=TODAY))
    again = ids(ENGINE.rank_opportunities(me, list(reversed(items)), today=TODAY))
    assert first == again


def test_near_equal_scores_rotate_from_day_to_day_but_clear_gaps_do_not():
    me = worker({1, 2})
    equal = [opportunity(i, {1, 2, 3}) for i in range(1, 21)]
    best = opportunity(99, {1, 2})
    orders = {
        tuple(ids(ENGINE.rank_opportunities(me, [best, *equal], today=TODAY + timedelta(days=d))))
        for d in range(5)
    }
    assert len(orders) > 1  # the near-equal ones change places
    assert all(order[0] == 99 for order in orders)  # a clearly better one stays first
    day = ENGINE.rank_opportunities(me, [best, *equal], today=TODAY)
    assert any(ROTATED in r.flags for r in day)


def test_at_most_three_results_of_one_employer_among_the_first_twenty():
    me = worker({1})
    crowded = [opportunity(i, {1}, employer_id=7) for i in range(1, 11)]
    others = [opportunity(i, {1, 2}, employer_id=100 + i) for i in range(11, 16)]
    results = ENGINE.rank_opportunities(me, [*crowded, *others], today=TODAY)
    head = results[:8]
    assert sum(1 for r in head if r.id <= 10) == 3
    assert [r.id for r in results[8:]] and all(CAPPED in r.flags for r in results[8:])
    assert len(results) == 15  # moved down, never removed


def test_a_worker_shown_to_employers_too_often_today_moves_behind_the_others():
    job = opportunity(1, {1})
    workers = [worker({1}, id=i) for i in (1, 2, 3)]
    results = no_rotation(worker_daily_cap=2).rank_workers(
        job, workers, today=TODAY, exposure={1: 5, 2: 1}
    )
    assert ids(results) == [2, 3, 1]
    assert CAPPED in results[-1].flags


# ------------------------------------------------------------- invariants

skill_sets = st.frozensets(st.integers(1, 12), max_size=8)


@settings(max_examples=200, deadline=None)
@given(have=skill_sets, essential=skill_sets, optional=skill_sets, new=st.integers(1, 12))
def test_adding_a_required_skill_the_worker_has_never_lowers_the_score(
    have: frozenset[int], essential: frozenset[int], optional: frozenset[int], new: int
) -> None:
    assume(new not in optional)  # a new requirement, not an optional skill promoted
    me = worker(have | {new})
    before = ENGINE.score(me, opportunity(essential=essential, optional=optional), today=TODAY)
    after = ENGINE.score(
        me, opportunity(essential=essential | {new}, optional=optional), today=TODAY
    )
    if essential:  # from "open to all" (no skill listed) the fit is a different rule
        assert after.score >= before.score


@settings(max_examples=200, deadline=None)
@given(have=skill_sets, essential=skill_sets, optional=skill_sets, learned=st.integers(1, 12))
def test_learning_a_skill_never_lowers_a_score(
    have: frozenset[int], essential: frozenset[int], optional: frozenset[int], learned: int
) -> None:
    job = opportunity(essential=essential, optional=optional)
    before = ENGINE.score(worker(have), job, today=TODAY)
    after = ENGINE.score(worker(have | {learned}), job, today=TODAY)
    assert after.score >= before.score


protected_values = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["f", "m", "x", ""]),
        "age": st.integers(15, 80),
        "nationality": st.sampled_from(["SY", "KE", "NP", "PH", ""]),
        "disability": st.booleans(),
        "religion": st.sampled_from(["a", "b", ""]),
        "marital_status": st.sampled_from(["single", "married", ""]),
    }
)


@dataclasses.dataclass(frozen=True)
class WorkerWithPrivateFacts(WorkerFacts):
    """What a careless caller might build: the engine's facts plus protected attributes."""

    gender: str = ""
    age: int = 0
    nationality: str = ""
    disability: bool = False
    religion: str = ""
    marital_status: str = ""


@settings(max_examples=100, deadline=None)
@given(a=protected_values, b=protected_values, have=skill_sets, essential=skill_sets)
def test_protected_attributes_do_not_change_any_score_or_order(
    a: dict[str, object], b: dict[str, object], have: frozenset[int], essential: frozenset[int]
) -> None:
    jobs = [opportunity(i, essential | {i}) for i in range(1, 6)]
    first = WorkerWithPrivateFacts(id=1, skill_ids=have, country="KE", **a)  # type: ignore[arg-type]
    second = WorkerWithPrivateFacts(id=1, skill_ids=have, country="KE", **b)  # type: ignore[arg-type]
    one = ENGINE.rank_opportunities(first, jobs, today=TODAY)
    two = ENGINE.rank_opportunities(second, jobs, today=TODAY)
    assert [(r.id, r.score) for r in one] == [(r.id, r.score) for r in two]
    candidates_one = ENGINE.rank_workers(jobs[0], [first, worker(have, id=2)], today=TODAY)
    candidates_two = ENGINE.rank_workers(jobs[0], [second, worker(have, id=2)], today=TODAY)
    assert [(r.id, r.score) for r in candidates_one] == [(r.id, r.score) for r in candidates_two]


def test_the_engine_facts_have_no_field_for_protected_attributes_or_activity():
    fields = {f.name for f in dataclasses.fields(WorkerFacts)}
    assert not fields & PROTECTED_ATTRIBUTES
    assert "last_login" in PROTECTED_ATTRIBUTES and "nationality" in PROTECTED_ATTRIBUTES
    source = inspect.getsource(engine_module)
    for name in ("gender", "nationality", "religion", "disability", "marital"):
        assert f".{name}" not in source


def test_the_close_skill_named_is_one_the_worker_has_even_when_some_have_no_vector():
    # The space knows skills 2 and 5 only (skill 0 was added after it was built).
    space = _space({}, {2: np.array([1.0, 0, 0]), 5: np.array([1.0, 0.1, 0])})
    item = MatchEngine(space).score(worker({0, 2}), opportunity(essential={5}))
    assert item.partial and item.partial[0][:2] == (5, 2)
