from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from kazi.applications.constants import ApplicationStatus as S
from kazi.applications.models import Application
from kazi.applications.services import apply
from kazi.opportunities.constants import VacancyStatus
from tests.conftest import login
from tests.factories import make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"


def post(client, url: str, data: object):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    employer, org = make_employer("KE", name="Umeme Works")
    vacancy = make_vacancy(org, title="Electrician")
    worker = make_worker(display_name="Amina Worker")
    return employer, vacancy, worker


def test_worker_applies_and_lists_their_applications(client, setting):
    _, vacancy, worker = setting
    login(client, worker)
    response = post(client, API, {"vacancy_id": vacancy.pk, "message": "Hello"})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received" and body["status_label"] == "Received"
    assert body["vacancy_title"] == "Electrician" and body["worker"] is None
    assert body["next_statuses"] == ["withdrawn"]
    listing = client.get(API).json()
    assert [a["id"] for a in listing] == [body["id"]]
    duplicate = post(client, API, {"vacancy_id": vacancy.pk})
    assert duplicate.status_code == 400
    assert duplicate.json() == {
        "detail": "You have already applied to this vacancy.",
        "code": "duplicate",
        "field": None,
    }


def test_apply_refuses_bad_input(client, setting):
    employer, vacancy, worker = setting
    assert post(client, API, {"vacancy_id": vacancy.pk}).status_code == 401
    login(client, worker)
    assert post(client, API, {}).status_code == 422
    assert post(client, API, {"vacancy_id": "abc"}).status_code == 422
    too_long = post(client, API, {"vacancy_id": vacancy.pk, "message": "x" * 2001})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"].endswith("message")
    assert post(client, API, {"vacancy_id": 999999}).status_code == 404
    draft = make_vacancy(vacancy.organisation, status=VacancyStatus.DRAFT)
    assert post(client, API, {"vacancy_id": draft.pk}).status_code == 404
    closed = make_vacancy(vacancy.organisation, closing_date=date.today() - timedelta(days=1))
    refused = post(client, API, {"vacancy_id": closed.pk})
    assert refused.status_code == 400 and refused.json()["code"] == "closed"
    assert post(login(client, employer), API, {"vacancy_id": vacancy.pk}).status_code == 403
    assert not Application.objects.exists()


def test_employer_moves_an_application_and_sees_it_with_the_applicant(client, setting):
    employer, vacancy, worker = setting
    application = apply(vacancy, worker)
    login(client, employer)
    listing = client.get(API).json()
    assert listing[0]["worker"] == {"id": worker.pk, "name": "Amina Worker"}
    assert listing[0]["next_statuses"] == ["shortlisted", "not_selected"]
    url = f"{API}{application.pk}/status"
    for status in ("shortlisted", "interview", "offered", "hired"):
        response = post(client, url, {"status": status, "note": "ok"})
        assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "hired" and body["next_statuses"] == []
    assert [s["to_status"] for s in body["steps"]] == [
        "received",
        "shortlisted",
        "interview",
        "offered",
        "hired",
    ]
    login(client, worker)
    assert client.get(API).json()[0]["status_label"] == "Hired"


def test_illegal_and_bad_status_changes(client, setting):
    employer, vacancy, worker = setting
    application = apply(vacancy, worker)
    url = f"{API}{application.pk}/status"
    assert post(client, url, {"status": "shortlisted"}).status_code == 401
    login(client, employer)
    illegal = post(client, url, {"status": "hired"})
    assert illegal.status_code == 400
    assert illegal.json()["code"] == "illegal_transition"
    assert illegal.json()["detail"] == "An application that is “Received” cannot move to “Hired”."
    assert post(client, url, {"status": "promoted"}).status_code == 422
    assert post(client, url, {}).status_code == 422
    assert post(client, url, {"status": "shortlisted", "note": "n" * 2001}).status_code == 422
    assert post(client, f"{API}999999/status", {"status": "shortlisted"}).status_code == 404
    login(client, worker)
    assert post(client, url, {"status": "shortlisted"}).status_code == 403
    application.refresh_from_db()
    assert application.status == S.RECEIVED
    assert post(client, url, {"status": "withdrawn"}).json()["status"] == "withdrawn"


def test_nobody_else_sees_or_moves_an_application(client, setting):
    _, vacancy, worker = setting
    application = apply(vacancy, worker)
    other_employer, _ = make_employer("KE")
    login(client, other_employer)
    assert client.get(API).json() == []
    assert (
        post(client, f"{API}{application.pk}/status", {"status": "shortlisted"}).status_code == 404
    )
    login(client, make_worker())
    assert client.get(API).json() == []
    assert post(client, f"{API}{application.pk}/status", {"status": "withdrawn"}).status_code == 404
    client.logout()
    assert client.get(API).status_code == 401
