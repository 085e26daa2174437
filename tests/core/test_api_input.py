"""Bad input that reaches the API before any endpoint: bodies and query strings.

The NUL character (U+0000) cannot be stored by PostgreSQL; a request carrying it used to
reach the database and fail there (a 500 on PostgreSQL, silently stored on SQLite).
"""

import pytest

from kazi.accounts.constants import ConsentPurpose
from kazi.core.validation import MAX_DB_ID, is_db_id, nul_path
from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

ME = "/api/v1/workers/me/profile"


def test_nul_in_a_json_body_is_refused_with_the_field_and_nothing_is_saved(client):
    worker = make_worker()
    login(client, worker)
    response = client.patch(
        ME, {"city": "Mombasa", "summary": "a\x00b"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [
        {"field": "body.summary", "message": "Text cannot contain the NUL character (U+0000)."}
    ]
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.city == "Nairobi" and profile.summary == ""


def test_nul_in_a_nested_json_value_is_found(client):
    vacancy = make_vacancy(make_employer()[1])
    login(client, make_worker())
    response = client.post(
        "/api/v1/applications/",
        {"vacancy_id": vacancy.pk, "message": "hello\x00"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.message"
    assert not vacancy.applications.exists()


def test_nul_in_a_query_string_is_refused(client):
    response = client.get("/api/v1/opportunities/", {"occupation": "x\x00"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "occupation", "message": "Text cannot contain the NUL character (U+0000)."}
    ]
    assert client.get("/api/v1/taxonomy/skills", {"q": "\x00"}).status_code == 422


def test_a_body_that_is_not_json_gets_a_clear_message(client):
    login(client, make_worker(consents=(ConsentPurpose.MATCHING,)))
    for body in ("not json", "{", "[" * 100_000):
        response = client.patch(ME, body, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"detail": "The body is not valid JSON.", "code": "invalid_json"}


def test_other_http_errors_keep_their_status_and_message(client):
    response = client.get("/api/v1/taxonomy/occupations/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no occupation with this id."}


def test_validation_helpers():
    assert is_db_id(1) and is_db_id(MAX_DB_ID)
    assert not any(is_db_id(v) for v in (0, -1, MAX_DB_ID + 1, 10**30, True, "1", 1.0))
    assert nul_path({"a": [1, {"b": "ok"}, {"c": "x\x00"}]}) == "a.2.c"
    assert nul_path({"k\x00": 1}) == "k"
    assert nul_path(["fine", {"deep": {"er": "still fine"}}]) is None
    deep: list[object] = []
    for _ in range(5000):  # far deeper than Python's recursion limit
        deep = [deep]
    assert nul_path(deep) is None
