"""Small-count suppression for published grievance figures (framework-free).

A count between 1 and ``minimum - 1`` could point at one worker, so it is hidden
("fewer than 5"). Hiding one cell alone is not enough when the total is shown: the cell
would be the total minus the others. So:

1. primary suppression: every count from 1 to ``minimum - 1`` is hidden;
2. secondary suppression: when a table hides exactly one cell, the smallest other non-zero
   cell is hidden too, so that at least two cells share what is hidden;
3. totals: when anything is hidden, totals are rounded to the nearest multiple of 5 and
   shown as "about N", so that the hidden cells cannot be worked out exactly from them.

Zeros are shown: they describe nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROUND_TO = 5


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None: hidden (a small count, or hidden to protect one)


def suppress(rows: Sequence[tuple[str, str, int]], minimum: int) -> list[Cell]:
    """``rows`` of (key, label, count) with small counts hidden as described above."""
    hidden = {i for i, (_, _, n) in enumerate(rows) if 0 < n < minimum}
    if len(hidden) == 1:
        others = sorted((n, i) for i, (_, _, n) in enumerate(rows) if n > 0 and i not in hidden)
        if others:
            hidden.add(others[0][1])
    return [
        Cell(key=key, label=label, count=None if i in hidden else n)
        for i, (key, label, n) in enumerate(rows)
    ]


def any_hidden(cells: Sequence[Cell]) -> bool:
    return any(cell.count is None for cell in cells)


def rounded(n: int, base: int = ROUND_TO) -> int:
    """``n`` to the nearest multiple of ``base`` (halves go up): 42 → 40, 43 → 45."""
    return ((n + base // 2) // base) * base


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
