"""Licence verdicts and the publish rule for vacancies posted by recruitment agencies."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kazi.accounts.constants import Role
from kazi.core.errors import DomainError
from kazi.opportunities import services as vacancy_services
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import VacancyTransition
from kazi.recruitment.models import Agency
from kazi.recruitment.selectors import licence_verdict
from tests.conftest import login
from tests.factories import make_employer, make_user, make_vacancy
from tests.recruitment.factories import make_agency, make_agency_org, make_list

pytestmark = pytest.mark.django_db


def draft(org, country="QA"):  # type: ignore[no-untyped-def]
    return make_vacancy(
        org, status=VacancyStatus.DRAFT, country=country, currency="QAR", pay_min=5000
    )


def test_companies_are_not_checked():
    _user, company = make_employer("KE")
    make_list("KE")
    assert licence_verdict(company, "KE").state == "not_an_agency"


def test_valid_licence_in_the_origin_list_allows_publishing():
    user, org = make_agency_org("NP", number="Lic. 0123/075")
    make_agency(number="123-75", licence_list=make_list("NP", date(2026, 10, 1)))
    verdict = licence_verdict(org, "QA")
    assert verdict.state == "valid" and verdict.allows_publishing
    assert (
        "licence 123-75 is valid according to the list of Nepal dated 1 October 2026"
        in verdict.message
    )
    vacancy = draft(org)
    vacancy_services.submit_for_review(user, vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


@pytest.mark.parametrize(
    ("status", "extra", "expected"),
    [
        ("revoked", {}, "licence was revoked (list of Nepal dated 1 October 2026)"),
        ("suspended", {}, "licence is suspended"),
        ("valid", {"valid_until": date(2020, 1, 1)}, "licence has expired"),
        (
            "valid",
            {"in_current_list": False},
            "was not found in the list of licensed agencies of Nepal dated 1 October 2026",
        ),
    ],
)
def test_invalid_licence_refuses_submission_before_any_change(status, extra, expected):
    user, org = make_agency_org("NP", number="55/080")
    make_agency(number="55/080", status=status, licence_list=make_list("NP"), **extra)
    vacancy = draft(org)
    before = VacancyTransition.objects.filter(vacancy=vacancy).count()
    with pytest.raises(DomainError) as caught:
        vacancy_services.submit_for_review(user, vacancy)
    assert caught.value.code == "agency_not_licensed"
    assert expected in str(caught.value.message)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT
    assert VacancyTransition.objects.filter(vacancy=vacancy).count() == before


def test_agency_missing_from_a_loaded_list_of_the_country_of_work_is_refused():
    user, org = make_agency_org("NP", number="77/081")  # no Nepal list loaded
    make_agency(country="QA", number="Q-1", licence_list=make_list("QA", date(2026, 9, 1)))
    verdict = licence_verdict(org, "QA")
    assert verdict.state == "not_listed" and "Qatar dated 1 September 2026" in verdict.message
    with pytest.raises(DomainError, match="cannot be published"):
        vacancy_services.submit_for_review(user, draft(org))


def test_valid_licence_in_one_relevant_list_is_enough():
    _user, org = make_agency_org("NP", number="9/9")
    make_agency(number="9/9", status="revoked", licence_list=make_list("NP"))
    make_agency(country="QA", number="QA-77", organisation=org, licence_list=make_list("QA"))
    assert licence_verdict(org, "QA").state == "valid"
    assert licence_verdict(org, "MY").state == "revoked"


def test_moderator_publishing_checks_again():
    user, org = make_agency_org("NP", number="12/12")
    entry = make_agency(number="12/12", licence_list=make_list("NP"))
    vacancy = draft(org)
    vacancy_services.submit_for_review(user, vacancy)
    Agency.objects.filter(pk=entry.pk).update(status="revoked")
    with pytest.raises(DomainError, match="revoked"):
        vacancy_services.publish_vacancy(make_user(Role.MODERATOR), vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


def test_unknown_licence_is_allowed_with_a_warning_on_the_page_and_in_the_api(client):
    user, org = make_agency_org("ET", number="ET-1")
    vacancy = draft(org, country="SA")
    vacancy_services.submit_for_review(user, vacancy)
    vacancy_services.publish_vacancy(make_user(Role.MODERATOR), vacancy)
    page = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert "Licence not checked" in page and "We could not check this agency" in page
    body = client.get(f"/api/v1/opportunities/{vacancy.pk}").json()
    assert body["licence"]["state"] == "unknown" and body["licence"]["list"] is None


def test_valid_licence_shown_on_the_vacancy_page_and_api(client):
    _user, org = make_agency_org("NP", number="3/3")
    entry = make_agency("Sagarmatha HR", number="3/3", licence_list=make_list("NP"))
    vacancy = make_vacancy(org, country="QA", currency="QAR", pay_min=5000)
    page = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert "Licence valid" in page and reverse("recruitment:agency", args=[entry.pk]) in page
    body = client.get(f"/api/v1/opportunities/{vacancy.pk}").json()
    assert body["licence"]["state"] == "valid" and body["licence"]["agency_id"] == entry.pk
    assert body["licence"]["list"]["country"] == "NP"
    _boss, company = make_employer("KE")
    other = make_vacancy(company)
    assert client.get(f"/api/v1/opportunities/{other.pk}").json()["licence"] is None


def test_refusal_reaches_the_employer_on_the_page(client):
    user, org = make_agency_org("NP", number="4/4")
    make_agency(number="4/4", status="suspended", licence_list=make_list("NP"))
    vacancy = draft(org)
    login(client, user)
    response = client.post(reverse("opportunities:submit", args=[vacancy.pk]), follow=True)
    assert "licence is suspended" in response.content.decode()


def test_the_vacancy_list_api_checks_each_agency_once(client, django_assert_max_num_queries):
    _user, org = make_agency_org("NP", number="5/5")
    make_agency("Everest Overseas", number="5/5", licence_list=make_list("NP"))
    for _ in range(12):
        make_vacancy(org, country="QA", currency="QAR", pay_min=5000)
    with django_assert_max_num_queries(12):  # not one licence check per vacancy
        items = client.get("/api/v1/opportunities/?limit=20").json()["items"]
    assert len(items) == 12 and {i["licence"]["state"] for i in items} == {"valid"}
