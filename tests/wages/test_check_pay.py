"""check_pay(): the shared contract, with the message an employer reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from kazi.wages.models import MinimumWage
from kazi.wages.services import PayCheck, check_pay
from tests.conftest import login
from tests.factories import make_exchange_rate, make_minimum_wage, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya() -> None:
    make_minimum_wage("KE", "0.28", "52")
    make_exchange_rate("KES", "109.6")


def test_kenya_monthly_pay_below_the_minimum_is_explained_in_plain_words(kenya):
    result = check_pay("KE", D("5000"), "KES", "month")
    assert result.status == "below_minimum"
    assert not result.accepted
    assert result.message == (
        "This pay is about 0.20 USD per hour for a 52-hour week; the statutory minimum wage "
        "in Kenya is 0.28 USD per hour (effective 1 May 2017). Raise the pay to at least "
        "6,916 KES per month."
    )
    assert result.effective_date == date(2017, 5, 1)


def test_pay_at_the_suggested_figure_is_accepted(kenya):
    result = check_pay("KE", D("6916"), "KES", "month")
    assert result.status == "ok"
    assert "at or above the statutory minimum wage in Kenya" in result.message


def test_a_country_without_data_is_accepted_with_a_notice(kenya):
    result = check_pay("AT", D("100"), "EUR", "month")
    assert result.status == "no_data"
    assert result.accepted
    assert result.message.startswith("No minimum-wage data for Austria")


def test_a_country_whose_source_has_no_statutory_minimum_gives_no_data():
    MinimumWage.objects.create(country="AT", currency="USD", source="test", effective_text="2017")
    assert check_pay("AT", D("100"), "EUR", "month").status == "no_data"


def test_a_currency_without_a_rate_is_accepted_with_a_notice(kenya):
    result = check_pay("KE", D("100"), "XOF", "month")
    assert result.status == "no_rate"
    assert result.accepted
    assert "no exchange rate for XOF" in result.message


def test_the_message_follows_the_interface_language(kenya):
    with translation.override("fr"):
        result = check_pay("KE", D("5000"), "KES", "month")
        message = result.message
        assert "Kenya" in message
        assert "6\u202f916" in message or "6 916" in message  # French digit grouping
        assert "1 mai 2017" in message


def test_effective_dates_keep_their_precision():
    MinimumWage.objects.create(
        country="NP",
        hourly_amount=D("0.62"),
        currency="USD",
        workweek_hours=D("48"),
        effective_date=date(2018, 7, 1),
        effective_text="July 2018",
        source="test",
    )
    MinimumWage.objects.create(
        country="IN",
        hourly_amount=D("0.28"),
        currency="USD",
        workweek_hours=D("48"),
        effective_date=date(2015, 1, 1),
        effective_text="2015",
        source="test",
    )
    assert check_pay("NP", D("1"), "USD", "hour").effective_label == "July 2018"
    assert check_pay("IN", D("1"), "USD", "hour").effective_label == "2015"


def test_the_newest_effective_date_wins():
    make_minimum_wage("KE", "0.28", "52")
    MinimumWage.objects.create(
        country="KE",
        hourly_amount=D("0.50"),
        currency="USD",
        workweek_hours=D("52"),
        effective_date=date(2024, 5, 1),
        effective_text="2024-05-01",
        source="newer",
    )
    MinimumWage.objects.create(
        country="KE",
        hourly_amount=D("0.10"),
        currency="USD",
        workweek_hours=D("52"),
        effective_date=None,
        source="undated",
    )
    result = check_pay("KE", D("0.40"), "USD", "hour")
    assert result.status == "below_minimum"
    assert result.source == "newer"


def test_the_result_round_trips_through_json(kenya):
    result = check_pay("KE", D("5000"), "KES", "month")
    restored = PayCheck.from_dict(result.as_dict())
    assert restored.status == result.status
    assert restored.message == result.message
    assert restored.required_amount == D("6915.03")


def test_admin_lists_wages_and_rates_with_import_instructions(client, kenya):
    admin = make_user("administrator", is_staff=True, is_superuser=True)
    login(client, admin)
    page = client.get("/admin/wages/minimumwage/").content.decode()
    assert "kazi wages import_official --file" in page
    assert "KE" in page
    page = client.get("/admin/wages/exchangerate/").content.decode()
    assert "kazi wages rates --file" in page
    assert "109.6" in page
