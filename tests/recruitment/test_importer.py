"""Licence lists: CSV and XLSX, mappings, malformed lists refused whole, re-imports."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from kazi.core.errors import DomainError
from kazi.recruitment import mappings
from kazi.recruitment.importer import LicenceListRejected, import_licence_list
from kazi.recruitment.models import Agency, LicenceList
from tests.recruitment.factories import make_agency_org

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 1)
NP_CSV = """Department of Foreign Employment - list of licensed companies
As of 2026-10-01
S.N.,Company Name,Licence No.,Address,Status,Valid Till,Destination Countries
1,Himalayan Overseas Pvt. Ltd.,0123/075,"Ktm-32, Koteshwor",Active,2027-07-15,"Qatar, UAE; Malaysia"
2,Everest Manpower Services,456/076,"Lalitpur",Suspended,15/07/2027,Saudi Arabia
3,Sagarmatha HR Pvt Ltd,789/077,"Pokhara",Cancelled,2027-07-15,KW
4,Old Licence Recruiters,999/070,"Biratnagar",Valid,2025-07-15,Qatar / Gulf
"""


def run(data: bytes | str, **kwargs):  # type: ignore[no-untyped-def]
    raw = data.encode() if isinstance(data, str) else data
    defaults = {
        "file_name": "list.csv",
        "country": "NP",
        "authority": "Department of Foreign Employment",
        "published_on": date(2026, 10, 1),
        "mapping": "np",
        "today": TODAY,
    }
    defaults.update(kwargs)
    return import_licence_list(io.BytesIO(raw), **defaults)


def test_csv_list_imported_with_source_status_dates_and_corridors():
    result = run(NP_CSV, source_url="https://dofe.gov.np/list.csv")
    assert (result.created, result.updated, result.delisted) == (4, 0, 0)
    item = LicenceList.objects.get()
    assert item.row_count == 4 and item.mapping == "np" and item.file_name == "list.csv"
    assert len(item.file_sha256) == 64 and item.source_url == "https://dofe.gov.np/list.csv"
    himalayan = Agency.objects.get(licence_key="123 75")
    assert (
        himalayan.name == "Himalayan Overseas Pvt. Ltd."
        and himalayan.name_key == "himalayan overseas"
    )
    assert himalayan.status == "valid" and himalayan.valid_until == date(2027, 7, 15)
    assert himalayan.destinations == ["QA", "AE", "MY"]
    assert himalayan.addresses == "Ktm-32, Koteshwor"
    statuses = dict(Agency.objects.values_list("licence_number", "status"))
    # "Cancelled" is a revocation; a "Valid" licence whose end date has passed is expired.
    assert statuses == {
        "0123/075": "valid",
        "456/076": "suspended",
        "789/077": "revoked",
        "999/070": "expired",
    }
    assert Agency.objects.get(licence_number="456/076").valid_until == date(2027, 7, 15)
    # An unknown destination is left out, with a warning naming the row.
    assert Agency.objects.get(licence_number="999/070").destinations == ["QA"]
    assert result.warnings == [
        "Row 7: “Gulf” is not a country Kazi knows; it was left out of the corridors."
    ]


def test_xlsx_list_written_with_openpyxl_in_the_philippine_style():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name of Agency", "License Number", "Official Address", "Status", "Validity"])
    sheet.append(
        [
            "Bayanihan Manpower Inc.",
            "POEA-045-LB-031722-R",
            "Manila",
            "Valid",
            datetime(2027, 3, 17),
        ]
    )
    sheet.append(["Pinoy Global Placement", 1234, "Cebu", "Forever Banned", "03/17/2027"])
    sheet.append(
        ["Luzon Deployment Corp.", "DMW-077-LB", "Quezon City", "Preventive Suspension", None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(
        buffer.getvalue(),
        country="PH",
        mapping="ph",
        file_name="dmw.xlsx",
        authority="Department of Migrant Workers",
    )
    assert result.created == 3
    rows = {a.licence_number: a for a in Agency.objects.filter(country="PH")}
    assert rows["POEA-045-LB-031722-R"].valid_until == date(2027, 3, 17)
    assert rows["1234"].status == "revoked"  # an integer cell, month-first date
    assert rows["1234"].valid_until == date(2027, 3, 17)
    assert rows["DMW-077-LB"].status == "suspended"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Company Name,Status\nA,Active\n", "No column for the licence number was found"),
        (
            NP_CSV.replace("Cancelled", "Sleeping"),
            "Row 6: unknown licence status “Sleeping” in “Status”.",
        ),
        (
            NP_CSV.replace("15/07/2027", "31/02/2027"),
            "Row 5: “31/02/2027” in “Valid Till” is not a date Kazi can read.",
        ),
        (
            NP_CSV.replace("789/077", "0456-076"),
            "Row 6: licence number 0456-076 is already on row 5.",
        ),
        (NP_CSV.replace("2027-07-15,KW", "2084-03-01,KW"), "Bikram Sambat"),
        ("", "The file is empty."),
        ("Company Name,Licence No.\n", "The list has a header but no agencies."),
        (b"%PDF-1.7 not a list", "Only CSV and XLSX lists can be imported"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "old Excel (.xls)"),
        (b"PK\x03\x04 broken zip", "could not be read as a CSV or XLSX list"),
    ],
)
def test_malformed_lists_are_refused_whole_with_row_numbers(content, expected):
    with pytest.raises(LicenceListRejected) as caught:
        run(content)
    assert expected in str(caught.value.message)
    assert expected in " ".join(caught.value.problems)
    assert not LicenceList.objects.exists() and not Agency.objects.exists()


def test_a_malformed_reimport_changes_nothing_already_loaded():
    run(NP_CSV)
    before = list(Agency.objects.order_by("pk").values_list("name", "status", "in_current_list"))
    with pytest.raises(LicenceListRejected):
        run(NP_CSV.replace("Active", "???"), published_on=date(2026, 10, 20))
    assert LicenceList.objects.count() == 1
    assert (
        list(Agency.objects.order_by("pk").values_list("name", "status", "in_current_list"))
        == before
    )


def test_reimport_updates_by_licence_number_and_marks_missing_agencies():
    run(NP_CSV)
    newer = (
        "Company Name,Licence No.,Status,Valid Till\n"
        "Himalayan Overseas (renamed),123/75,Suspended,2027-07-15\n"
        "New Nepal Recruiters,555/081,Active,2028-01-01\n"
    )
    result = run(newer, published_on=date(2026, 10, 25))
    assert (result.created, result.updated, result.delisted) == (1, 1, 3)
    himalayan = Agency.objects.get(licence_key="123 75")
    assert himalayan.name == "Himalayan Overseas (renamed)" and himalayan.status == "suspended"
    assert himalayan.licence_list == result.licence_list and himalayan.in_current_list
    everest = Agency.objects.get(licence_number="456/076")
    assert not everest.in_current_list and everest.effective_status(TODAY) == "not_listed"
    # An older list than the one loaded is refused.
    with pytest.raises(DomainError, match="newer list for this country is already loaded"):
        run(NP_CSV, published_on=date(2026, 9, 1))


def test_import_links_the_agency_organisation_with_the_same_licence_number():
    _user, org = make_agency_org("NP", number="Lic. No. 123-75")
    _other_user, elsewhere = make_agency_org("PH", number="123/075")
    result = run(NP_CSV)
    assert result.linked == 1
    assert Agency.objects.get(licence_key="123 75").organisation == org
    assert not Agency.objects.filter(organisation=elsewhere).exists()


def test_bad_description_is_refused():
    with pytest.raises(DomainError, match="ISO 3166"):
        run(NP_CSV, country="XX")
    with pytest.raises(DomainError, match="authority"):
        run(NP_CSV, authority="  ")
    with pytest.raises(DomainError, match="future"):
        run(NP_CSV, published_on=date(2027, 1, 1))
    with pytest.raises(DomainError, match="Unknown column mapping"):
        run(NP_CSV, mapping="zz")


def test_custom_mapping_from_json():
    mapping = mappings.mapping_from_dict(
        {
            "title": "Kenya NEA",
            "columns": {"name": ["Agency"], "licence_number": ["Reg. No"], "status": "State"},
            "status_words": {"Deregistered": "revoked"},
        },
        name="ke",
    )
    run(
        "Agency;Reg. No;State\nNairobi Jobs Abroad;NEA/1/22;Deregistered\n",
        country="KE",
        mapping=mapping,
    )
    assert Agency.objects.get(country="KE").status == "revoked"
    with pytest.raises(mappings.MappingError, match="licence_number"):
        mappings.mapping_from_dict({"columns": {"name": ["Agency"]}})


def test_cli_imports_and_reports_errors(tmp_path, capsys):
    good = tmp_path / "np.csv"
    good.write_text(NP_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "agencies_import",
        str(good),
        country="NP",
        authority="DoFE",
        date="2026-10-01",
        mapping="np",
        no_progress=True,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Imported 4 agencies" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(NP_CSV.replace("Active", "Asleep"), encoding="utf-8")
    with pytest.raises(CommandError, match="Row 4: unknown licence status “Asleep”"):
        call_command(
            "agencies_import",
            str(bad),
            country="NP",
            authority="DoFE",
            date="2026-10-02",
            mapping="np",
            no_progress=True,
        )
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("agencies_import", str(good), country="NP", authority="DoFE", date="soon")
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "agencies_import",
            str(tmp_path / "none.csv"),
            country="NP",
            authority="D",
            date="2026-10-01",
        )
    mapping_file = tmp_path / "m.json"
    mapping_file.write_text(json.dumps({"columns": {"name": ["X"]}}))
    with pytest.raises(CommandError, match="mapping file is not valid"):
        call_command(
            "agencies_import",
            str(good),
            country="NP",
            authority="D",
            date="2026-10-01",
            mapping_file=str(mapping_file),
        )
    assert LicenceList.objects.count() == 1
