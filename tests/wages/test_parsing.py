"""Reading the wage files: country names, effective dates, row validation (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from kazi.wages.parsing import (
    FileFormatError,
    country_code_for_name,
    parse_effective,
    read_official_wages,
    read_rates,
    read_wikipedia_table,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 May 2017", (date(2017, 5, 1), "day")),
        ("4 Sep 2018", (date(2018, 9, 4), "day")),
        ("July 2018", (date(2018, 7, 1), "month")),
        ("2017", (date(2017, 1, 1), "year")),
        ("2024-03-31", (date(2024, 3, 31), "day")),
        ("", (None, "")),
        ("soon", (None, "")),
        ("31 February 2019", (None, "")),
    ],
)
def test_effective_dates_are_parsed_to_the_best_date(text, expected):
    assert parse_effective(text) == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kenya", "KE"),
        ("United States of America", "US"),
        ("Dem. Rep. Congo", "CD"),
        ("Congo", "CG"),
        ("Côte d'Ivoire", "CI"),
        ("The Gambia", "GM"),
        ("Saint Vincent and the Grenadines", "VC"),
        ("São Tomé and Príncipe", "ST"),
        ("Trinidad and Tobago", "TT"),
        ("Myanmar", "MM"),
        ("Czech Republic", "CZ"),
        ("Turkey", "TR"),
        ("Hong Kong", "HK"),
        ("Palestine", "PS"),
        ("Antigua", "AG"),
        ("Northern Cyprus", None),
        ("Atlantis", None),
    ],
)
def test_country_names_map_to_iso_codes(name, code):
    assert country_code_for_name(name) == code


def test_the_wikipedia_table_reports_unmapped_names_and_blank_minimums():
    lines = [
        "Country,Annual-Nominal (US$),Workweek  (hours),Hourly-Nominal (US$),Effective per\n",
        "Kenya,745,52.0,0.28,1 May 2017\n",
        "Austria,,40.0,,2017\n",
        "Northern Cyprus,,40.0,,1 March 2018\n",
        "Antigua,6317,40.0,3.04,1 November 2014\n",
        "Barbuda,6317,40.0,3.04,1 November 2014\n",
    ]
    table = read_wikipedia_table(lines)
    by_country = {row.country: row for row in table.rows}
    assert by_country["KE"].hourly_usd == D("0.28")
    assert by_country["KE"].workweek_hours == D("52.0")
    assert by_country["AT"].hourly_usd is None
    assert table.unmapped == ["Northern Cyprus"]
    assert table.duplicates == ["Barbuda"]


def test_a_wikipedia_file_without_the_needed_columns_is_refused():
    with pytest.raises(FileFormatError, match="Hourly-Nominal"):
        read_wikipedia_table(["Country,Workweek (hours),Effective per\n", "Kenya,52,2017\n"])


OFFICIAL_HEADER = "country,amount,currency,period,workweek_hours,effective_date,source\n"


def test_official_rows_are_read():
    rows = read_official_wages(
        [OFFICIAL_HEADER, "ke,15201.65,kes,month,52,2024-05-01,Kenya Gazette Notice 2024\n"]
    )
    assert rows[0].country == "KE"
    assert rows[0].currency == "KES"
    assert rows[0].amount == D("15201.65")
    assert rows[0].effective_date == date(2024, 5, 1)


def test_every_bad_official_row_is_reported_with_its_line_number():
    with pytest.raises(FileFormatError) as caught:
        read_official_wages(
            [
                OFFICIAL_HEADER,
                "KE,15201.65,KES,month,52,2024-05-01,Gazette\n",
                "XX,abc,KES,fortnight,90,01/05/2024,\n",
                "JO,290,ZZZ,month,48,2024-01-01,Ministry of Labour\n",
            ]
        )
    errors = caught.value.errors
    assert len(errors) == 2
    assert errors[0].startswith("line 3:")
    for part in ("'XX'", "'abc'", "'fortnight'", "'90'", "'01/05/2024'", "source is empty"):
        assert part in errors[0]
    assert errors[1].startswith("line 4:") and "'ZZZ'" in errors[1]


def test_an_official_file_with_a_wrong_header_is_refused():
    with pytest.raises(FileFormatError, match="missing column"):
        read_official_wages(["country,amount\n", "KE,1\n"])
    with pytest.raises(FileFormatError, match="no rows"):
        read_official_wages([OFFICIAL_HEADER])


def test_rates_are_validated():
    rows = read_rates(["currency,units_per_usd,as_of,source\n", "kes,129.5,2024-06-30,CBK\n"])
    assert (rows[0].currency, rows[0].units_per_usd) == ("KES", D("129.5"))
    with pytest.raises(FileFormatError) as caught:
        read_rates(["currency,units_per_usd,as_of,source\n", "KES,-1,yesterday,CBK\n"])
    assert "line 2" in caught.value.errors[0] and "'-1'" in caught.value.errors[0]
