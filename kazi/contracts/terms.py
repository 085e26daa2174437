"""The key terms of a contract and their canonical JSON (no Django import).

Canonical JSON is the exact byte string that is hashed, so anyone can recompute a hash with
any JSON library that follows these rules (docs/contracts.md):

* objects: keys sorted by Unicode code point, no duplicate keys;
* no whitespace at all: separators are ``,`` and ``:``;
* text encoded as UTF-8, never ``\\u`` escapes except for the characters JSON requires
  (``"``, ``\\`` and control characters below U+0020, which are written as Python's
  ``json.dumps(..., ensure_ascii=False)`` writes them);
* every string (keys too) is Unicode NFC-normalised first;
* numbers: integers as JSON integers; decimal amounts as JSON *strings* in plain notation
  with no exponent and no trailing zeros (``"1200"``, ``"12.5"``, ``"0"``); floats are
  refused, because their text is not the same in every language;
* dates as ISO 8601 strings (``"2026-03-01"``); missing values as ``null``; lists keep their
  order.

In Python: ``json.dumps(normalised, sort_keys=True, separators=(",", ":"),
ensure_ascii=False).encode("utf-8")`` on the normalised value.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

WAGE_PERIODS = ("hour", "day", "week", "month", "year")
COST_PAYERS = ("employer", "agency", "worker", "shared", "not_said")
SCHEMA_VERSION = 1


class CanonicalError(ValueError):
    """A value that has no canonical JSON form (a float, NaN, a non-text key...)."""


def decimal_text(value: Decimal) -> str:
    """A decimal in plain notation without trailing zeros: 1200, 12.5, 0, -3.25."""
    if not value.is_finite():
        raise CanonicalError("decimal amounts must be finite")
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _normalise(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise CanonicalError("floats are not allowed in canonical JSON: use Decimal")
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, datetime):
        raise CanonicalError("datetimes are written as ISO strings by the caller")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError("object keys must be text")
            nkey = unicodedata.normalize("NFC", key)
            if nkey in out:
                raise CanonicalError(f"duplicate key {nkey!r}")
            out[nkey] = _normalise(item)
        return out
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [_normalise(item) for item in value]
    if isinstance(value, Terms | Deduction):
        return _normalise(value.to_dict())
    raise CanonicalError(f"no canonical form for {type(value).__name__}")


def canonical_json(value: Any) -> bytes:
    """The canonical JSON bytes of ``value`` (a Terms, a mapping, a list, ...)."""
    if isinstance(value, Terms):
        value = value.to_dict()
    try:
        text = json.dumps(
            _normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate
        raise CanonicalError("text is not valid Unicode") from error


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise CanonicalError("floats are not allowed: use Decimal or text")
    try:
        result = Decimal(str(value))
    except InvalidOperation as error:
        raise CanonicalError(f"not a number: {value!r}") from error
    if not result.is_finite():
        raise CanonicalError("amounts must be finite")
    return result


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise CanonicalError(f"not a whole number: {value!r}")
    return int(value)


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True)
class Deduction:
    """Money taken from the wage (housing, food, a loan, a fee...)."""

    what: str
    amount: Decimal
    currency: str
    period: str = "month"

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "amount": decimal_text(self.amount),
            "currency": self.currency,
            "period": self.period,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Deduction:
        amount = _dec(data.get("amount"))
        return cls(
            what=str(data.get("what", "")).strip(),
            amount=amount if amount is not None else Decimal(0),
            currency=str(data.get("currency", "")).strip().upper(),
            period=str(data.get("period") or "month"),
        )


@dataclass(frozen=True)
class Terms:
    """The key terms of one version of a contract. Empty text or ``None`` = not said."""

    employer_name: str = ""
    employer_country: str = ""
    job_title: str = ""
    work_country: str = ""
    work_city: str = ""
    wage_amount: Decimal | None = None
    wage_currency: str = ""
    wage_period: str = ""
    hours_per_week: Decimal | None = None
    rest_days_per_week: Decimal | None = None
    deductions: tuple[Deduction, ...] = field(default_factory=tuple)
    duration_months: int | None = None
    start_date: date | None = None
    travel_paid_by: str = "not_said"
    recruitment_fees_paid_by: str = "not_said"
    visa_paid_by: str = "not_said"
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe form (the one stored and hashed)."""

        def opt(value: Decimal | None) -> str | None:
            return None if value is None else decimal_text(value)

        return {
            "schema": SCHEMA_VERSION,
            "employer_name": self.employer_name,
            "employer_country": self.employer_country,
            "job_title": self.job_title,
            "work_country": self.work_country,
            "work_city": self.work_city,
            "wage_amount": opt(self.wage_amount),
            "wage_currency": self.wage_currency,
            "wage_period": self.wage_period,
            "hours_per_week": opt(self.hours_per_week),
            "rest_days_per_week": opt(self.rest_days_per_week),
            "deductions": [d.to_dict() for d in self.deductions],
            "duration_months": self.duration_months,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "travel_paid_by": self.travel_paid_by,
            "recruitment_fees_paid_by": self.recruitment_fees_paid_by,
            "visa_paid_by": self.visa_paid_by,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Terms:
        """Read terms back (from storage, the API or a form); unknown keys are ignored."""

        def text(key: str) -> str:
            value = data.get(key)
            return unicodedata.normalize("NFC", str(value).strip()) if value else ""

        def payer(key: str) -> str:
            value = text(key) or "not_said"
            if value not in COST_PAYERS:
                raise CanonicalError(f"{key}: unknown payer {value!r}")
            return value

        period = text("wage_period")
        if period and period not in WAGE_PERIODS:
            raise CanonicalError(f"unknown wage period {period!r}")
        return cls(
            employer_name=text("employer_name"),
            employer_country=text("employer_country").upper(),
            job_title=text("job_title"),
            work_country=text("work_country").upper(),
            work_city=text("work_city"),
            wage_amount=_dec(data.get("wage_amount")),
            wage_currency=text("wage_currency").upper(),
            wage_period=period,
            hours_per_week=_dec(data.get("hours_per_week")),
            rest_days_per_week=_dec(data.get("rest_days_per_week")),
            deductions=tuple(Deduction.from_dict(d) for d in (data.get("deductions") or ()) if d),
            duration_months=_int(data.get("duration_months")),
            start_date=_date(data.get("start_date")),
            travel_paid_by=payer("travel_paid_by"),
            recruitment_fees_paid_by=payer("recruitment_fees_paid_by"),
            visa_paid_by=payer("visa_paid_by"),
            notes=text("notes"),
        )
