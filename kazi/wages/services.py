"""The pay check as a service: figures from the database, a plain-words message.

``check_pay(country, amount, currency, period)`` is the shared contract used by vacancies
(and by anyone else who needs to compare pay with the statutory minimum wage).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kazi.core.codes import babel_locale, country_name
from kazi.profiles.constants import PayPeriod

from . import paycheck
from .parsing import MONTH, YEAR, parse_effective
from .selectors import current_minimum, units_per_usd

_DECIMAL_FIELDS = (
    "amount",
    "workweek_hours",
    "pay_hourly",
    "minimum_hourly",
    "required_amount",
    "suggested_amount",
)


@dataclass(frozen=True)
class PayCheck:
    """The result of comparing offered pay with the statutory minimum wage of a country.

    ``status`` is one of "ok", "below_minimum", "no_data", "no_rate". ``message`` is a
    sentence in the active language. Amounts are Decimals; ``pay_hourly`` and
    ``minimum_hourly`` are in ``minimum_currency``; ``required_amount`` and
    ``suggested_amount`` are in the pay's ``currency`` and ``period``.
    """

    status: str
    country: str
    amount: Decimal
    currency: str
    period: str
    workweek_hours: Decimal | None = None
    pay_hourly: Decimal | None = None
    minimum_hourly: Decimal | None = None
    minimum_currency: str = ""
    required_amount: Decimal | None = None
    suggested_amount: Decimal | None = None
    missing_currency: str = ""
    effective_date: date | None = None
    effective_text: str = ""
    source: str = ""
    checked_at: datetime = field(default_factory=timezone.now)

    @property
    def accepted(self) -> bool:
        return self.status != paycheck.BELOW_MINIMUM

    @property
    def has_minimum_data(self) -> bool:
        return self.status in (paycheck.OK, paycheck.BELOW_MINIMUM)

    @property
    def effective_label(self) -> str:
        """The effective date in the active language, as precise as the source is."""
        if self.effective_date is None:
            return ""
        locale = babel_locale(get_language())
        _date, precision = parse_effective(self.effective_text)
        if precision == YEAR:
            return format_date(self.effective_date, "y", locale=locale)
        if precision == MONTH:
            return format_date(self.effective_date, "LLLL y", locale=locale)
        return format_date(self.effective_date, "long", locale=locale)

    @property
    def message(self) -> str:
        return pay_check_message(self)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures (stored on a vacancy as ``pay_check``)."""
        data = asdict(self)
        for key in _DECIMAL_FIELDS:
            data[key] = None if data[key] is None else str(data[key])
        data["effective_date"] = self.effective_date.isoformat() if self.effective_date else None
        data["checked_at"] = self.checked_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PayCheck:
        values: dict[str, Any] = {
            key: data.get(key) for key in cls.__dataclass_fields__ if key in data
        }
        for key in _DECIMAL_FIELDS:
            if values.get(key) is not None:
                values[key] = Decimal(str(values[key]))
        if values.get("effective_date"):
            values["effective_date"] = date.fromisoformat(values["effective_date"])
        if values.get("checked_at"):
            values["checked_at"] = datetime.fromisoformat(values["checked_at"])
        else:
            values.pop("checked_at", None)
        values.setdefault("amount", Decimal(0))
        for key in ("status", "country", "currency", "period"):
            values[key] = values.get(key) or ""
        return cls(**values)


def check_pay(country: str, amount: Decimal, currency: str, period: str) -> PayCheck:
    """Compare pay (``amount`` ``currency`` per ``period``) with ``country``'s minimum."""
    country, currency = country.upper(), currency.upper()
    wage = current_minimum(country)
    minimum = None
    if wage is not None and wage.hourly_amount is not None:
        if wage.stated_amount is not None and wage.stated_period:
            minimum = paycheck.Minimum(
                wage.stated_amount, wage.currency, wage.stated_period, wage.workweek_hours
            )
        else:
            minimum = paycheck.Minimum(
                wage.hourly_amount, wage.currency, paycheck.HOUR, wage.workweek_hours
            )
    result = paycheck.evaluate_pay(Decimal(amount), currency, period, minimum, units_per_usd())
    known = wage is not None and minimum is not None
    return PayCheck(
        status=result.status,
        country=country,
        amount=Decimal(amount),
        currency=currency,
        period=period,
        workweek_hours=result.workweek_hours,
        pay_hourly=result.pay_hourly,
        minimum_hourly=result.minimum_hourly,
        minimum_currency=result.minimum_currency,
        required_amount=result.required_amount,
        suggested_amount=result.suggested_amount,
        missing_currency=result.missing_currency,
        effective_date=wage.effective_date if known and wage else None,
        effective_text=wage.effective_text if known and wage else "",
        source=wage.source if wage else "",
    )


# --- wording -------------------------------------------------------------------------------


def _number(value: Decimal | None, pattern: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, format=pattern, locale=babel_locale(get_language()))


def money(value: Decimal | None) -> str:
    """An amount with grouping and two decimals, in the active language (``15,120.00``)."""
    return _number(value, "#,##0.00")


def friendly_money(value: Decimal | None) -> str:
    """Whole amounts without decimals (``15,200``), others with two."""
    if value is None:
        return ""
    return _number(value, "#,##0" if value == value.to_integral_value() else "#,##0.00")


def _period_label(period: str) -> str:
    try:
        return str(PayPeriod(period).label)
    except ValueError:
        return period


def pay_check_message(check: PayCheck) -> str:
    country = country_name(check.country, get_language())
    week = _number(check.workweek_hours, "#,##0.#")
    effective = check.effective_label or _("date not known")
    values = {
        "country": country,
        "week": week,
        "pay": money(check.pay_hourly),
        "minimum": money(check.minimum_hourly),
        "mcur": check.minimum_currency,
        "effective": effective,
        "suggested": friendly_money(check.suggested_amount),
        "currency": check.currency,
        "period": _period_label(check.period),
        "missing": check.missing_currency,
    }
    if check.status == paycheck.BELOW_MINIMUM:
        return (
            _(
                "This pay is about %(pay)s %(mcur)s per hour for a %(week)s-hour week; the "
                "statutory minimum wage in %(country)s is %(minimum)s %(mcur)s per hour "
                "(effective %(effective)s). Raise the pay to at least %(suggested)s "
                "%(currency)s %(period)s."
            )
            % values
        )
    if check.status == paycheck.OK:
        return (
            _(
                "This pay is about %(pay)s %(mcur)s per hour for a %(week)s-hour week, at or "
                "above the statutory minimum wage in %(country)s: %(minimum)s %(mcur)s per "
                "hour (effective %(effective)s)."
            )
            % values
        )
    if check.status == paycheck.NO_RATE:
        return (
            _(
                "No minimum-wage check: Kazi has no exchange rate for %(missing)s, so this pay "
                "could not be compared with the statutory minimum wage in %(country)s "
                "(%(minimum)s %(mcur)s per hour, effective %(effective)s)."
            )
            % values
        )
    return (
        _(
            "No minimum-wage data for %(country)s: this pay could not be checked against a "
            "statutory minimum wage."
        )
        % values
    )
