"""Column mappings of official licence lists, and the reading of their rows.

Framework-free (no Django import): the importer (``importer.py``) reads the file, hands the
rows to :func:`parse_table` and turns the problems found into translated messages.

A mapping says, for each of our fields, which column headers may hold it (compared without
case, accents, punctuation or repeated spaces), how dates are written when they are not
ISO (day first or month first), and any status words of the country beyond the common ones.
See ``docs/recruitment.md`` for the tables, and ``--mapping-file`` for a deployer's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from kazi.core import codes

from .names import fold_text, licence_key, name_key

FIELDS = (
    "name",
    "licence_number",
    "status",
    "valid_from",
    "valid_until",
    "addresses",
    "phone",
    "destinations",
)
REQUIRED_FIELDS = ("name", "licence_number")
STATUSES = ("valid", "suspended", "revoked", "expired")
# Rows scanned for the header (official lists often start with a title and a date).
HEADER_SCAN_ROWS = 20
# Problems collected before reading stops (the message shows the first few).
MAX_PROBLEMS = 200
# A validity date this many years after the list's date is taken for a date in another
# calendar (Nepal's Bikram Sambat runs about 57 years ahead) and refused.
MAX_YEARS_AHEAD = 30
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Mapping:
    """How to read one kind of licence list."""

    name: str
    title: str
    columns: dict[str, tuple[str, ...]]
    # "dmy" (31/12/2026) or "mdy" (12/31/2026) for dates that are not ISO (2026-12-31).
    date_order: str = "dmy"
    # Extra status words of this list (folded word → one of STATUSES).
    status_words: dict[str, str] = field(default_factory=dict)
    # Status of every row when the list has no status column (an official list of
    # licensed agencies names only valid licences); None: a status column is required.
    default_status: str | None = "valid"


_GENERIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "agency",
        "agency name",
        "name of agency",
        "name of the agency",
        "company",
        "company name",
        "recruitment agency",
        "nom",
        "nom de l agence",
        "raison sociale",
        "denomination",
        "الاسم",
        "اسم الوكالة",
        "اسم الشركة",
    ),
    "licence_number": (
        "licence number",
        "license number",
        "licence no",
        "license no",
        "licence",
        "license",
        "licence num",
        "license num",
        "licence #",
        "license #",
        "lic no",
        "permit number",
        "registration number",
        "numero de licence",
        "n de licence",
        "numero d agrement",
        "agrement",
        "رقم الترخيص",
        "رقم الرخصة",
    ),
    "status": (
        "status",
        "licence status",
        "license status",
        "statut",
        "etat",
        "situation",
        "الحالة",
        "حالة الترخيص",
    ),
    "valid_from": (
        "valid from",
        "issue date",
        "date of issue",
        "issued on",
        "date issued",
        "start date",
        "date de delivrance",
        "valable du",
        "تاريخ الإصدار",
    ),
    "valid_until": (
        "valid until",
        "valid till",
        "valid to",
        "valid upto",
        "valid up to",
        "expiry date",
        "expiry",
        "expiration date",
        "end date",
        "date d expiration",
        "valable jusqu au",
        "تاريخ الانتهاء",
    ),
    "addresses": ("address", "addresses", "office address", "adresse", "العنوان"),
    "phone": (
        "phone",
        "phone number",
        "telephone",
        "tel",
        "contact number",
        "contact no",
        "telephone no",
        "الهاتف",
    ),
    "destinations": (
        "destinations",
        "destination",
        "destination countries",
        "countries",
        "countries served",
        "corridors",
        "pays de destination",
        "pays",
        "الوجهات",
        "الدول",
    ),
}

MAPPINGS: dict[str, Mapping] = {
    "generic": Mapping(
        name="generic",
        title="Generic (English, French or Arabic headers)",
        columns=_GENERIC_COLUMNS,
    ),
    # Nepal: the Department of Foreign Employment publishes the list of licensed
    # foreign-employment (manpower) companies.
    "np": Mapping(
        name="np",
        title="Nepal, Department of Foreign Employment style",
        columns={
            "name": ("company name", "name of company", "name of agency", "agency name", "name"),
            "licence_number": (
                "licence no",
                "license no",
                "lic no",
                "licence number",
                "license number",
            ),
            "status": ("status", "licence status", "license status"),
            "valid_from": ("valid from", "registration date", "registered date", "issue date"),
            "valid_until": (
                "valid till",
                "valid until",
                "valid upto",
                "renewal date",
                "expiry date",
            ),
            "addresses": ("address", "office address", "district", "municipality"),
            "phone": ("phone", "phone no", "contact no", "telephone", "contact number"),
            "destinations": ("destination countries", "countries", "destinations"),
        },
        date_order="dmy",
        status_words={"renewed": "valid", "not renewed": "expired", "closed": "revoked"},
    ),
    # Philippines: the Department of Migrant Workers (formerly POEA) lists licensed
    # land-based and sea-based agencies and those whose licence was suspended, cancelled
    # or revoked, or who were delisted or banned.
    "ph": Mapping(
        name="ph",
        title="Philippines, Department of Migrant Workers (DMW/POEA) style",
        columns={
            "name": ("name of agency", "agency name", "agency", "name"),
            "licence_number": ("license number", "license no", "licence number", "licence no"),
            "status": ("status", "license status", "agency status"),
            "valid_from": ("date issued", "issue date", "validity from", "valid from"),
            "valid_until": (
                "validity",
                "validity date",
                "license validity",
                "valid until",
                "validity to",
                "expiry date",
            ),
            "addresses": ("official address", "address", "office address"),
            "phone": ("telephone no", "telephone number", "contact number", "tel no", "phone"),
            "destinations": ("countries", "principal countries", "destination", "destinations"),
        },
        date_order="mdy",
        status_words={
            "forever banned": "revoked",
            "delisted": "revoked",
            "cancelled": "revoked",
            "preventive suspension": "suspended",
            "valid license": "valid",
            "good standing": "valid",
        },
    ),
}

# Status words of every list (after folding: lower case, no accents, single spaces).
COMMON_STATUS_WORDS: dict[str, str] = {
    # valid
    "valid": "valid",
    "active": "valid",
    "licensed": "valid",
    "licenced": "valid",
    "in force": "valid",
    "current": "valid",
    "renewed": "valid",
    "approved": "valid",
    "good standing": "valid",
    "ok": "valid",
    "valide": "valid",
    "en vigueur": "valid",
    "actif": "valid",
    "agree": "valid",
    "ساري": "valid",
    "سارية": "valid",
    "صالح": "valid",
    "فعال": "valid",
    # suspended
    "suspended": "suspended",
    "suspension": "suspended",
    "temporarily suspended": "suspended",
    "on hold": "suspended",
    "suspendu": "suspended",
    "suspendue": "suspended",
    "موقوف": "suspended",
    "موقوفة": "suspended",
    "معلق": "suspended",
    # revoked
    "revoked": "revoked",
    "revocation": "revoked",
    "cancelled": "revoked",
    "canceled": "revoked",
    "cancellation": "revoked",
    "delisted": "revoked",
    "banned": "revoked",
    "blacklisted": "revoked",
    "withdrawn": "revoked",
    "surrendered": "revoked",
    "revoque": "revoked",
    "revoquee": "revoked",
    "retire": "revoked",
    "retiree": "revoked",
    "annule": "revoked",
    "annulee": "revoked",
    "radie": "revoked",
    "radiee": "revoked",
    "ملغى": "revoked",
    "ملغي": "revoked",
    "ملغاة": "revoked",
    "مسحوب": "revoked",
    # expired
    "expired": "expired",
    "lapsed": "expired",
    "not renewed": "expired",
    "expire": "expired",
    "expiree": "expired",
    "echu": "expired",
    "perime": "expired",
    "منتهي": "expired",
    "منتهية": "expired",
}

_MONTHS = {
    **{
        m: i
        for i, names in enumerate(
            [
                ("jan", "january", "janvier", "janv"),
                ("feb", "february", "fevrier", "fev", "fevr"),
                ("mar", "march", "mars"),
                ("apr", "april", "avril", "avr"),
                ("may", "mai"),
                ("jun", "june", "juin"),
                ("jul", "july", "juillet", "juil"),
                ("aug", "august", "aout"),
                ("sep", "sept", "september", "septembre"),
                ("oct", "october", "octobre"),
                ("nov", "november", "novembre"),
                ("dec", "december", "decembre"),
            ],
            start=1,
        )
        for m in names
    }
}

# Common names of countries that CLDR writes differently (folded).
COUNTRY_ALIASES = {
    "uae": "AE",
    "u a e": "AE",
    "emirates": "AE",
    "ksa": "SA",
    "saudi": "SA",
    "kingdom of saudi arabia": "SA",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "usa": "US",
    "united states of america": "US",
    "korea": "KR",
    "republic of korea": "KR",
    "south korea": "KR",
    "dubai": "AE",
    "abu dhabi": "AE",
    "hong kong": "HK",
    "macau": "MO",
    "russia": "RU",
    "turkey": "TR",
    "turkiye": "TR",
    "czech republic": "CZ",
}


class MappingError(ValueError):
    """A mapping file is not valid (the message is for the deployer, in English)."""


def header_key(text: object) -> str:
    """A header as mappings compare it: folded, punctuation as spaces, single spaces."""
    folded = fold_text(str(text or ""))
    return " ".join(re.sub(r"[^\w#]+", " ", folded).split())


def _words_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold_text(text)).split())


def mapping_from_dict(data: Any, name: str = "custom") -> Mapping:
    """A mapping from a deployer's JSON object::

    {"title": "Kenya NEA list", "date_order": "dmy", "default_status": "valid",
     "columns": {"name": ["Agency"], "licence_number": ["Reg. No"]},
     "status_words": {"Active": "valid", "Deregistered": "revoked"}}
    """
    if not isinstance(data, dict):
        raise MappingError("The mapping must be a JSON object.")
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise MappingError('The mapping needs "columns": {our field: [accepted headers]}.')
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise MappingError(
            f"Unknown field(s) {', '.join(unknown)}; the fields are {', '.join(FIELDS)}."
        )
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        raise MappingError(f"The mapping must name the column(s) for {', '.join(missing)}.")
    parsed: dict[str, tuple[str, ...]] = {}
    for key, headers in columns.items():
        if isinstance(headers, str):
            headers = [headers]
        if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
            raise MappingError(f'"{key}" must be a list of header names.')
        parsed[key] = tuple(header_key(h) for h in headers if header_key(h))
        if not parsed[key]:
            raise MappingError(f'"{key}" names no header.')
    order = data.get("date_order", "dmy")
    if order not in ("dmy", "mdy"):
        raise MappingError('"date_order" is "dmy" (31/12/2026) or "mdy" (12/31/2026).')
    words = data.get("status_words", {})
    if not isinstance(words, dict) or not all(
        isinstance(k, str) and v in STATUSES for k, v in words.items()
    ):
        raise MappingError(f'"status_words" maps words to one of {", ".join(STATUSES)}.')
    default = data.get("default_status", "valid")
    if default is not None and default not in STATUSES:
        raise MappingError(f'"default_status" is null or one of {", ".join(STATUSES)}.')
    return Mapping(
        name=str(data.get("name") or name)[:40],
        title=str(data.get("title") or name)[:200],
        columns=parsed,
        date_order=order,
        status_words={_words_key(k): v for k, v in words.items()},
        default_status=default,
    )


# --- cells ----------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text: numbers without a useless ``.0``, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return " ".join(str(value).split())


def parse_status(value: object, mapping: Mapping) -> str | None:
    """One of STATUSES for the list's word, or None when the word is unknown."""
    key = _words_key(cell_text(value))
    if not key:
        return None
    for table in (mapping.status_words, COMMON_STATUS_WORDS):
        if key in table:
            return table[key]
    without_brackets = _words_key(re.sub(r"\(.*?\)|\[.*?\]", " ", cell_text(value)))
    for table in (mapping.status_words, COMMON_STATUS_WORDS):
        if without_brackets in table:
            return table[without_brackets]
    return None


