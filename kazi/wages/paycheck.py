"""The pay check (framework-free, Decimal arithmetic).

Rule, in plain words (docs/pay-check.md): the offered pay is turned into an amount per
hour with the legal workweek of the country of work (a day is a fifth of the workweek, a
month is 52/12 weeks, a year is 52 weeks), converted into the currency of the statutory
minimum wage with "units per US dollar" exchange rates, and compared with that minimum.
Pay equal to the minimum is accepted. To avoid false refusals from rounding, the minimum
expressed in the vacancy's currency and period is rounded to the cent (half up) before the
comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

HOUR, DAY, WEEK, MONTH, YEAR = "hour", "day", "week", "month", "year"
PERIODS = (HOUR, DAY, WEEK, MONTH, YEAR)

OK = "ok"
BELOW_MINIMUM = "below_minimum"
NO_DATA = "no_data"
NO_RATE = "no_rate"
STATUSES = (OK, BELOW_MINIMUM, NO_DATA, NO_RATE)

WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)
DAYS_PER_WEEK = Decimal(5)
CENT = Decimal("0.01")


def hours_per_period(period: str, workweek_hours: Decimal) -> Decimal:
    """Working hours in one pay period, for a country's legal workweek."""
    if workweek_hours <= 0:
        raise ValueError("workweek_hours must be positive")
    if period == HOUR:
        return Decimal(1)
    if period == DAY:
        return workweek_hours / DAYS_PER_WEEK
    if period == WEEK:
        return workweek_hours
    if period == MONTH:
        return workweek_hours * WEEKS_PER_YEAR / MONTHS_PER_YEAR
    if period == YEAR:
        return workweek_hours * WEEKS_PER_YEAR
    raise ValueError(f"unknown pay period {period!r}; expected one of {', '.join(PERIODS)}")


def convert(
    amount: Decimal, from_currency: str, to_currency: str, units_per_usd: Mapping[str, Decimal]
) -> Decimal | None:
    """Convert through US dollars; None when a needed rate is missing. USD is always 1."""
    if from_currency == to_currency:
        return amount
    rates = {"USD": Decimal(1), **units_per_usd}
    source, target = rates.get(from_currency), rates.get(to_currency)
    if not source or not target:
        return None
    return amount / source * target


@dataclass(frozen=True)
class Minimum:
    """A statutory minimum wage as stated: ``amount`` in ``currency`` per ``period``."""

    amount: Decimal
    currency: str
    period: str
    workweek_hours: Decimal

    @property
    def hourly(self) -> Decimal:
        return self.amount / hours_per_period(self.period, self.workweek_hours)


@dataclass(frozen=True)
class PayEvaluation:
    status: str
    workweek_hours: Decimal | None = None
    # The offered pay per hour, in the minimum wage's currency (unrounded).
    pay_hourly: Decimal | None = None
    minimum_hourly: Decimal | None = None
    minimum_currency: str = ""
    # The minimum in the vacancy's currency and period, rounded to the cent (half up).
    required_amount: Decimal | None = None
    # ``required_amount`` rounded up to a friendly figure to quote to the employer.
    suggested_amount: Decimal | None = None
    missing_currency: str = ""

    @property
    def accepted(self) -> bool:
        return self.status != BELOW_MINIMUM


def friendly_amount(amount: Decimal) -> Decimal:
    """Round up: whole units from 100 upwards, cents below (never below ``amount``)."""
    if amount >= 100:
        return amount.quantize(Decimal(1), rounding=ROUND_CEILING)
    return amount.quantize(CENT, rounding=ROUND_CEILING)


def evaluate_pay(
    amount: Decimal,
    currency: str,
    period: str,
    minimum: Minimum | None,
    units_per_usd: Mapping[str, Decimal],
) -> PayEvaluation:
    """Compare ``amount`` ``currency`` per ``period`` with ``minimum`` (None: no data)."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    if period not in PERIODS:
        raise ValueError(f"unknown pay period {period!r}")
    if minimum is None:
        return PayEvaluation(status=NO_DATA)
    workweek = minimum.workweek_hours
    minimum_hourly = minimum.hourly
    # The minimum for the same period, then in the vacancy's currency.
    ratio = hours_per_period(period, workweek) / hours_per_period(minimum.period, workweek)
    minimum_in_period = minimum.amount * ratio if ratio != 1 else minimum.amount
    required = convert(minimum_in_period, minimum.currency, currency, units_per_usd)
    pay_hourly = convert(
        amount / hours_per_period(period, workweek), currency, minimum.currency, units_per_usd
    )
    if required is None or pay_hourly is None:
        missing = (
            currency if currency != "USD" and currency not in units_per_usd else minimum.currency
        )
        return PayEvaluation(
            status=NO_RATE,
            workweek_hours=workweek,
            minimum_hourly=minimum_hourly,
            minimum_currency=minimum.currency,
            missing_currency=missing,
        )
    required = required.quantize(CENT, rounding=ROUND_HALF_UP)
    return PayEvaluation(
        status=OK if amount >= required else BELOW_MINIMUM,
        workweek_hours=workweek,
        pay_hourly=pay_hourly,
        minimum_hourly=minimum_hourly,
        minimum_currency=minimum.currency,
        required_amount=required,
        suggested_amount=friendly_amount(required),
    )
