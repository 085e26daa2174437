"""The screening API: public questions and a stateless assessment; saved screenings for
their owner only."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.test import Client

from kazi.accounts.constants import Role
from kazi.screening.models import SavedScreening
from tests.conftest import login
from tests.factories import make_user, make_worker

from .conftest import HIGH_ANSWERS, URGENT_ANSWERS, make_saved

pytestmark = pytest.mark.django_db
API = "/api/v1/screening"


def post(client: Client, path: str, body: object):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json")


def test_questions_for_a_sector_in_french(client: Client):
    response = client.get(f"{API}/questions", {"sector": "domestic", "language": "fr"})
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "fr" and body["sector"] == "domestic"
    ids = [q["id"] for q in body["questions"]]
    assert ids[0] == "hurt_now" and "domestic_day_off" in ids and "fishing_rest" not in ids
    first = body["questions"][0]
    assert [a["id"] for a in first["answers"]] == ["yes", "no", "prefer_not"]
    assert first["audio_url"].startswith("/screening/audio/fr/hurt_now.wav?v=")
    assert len(body["indicators"]) == 11


def test_unknown_sector_is_a_clear_error(client: Client):
    response = client.get(f"{API}/questions", {"sector": "mining"})
    assert response.status_code == 400 and response.json()["field"] == "sector"


def test_assess_returns_level_reasons_and_next_steps_and_stores_nothing(client: Client):
    before = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    response = post(client, "/assess", {"sector": "domestic", "answers": HIGH_ANSWERS})
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "high" and body["rule"] == "high_involuntariness_and_strong_coercion"
    triggered = {r["question_id"] for r in body["reasons"] if r["triggered"]}
    assert triggered == {"documents_kept", "can_quit", "domestic_day_off"}
    assert [s["id"] for s in body["next_steps"]][:2] == ["contact_partner", "file_grievance"]
    assert "hurt_now" in body["unanswered"]
    after = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    assert after == before
    assert "sessionid" not in response.cookies


def test_assess_urgent_without_helplines_says_so(client: Client, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_HELPLINES = ""
    body = post(client, "/assess", {"sector": "domestic", "answers": URGENT_ANSWERS}).json()
    assert body["level"] == "urgent"
    step = body["next_steps"][0]
    assert step["id"] == "call_for_help_now" and step["helplines"] == []
    assert "Ask the organisation that runs this site" in step["empty_text"]


@pytest.mark.parametrize(
    "answers, field",
    [({"hurt_now": "maybe"}, "hurt_now"), ({"fishing_rest": "no"}, "answers")],
)
def test_assess_refuses_bad_answers(client: Client, answers, field):  # type: ignore[no-untyped-def]
    response = post(client, "/assess", {"sector": "domestic", "answers": answers})
    assert response.status_code == 400 and response.json()["field"] == field


def test_saving_needs_a_signed_in_worker(client: Client):
    body = {"sector": "domestic", "answers": HIGH_ANSWERS}
    assert post(client, "/saved", body).status_code == 401
    login(client, make_user(Role.EMPLOYER))
    assert post(client, "/saved", body).status_code == 403
    assert client.get(f"{API}/saved").status_code == 403
    assert not SavedScreening.objects.exists()


def test_a_worker_saves_lists_and_deletes_their_own(client: Client):
    worker = make_worker()
    others = make_saved(make_worker())
    login(client, worker)
    response = post(
        client, "/saved", {"sector": "domestic", "answers": HIGH_ANSWERS, "share": True}
    )
    assert response.status_code == 201
    saved = response.json()
    assert saved["level"] == "high" and saved["shared_with_counsellor"] is True
    listed = client.get(f"{API}/saved").json()
    assert [s["id"] for s in listed] == [saved["id"]]
    assert client.delete(f"{API}/saved/{others.pk}").status_code == 404
    assert client.delete(f"{API}/saved/{saved['id']}").status_code == 204
    assert list(SavedScreening.objects.all()) == [others]
