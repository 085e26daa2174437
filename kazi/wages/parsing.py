"""Reading wage and exchange-rate files (framework-free).

- The Wikipedia snapshot "List of countries by minimum wage" (c. 2021): country names,
  hourly nominal US$, legal workweek, "Effective per" text.
- Official figures an administrator imports (documented layout, see docs/pay-check.md).
- Exchange rates (units of a currency per US dollar).

Every function returns plain data or raises :class:`FileFormatError` with row-numbered
messages; nothing here touches the database.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from babel import Locale

from kazi.core.codes import country_codes, fold, is_country, is_currency

from .paycheck import PERIODS

WIKIPEDIA_FILE_NAME = "minimum_wage_by_country_wikipedia_2021.csv"
WIKIPEDIA_SOURCE = (
    "Wikipedia, List of countries by minimum wage (snapshot c. 2021), CC BY-SA 4.0; file {file}"
)

# Names in the Wikipedia table that Babel's English territory names do not give directly.
COUNTRY_ALIASES: dict[str, str] = {
    "united states of america": "US",
    "dem. rep. congo": "CD",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "republic of the congo": "CG",
    "federated states of micronesia": "FM",
    "antigua": "AG",
    "barbuda": "AG",
    "palestine": "PS",
    "hong kong": "HK",
    "macau": "MO",
    "czech republic": "CZ",
    "turkey": "TR",
    "ivory coast": "CI",
    "east timor": "TL",
    "swaziland": "SZ",
    "burma": "MM",
    "vatican": "VA",
    "saint vincent and the grenadines": "VC",
}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


class FileFormatError(ValueError):
    """The file cannot be imported; ``errors`` lists every problem with its line number."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def file_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- country names ---------------------------------------------------------------------


def _normalise_name(name: str) -> str:
    text = fold(name).replace("’", "'").replace("&", " and ")
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"\bst\.?(?=\s)", "saint", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def _english_names() -> dict[str, str]:
    names: dict[str, str] = {}
    territories = Locale.parse("en").territories
    for code in country_codes():
        names[_normalise_name(territories[code])] = code
    return names


def country_code_for_name(name: str) -> str | None:
    """ISO 3166 alpha-2 code for an English country name, or None when unknown."""
    key = _normalise_name(name)
    if not key:
        return None
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    if len(name.strip()) == 2 and is_country(name.strip().upper()):
        return name.strip().upper()
    return _english_names().get(key)


# --- effective dates ---------------------------------------------------------------------

DAY, MONTH, YEAR = "day", "month", "year"


def parse_effective(text: str) -> tuple[date | None, str]:
    """Best date for "1 May 2017", "4 Sep 2018", "July 2018", "2017" or "2019-01-01".

    Returns (date, precision) with precision "day", "month" or "year"; (None, "") when the
    text holds no date. A month or a year alone gives its first day.
    """
    value = text.strip()
    if not value:
        return None, ""
    try:
        return date.fromisoformat(value), DAY
    except ValueError:
        pass
    words = value.replace(",", " ").split()
    try:
        if len(words) == 3 and words[1].lower() in _MONTHS:
            return date(int(words[2]), _MONTHS[words[1].lower()], int(words[0])), DAY
        if len(words) == 3 and words[0].lower() in _MONTHS:  # "May 1 2017"
            return date(int(words[2]), _MONTHS[words[0].lower()], int(words[1])), DAY
        if len(words) == 2 and words[0].lower() in _MONTHS:
            return date(int(words[1]), _MONTHS[words[0].lower()], 1), MONTH
        if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
            return date(int(words[0]), 1, 1), YEAR
    except ValueError:
        return None, ""
    return None, ""


# --- the Wikipedia table -------------------------------------------------------------------


@dataclass(frozen=True)
class WikipediaRow:
    line: int
    name: str
    country: str
    hourly_usd: Decimal | None  # None: no statutory minimum in the table
    workweek_hours: Decimal | None
    effective_date: date | None
    effective_text: str


@dataclass
class WikipediaTable:
    rows: list[WikipediaRow] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # country names without an ISO code
    duplicates: list[str] = field(default_factory=list)  # names folded into an earlier row


def _column(header: list[str], wanted: str) -> int:
    def squash(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip().lower()

    for index, name in enumerate(header):
        if squash(name) == squash(wanted):
            return index
    raise FileFormatError(
        [f"line 1: the column {wanted!r} is missing (found: {', '.join(header)})"]
    )


def _decimal(text: str) -> Decimal | None:
    value = text.strip().replace(",", "")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def read_wikipedia_table(lines: Iterable[str]) -> WikipediaTable:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError(["the file is empty"]) from None
    i_country = _column(header, "Country")
    i_hourly = _column(header, "Hourly-Nominal (US$)")
    i_week = _column(header, "Workweek (hours)")
    i_effective = _column(header, "Effective per")
    table = WikipediaTable()
    seen: set[str] = set()
    errors: list[str] = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) <= max(i_country, i_hourly, i_week, i_effective):
            errors.append(f"line {line}: expected {len(header)} columns, found {len(record)}")
            continue
        name = record[i_country].strip()
        code = country_code_for_name(name)
        if code is None:
            table.unmapped.append(name)
            continue
        if code in seen:
            table.duplicates.append(name)
            continue
        seen.add(code)
        hourly_text, week_text = record[i_hourly], record[i_week]
        hourly, week = _decimal(hourly_text), _decimal(week_text)
        if hourly_text.strip() and hourly is None:
            errors.append(f"line {line} ({name}): hourly amount {hourly_text!r} is not a number")
        if week_text.strip() and week is None:
            errors.append(f"line {line} ({name}): workweek {week_text!r} is not a number")
        effective_text = record[i_effective].strip()
        effective, _precision = parse_effective(effective_text)
        table.rows.append(
            WikipediaRow(
                line=line,
                name=name,
                country=code,
                hourly_usd=hourly if hourly and hourly > 0 else None,
                workweek_hours=week if week and week > 0 else None,
                effective_date=effective,
                effective_text=effective_text[:60],
            )
        )
    if errors:
        raise FileFormatError(errors)
    return table


