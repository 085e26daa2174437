"""Counsellor overrides of a worker's ranked list: pin, move up, hide.

Framework-free (no Django import). A counsellor may correct the engine for one worker
(principle 2 of the design: technology plus a human); the correction is applied *after*
the ranking and *before* paging, only to the worker's own list (For you, the counsellor's
view of it and ``GET /api/v1/workers/{id}/matches``), never to an employer's candidates.

The rule, in plain words (docs/matching.md):

1. **Hide** — the opportunity leaves the worker's list. The counsellor still sees it,
   marked hidden, in the place the engine gave it, so that it can be shown again.
2. **Move up** (boost) — the opportunity moves up :data:`BOOST_PLACES` places (5) among
   the results that are not pinned, or to the top of them if it was nearer than that.
   Two boosted results keep their order between them.
3. **Pin** — the opportunity goes to the very top, above every other result. Several
   pins stay in the order they were pinned (the oldest pin first).
4. An override of an opportunity that is no longer in the ranked list (closed, withdrawn,
   or one the worker can no longer take) changes nothing: overrides never bring back what
   the hard filters removed.

Each moved result carries a flag (:data:`PINNED`, :data:`BOOSTED`, :data:`HIDDEN`) in its
``flags`` so that pages and the API can say why it is where it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

PIN = "pin"
BOOST = "boost"
HIDE = "hide"
ACTIONS = (PIN, BOOST, HIDE)

# How many places a boost moves a result up.
BOOST_PLACES = 5

# Flags added to the ``flags`` of a result an override moved or hid.
PINNED = "pinned"
BOOSTED = "boosted"
HIDDEN = "hidden"
FLAG_OF_ACTION = {PIN: PINNED, BOOST: BOOSTED, HIDE: HIDDEN}


@dataclass(frozen=True)
class Override:
    """One override in force: ``opportunity_id`` is the vacancy id, ``action`` one of
    :data:`ACTIONS`. ``reason`` and ``counsellor`` are carried for display only."""

    opportunity_id: int
    action: str
    reason: str = ""
    counsellor: str = ""
    override_id: int | None = None

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown override action: {self.action!r}")


class Flaggable(Protocol):
    """A ranked result: a data class with the opportunity ``id`` and a set of ``flags``."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id(self) -> int: ...

    @property
    def flags(self) -> frozenset[str]: ...


R = TypeVar("R", bound=Flaggable)


def _flagged(item: R, flag: str) -> R:
    return dataclasses.replace(item, flags=item.flags | {flag})


def apply_overrides(
    ranked: Sequence[R], overrides: Iterable[Override], *, keep_hidden: bool = False
) -> list[R]:
    """``ranked`` in the order the overrides ask for, moved results flagged.

    ``overrides`` are those in force for this worker, in the order they were made (the
    oldest first: pins keep that order). With ``keep_hidden`` (the counsellor's view)
    hidden results stay in their place, flagged :data:`HIDDEN`; otherwise they are removed.
    """
    by_id: dict[int, Override] = {}
    pin_order: dict[int, int] = {}
    for override in overrides:
        by_id[override.opportunity_id] = override  # the latest wins (only one is in force)
    for override in by_id.values():
        if override.action == PIN:
            pin_order[override.opportunity_id] = len(pin_order)
    if not by_id:
        return list(ranked)

    pinned: list[R] = []
    rest: list[tuple[float, R]] = []  # (sort key, item) of results that are not pinned
    hidden: list[tuple[int, R]] = []  # (place in ``ranked``, item)
    for place, item in enumerate(ranked):
        action = by_id[item.id].action if item.id in by_id else None
        if action == HIDE:
            hidden.append((place, _flagged(item, HIDDEN)))
        elif action == PIN:
            pinned.append(_flagged(item, PINNED))
        elif action == BOOST:
            # Half a place more, so that it lands just above the result that was there.
            rest.append((len(rest) - BOOST_PLACES - 0.5, _flagged(item, BOOSTED)))
        else:
            rest.append((len(rest), item))
    pinned.sort(key=lambda item: pin_order[item.id])
    rest.sort(key=lambda entry: entry[0])  # stable: equal keys keep the engine's order
    result = pinned + [item for _, item in rest]
    if keep_hidden:
        for place, item in hidden:  # increasing places: each lands where the engine put it
            result.insert(min(place, len(result)), item)
    return result


def overrides_by_opportunity(overrides: Iterable[Override]) -> dict[int, Override]:
    """The override in force for each opportunity id (to show its badge and reason)."""
    return {override.opportunity_id: override for override in overrides}


__all__ = [
    "ACTIONS",
    "BOOST",
    "BOOSTED",
    "BOOST_PLACES",
    "FLAG_OF_ACTION",
    "HIDDEN",
    "HIDE",
    "PIN",
    "PINNED",
    "Override",
    "apply_overrides",
    "overrides_by_opportunity",
]
