"""How long a grievance may stay in each state (framework-free: no Django import).

The deployment sets ``KAZI_GRIEVANCE_DEADLINES`` to a comma-separated list of
``state=duration`` pairs, for example ``new=48h,assigned=72h,in_progress=14d,on_hold=30d``.
A duration is a whole number followed by ``m`` (minutes), ``h`` (hours), ``d`` (days) or
``w`` (weeks). A state that is not listed has no deadline; resolved and closed cases never
have one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
UNITS["w"] = timedelta(weeks=1)
_PAIR = re.compile(r"^\s*([a-z_]+)\s*=\s*(\d+)\s*([mhdw])\s*$")


class DeadlineConfigError(ValueError):
    """The deadline setting cannot be read; the message says which part and why."""


def parse_deadlines(text: str, states: Iterable[str]) -> dict[str, timedelta]:
    """``"new=48h,assigned=3d"`` → ``{"new": 48 h, "assigned": 3 days}``.

    ``states`` are the states that may have a deadline (the open ones); anything else,
    a duplicate, a zero or a malformed pair raises :class:`DeadlineConfigError`.
    """
    allowed = set(states)
    table: dict[str, timedelta] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        match = _PAIR.match(part.lower())
        if match is None:
            raise DeadlineConfigError(
                f"cannot read {part.strip()!r}: write state=number+unit, for example "
                "new=48h (units: m minutes, h hours, d days, w weeks)"
            )
        state, amount, unit = match.group(1), int(match.group(2)), match.group(3)
        if state not in allowed:
            raise DeadlineConfigError(
                f"{state!r} is not a state that can have a deadline "
                f"(one of: {', '.join(sorted(allowed))})"
            )
        if state in table:
            raise DeadlineConfigError(f"{state!r} is given twice")
        if amount <= 0:
            raise DeadlineConfigError(f"the deadline of {state!r} must be more than zero")
        table[state] = amount * UNITS[unit]
    return table


def due_at(state: str, entered_at: datetime, table: Mapping[str, timedelta]) -> datetime | None:
    """When a case that entered ``state`` at ``entered_at`` must leave it (None: no limit)."""
    limit = table.get(state)
    return entered_at + limit if limit is not None else None


def describe(delta: timedelta) -> tuple[int, str]:
    """A deadline as (number, unit) for people: 48 h → (2, "d"), 90 min → (90, "m")."""
    minutes = int(delta.total_seconds() // 60)
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60)):
        if minutes % size == 0:
            return minutes // size, unit
    return minutes, "m"
