"""The fairness metrics core, on small populations computed by hand."""

from __future__ import annotations

import pytest

from kazi.matching.fairness import (
    EXPOSURE_RATE,
    MEAN_EXPOSURES,
    MEAN_RANK,
    MEAN_SCORE,
    NOT_STATED,
    OTHER_GROUPS,
    RECOMMENDATION_RATE,
    OutcomeTally,
    WorkerOutcome,
    audit,
    audit_attribute,
    group_values,
    holm,
    p_value,
    ratio_to_best,
    t_two_sided,
)


def people(
    first_id: int,
    count: int,
    *,
    recommended: int,
    score: float,
    shown: int,
    exposures: int = 1,
    rank: int = 1,
) -> list[WorkerOutcome]:
    """``count`` workers: the first ``recommended`` have a best opportunity scored
    ``score``; the first ``shown`` appear in ``exposures`` candidate lists, best at ``rank``."""
    return [
        WorkerOutcome(
            worker_id=first_id + i,
            recommended=i < recommended,
            top_score=score if i < recommended else None,
            ranks=(rank,) * exposures if i < shown else (),
        )
        for i in range(count)
    ]


def test_hand_computed_groups_ratios_and_the_four_fifths_flag():
    # 10 women: 4 recommended (best score 0.6), 5 shown once each, best at place 2.
    # 10 men: 8 recommended (best score 0.75), 5 shown twice each, best at place 1.
    women = people(1, 10, recommended=4, score=0.6, shown=5, exposures=1, rank=2)
    men = people(101, 10, recommended=8, score=0.75, shown=5, exposures=2, rank=1)
    labels = {o.worker_id: "woman" for o in women} | {o.worker_id: "man" for o in men}

    result = audit_attribute("gender", women + men, labels)

    by_label = {g.label: g for g in result.groups}
    w, m = by_label["woman"], by_label["man"]
    assert (w.n, m.n) == (10, 10)
    assert w.values[RECOMMENDATION_RATE] == pytest.approx(0.4)
    assert m.values[RECOMMENDATION_RATE] == pytest.approx(0.8)
    assert w.values[EXPOSURE_RATE] == m.values[EXPOSURE_RATE] == pytest.approx(0.5)
    assert w.values[MEAN_EXPOSURES] == pytest.approx(0.5)
    assert m.values[MEAN_EXPOSURES] == pytest.approx(1.0)
    assert (w.values[MEAN_RANK], m.values[MEAN_RANK]) == (2.0, 1.0)
    assert w.values[MEAN_SCORE] == pytest.approx(0.6)
    assert m.values[MEAN_SCORE] == pytest.approx(0.75)

    # Men are the best-off group for every metric (the tie on exposure rate goes to the
    # larger-then-alphabetically-first group).
    assert result.best == {
        RECOMMENDATION_RATE: "man",
        EXPOSURE_RATE: "man",
        MEAN_EXPOSURES: "man",
        MEAN_RANK: "man",
        MEAN_SCORE: "man",
    }
    assert w.ratios[RECOMMENDATION_RATE] == pytest.approx(0.5)
    assert w.ratios[EXPOSURE_RATE] == pytest.approx(1.0)
    assert w.ratios[MEAN_EXPOSURES] == pytest.approx(0.5)
    assert w.ratios[MEAN_RANK] == pytest.approx(0.5)  # best / value: 1 / 2
    assert w.ratios[MEAN_SCORE] == pytest.approx(0.8)  # 0.6 / 0.75: exactly 4/5
    # Under 0.8 is flagged; exactly 0.8 is not.
    assert w.flagged == (RECOMMENDATION_RATE, MEAN_EXPOSURES, MEAN_RANK)
    assert m.flagged == ()
    assert all(ratio == pytest.approx(1.0) for ratio in m.ratios.values())
    assert [g.label for g in result.flagged_groups] == ["woman"]


def test_workers_without_a_label_form_the_not_stated_group():
    outcomes = people(1, 12, recommended=6, score=0.5, shown=0)
    labels = {pk: "yes" for pk in range(1, 6)} | {6: ""}  # 7..12 have no label at all
    result = audit_attribute("disability", outcomes, labels)
    sizes = {g.label: g.n for g in result.groups}
    assert sizes == {NOT_STATED: 7, "yes": 5}
    # Ranks are undefined when no one was shown: no value, no ratio, no flag.
    assert all(g.values[MEAN_RANK] is None and g.ratios[MEAN_RANK] is None for g in result.groups)
    # Nobody was shown at all: a best of zero defines no ratio, so nothing is flagged.
    assert all(g.ratios[EXPOSURE_RATE] is None for g in result.groups)
    assert all(not g.flagged or RECOMMENDATION_RATE in g.flagged for g in result.groups)


