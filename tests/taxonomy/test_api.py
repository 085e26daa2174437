import pytest

from kazi import ESCO_CREDIT
from tests.conftest import login
from tests.factories import make_occupation, make_skill, make_worker

pytestmark = pytest.mark.django_db

API = "/api/v1/taxonomy"


@pytest.fixture
def electrician():
    wiring = make_skill("install electrical wiring", fr="installer du câblage électrique")
    safety = make_skill("follow safety rules")
    wiring_related = make_skill("electrical wiring diagrams")
    from kazi.taxonomy.models import SkillRelation

    SkillRelation.objects.create(skill=wiring, related=wiring_related, essential=False)
    return make_occupation(
        "electrician", fr="électricien/électricienne", essential=(wiring,), optional=(safety,)
    )


def test_search_occupations_is_public_and_credits_esco(client, electrician):
    response = client.get(f"{API}/occupations", {"q": "electrcian"})
    assert response.status_code == 200
    body = response.json()
    assert body["credit"] == ESCO_CREDIT
    assert body["language"] == "en"
    assert body["results"][0] == {
        "id": electrician.pk,
        "uri": electrician.uri,
        "label": "electrician",
        "matched_label": "electrician",
        "score": body["results"][0]["score"],
    }


def test_search_skills_in_french(client, electrician):
    body = client.get(f"{API}/skills", {"q": "cablage", "lang": "fr"}).json()
    assert body["language"] == "fr"
    assert body["results"][0]["label"] == "installer du câblage électrique"


def test_language_defaults_to_the_request_language(client, electrician):
    body = client.get(f"{API}/occupations", {"q": "electricien"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["language"] == "fr"
    assert body["results"][0]["label"] == "électricien/électricienne"


def test_signed_in_users_may_search_too(client, electrician):
    login(client, make_worker())
    assert client.get(f"{API}/occupations", {"q": "elec"}).status_code == 200


def test_empty_query_returns_no_results(client, electrician):
    body = client.get(f"{API}/skills").json()
    assert body["results"] == [] and body["credit"] == ESCO_CREDIT


def test_limit(client, electrician):
    body = client.get(f"{API}/skills", {"q": "i", "limit": 1}).json()
    assert len(body["results"]) == 1


@pytest.mark.parametrize("limit", ["0", "51", "-3", "ten"])
def test_bad_limit_is_refused(client, limit):
    response = client.get(f"{API}/skills", {"q": "wiring", "limit": limit})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_unknown_language_is_refused_with_the_allowed_ones(client):
    response = client.get(f"{API}/occupations", {"q": "nurse", "lang": "klingon"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "lang" and body["code"] == "unknown_language"
    assert "klingon" in body["detail"] and "en, es, fr" in body["detail"]


def test_too_long_query_is_refused(client):
    response = client.get(f"{API}/occupations", {"q": "x" * 201})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_occupation_detail_with_skills_in_the_language(client, electrician):
    response = client.get(f"{API}/occupations/{electrician.pk}", {"lang": "fr"})
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "électricien/électricienne"
    assert body["labels"] == {"en": "electrician", "fr": "électricien/électricienne"}
    assert [s["label"] for s in body["essential_skills"]] == ["installer du câblage électrique"]
    assert [s["label"] for s in body["optional_skills"]] == ["follow safety rules"]
    assert body["isco_group"] is None and body["parent"] is None
    assert body["credit"] == ESCO_CREDIT


def test_skill_detail(client, electrician):
    wiring_id = client.get(f"{API}/occupations/{electrician.pk}").json()["essential_skills"][0][
        "id"
    ]
    body = client.get(f"{API}/skills/{wiring_id}").json()
    assert body["label"] == "install electrical wiring"
    assert body["skill_type"] == "skill/competence"
    assert body["occupations_count"] == 1
    assert [(r["label"], r["essential"]) for r in body["related_skills"]] == [
        ("electrical wiring diagrams", False)
    ]
    assert body["credit"] == ESCO_CREDIT


@pytest.mark.parametrize("path", ["occupations/999999", "skills/999999"])
def test_unknown_ids_answer_404(client, path):
    response = client.get(f"{API}/{path}")
    assert response.status_code == 404
    assert "no" in response.json()["detail"].lower()


def test_detail_with_a_non_numeric_id_is_refused(client):
    assert client.get(f"{API}/occupations/electrician").status_code in (404, 422)


def test_detail_with_unknown_language_is_refused(client, electrician):
    response = client.get(f"{API}/occupations/{electrician.pk}", {"lang": "zz"})
    assert response.status_code == 400