def parse_date(value: object, order: str = "dmy") -> date | None:
    """A date from a cell: a date object, an Excel serial number, ISO (2026-10-01), day-
    or month-first numbers (01/10/2026, 1.10.2026), or with a month name in English or
    French (1 Oct 2026, 1er octobre 2026, October 1, 2026). Blank: None. Otherwise
    ``ValueError``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_date(float(value))
    text = cell_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_date(float(text))
    match = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text
    )
    if match:
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (first, second) if order == "dmy" else (second, first)
        return _checked(year, month, day)
    words = re.sub(r"[^\w]+", " ", fold_text(text)).split()
    words = [w[:-2] if re.fullmatch(r"\d+(st|nd|rd|th|er)", w) else w for w in words]
    if len(words) == 3:
        numbers = [w for w in words if w.isdigit()]
        names = [w for w in words if not w.isdigit()]
        if len(numbers) == 2 and len(names) == 1 and names[0] in _MONTHS:
            year_text = next((n for n in numbers if len(n) == 4), "")
            day_text = next((n for n in numbers if len(n) <= 2), "")
            if year_text and day_text:
                return _checked(int(year_text), _MONTHS[names[0]], int(day_text))
    raise ValueError(text)


def _excel_date(serial: float) -> date:
    if not 1 <= serial < 2958466:
        raise ValueError(str(serial))
    return _checked_date(EXCEL_EPOCH + timedelta(days=int(serial)))


def _checked(year: int, month: int, day: int) -> date:
    return _checked_date(date(year, month, day))  # ValueError for 31/02


def _checked_date(value: date) -> date:
    if not 1900 <= value.year <= 2200:
        raise ValueError(value.isoformat())
    return value


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name (English, French, Arabic, Spanish) → ISO alpha-2 code."""
    names: dict[str, str] = {}
    for language in ("es", "ar", "fr", "en"):
        for code, label in codes.country_choices(language):
            names[_words_key(label)] = code
    names.update(COUNTRY_ALIASES)
    return names


