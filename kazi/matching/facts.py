"""What the matching engine may know about workers and opportunities.

Framework-free: plain frozen data classes, filled by ``kazi.matching.selectors`` from the
database, by the batch refresh from a snapshot, and by the benchmark from generated data.

What is **not** here, on purpose: gender, age or birth date, nationality or country of
origin, ethnicity, religion, disability, marital status, and any trace of activity (last
sign-in, gaps). No caller can pass them to the engine, so no score can depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

# Attributes that must never be inputs of a ranking (checked by the tests, listed in
# docs/matching.md). ``right_to_work`` is not protected: it is a legal fact about work in
# one place, used only to warn the worker, never in the employer's view.
PROTECTED_ATTRIBUTES = frozenset(
    {
        "gender",
        "sex",
        "age",
        "birth_date",
        "nationality",
        "origin_country",
        "ethnicity",
        "religion",
        "disability",
        "marital_status",
        "last_login",
    }
)


@dataclass(frozen=True)
class WorkerFacts:
    """A worker as the engine sees them. ``id`` is the user id."""

    id: int
    skill_ids: frozenset[int]
    country: str = ""  # where the worker is now (ISO 3166-1 alpha-2); "" when unknown
    accepts_remote: bool = False
    work_types: frozenset[str] = frozenset()  # empty: any type of work
    occupation_ids: frozenset[int] = frozenset()  # wanted or done before
    languages: frozenset[str] = frozenset()  # ISO 639-1
    # Lowest pay accepted, per month, in ``pay_currency`` (None: not stated).
    min_pay_monthly: float | None = None
    pay_currency: str = ""
    max_hours_per_week: float | None = None
    available_from: date | None = None  # None: now or not stated
    right_to_work: str = ""  # "yes", "pending", "no", "unsure" or "" (not asked)
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class OpportunityFacts:
    """An opportunity (a job, a gig, a micro-task) as the engine sees it."""

    id: int
    kind: str
    country: str
    remote: bool
    essential_skill_ids: frozenset[int]
    optional_skill_ids: frozenset[int] = frozenset()
    occupation_id: int | None = None
    employer_id: int | None = None  # the organisation that posted it (exposure caps)
    languages: frozenset[str] = frozenset()  # languages needed (any one of them)
    pay_monthly: float | None = None  # lowest advertised pay, per month, in ``currency``
    currency: str = ""
    hours_per_week: float | None = None
    start_date: date | None = None
    closing_date: date | None = None
    published_at: datetime | date | None = None
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)


# Hours behind one pay period, to compare pay stated per hour, day, week, month or year.
HOURS_PER_PERIOD = {"hour": 1.0, "day": 8.0, "week": 40.0, "month": 173.33, "year": 2080.0}


def monthly(amount: float | None, period: str, hours_per_week: float | None = None) -> float | None:
    """``amount`` per ``period`` as pay per month (a full-time month unless the hours are
    known for hourly pay). None when the amount or the period is unknown."""
    if amount is None or period not in HOURS_PER_PERIOD:
        return None
    if period == "hour" and hours_per_week:
        return float(amount) * float(hours_per_week) * 52 / 12
    return float(amount) * HOURS_PER_PERIOD["month"] / HOURS_PER_PERIOD[period]
