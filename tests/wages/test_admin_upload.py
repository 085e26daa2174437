"""Administrators upload newer official minimum wages in the admin; the pay check uses them."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kazi.accounts.constants import Role
from kazi.wages.models import MinimumWage
from kazi.wages.services import check_pay
from tests.conftest import login
from tests.factories import make_exchange_rate, make_minimum_wage, make_user

pytestmark = pytest.mark.django_db
URL = "/admin/wages/minimumwage/import/"
HEADER = "country,amount,currency,period,workweek_hours,effective_date,source\n"


def admin_user():  # type: ignore[no-untyped-def]
    return make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


def upload(client, text: str, name: str = "kenya.csv"):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_uploaded_official_figure_replaces_the_seed_for_the_pay_check(client):
    make_minimum_wage("KE", hourly_usd="0.28", workweek="52")
    make_exchange_rate("KES", "109.64")
    login(client, admin_user())
    response = upload(client, HEADER + "KE,15201.20,KES,month,52,2023-05-01,Kenya Gazette 2023\n")
    assert response.status_code == 302
    assert MinimumWage.objects.filter(country="KE", source="Kenya Gazette 2023").exists()
    # 9,000 KES a month passed the 2017 seed figure; it is below the 2023 official one.
    result = check_pay("KE", Decimal("9000"), "KES", "month")
    assert result.status == "below_minimum"


def test_a_bad_row_is_reported_with_its_line_and_nothing_is_saved(client):
    login(client, admin_user())
    before = MinimumWage.objects.count()
    response = upload(
        client,
        HEADER + "KE,15201.20,KES,month,52,2023-05-01,ok\nXX,-3,KES,fortnight,52,2023-13-01,bad\n",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "line 3: country &#x27;XX&#x27; is not an ISO 3166 alpha-2 code" in page
    assert "period &#x27;fortnight&#x27; must be one of" in page
    assert MinimumWage.objects.count() == before


def test_only_csv_files_are_accepted(client):
    login(client, admin_user())
    response = upload(client, "not a csv", name="wages.xlsx")
    assert "Choose a .csv file." in response.content.decode()


def test_employers_cannot_reach_the_upload(client):
    employer = make_user(Role.EMPLOYER)
    login(client, employer)
    response = upload(client, HEADER + "KE,1,KES,month,52,2023-05-01,x\n")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not MinimumWage.objects.exists()