def test_small_groups_are_pooled_and_never_shown_alone():
    # 20 + 10 + 3 + 2: the groups of 3 and 2 are pooled (5 people, shown as one row).
    outcomes = (
        people(1, 20, recommended=20, score=0.9, shown=20)
        + people(101, 10, recommended=5, score=0.9, shown=10)
        + people(201, 3, recommended=0, score=0.0, shown=0)
        + people(301, 2, recommended=2, score=0.9, shown=2)
    )
    labels = (
        {pk: "KE" for pk in range(1, 21)}
        | {pk: "UG" for pk in range(101, 111)}
        | {pk: "SO" for pk in range(201, 204)}
        | {pk: "ER" for pk in range(301, 303)}
    )
    result = audit_attribute("nationality", outcomes, labels)
    assert [(g.label, g.n) for g in result.groups] == [("KE", 20), ("UG", 10), (OTHER_GROUPS, 5)]
    pooled = result.groups[-1]
    assert pooled.values[RECOMMENDATION_RATE] == pytest.approx(2 / 5)
    assert pooled.ratios[RECOMMENDATION_RATE] == pytest.approx(0.4)
    assert RECOMMENDATION_RATE in pooled.flagged  # a pooled row is compared, and flagged
    assert "SO" not in {g.label for g in result.groups}


def test_a_small_pool_takes_in_the_next_smallest_group_so_no_size_under_five_leaks():
    # 10 + 6 + 3: the pool of 3 is too small, the group of 6 joins it (9 people).
    outcomes = people(1, 19, recommended=19, score=0.5, shown=0)
    labels = (
        {pk: "25-34" for pk in range(1, 11)}
        | {pk: "35-44" for pk in range(11, 17)}
        | {pk: "65+" for pk in range(17, 20)}
    )
    result = audit_attribute("age_band", outcomes, labels)
    assert [(g.label, g.n) for g in result.groups] == [("25-34", 10), (OTHER_GROUPS, 9)]


def test_a_population_smaller_than_the_threshold_shows_nothing():
    outcomes = people(1, 4, recommended=2, score=0.5, shown=1)
    result = audit_attribute("gender", outcomes, dict.fromkeys(range(1, 5), "woman"))
    assert len(result.groups) == 1
    only = result.groups[0]
    assert only.label == OTHER_GROUPS and only.suppressed and only.n is None
    assert set(only.values.values()) == {None}
    assert result.best[RECOMMENDATION_RATE] is None


def test_minimum_group_size_and_threshold_are_settings():
    outcomes = people(1, 3, recommended=3, score=0.5, shown=0) + people(
        11, 3, recommended=2, score=0.5, shown=0
    )
    labels = dict.fromkeys(range(1, 4), "a") | dict.fromkeys(range(11, 14), "b")
    strict = audit_attribute("x", outcomes, labels, min_group=3, threshold=0.9)
    b = {g.label: g for g in strict.groups}["b"]
    assert b.ratios[RECOMMENDATION_RATE] == pytest.approx(2 / 3)
    assert b.flagged == (RECOMMENDATION_RATE,)
    lenient = audit_attribute("x", outcomes, labels, min_group=3, threshold=0.5)
    assert all(not g.flagged for g in lenient.groups)


def test_audit_runs_every_attribute_and_lists_the_flags():
    outcomes = people(1, 10, recommended=10, score=0.8, shown=10) + people(
        11, 10, recommended=3, score=0.8, shown=10
    )
    labels = {
        "gender": dict.fromkeys(range(1, 11), "man") | dict.fromkeys(range(11, 21), "woman"),
        "disability": dict.fromkeys(range(1, 21), "no"),
    }
    result = audit(outcomes, labels)
    assert [a.attribute for a in result.attributes] == ["gender", "disability"]
    assert result.people == 20
    [flag] = result.flags
    assert (flag.attribute, flag.group, flag.metric) == ("gender", "woman", RECOMMENDATION_RATE)
    assert flag.ratio == pytest.approx(0.3)
    assert flag.p_value is not None and flag.p_value < 0.01


def test_ratio_to_best():
    assert ratio_to_best(0.3, 0.6, True) == pytest.approx(0.5)
    assert ratio_to_best(4.0, 2.0, False) == pytest.approx(0.5)
    assert ratio_to_best(0.0, 0.0, True) is None
    assert ratio_to_best(None, 0.5, True) is None


def test_mean_rank_averages_each_shown_worker_once():
    # One worker shown at places 1 and 3 (average 2), another at place 8: (2 + 8) / 2 = 5.
    outcomes = [WorkerOutcome(1, False, ranks=(1, 3)), WorkerOutcome(2, False, ranks=(8,))]
    values = group_values(outcomes)
    assert values[MEAN_RANK] == pytest.approx(5.0)
    assert values[MEAN_EXPOSURES] == pytest.approx(1.5)
    assert values[EXPOSURE_RATE] == 1.0
    assert values[RECOMMENDATION_RATE] == 0.0
    assert values[MEAN_SCORE] is None  # nobody recommended: no score to average
    assert outcomes[0].best_rank == 1 and outcomes[0].exposures == 2


