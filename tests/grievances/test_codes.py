"""Case codes and PINs: format, randomness, tolerant input; the deadline setting."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest

from kazi.grievances import codes
from kazi.grievances.deadlines import DeadlineConfigError, due_at, parse_deadlines

CODE = re.compile(r"^KZ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
OPEN = ["new", "assigned", "in_progress", "on_hold"]


def test_a_code_has_the_printed_format_and_60_random_bits():
    code = codes.new_case_code()
    assert CODE.match(code), code
    assert len(codes.ALPHABET) ** codes.BODY_LENGTH >= 2**60
    assert not set("ILOU") & set(code[3:])


def test_a_thousand_codes_are_all_different_and_not_sequential():
    drawn = [codes.new_case_code() for _ in range(1000)]
    assert len(set(drawn)) == 1000
    # the code body is a base-32 number: consecutive codes are far apart
    values = [_value(c) for c in drawn]
    gaps = {abs(b - a) for a, b in itertools.pairwise(values)}
    assert min(gaps) > 2**20  # consecutive codes are not neighbours
    # every symbol shows up in every position (no fixed part besides the prefix)
    for position in range(codes.BODY_LENGTH):
        seen = {c[3:].replace("-", "")[position] for c in drawn}
        assert len(seen) >= 28


def _value(code: str) -> int:
    n = 0
    for ch in code[3:].replace("-", ""):
        n = n * 32 + codes.ALPHABET.index(ch)
    return n


@pytest.mark.parametrize(
    "typed",
    [
        "KZ-7QX4-M2P9-H3TD",
        "kz-7qx4-m2p9-h3td",
        "KZ 7QX4 M2P9 H3TD",
        "7qx4m2p9h3td",
        " kz7QX4-m2p9h3td ",
    ],
)
def test_typed_codes_are_understood_in_any_case_with_or_without_dashes(typed):
    assert codes.normalise_code(typed) == "KZ-7QX4-M2P9-H3TD"


def test_letters_people_confuse_read_as_digits():
    assert codes.normalise_code("KZ-7QX4-M2P9-H3TO") == "KZ-7QX4-M2P9-H3T0"
    assert codes.normalise_code("KZ-7QXI-M2P9-H3TL") == "KZ-7QX1-M2P9-H3T1"


@pytest.mark.parametrize(
    "typed", ["", "KZ-7QX4-M2P9", "KZ-7QX4-M2P9-H3TD-AAAA", "KZ-7QX4-M2P9-H3T!", "1"]
)
def test_malformed_codes_are_refused(typed):
    assert codes.normalise_code(typed) is None


def test_pins_are_six_random_digits():
    pins = {codes.new_pin() for _ in range(300)}
    assert all(len(p) == 6 and p.isdigit() for p in pins)
    assert len(pins) > 290
    assert codes.normalise_pin(" 123 456 ") == "123456"


def test_deadlines_are_read_from_the_setting():
    table = parse_deadlines("new=48h, assigned=3d,in_progress=2w,on_hold=90m", OPEN)
    assert table == {
        "new": timedelta(hours=48),
        "assigned": timedelta(days=3),
        "in_progress": timedelta(weeks=2),
        "on_hold": timedelta(minutes=90),
    }
    start = datetime(2026, 5, 1, tzinfo=UTC)
    assert due_at("new", start, table) == start + timedelta(hours=48)
    assert due_at("resolved", start, table) is None
    assert parse_deadlines("new=1d", OPEN) == {"new": timedelta(days=1)}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("new=48", "cannot read"),
        ("new=48x", "cannot read"),
        ("closed=1d", "not a state"),
        ("new=1d,new=2d", "twice"),
        ("new=0h", "more than zero"),
    ],
)
def test_a_bad_deadline_setting_says_what_is_wrong(text, says):
    with pytest.raises(DeadlineConfigError, match=says):
        parse_deadlines(text, OPEN)


def test_a_bad_deadline_setting_stops_django_with_a_clear_message(settings):
    from django.core.exceptions import ImproperlyConfigured

    from kazi.grievances.services import deadline_table

    settings.KAZI_GRIEVANCE_DEADLINES = "new=soon"
    with pytest.raises(
        ImproperlyConfigured, match="KAZI_GRIEVANCE_DEADLINES: cannot read 'new=soon'"
    ):
        deadline_table()