def parse_destinations(value: object) -> tuple[list[str], list[str]]:
    """ISO alpha-2 codes of the countries in a cell (names in English, French, Arabic or
    Spanish, or codes; separated by , ; / | or line breaks), and the parts not understood."""
    text = str(value or "")
    found: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;/|\n]+|،", text):
        part = part.strip()
        if not part:
            continue
        code = part.upper() if len(part) == 2 and codes.is_country(part.upper()) else None
        code = code or _country_names().get(_words_key(part))
        if code is None:
            unknown.append(part)
        elif code not in found:
            found.append(code)
    return found, unknown


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """Something wrong in the list. ``row`` counts as a spreadsheet does (the header row
    included), 0 for the whole file. ``code`` says what (see ``importer.problem_message``)."""

    row: int
    field: str
    code: str
    value: str = ""
    other_row: int = 0


@dataclass
class ParsedAgency:
    row: int
    name: str
    name_key: str
    licence_number: str
    licence_key: str
    status: str
    listed_status: str
    valid_from: date | None
    valid_until: date | None
    addresses: str
    phone: str
    destinations: list[str]


@dataclass
class ParsedList:
    agencies: list[ParsedAgency] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    header_row: int = 0
    # Our field → the headers of the file it was read from.
    columns: dict[str, list[str]] = field(default_factory=dict)