def test_p_values_computed_by_hand():
    # Two proportions 4/10 and 8/10: pooled 0.6, se = sqrt(0.6 * 0.4 * (1/10 + 1/10)),
    # z = 0.4 / se = 1.826, two-sided p = erfc(z / sqrt 2) = 0.0679.
    a = [1.0] * 4 + [0.0] * 6
    b = [1.0] * 8 + [0.0] * 2
    assert p_value(a, b, proportion=True) == pytest.approx(0.0679, abs=1e-4)
    # Welch: means 2 and 5, variances 1 and 1, n = 3 each: t = 3 / sqrt(2/3) = 3.674 with
    # (2/3)² / (2 × (1/3)² / 2) = 4 degrees of freedom: two-sided p = 0.0213.
    assert p_value([1.0, 2.0, 3.0], [4.0, 5.0, 6.0], proportion=False) == pytest.approx(
        0.0213, abs=1e-4
    )
    assert p_value([1.0], [1.0, 0.0], proportion=True) is None  # too few to test
    assert p_value([1.0, 1.0], [1.0, 1.0], proportion=True) == 1.0  # identical, no spread


def test_each_comparison_carries_its_p_value_and_the_best_group_none():
    women = people(1, 10, recommended=4, score=0.6, shown=5)
    men = people(101, 10, recommended=8, score=0.6, shown=5)
    labels = {o.worker_id: "woman" for o in women} | {o.worker_id: "man" for o in men}
    result = audit_attribute("gender", women + men, labels)
    w, m = (next(g for g in result.groups if g.label == name) for name in ("woman", "man"))
    assert w.p_values[RECOMMENDATION_RATE] == pytest.approx(0.0679, abs=1e-4)
    assert not w.significant(RECOMMENDATION_RATE)  # flagged, but 10 people: may be chance
    assert RECOMMENDATION_RATE in w.flagged
    assert m.p_values[RECOMMENDATION_RATE] is None  # the reference group itself
    # With 100 people in each group the same rates are significant.
    women = people(1, 100, recommended=40, score=0.6, shown=50)
    men = people(1001, 100, recommended=80, score=0.6, shown=50)
    labels = {o.worker_id: "woman" for o in women} | {o.worker_id: "man" for o in men}
    result = audit_attribute("gender", women + men, labels)
    w = next(g for g in result.groups if g.label == "woman")
    assert w.significant(RECOMMENDATION_RATE)
    # In a whole report the p-values are adjusted for the number of comparisons (Holm):
    # five comparisons with the men here, four of them p = 1 (same values).
    raw = w.p_values[RECOMMENDATION_RATE]
    assert raw is not None
    [flag] = audit(women + men, {"gender": labels}).flags
    assert flag.p_value == pytest.approx(5 * raw)


@pytest.mark.parametrize(
    ("t", "df", "p"),
    [(2.0, 10, 0.0734), (2.228, 10, 0.05), (12.706, 1, 0.05), (1.96, 1e6, 0.05), (0.0, 5, 1.0)],
)
def test_student_t_against_the_tables(t, df, p):
    assert t_two_sided(t, df) == pytest.approx(p, abs=2e-4)


def test_holm_adjustment_by_hand():
    # Sorted 0.01, 0.03, 0.04 → 3 × 0.01, 2 × 0.03, max(0.06, 1 × 0.04); original order.
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


def test_tally_counts_only_the_top_k_of_each_list():
    tally = OutcomeTally(top=2)
    tally.worker_list(1, [0.9, 0.5, 0.4])
    tally.worker_list(2, [])
    tally.candidate_list([3, 1, 2])  # worker 2 is third: outside the top 2
    tally.candidate_list([1, 3])
    by_id = {o.worker_id: o for o in tally.outcomes([1, 2, 3, 4])}
    assert by_id[1] == WorkerOutcome(1, True, ranks=(2, 1), top_score=0.9)
    assert by_id[2] == WorkerOutcome(2, False, ranks=(), top_score=None)
    assert by_id[3] == WorkerOutcome(3, False, ranks=(1, 2))
    assert by_id[4] == WorkerOutcome(4, False)  # never ranked at all
    assert (by_id[1].exposures, by_id[1].best_rank) == (2, 1)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="one outcome per worker"):
        audit([WorkerOutcome(1, False), WorkerOutcome(1, False)], {})
    with pytest.raises(ValueError, match="threshold"):
        audit([], {}, threshold=1.5)
    with pytest.raises(ValueError, match="min_group"):
        audit([], {}, min_group=0)
    with pytest.raises(ValueError, match="ranks start at 1"):
        WorkerOutcome(1, False, ranks=(0,))
    with pytest.raises(ValueError, match="top_score"):
        WorkerOutcome(1, True)
    with pytest.raises(ValueError, match="top"):
        OutcomeTally(top=0)
    with pytest.raises(ValueError, match="reserved"):
        audit_attribute("x", [WorkerOutcome(1, False)], {1: OTHER_GROUPS})
