"""Import of an official licence list (CSV or XLSX) into the agency registry.

All or nothing: the whole file is read and checked first (``mappings.parse_table``); any
problem (a required column missing, an unknown status word, a date that cannot be read, a
licence number twice, an unreadable or empty file) raises :class:`LicenceListRejected`
listing the first problems with their row numbers, and nothing is saved. A good list is
saved in one transaction: agencies of the country are updated by licence number (its
``licence_key``), new ones created, and those the new list no longer names are marked
``in_current_list=False`` (they then count as unlicensed).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kazi.accounts.constants import OrganisationKind
from kazi.accounts.models import Organisation, User
from kazi.core import codes
from kazi.core.errors import DomainError

from . import mappings
from .mappings import Mapping, ParsedList, RowProblem
from .models import Agency, LicenceList
from .names import licence_key

MAX_LIST_BYTES = 20 * 1024 * 1024
MAX_SHOWN_PROBLEMS = 50  # kept on the error; the message itself names the first five
MESSAGE_PROBLEMS = 5


class LicenceListRejected(DomainError):
    """The list has problems; nothing was imported. ``problems`` lists them (translated)."""

    def __init__(self, problems: list[str]) -> None:
        shown = " ".join(problems[:MESSAGE_PROBLEMS])
        more = len(problems) - MESSAGE_PROBLEMS
        message = _("Nothing was imported. %(problems)s") % {"problems": shown}
        if more > 0:
            message += " " + ngettext(
                "And %(count)d more problem.", "And %(count)d more problems.", more
            ) % {"count": more}
        super().__init__(message, field="file", code="invalid_licence_list")
        self.problems = problems


@dataclass
class ImportResult:
    licence_list: LicenceList
    created: int = 0
    updated: int = 0
    delisted: int = 0
    linked: int = 0
    warnings: list[str] = field(default_factory=list)


def field_label(name: str) -> str:
    labels = {
        "name": _("name"),
        "licence_number": _("licence number"),
        "status": _("status"),
        "valid_from": _("valid from"),
        "valid_until": _("valid until"),
        "addresses": _("address"),
        "phone": _("phone"),
        "destinations": _("destinations"),
    }
    return str(labels.get(name, name))


def problem_message(problem: RowProblem, columns: dict[str, list[str]] | None = None) -> str:
    """A problem in plain words, with its row number."""
    headers = (columns or {}).get(problem.field) or []
    column = f"“{headers[0]}”" if headers else field_label(problem.field)
    values = {
        "row": problem.row,
        "value": problem.value,
        "column": column,
        "other": problem.other_row,
        "field": field_label(problem.field),
    }
    messages = {
        "empty": _("The file is empty."),
        "no_rows": _("The list has a header but no agencies."),
        "missing_column": _(
            "No column for the %(field)s was found (expected a header such as %(value)s)."
        ),
        "empty_name": _("Row %(row)d: the name is empty."),
        "empty_licence": _("Row %(row)d: the licence number is empty."),
        "duplicate": _("Row %(row)d: licence number %(value)s is already on row %(other)d."),
        "unknown_status": _("Row %(row)d: unknown licence status “%(value)s” in %(column)s."),
        "empty_status": _("Row %(row)d: the licence status is empty."),
        "bad_date": _("Row %(row)d: “%(value)s” in %(column)s is not a date Kazi can read."),
        "date_too_far": _(
            "Row %(row)d: %(value)s in %(column)s is too far in the future. Convert dates "
            "from another calendar (such as Bikram Sambat) to the Gregorian calendar."
        ),
        "dates_reversed": _("Row %(row)d: the licence ends before it starts."),
        "unknown_country": _(
            "Row %(row)d: “%(value)s” is not a country Kazi knows; it was left out of the "
            "corridors."
        ),
    }
    return str(messages.get(problem.code, problem.code)) % values


# --- reading the file ---------------------------------------------------------------------


def _unreadable(detail: str = "") -> LicenceListRejected:
    return LicenceListRejected(
        [
            _("The file could not be read as a CSV or XLSX list.")
            + (f" ({detail})" if detail else "")
        ]
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _unreadable()
    text: str | None = None
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    for encoding in (*encodings, "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise _unreadable()
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise _unreadable(str(error)) from error


def _xlsx_sheets(data: bytes) -> list[list[Sequence[object]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise _unreadable(type(error).__name__) from error
    try:
        return [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]
    except Exception as error:
        raise _unreadable(type(error).__name__) from error
    finally:
        workbook.close()


def file_kind(data: bytes) -> str:
    """ "xlsx" or "csv" from the content; refuses the old .xls format, PDF and the like."""
    if not data.strip():
        raise LicenceListRejected([_("The file is empty.")])
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise LicenceListRejected(
            [_("This is an old Excel (.xls) file: save it as XLSX or CSV and try again.")]
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise LicenceListRejected(
            [_("Only CSV and XLSX lists can be imported (this file is a PDF or an image).")]
        )
    return "csv"


def parse_file(
    data: bytes, mapping: Mapping, *, list_date: date, today: date
) -> tuple[str, ParsedList]:
    """The file's kind and its parsed rows (the first sheet of a workbook that has the
    header is used)."""
    kind = file_kind(data)
    if kind == "csv":
        return kind, mappings.parse_table(
            _csv_rows(data), mapping, list_date=list_date, today=today
        )
    first: ParsedList | None = None
    for rows in _xlsx_sheets(data):
        parsed = mappings.parse_table(rows, mapping, list_date=list_date, today=today)
        if parsed.header_row:
            return kind, parsed
        first = first or parsed
    return kind, first or ParsedList(problems=[RowProblem(0, "", "empty")])


# --- checks on the list's description -------------------------------------------------------


def resolve_mapping(name: str | Mapping) -> Mapping:
    if isinstance(name, Mapping):
        return name
    mapping = mappings.MAPPINGS.get((name or "generic").lower())
    if mapping is None:
        raise DomainError(
            _("Unknown column mapping “%(name)s”. Choose one of: %(names)s.")
            % {"name": name, "names": ", ".join(mappings.MAPPINGS)},
            field="mapping",
        )
    return mapping


def _check_description(
    country: str, authority: str, published_on: date, source_url: str, today: date
) -> None:
    if not codes.is_country(country):
        raise DomainError(
            _("Choose the country that issues the licences (an ISO 3166 code such as NP)."),
            field="country",
        )
    if not authority.strip():
        raise DomainError(_("Name the authority that published the list."), field="authority")
    if len(authority) > 200:
        raise DomainError(_("The authority's name is too long."), field="authority")
    if published_on > today:
        raise DomainError(_("The date of the list is in the future."), field="published_on")
    if source_url and (
        len(source_url) > 500 or not source_url.lower().startswith(("https://", "http://"))
    ):
        raise DomainError(
            _("Give the address where the list was published (starting with https://)."),
            field="source_url",
        )
    latest = LicenceList.objects.filter(country=country).order_by("-published_on", "-pk").first()
    if latest is not None and latest.published_on > published_on:
        raise DomainError(
            _(
                "A newer list for this country is already loaded (dated %(date)s). Import "
                "lists from the oldest to the newest."
            )
            % {"date": latest.published_on.isoformat()},
            field="published_on",
        )


# --- the import -----------------------------------------------------------------------------


def import_licence_list(
    file: IO[bytes] | bytes,
    *,
    file_name: str,
    country: str,
    authority: str,
    published_on: date,
    source_url: str = "",
    mapping: str | Mapping = "generic",
    actor: User | None = None,
    progress: IO[str] | None = None,
    today: date | None = None,
) -> ImportResult:
    """Check the whole list, then save it in one transaction (see the module docstring)."""
    today = today or timezone.localdate()
    country = (country or "").strip().upper()
    authority = " ".join((authority or "").split())
    source_url = (source_url or "").strip()
    chosen = resolve_mapping(mapping)
    _check_description(country, authority, published_on, source_url, today)
    data = file if isinstance(file, bytes) else file.read(MAX_LIST_BYTES + 1)
    if len(data) > MAX_LIST_BYTES:
        raise LicenceListRejected(
            [_("The file is too large: the limit is %(mb)d MB.") % {"mb": MAX_LIST_BYTES >> 20}]
        )
    _kind, parsed = parse_file(data, chosen, list_date=published_on, today=today)
    if parsed.problems:
        raise LicenceListRejected(
            [problem_message(p, parsed.columns) for p in parsed.problems[:MAX_SHOWN_PROBLEMS]]
        )
    warnings = [problem_message(p, parsed.columns) for p in parsed.warnings[:MAX_SHOWN_PROBLEMS]]
    with transaction.atomic():
        licence_list = LicenceList.objects.create(
            country=country,
            authority=authority,
            source_url=source_url,
            published_on=published_on,
            mapping=chosen.name[:40],
            file_name=(file_name or "")[:255],
            file_sha256=hashlib.sha256(data).hexdigest(),
            row_count=len(parsed.agencies),
            imported_by=actor,
        )
        result = ImportResult(licence_list=licence_list, warnings=warnings)
        _save_agencies(result, parsed, country, progress)
    return result


def _save_agencies(
    result: ImportResult, parsed: ParsedList, country: str, progress: IO[str] | None
) -> None:
    from tqdm import tqdm

    licence_list = result.licence_list
    existing = {
        a.licence_key: a for a in Agency.objects.select_for_update().filter(country=country)
    }
    linked_orgs = set(
        Agency.objects.filter(organisation__isnull=False).values_list("organisation_id", flat=True)
    )
    organisations: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(kind=OrganisationKind.AGENCY, country=country).exclude(
        licence_number=""
    ):
        key = licence_key(org.licence_number)
        if key and org.pk not in linked_orgs:
            organisations.setdefault(key, org)
    to_create: list[Agency] = []
    to_update: list[Agency] = []
    seen: set[str] = set()
    now = timezone.now()
    rows = tqdm(
        parsed.agencies,
        desc="agencies",
        unit="row",
        file=progress,
        disable=progress is None,
        leave=False,
    )
    for row in rows:
        seen.add(row.licence_key)
        agency = existing.get(row.licence_key) or Agency(
            country=country, licence_key=row.licence_key
        )
        agency.name = row.name
        agency.name_key = row.name_key
        agency.licence_number = row.licence_number
        agency.status = row.status
        agency.valid_from = row.valid_from
        agency.valid_until = row.valid_until
        agency.addresses = row.addresses
        agency.phone = row.phone
        agency.destinations = row.destinations
        agency.licence_list = licence_list
        agency.in_current_list = True
        agency.updated_at = now
        if agency.organisation_id is None and row.licence_key in organisations:
            agency.organisation = organisations.pop(row.licence_key)
            result.linked += 1
        (to_update if agency.pk else to_create).append(agency)
    rows.close()
    Agency.objects.bulk_create(to_create, batch_size=500)
    Agency.objects.bulk_update(
        to_update,
        [
            "name",
            "name_key",
            "licence_number",
            "status",
            "valid_from",
            "valid_until",
            "addresses",
            "phone",
            "destinations",
            "licence_list",
            "in_current_list",
            "organisation",
            "updated_at",
        ],
        batch_size=500,
    )
    absent = [a.pk for key, a in existing.items() if key not in seen and a.in_current_list]
    for start in range(0, len(absent), 500):
        Agency.objects.filter(pk__in=absent[start : start + 500]).update(
            in_current_list=False, updated_at=now
        )
    result.created = len(to_create)
    result.updated = len(to_update)
    result.delisted = len(absent)


def parse_iso_date(text: str) -> date:
    """The ``--date`` of the CLI and the upload form (ISO, or any form the lists use)."""
    try:
        parsed = mappings.parse_date(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise DomainError(
            _("Give the date of the list as YYYY-MM-DD, for example 2026-10-01."),
            field="published_on",
        )
    return parsed
