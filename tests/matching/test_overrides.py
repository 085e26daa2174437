"""Counsellor overrides: the framework-free rule (pin, move up, hide), the services that
set and lift them (authorisation, reasons, audit), and what workers, counsellors and
employers see."""

from __future__ import annotations

import pytest

from kazi.matching.engine import Ranked
from kazi.matching.overrides import (
    BOOST,
    BOOST_PLACES,
    BOOSTED,
    HIDDEN,
    HIDE,
    PIN,
    PINNED,
    Override,
    apply_overrides,
)


def ranked(*ids: int) -> list[Ranked]:
    return [
        Ranked(id=i, score=1 - n / 100, factors=(), matched_essential=(), missing_essential=(),
               matched_optional=())  # fmt: skip
        for n, i in enumerate(ids)
    ]


def ids(items: list[Ranked]) -> list[int]:
    return [item.id for item in items]


# --------------------------------------------------------------------- the rule


def test_no_override_keeps_the_engines_order():
    items = ranked(1, 2, 3)
    assert apply_overrides(items, []) == items


def test_pins_go_to_the_top_in_the_order_they_were_pinned():
    result = apply_overrides(
        ranked(1, 2, 3, 4, 5), [Override(4, PIN, "first pinned"), Override(2, PIN, "second")]
    )
    assert ids(result) == [4, 2, 1, 3, 5]
    assert [PINNED in item.flags for item in result] == [True, True, False, False, False]


def test_a_boost_moves_a_result_up_five_places():
    order = list(range(1, 13))
    result = apply_overrides(ranked(*order), [Override(9, BOOST, "good fit")])
    assert BOOST_PLACES == 5
    assert ids(result) == [1, 2, 3, 9, 4, 5, 6, 7, 8, 10, 11, 12]
    assert ids(result).index(9) == order.index(9) - 5
    assert ids([item for item in result if BOOSTED in item.flags]) == [9]


def test_a_boost_near_the_top_stops_at_the_top_and_pins_stay_above_it():
    result = apply_overrides(
        ranked(1, 2, 3, 4), [Override(3, BOOST, "near the top"), Override(4, PIN, "pinned")]
    )
    assert ids(result) == [4, 3, 1, 2]


def test_two_boosted_results_keep_their_order():
    result = apply_overrides(
        ranked(*range(1, 11)), [Override(8, BOOST, "b"), Override(7, BOOST, "a")]
    )
    assert ids(result).index(7) < ids(result).index(8) < ids(result).index(3)


def test_hidden_results_leave_the_workers_list():
    result = apply_overrides(ranked(1, 2, 3), [Override(2, HIDE, "not for her")])
    assert ids(result) == [1, 3]


def test_the_counsellor_still_sees_hidden_results_in_their_place_and_marked():
    overrides = [Override(2, HIDE, "not for her"), Override(3, PIN, "ideal")]
    result = apply_overrides(ranked(1, 2, 3, 4), overrides, keep_hidden=True)
    assert ids(result) == [3, 2, 1, 4]
    assert [item.flags for item in result][1] == frozenset({HIDDEN})
    # without the hidden result it is exactly what the worker sees
    worker_view = apply_overrides(ranked(1, 2, 3, 4), overrides)
    assert [i for i in ids(result) if i != 2] == ids(worker_view)


def test_overrides_of_results_not_in_the_list_change_nothing():
    items = ranked(1, 2, 3)
    result = apply_overrides(items, [Override(99, PIN, "closed since"), Override(98, HIDE, "x")])
    assert result == items


def test_flags_set_by_the_engine_are_kept():
    from dataclasses import replace

    items = [replace(ranked(1)[0], flags=frozenset({"rotated"})), *ranked(2)]
    result = apply_overrides(items, [Override(1, BOOST, "r")])
    assert result[0].flags == {"rotated", BOOSTED}


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        Override(1, "promote", "no such action")