def _resolve_header(row: Sequence[object], mapping: Mapping) -> dict[str, list[int]]:
    """Our field → indexes of the columns that hold it (addresses may join several)."""
    keys = [header_key(cell) for cell in row]
    found: dict[str, list[int]] = {}
    for name, accepted in mapping.columns.items():
        accepted_keys = [header_key(h) for h in accepted]
        if name == "addresses":
            indexes = [i for i, key in enumerate(keys) if key and key in accepted_keys]
        else:
            # The first accepted header present wins (mappings list the best first).
            indexes = next(([keys.index(a)] for a in accepted_keys if a in keys), [])
        if indexes:
            found[name] = indexes
    return found


def parse_table(
    rows: Iterable[Sequence[object]],
    mapping: Mapping,
    *,
    list_date: date,
    today: date,
) -> ParsedList:
    """Read the rows of a licence list (the header found among the first rows)."""
    result = ParsedList()
    iterator = iter(rows)
    columns: dict[str, list[int]] = {}
    headers: Sequence[object] = ()
    best: dict[str, list[int]] = {}
    row_number = 0
    for row in iterator:
        row_number += 1
        found = _resolve_header(row, mapping)
        if all(f in found for f in REQUIRED_FIELDS):
            columns, headers = found, row
            break
        if len(found) > len(best):
            best = found
        if row_number >= HEADER_SCAN_ROWS:
            break
    if not columns:
        if row_number == 0:
            result.problems.append(RowProblem(0, "", "empty"))
            return result
        for name in REQUIRED_FIELDS:
            if name not in best:
                expected = " / ".join(f"“{h}”" for h in mapping.columns[name][:4])
                result.problems.append(RowProblem(0, name, "missing_column", expected))
        return result
    if "status" not in columns and mapping.default_status is None:
        expected = " / ".join(f"“{h}”" for h in mapping.columns.get("status", ())[:4])
        result.problems.append(RowProblem(row_number, "status", "missing_column", expected))
        return result
    result.header_row = row_number
    result.columns = {
        name: [cell_text(headers[i]) for i in indexes] for name, indexes in columns.items()
    }
    seen: dict[str, int] = {}
    limit_ahead = date(list_date.year + MAX_YEARS_AHEAD, 1, 1)

    def cell(row: Sequence[object], name: str) -> object:
        indexes = columns.get(name, [])
        if not indexes:
            return None
        return row[indexes[0]] if indexes[0] < len(row) else None

    for row in iterator:
        row_number += 1
        if len(result.problems) >= MAX_PROBLEMS:
            break
        if not any(cell_text(value) for value in row):
            continue
        problems: list[RowProblem] = []
        name = cell_text(cell(row, "name"))
        number = cell_text(cell(row, "licence_number"))
        if not name and not number:
            continue  # a section title or a blank line
        if not name:
            problems.append(RowProblem(row_number, "name", "empty_name"))
        key = licence_key(number)
        if not key:
            problems.append(RowProblem(row_number, "licence_number", "empty_licence", number))
        elif key in seen:
            problems.append(
                RowProblem(row_number, "licence_number", "duplicate", number, seen[key])
            )
        else:
            seen[key] = row_number
        if "status" in columns:
            raw_status = cell(row, "status")
            status = parse_status(raw_status, mapping)
            if status is None:
                code = "empty_status" if not cell_text(raw_status) else "unknown_status"
                problems.append(RowProblem(row_number, "status", code, cell_text(raw_status)))
        else:
            status = mapping.default_status
        dates: dict[str, date | None] = {}
        for date_field in ("valid_from", "valid_until"):
            raw = cell(row, date_field)
            try:
                dates[date_field] = parse_date(raw, mapping.date_order)
            except ValueError:
                problems.append(RowProblem(row_number, date_field, "bad_date", cell_text(raw)))
                dates[date_field] = None
                continue
            parsed = dates[date_field]
            if parsed is not None and parsed >= limit_ahead:
                problems.append(RowProblem(row_number, date_field, "date_too_far", cell_text(raw)))
        valid_from, valid_until = dates.get("valid_from"), dates.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            problems.append(
                RowProblem(row_number, "valid_until", "dates_reversed", cell_text(valid_until))
            )
        destinations, unknown = parse_destinations(cell(row, "destinations"))
        result.warnings += [
            RowProblem(row_number, "destinations", "unknown_country", part) for part in unknown
        ]
        if problems:
            result.problems += problems
            continue
        listed = str(status)
        effective = (
            "expired" if listed == "valid" and valid_until and valid_until < today else listed
        )
        addresses = "; ".join(
            cell_text(row[i])
            for i in columns.get("addresses", [])
            if i < len(row) and cell_text(row[i])
        )
        result.agencies.append(
            ParsedAgency(
                row=row_number,
                name=name[:300],
                name_key=name_key(name)[:300],
                licence_number=number[:80],
                licence_key=key[:80],
                status=effective,
                listed_status=listed,
                valid_from=valid_from,
                valid_until=valid_until,
                addresses=addresses[:2000],
                phone=cell_text(cell(row, "phone"))[:80],
                destinations=destinations,
            )
        )
    if not result.agencies and not result.problems:
        result.problems.append(RowProblem(0, "", "no_rows"))
    return result


def mapping_table(mapping: Mapping) -> list[tuple[str, str]]:
    """(field, accepted headers) rows for documentation and the upload page."""
    return [(name, ", ".join(mapping.columns[name])) for name in FIELDS if name in mapping.columns]


def statuses_of(words: MappingType[str, str], status: str) -> list[str]:
    return sorted(word for word, value in words.items() if value == status)
