"""Ratings and fee summaries of reviews. Framework-free (no Django import).

Bayesian average: with ``n`` published reviews of an agency whose ratings add up to ``S``,
and ``m`` the mean rating of all published reviews on Kazi (3.0 when there are none), the
rating shown is ``(C × m + S) / (C + n)`` with ``C = 5`` pseudo-reviews. An agency with
one 5-star review is not ranked above one with forty reviews averaging 4.6: few reviews
pull the figure towards the mean of everybody.

Fees: workers should not pay recruitment fees or related costs (ILO General principles and
operational guidelines for fair recruitment, principle 7; Private Employment Agencies
Convention, 1997 (No. 181), Article 7). Every corridor where a reviewer paid is flagged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

PSEUDO_REVIEWS = 5
DEFAULT_PRIOR = 3.0


def bayesian_average(
    total: float, count: int, prior: float = DEFAULT_PRIOR, weight: int = PSEUDO_REVIEWS
) -> float:
    """``(weight × prior + total) / (weight + count)``, rounded to one decimal."""
    return round((weight * prior + total) / (weight + count), 1)


def rating_word(value: float) -> str:
    """A key for the words of a rating: very_poor, poor, mixed, good, very_good."""
    if value < 1.75:
        return "very_poor"
    if value < 2.5:
        return "poor"
    if value < 3.5:
        return "mixed"
    if value < 4.25:
        return "good"
    return "very_good"


def stars(value: float) -> tuple[int, bool, int]:
    """(full stars, a half star, empty stars) for a rating out of 5."""
    halves = round(value * 2)
    full, half = divmod(halves, 2)
    return full, bool(half), 5 - full - half


@dataclass(frozen=True)
class FeeReport:
    """What one reviewer said about fees."""

    origin: str
    destination: str
    amount: Decimal
    currency: str
    paid_to: str


@dataclass(frozen=True)
class CurrencyFigures:
    currency: str
    count: int
    median: Decimal
    low: Decimal
    high: Decimal


@dataclass
class FeeSummary:
    """Fees over a set of reviews (one corridor, or all of an agency's)."""

    origin: str = ""
    destination: str = ""
    reviewers: int = 0
    paid: int = 0
    by_currency: list[CurrencyFigures] = field(default_factory=list)
    # Who was paid, most frequent first: (paid_to, number of reviewers).
    paid_to: list[tuple[str, int]] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """Some workers paid: against the employer-pays principle."""
        return self.paid > 0


def _summary(reports: list[FeeReport], origin: str = "", destination: str = "") -> FeeSummary:
    paid = [r for r in reports if r.amount > 0]
    amounts: dict[str, list[Decimal]] = defaultdict(list)
    for report in paid:
        amounts[report.currency or "?"].append(report.amount)
    figures = [
        CurrencyFigures(
            currency=currency,
            count=len(values),
            median=Decimal(str(median(values))).quantize(Decimal("0.01")),
            low=min(values),
            high=max(values),
        )
        for currency, values in sorted(amounts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    to = Counter(r.paid_to for r in paid)
    return FeeSummary(
        origin=origin,
        destination=destination,
        reviewers=len(reports),
        paid=len(paid),
        by_currency=figures,
        paid_to=sorted(to.items(), key=lambda kv: (-kv[1], kv[0])),
    )


def fee_summaries(reports: Iterable[FeeReport]) -> tuple[FeeSummary, list[FeeSummary]]:
    """The summary over all reports, and one per corridor (origin → destination), the
    corridors with most reviewers first."""
    everything = list(reports)
    corridors: dict[tuple[str, str], list[FeeReport]] = defaultdict(list)
    for report in everything:
        corridors[(report.origin, report.destination)].append(report)
    per_corridor = [_summary(items, *key) for key, items in corridors.items()]
    per_corridor.sort(key=lambda s: (-s.reviewers, s.origin, s.destination))
    return _summary(everything), per_corridor
