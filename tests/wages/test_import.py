"""`kazi wages import` with the real Wikipedia snapshot, official figures and rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kazi.wages.models import ExchangeRate, MinimumWage, WageDataImport
from kazi.wages.parsing import DEMO_RATES_SOURCE
from kazi.wages.selectors import current_minimum
from kazi.wages.services import check_pay

pytestmark = pytest.mark.django_db

WIKIPEDIA = Path(settings.KAZI_DATA_DIR) / "wages" / "minimum_wage_by_country_wikipedia_2021.csv"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def wikipedia() -> str:
    if not WIKIPEDIA.exists():
        pytest.skip(f"{WIKIPEDIA} is missing (KAZI_DATA_DIR)")
    return run("wages_import")


def test_the_real_snapshot_is_imported_with_kenya_at_0_28_usd_for_52_hours(wikipedia):
    assert "200 countries imported" in wikipedia
    assert "Northern Cyprus" in wikipedia  # reported as not mapped
    assert MinimumWage.objects.count() == 200
    kenya = current_minimum("KE")
    assert kenya is not None
    assert kenya.hourly_amount == D("0.28")
    assert kenya.currency == "USD"
    assert kenya.workweek_hours == D("52")
    assert kenya.effective_date == date(2017, 5, 1)
    assert kenya.effective_text == "1 May 2017"
    assert "Wikipedia" in kenya.source and "CC BY-SA 4.0" in kenya.source
    assert "minimum_wage_by_country_wikipedia_2021.csv" in kenya.source
    nepal = current_minimum("NP")
    assert nepal is not None and nepal.effective_date == date(2018, 7, 1)
    assert nepal.effective_text == "July 2018"
    austria = current_minimum("AT")
    assert austria is not None and austria.hourly_amount is None  # no statutory minimum
    assert current_minimum("US") is not None  # "United States of America"


def test_demo_rates_are_loaded_when_none_exist_and_labelled_as_demo(wikipedia):
    assert "demo" in wikipedia.lower()
    rates = dict(ExchangeRate.objects.values_list("currency", "units_per_usd"))
    assert rates["KES"] == D("109.6")
    assert rates["JOD"] == D("0.709")
    assert rates["USD"] == D("1")
    assert set(rates) == {"USD", "KES", "JOD", "PHP", "EUR", "BDT"}
    assert all(s.startswith("DEMO") for s in ExchangeRate.objects.values_list("source", flat=True))
    assert DEMO_RATES_SOURCE.startswith("DEMO")


def test_importing_the_same_file_again_is_a_no_op_unless_forced(wikipedia):
    first_ids = set(MinimumWage.objects.values_list("pk", flat=True))
    assert "already imported" in run("wages_import")
    assert set(MinimumWage.objects.values_list("pk", flat=True)) == first_ids
    assert WageDataImport.objects.count() == 1
    assert "200 countries imported" in run("wages_import", "--force")
    assert MinimumWage.objects.count() == 200


def test_existing_rates_are_not_replaced_by_demo_rates(tmp_path):
    ExchangeRate.objects.create(
        currency="KES", units_per_usd=D("129"), as_of=date(2024, 6, 30), source="CBK"
    )
    if not WIKIPEDIA.exists():
        pytest.skip("no wage data")
    run("wages_import")
    assert list(ExchangeRate.objects.values_list("currency", flat=True)) == ["KES"]


def test_a_missing_file_names_the_path_the_setting_and_the_sources_page(tmp_path, settings):
    settings.KAZI_DATA_DIR = tmp_path
    with pytest.raises(CommandError) as caught:
        run("wages_import")
    message = str(caught.value)
    assert str(tmp_path / "wages" / "minimum_wage_by_country_wikipedia_2021.csv") in message
    assert "KAZI_DATA_DIR" in message
    assert "../shared/data/SOURCES.md" in message


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


OFFICIAL = "country,amount,currency,period,workweek_hours,effective_date,source\n"


def test_official_figures_with_a_newer_date_win(wikipedia, tmp_path):
    path = write(
        tmp_path, "ke.csv", OFFICIAL + "KE,15201.65,KES,month,52,2024-05-01,Kenya Gazette 2024\n"
    )
    assert "1 rows imported" in run("wages_import_official", "--file", str(path))
    kenya = current_minimum("KE")
    assert kenya is not None
    assert (kenya.currency, kenya.stated_amount, kenya.stated_period) == (
        "KES",
        D("15201.65"),
        "month",
    )
    assert kenya.effective_date == date(2024, 5, 1)
    assert kenya.source == "Kenya Gazette 2024"
    # the stated monthly figure is exact: paying it is enough, a cent less is not
    assert check_pay("KE", D("15201.65"), "KES", "month").status == "ok"
    assert check_pay("KE", D("15201.64"), "KES", "month").status == "below_minimum"
    assert "already imported" in run("wages_import_official", "--file", str(path))
    # an older official figure does not replace the newer one
    older = write(
        tmp_path, "old.csv", OFFICIAL + "KE,13572.90,KES,month,52,2022-05-01,Gazette 2022\n"
    )
    run("wages_import_official", "--file", str(older))
    assert current_minimum("KE").effective_date == date(2024, 5, 1)  # type: ignore[union-attr]


def test_a_bad_official_file_saves_nothing_and_lists_each_bad_row(tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        OFFICIAL
        + "KE,15201.65,KES,month,52,2024-05-01,Gazette\n"
        + "KE,,KES,month,52,2024-05-01,Gazette\n"
        + "JO,290,JOD,monthly,48,2024-01-01,Ministry\n",
    )
    with pytest.raises(CommandError) as caught:
        run("wages_import_official", "--file", str(path))
    message = str(caught.value)
    assert "nothing was saved" in message
    assert "line 3:" in message and "amount ''" in message
    assert "line 4:" in message and "'monthly'" in message
    assert MinimumWage.objects.count() == 0
    assert WageDataImport.objects.count() == 0


def test_official_import_needs_an_existing_file(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        run("wages_import_official", "--file", str(tmp_path / "nope.csv"))


def test_rates_are_imported_from_a_file_and_the_newest_is_used(tmp_path):
    path = write(
        tmp_path,
        "rates.csv",
        "currency,units_per_usd,as_of,source\nKES,120,2023-06-30,CBK\nKES,129.5,2024-06-30,CBK\n",
    )
    assert "2 rows imported" in run("wages_rates", "--file", str(path))
    from kazi.wages.selectors import units_per_usd

    assert units_per_usd()["KES"] == D("129.5")
    bad = write(
        tmp_path, "bad.csv", "currency,units_per_usd,as_of,source\nKES,zero,2024-06-30,CBK\n"
    )
    with pytest.raises(CommandError, match="line 2"):
        run("wages_rates", "--file", str(bad))


def test_the_cli_maps_kazi_wages_import_to_the_command():
    from kazi.cli import GROUPS

    assert "wages" in GROUPS
