"""The skills API: skills in a text and occupations for a text, with the real engine built on
the fixture taxonomy; every bad input answered with a clear JSON error."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from kazi.skills.engine import MAX_TEXT_CHARS
from kazi.taxonomy.models import EscoRelease
from tests.conftest import login
from tests.factories import make_employer, make_user, make_worker
from tests.skills_fixture import occupation_uri, skill_uri

pytestmark = pytest.mark.django_db

SKILLS = "/api/v1/skills/extract"
OCCUPATIONS = "/api/v1/occupations/suggest"
FRENCH = "J'ai gardé des enfants et fait le ménage chez une famille à Nairobi"


def post(client: Client, url: str, body: object) -> object:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def worker_client(client: Client) -> Client:
    return login(client, make_worker())


def test_skills_in_a_french_text_with_labels_and_supporting_words(worker_client, skills_engine):
    response = post(worker_client, SKILLS, {"text": FRENCH, "language": "fr"})
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "fr"
    found = {item["uri"]: item for item in body["skills"]}
    assert skill_uri("childcare") in found and skill_uri("cleaning") in found
    childcare = found[skill_uri("childcare")]
    assert childcare["label"] == "garder des enfants"
    assert childcare["confidence"] in ("confident", "suggested")
    assert childcare["how"] in ("words", "meaning", "both")
    assert 0 < childcare["score"] <= 1
    for item in body["skills"]:
        for evidence in item["evidence"]:
            assert FRENCH[evidence["start"] : evidence["end"]] == evidence["text"]
    assert "enfants" in " ".join(e["text"] for e in childcare["evidence"])
    assert [s["score"] for s in body["skills"]] == sorted(
        (s["score"] for s in body["skills"]), reverse=True
    )


def test_labels_default_to_the_interface_language(client, skills_engine):
    login(client, make_worker(language="fr"))
    body = post(client, SKILLS, {"text": FRENCH}).json()
    assert body["language"] == "fr"
    assert "garder des enfants" in [s["label"] for s in body["skills"]]
    english = post(client, SKILLS, {"text": FRENCH, "language": "EN"}).json()
    assert english["language"] == "en"
    assert "look after children" in [s["label"] for s in english["skills"]]


def test_occupations_for_a_text_any_role(client, skills_engine):
    employer, _org = make_employer()
    login(client, employer)
    response = post(
        client, OCCUPATIONS, {"text": "I worked as a phone repairer in my uncle's shop"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en"
    uris = [o["uri"] for o in body["occupations"]]
    assert occupation_uri("phone-technician") in uris
    assert body["occupations"][0]["label"] == "mobile phone repair technician"
    one = post(client, OCCUPATIONS, {"text": "nanny and house cleaner", "top": 1}).json()
    assert len(one["occupations"]) == 1


def test_a_text_with_nothing_recognisable_gives_an_empty_list(worker_client, skills_engine):
    response = post(worker_client, SKILLS, {"text": "1234 5678"})
    assert response.status_code == 200 and response.json()["skills"] == []


def test_the_text_is_neither_logged_nor_stored(worker_client, skills_engine, caplog):
    secret = "I looked after the children of Mrs Wanjiru Kamau-Otieno in Kilimani"
    with caplog.at_level(logging.DEBUG):
        assert post(worker_client, SKILLS, {"text": secret}).status_code == 200
    assert "Wanjiru" not in caplog.text


# --- refused input -------------------------------------------------------------------------


def errors_of(response: object) -> list[dict[str, str]]:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


def test_empty_or_blank_text_is_refused_with_a_message(worker_client):
    for text in ("", "   \n\t "):
        for url in (SKILLS, OCCUPATIONS):
            assert errors_of(post(worker_client, url, {"text": text})) == [
                {"field": "payload.text", "message": "Please give a text to read: it is empty."}
            ]
    missing = errors_of(post(worker_client, SKILLS, {"language": "en"}))
    assert missing[0]["field"] == "payload.text"


def test_too_long_text_is_refused_before_the_engine_runs(worker_client):
    # No skills cache here: a 503 would mean the engine was asked first.
    errors = errors_of(post(worker_client, SKILLS, {"text": "a" * (MAX_TEXT_CHARS + 1)}))
    assert errors == [
        {
            "field": "payload.text",
            "message": f"The text is too long: {MAX_TEXT_CHARS + 1} characters; "
            f"the limit is {MAX_TEXT_CHARS}.",
        }
    ]
    big = errors_of(post(worker_client, OCCUPATIONS, {"text": "word " * 400_000}))
    assert "too long" in big[0]["message"]


def test_a_ten_megabyte_body_gets_a_json_413(worker_client):
    response = worker_client.post(
        SKILLS, '{"text": "' + "a" * 10_000_000 + '"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "too_large" and "too large" in body["detail"]


def test_a_binary_body_gets_a_json_400(worker_client):
    for raw in (b"\xff\xfe\xfa\x00\x81binary", b'{"text": "caf\xe9"}'):
        response = worker_client.post(SKILLS, raw, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {
            "detail": "The body is not valid UTF-8 text.",
            "code": "invalid_encoding",
        }
    response = worker_client.post(SKILLS, "text=hello", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"


def test_unknown_language_is_refused_naming_the_field(worker_client):
    for language in ("xx", "french", "fr-FR", "12"):
        errors = errors_of(post(worker_client, SKILLS, {"text": "cook", "language": language}))
        assert errors[0]["field"] == "payload.language"
        assert "Unknown language code" in errors[0]["message"]


def test_top_must_be_between_1_and_50(worker_client):
    for top in (0, 51, -1, "many"):
        errors = errors_of(post(worker_client, SKILLS, {"text": "cook", "top": top}))
        assert errors[0]["field"] == "payload.top"


def test_nul_character_is_refused(worker_client):
    errors = errors_of(post(worker_client, SKILLS, {"text": "cook\x00food"}))
    assert errors == [
        {"field": "body.text", "message": "Text cannot contain the NUL character (U+0000)."}
    ]


def test_anonymous_callers_must_sign_in(client):
    for url in (SKILLS, OCCUPATIONS):
        response = post(client, url, {"text": "I cook food"})
        assert response.status_code == 401 and response.json() == {"detail": "Please sign in."}


def test_signed_in_callers_still_need_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    login(client, make_user())
    response = post(client, SKILLS, {"text": "I cook food"})
    assert response.status_code == 403


def test_without_the_skills_cache_the_answer_is_a_503(worker_client, settings, tmp_path):
    # No ESCO release imported at all:
    response = post(worker_client, SKILLS, {"text": "I cook food"})
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Skill suggestions are not available at the moment. Please try again later."
    }
    # A release imported, its cache never built:
    settings.KAZI_SKILLS_DIR = tmp_path
    EscoRelease.objects.create(version="9.9.9", source_fingerprint="x", counts={})
    assert post(worker_client, OCCUPATIONS, {"text": "cook"}).status_code == 503


def test_errors_are_translated(client):
    login(client, make_worker(language="fr"))
    errors = errors_of(post(client, SKILLS, {"text": " "}))
    assert errors[0]["message"] != "Please give a text to read: it is empty."
    assert post(client, SKILLS, {"text": "cuisine"}).json()["detail"].startswith("Les sugg")


def test_the_endpoints_are_in_the_published_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/skills/extract", "/api/v1/occupations/suggest"):
        assert "post" in paths[path]