# --- official figures ----------------------------------------------------------------------

OFFICIAL_COLUMNS = (
    "country",
    "amount",
    "currency",
    "period",
    "workweek_hours",
    "effective_date",
    "source",
)


@dataclass(frozen=True)
class OfficialRow:
    line: int
    country: str
    amount: Decimal
    currency: str
    period: str
    workweek_hours: Decimal
    effective_date: date
    source: str


def _dict_rows(
    lines: Iterable[str], columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(lines)
    found = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in columns if name not in found]
    if missing:
        raise FileFormatError(
            [
                f"line 1: missing column(s) {', '.join(missing)}; "
                f"the header must be: {','.join(columns)}"
            ]
        )
    for line, record in enumerate(reader, start=2):
        cleaned = {
            (key or "").strip().lower(): (value or "").strip()
            for key, value in record.items()
            if not isinstance(value, list)
        }
        if not any(cleaned.values()):
            continue
        yield line, cleaned


def read_official_wages(lines: Iterable[str]) -> list[OfficialRow]:
    """Validate every row; raise FileFormatError listing all bad rows (nothing partial)."""
    rows: list[OfficialRow] = []
    errors: list[str] = []
    for line, record in _dict_rows(lines, OFFICIAL_COLUMNS):
        problems: list[str] = []
        country = record["country"].upper()
        if not is_country(country):
            problems.append(f"country {record['country']!r} is not an ISO 3166 alpha-2 code")
        amount = _decimal(record["amount"])
        if amount is None or amount <= 0:
            problems.append(f"amount {record['amount']!r} must be a number above 0")
        currency = record["currency"].upper()
        if not is_currency(currency):
            problems.append(f"currency {record['currency']!r} is not an ISO 4217 code")
        period = record["period"].lower()
        if period not in PERIODS:
            problems.append(f"period {record['period']!r} must be one of {', '.join(PERIODS)}")
        hours = _decimal(record["workweek_hours"])
        if hours is None or not (1 <= hours <= 80):
            problems.append(f"workweek_hours {record['workweek_hours']!r} must be between 1 and 80")
        try:
            effective = date.fromisoformat(record["effective_date"])
        except ValueError:
            effective = None
            problems.append(
                f"effective_date {record['effective_date']!r} must be a date like 2024-01-31"
            )
        if not record["source"]:
            problems.append("source is empty (name the official publication)")
        if problems:
            errors.append(f"line {line}: " + "; ".join(problems))
            continue
        assert amount is not None and hours is not None and effective is not None
        rows.append(
            OfficialRow(
                line=line,
                country=country,
                amount=amount,
                currency=currency,
                period=period,
                workweek_hours=hours,
                effective_date=effective,
                source=record["source"][:300],
            )
        )
    if errors:
        raise FileFormatError(errors)
    if not rows:
        raise FileFormatError(["the file has a header but no rows"])
    return rows


# --- exchange rates ------------------------------------------------------------------------

RATE_COLUMNS = ("currency", "units_per_usd", "as_of", "source")


@dataclass(frozen=True)
class RateRow:
    line: int
    currency: str
    units_per_usd: Decimal
    as_of: date
    source: str


def read_rates(lines: Iterable[str]) -> list[RateRow]:
    rows: list[RateRow] = []
    errors: list[str] = []
    for line, record in _dict_rows(lines, RATE_COLUMNS):
        problems: list[str] = []
        currency = record["currency"].upper()
        if not is_currency(currency):
            problems.append(f"currency {record['currency']!r} is not an ISO 4217 code")
        rate = _decimal(record["units_per_usd"])
        if rate is None or rate <= 0:
            problems.append(f"units_per_usd {record['units_per_usd']!r} must be a number above 0")
        try:
            as_of = datetime.strptime(record["as_of"], "%Y-%m-%d").date()
        except ValueError:
            as_of = None
            problems.append(f"as_of {record['as_of']!r} must be a date like 2024-01-31")
        if not record["source"]:
            problems.append("source is empty (name where the rate comes from)")
        if problems:
            errors.append(f"line {line}: " + "; ".join(problems))
            continue
        assert rate is not None and as_of is not None
        rows.append(RateRow(line, currency, rate, as_of, record["source"][:300]))
    if errors:
        raise FileFormatError(errors)
    if not rows:
        raise FileFormatError(["the file has a header but no rows"])
    return rows


# Approximate 2021 annual-average rates for the demo countries' currencies (units per USD).
DEMO_RATES_AS_OF = date(2021, 12, 31)
DEMO_RATES_SOURCE = "DEMO: approximate 2021 annual-average rates built into Kazi; not for real use"
DEMO_RATES: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "KES": Decimal("109.6"),
    "JOD": Decimal("0.709"),
    "PHP": Decimal("49.3"),
    "EUR": Decimal("0.845"),
    "BDT": Decimal("84.8"),
}
