"""Compare a later version of a contract with the pre-departure one (no Django import).

Each difference that may mean contract substitution becomes a :class:`Finding` with a flag
(the values of ``kazi.contracts.constants.SubstitutionFlag``), the field, and the values
before and after as plain data; the Django layer writes the sentence. A term that the later
version does not state (empty, as on a payslip that gives only the wage) is not compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kazi.recruitment.names import name_key

from .terms import Deduction, Terms, decimal_text

WAGE_CUT = "wage_cut"
LONGER_HOURS = "longer_hours"
FEWER_REST_DAYS = "fewer_rest_days"
NEW_DEDUCTION = "new_deduction"
EMPLOYER_CHANGED = "employer_changed"
JOB_CHANGED = "job_changed"
PLACE_CHANGED = "place_changed"
SHORTER_DURATION = "shorter_duration"
COSTS_TO_WORKER = "costs_to_worker"
CURRENCY_CHANGED = "currency_changed"

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
DEFAULT_HOURS_PER_WEEK = Decimal(48)
# Who carries a cost, from the worker's point of view: higher = more on the worker.
_PAYER_BURDEN = {"employer": 0, "agency": 0, "shared": 1, "worker": 2}
COST_FIELDS = ("travel_paid_by", "recruitment_fees_paid_by", "visa_paid_by")


@dataclass(frozen=True)
class Finding:
    flag: str
    field: str
    before: str
    after: str

    def to_dict(self) -> dict[str, str]:
        return {"flag": self.flag, "field": self.field, "before": self.before, "after": self.after}


def per_month(
    amount: Decimal,
    period: str,
    *,
    hours_per_week: Decimal | None = None,
    rest_days_per_week: Decimal | None = None,
) -> Decimal:
    """An amount per ``period`` as its monthly equivalent (52 weeks / 12 months)."""
    if period == "month" or not period:
        return amount
    if period == "year":
        return amount / 12
    if period == "week":
        return amount * WEEKS_PER_MONTH
    if period == "day":
        rest = rest_days_per_week if rest_days_per_week is not None else Decimal(1)
        days = max(Decimal(0), Decimal(7) - rest)
        return amount * days * WEEKS_PER_MONTH
    if period == "hour":
        hours = hours_per_week if hours_per_week is not None else DEFAULT_HOURS_PER_WEEK
        return amount * hours * WEEKS_PER_MONTH
    raise ValueError(f"unknown period {period!r}")


def money(amount: Decimal | None, currency: str, period: str = "") -> str:
    """Plain data for a finding: ``"1200 USD/month"``."""
    if amount is None:
        return ""
    text = f"{decimal_text(amount)} {currency}".strip()
    return f"{text}/{period}" if period else text


def _in_currency(
    amount: Decimal, currency: str, target: str, rates: Mapping[str, Decimal]
) -> Decimal | None:
    """``amount`` converted to ``target`` with ``rates`` (units per US dollar), if known."""
    if currency == target:
        return amount
    if currency in rates and target in rates and rates[currency] > 0:
        return amount / rates[currency] * rates[target]
    return None


def _monthly_deductions(terms: Terms, deduction: Deduction) -> Decimal:
    return per_month(
        deduction.amount,
        deduction.period,
        hours_per_week=terms.hours_per_week,
        rest_days_per_week=terms.rest_days_per_week,
    )


def compare_terms(
    before: Terms, after: Terms, *, rates: Mapping[str, Decimal] | None = None
) -> list[Finding]:
    """The differences of ``after`` from ``before`` that may mean contract substitution."""
    rates = rates or {}
    found: list[Finding] = []

    # Wage: compared per month; a different currency is converted when rates are known.
    if before.wage_amount is not None and after.wage_amount is not None:
        old_month = per_month(
            before.wage_amount,
            before.wage_period,
            hours_per_week=before.hours_per_week,
            rest_days_per_week=before.rest_days_per_week,
        )
        new_month = per_month(
            after.wage_amount,
            after.wage_period,
            hours_per_week=after.hours_per_week or before.hours_per_week,
            rest_days_per_week=after.rest_days_per_week
            if after.rest_days_per_week is not None
            else before.rest_days_per_week,
        )
        old_cur, new_cur = before.wage_currency, after.wage_currency
        if old_cur and new_cur and old_cur != new_cur:
            found.append(Finding(CURRENCY_CHANGED, "wage_currency", old_cur, new_cur))
        converted = _in_currency(new_month, new_cur or old_cur, old_cur or new_cur, rates)
        monthly_cut = converted is not None and converted < old_month * Decimal("0.995")
        # A lower rate for the same period is a cut even when more hours or days make the
        # month larger (5 an hour for 40 hours, then 4 an hour for 60 hours).
        rate = (
            _in_currency(after.wage_amount, new_cur or old_cur, old_cur or new_cur, rates)
            if after.wage_period == before.wage_period
            else None
        )
        rate_cut = rate is not None and rate < before.wage_amount * Decimal("0.995")
        if monthly_cut or rate_cut:
            found.append(
                Finding(
                    WAGE_CUT,
                    "wage_amount",
                    money(before.wage_amount, old_cur, before.wage_period),
                    money(after.wage_amount, new_cur, after.wage_period),
                )
            )

    if (
        before.hours_per_week is not None
        and after.hours_per_week is not None
        and after.hours_per_week > before.hours_per_week
    ):
        found.append(
            Finding(
                LONGER_HOURS,
                "hours_per_week",
                decimal_text(before.hours_per_week),
                decimal_text(after.hours_per_week),
            )
        )
    if (
        before.rest_days_per_week is not None
        and after.rest_days_per_week is not None
        and after.rest_days_per_week < before.rest_days_per_week
    ):
        found.append(
            Finding(
                FEWER_REST_DAYS,
                "rest_days_per_week",
                decimal_text(before.rest_days_per_week),
                decimal_text(after.rest_days_per_week),
            )
        )

    # Deductions: matched by what they are for (normalised); new ones, and larger ones.
    old_deductions: dict[str, Deduction] = {}
    for d in before.deductions:
        old_deductions.setdefault(name_key(d.what), d)
    for d in after.deductions:
        if d.amount <= 0:
            continue
        old = old_deductions.get(name_key(d.what))
        if old is None:
            found.append(
                Finding(
                    NEW_DEDUCTION,
                    "deductions",
                    "",
                    f"{d.what}: {money(d.amount, d.currency, d.period)}",
                )
            )
            continue
        old_deduction = _monthly_deductions(before, old)
        new_deduction = _in_currency(_monthly_deductions(after, d), d.currency, old.currency, rates)
        if new_deduction is not None and new_deduction > old_deduction * Decimal("1.005"):
            found.append(
                Finding(
                    NEW_DEDUCTION,
                    "deductions",
                    f"{old.what}: {money(old.amount, old.currency, old.period)}",
                    f"{d.what}: {money(d.amount, d.currency, d.period)}",
                )
            )

    for name, flag in (("employer_name", EMPLOYER_CHANGED), ("job_title", JOB_CHANGED)):
        old_text, new_text = getattr(before, name), getattr(after, name)
        if old_text and new_text and name_key(old_text) != name_key(new_text):
            found.append(Finding(flag, name, old_text, new_text))

    if before.work_country and after.work_country and before.work_country != after.work_country:
        found.append(
            Finding(PLACE_CHANGED, "work_country", before.work_country, after.work_country)
        )
    elif (
        before.work_city
        and after.work_city
        and name_key(before.work_city) != name_key(after.work_city)
    ):
        found.append(Finding(PLACE_CHANGED, "work_city", before.work_city, after.work_city))

    if (
        before.duration_months is not None
        and after.duration_months is not None
        and before.duration_months != after.duration_months
    ):
        found.append(
            Finding(
                SHORTER_DURATION,
                "duration_months",
                str(before.duration_months),
                str(after.duration_months),
            )
        )

    for name in COST_FIELDS:
        old_payer, new_payer = getattr(before, name), getattr(after, name)
        if new_payer in ("worker", "shared") and _PAYER_BURDEN[new_payer] > _PAYER_BURDEN.get(
            old_payer, -1
        ):
            found.append(Finding(COSTS_TO_WORKER, name, old_payer, new_payer))
    return found
