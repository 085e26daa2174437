"""Regression tests from the security and bad-input review of opportunities."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kazi.accounts.models import OutboxMessage
from kazi.applications import services as applications
from kazi.opportunities import services
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy, VacancySkill
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker
from tests.opportunities.conftest import vacancy_input
from tests.opportunities.test_api import job_posting, post_import

pytestmark = pytest.mark.django_db

HUGE = 10**30  # more than a database id can be


@pytest.mark.parametrize("ref", ["²", "١٢٣٤٥٦٧٨٩٠", "9" * 40])
def test_odd_digits_in_occupation_and_skill_filters_are_not_a_server_error(ref):
    client = Client(raise_request_exception=False)
    for name in ("occupation", "skill"):
        assert client.get(reverse("opportunities:list"), {name: ref}).status_code == 200
        response = client.get("/api/v1/opportunities/", {name: ref})
        assert response.status_code == 400 and response.json()["field"] == name


def test_a_skill_id_too_large_for_the_database_is_refused_on_the_skills_step(client):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.DRAFT)
    login(client, employer)
    url = reverse("opportunities:skills", args=[vacancy.pk])
    response = client.post(url, {"action": "essential", "skill": str(HUGE)}, follow=True)
    assert response.status_code == 200
    assert "This skill does not exist." in response.content.decode()
    assert client.post(url, {"action": "remove", "skill": str(HUGE)}).status_code == 302
    assert not VacancySkill.objects.filter(vacancy=vacancy).exists()


def test_the_search_words_are_kept_whole_after_a_skills_change(client):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.DRAFT)
    login(client, employer)
    url = reverse("opportunities:skills", args=[vacancy.pk])
    response = client.post(url, {"action": "reset", "q": "a&partial=1 b#c"})
    assert response["Location"] == f"{url}?q=a%26partial%3D1+b%23c"


def test_a_skill_named_twice_in_an_import_is_listed_once(client):
    skill = make_skill("weld metal parts")
    employer, _org = make_employer()
    login(client, employer)
    payload = job_posting(skills=[{"@id": skill.uri}, {"@id": skill.uri}, "weld metal parts"])
    response = post_import(client, payload)
    assert response.status_code == 201
    vacancy = Vacancy.objects.get(pk=response.json()["created"][0])
    assert list(vacancy.skill_requirements.values_list("skill_id", flat=True)) == [skill.pk]


def test_an_import_nested_too_deeply_is_refused_as_invalid_json(client):
    employer, _org = make_employer()
    login(client, employer)
    response = client.post(
        "/api/v1/opportunities/import", "[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"


def test_a_huge_number_of_openings_is_refused_quickly(client):
    employer, _org = make_employer()
    login(client, employer)
    started = time.monotonic()
    response = post_import(client, job_posting(totalJobOpenings="1e900000000"))
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "totalJobOpenings"
    assert not Vacancy.objects.exists()


def test_nul_characters_in_an_import_are_refused(client):
    employer, _org = make_employer()
    login(client, employer)
    response = post_import(client, job_posting(description="Wiring\x00 work."))
    assert response.status_code == 400 and response.json()["code"] == "nul_character"
    assert not Vacancy.objects.exists()


def test_pay_below_one_cent_is_refused():
    problems = dict(services.vacancy_problems(vacancy_input(pay_min=Decimal("0.004"))))
    assert problems["pay_min"] == "The pay must be more than zero."


def test_a_vacancy_title_is_one_line_so_that_status_messages_reach_the_worker():
    employer, org = make_employer()
    vacancy = services.create_vacancy(
        employer, org, vacancy_input(title="Cook\r\nBcc: someone@example.org", city=" Nai\nrobi ")
    )
    assert (vacancy.title, vacancy.city) == ("Cook Bcc: someone@example.org", "Nai robi")


def test_moderators_reasons_lose_nul_characters(client):
    _, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.PENDING)
    login(client, make_user("moderator"))
    response = client.post(reverse("opportunities:reject", args=[vacancy.pk]), {"reason": "No\x00"})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.status_reason) == (VacancyStatus.REJECTED, "No")


def test_json_ld_on_the_vacancy_page_cannot_end_the_script_element(client):
    _, org = make_employer()
    vacancy = make_vacancy(org, title="</script><script>alert(1)</script>")
    html = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    end = html.index("</script>", start)
    data = json.loads(html[start:end])
    assert data["title"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_status_messages_about_any_title_can_be_delivered():
    _, org = make_employer()
    vacancy = make_vacancy(org, title="Cook\nBcc: someone@example.org")  # stored before the fix
    worker = make_worker()
    application = applications.apply(vacancy, worker)
    applications.move_application(application, "shortlisted", org.members.get())
    message = OutboxMessage.objects.get(user=worker)
    assert "\n" not in message.subject and "Bcc: someone@example.org" in message.subject


def test_an_offset_beyond_any_list_is_refused_not_a_server_error():
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/opportunities/", {"offset": str(10**30), "limit": "100"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"
    assert client.get("/api/v1/opportunities/", {"offset": "1000000000"}).status_code == 200
