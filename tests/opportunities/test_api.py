"""/api/v1/opportunities/: list with filters, one vacancy, the JSON-LD feed, import."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kazi.opportunities.constants import VacancyKind, VacancyStatus
from kazi.opportunities.models import Vacancy, VacancySkill
from tests.conftest import login
from tests.factories import make_employer, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

BASE = "/api/v1/opportunities/"


def test_the_list_returns_open_vacancies_with_esco_uris(client, taxonomy):
    _, org = make_employer()
    vacancy = make_vacancy(
        org,
        occupation=taxonomy.electrician,
        essential=(taxonomy.wiring,),
        optional=(taxonomy.testing,),
    )
    make_vacancy(org, title="Closed", closing_date=timezone.localdate() - timedelta(days=1))
    make_vacancy(org, title="Draft", status=VacancyStatus.DRAFT)
    body = client.get(BASE).json()
    assert body["count"] == 1 and body["limit"] == 20 and body["offset"] == 0
    item = body["items"][0]
    assert item["id"] == vacancy.pk
    assert item["occupation"] == {"uri": taxonomy.electrician.uri, "label": "electrician"}
    assert item["skills"] == [
        {"uri": taxonomy.wiring.uri, "label": "install electric wiring", "essential": True},
        {"uri": taxonomy.testing.uri, "label": "test electrical equipment", "essential": False},
    ]
    assert item["pay"] == {"min": "30000.00", "max": None, "currency": "KES", "period": "month"}
    assert item["url"].endswith(f"/opportunities/{vacancy.pk}/")
    assert client.get("/api/v1/opportunities").status_code in (200, 301)


def test_filters_and_pagination(client, taxonomy):
    _, kenya = make_employer("KE")
    _, jordan = make_employer("JO")
    electrician = make_vacancy(kenya, occupation=taxonomy.electrician, essential=(taxonomy.wiring,))
    welder = make_vacancy(jordan, title="Welder", currency="JOD", essential=(taxonomy.welding,))
    remote = make_vacancy(kenya, title="Labelling", kind=VacancyKind.MICROTASK, remote=True)

    def ids(**params: str) -> set[int]:
        response = client.get(BASE, params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids(country="jo") == {welder.pk}
    assert ids(occupation=taxonomy.electrician.uri) == {electrician.pk}
    assert ids(occupation=str(taxonomy.electrician.pk)) == {electrician.pk}
    assert ids(skill=taxonomy.welding.uri) == {welder.pk}
    assert ids(skill=str(taxonomy.wiring.pk)) == {electrician.pk}
    assert ids(remote="true") == {remote.pk}
    assert ids(kind="microtask") == {remote.pk}
    page = client.get(BASE, {"limit": "2", "offset": "2"}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"country": "Narnia"}, 400, "country"),
        ({"occupation": "http://data.europa.eu/esco/occupation/none"}, 400, "occupation"),
        ({"skill": "999999"}, 400, "skill"),
        ({"kind": "party"}, 422, "kind"),
        ({"limit": "0"}, 422, "limit"),
        ({"limit": "500"}, 422, "limit"),
        ({"offset": "-1"}, 422, "offset"),
        ({"remote": "perhaps"}, 422, "remote"),
    ],
)
def test_bad_filters_are_refused_clearly(client, params, status, field):
    response = client.get(BASE, params)
    assert response.status_code == status
    body = response.json()
    if status == 400:
        assert body["field"] == field and body["detail"]
    else:
        assert any(field in error["field"] for error in body["errors"])


def test_expired_vacancies_vanish_from_the_api_and_the_feed(client):
    _, org = make_employer()
    vacancy = make_vacancy(org, closing_date=timezone.localdate())
    assert client.get(f"{BASE}{vacancy.pk}").status_code == 200
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closing_date=timezone.localdate() - timedelta(days=1)
    )
    assert client.get(BASE).json()["count"] == 0
    assert client.get(f"{BASE}{vacancy.pk}").status_code == 404
    assert client.get(f"{BASE}feed.jsonld").json()["@graph"] == []


def test_one_vacancy_is_public_only_when_published_unless_it_is_yours(client):
    employer, org = make_employer()
    other, _ = make_employer()
    draft = make_vacancy(org, status=VacancyStatus.DRAFT)
    assert client.get(f"{BASE}{draft.pk}").status_code == 404
    login(client, other)
    assert client.get(f"{BASE}{draft.pk}").status_code == 404
    login(client, employer)
    body = client.get(f"{BASE}{draft.pk}").json()
    assert body["status"] == "draft"
    assert client.get(f"{BASE}999999").status_code == 404


def test_the_feed_is_a_json_ld_graph_of_job_postings(client, taxonomy):
    _, org = make_employer()
    vacancy = make_vacancy(
        org, occupation=taxonomy.electrician, essential=(taxonomy.wiring,), remote=True
    )
    response = client.get(f"{BASE}feed.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org"
    (posting,) = data["@graph"]
    assert posting["@type"] == "JobPosting"
    assert posting["identifier"]["value"] == str(vacancy.pk)
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["hiringOrganization"]["name"] == org.name
    assert posting["skills"][0]["@id"] == taxonomy.wiring.uri
    assert posting["validThrough"] == vacancy.closing_date.isoformat()


def job_posting(title: str = "Imported electrician", **overrides):
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": "Wiring work.",
        "validThrough": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "employmentType": "FULL_TIME",
        "jobLocation": {
            "@type": "Place",
            "address": {"addressCountry": "KE", "addressLocality": "Mombasa"},
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "KES",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 20000,
                "maxValue": 25000,
                "unitText": "MONTH",
            },
        },
    }
    data.update(overrides)
    return data


def post_import(client, payload, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(
        f"{BASE}import{'?' + query if query else ''}",
        data=json.dumps(payload),
        content_type="application/json",
    )


def test_import_creates_drafts_for_the_callers_organisation(client, taxonomy):
    employer, org = make_employer()
    login(client, employer)
    payload = [
        job_posting(occupationalCategory=taxonomy.electrician.uri),
        job_posting(
            "With skills",
            skills=[{"@id": taxonomy.welding.uri, "name": "weld"}, "test electrical equipment"],
        ),
    ]
    response = post_import(client, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    first, second = (Vacancy.objects.get(pk=pk) for pk in body["created"])
    assert first.organisation == org and first.status == VacancyStatus.DRAFT
    assert (first.city, first.pay_min, first.pay_max) == ("Mombasa", 20000, 25000)
    assert first.occupation == taxonomy.electrician
    # no skills given: pre-filled from the occupation
    assert set(VacancySkill.objects.filter(vacancy=first).values_list("skill_id", flat=True)) == {
        taxonomy.wiring.pk,
        taxonomy.safety.pk,
        taxonomy.testing.pk,
    }
    assert set(VacancySkill.objects.filter(vacancy=second).values_list("skill_id", flat=True)) == {
        taxonomy.welding.pk,
        taxonomy.testing.pk,
    }
    assert body["items"][0]["status"] == "draft"
    assert first.transitions.get().actor == employer


def test_import_accepts_a_graph_and_a_single_object(client):
    employer, _ = make_employer()
    login(client, employer)
    assert post_import(client, job_posting()).status_code == 201
    assert (
        post_import(
            client, {"@context": "https://schema.org", "@graph": [job_posting(), job_posting()]}
        ).status_code
        == 201
    )
    assert Vacancy.objects.count() == 3


def test_an_invalid_item_rejects_the_whole_import_and_names_index_and_field(client):
    employer, _ = make_employer()
    login(client, employer)
    payload = [
        job_posting(),
        job_posting(baseSalary={"currency": "KES", "value": {"minValue": 0, "unitText": "MONTH"}}),
        job_posting(
            validThrough="2001-01-01",
            occupationalCategory="http://data.europa.eu/esco/occupation/none",
        ),
        {"@type": "Organization"},
    ]
    response = post_import(client, payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_job_postings"
    problems = {(e["index"], e["field"]) for e in body["errors"]}
    assert problems == {
        (1, "baseSalary.value.minValue"),
        (2, "validThrough"),
        (2, "occupationalCategory"),
        (3, "@type"),
    }
    assert not Vacancy.objects.exists()


def test_import_bad_bodies_and_authorisation(client):
    assert post_import(client, job_posting()).status_code == 401
    login(client, make_worker())
    assert post_import(client, job_posting()).status_code == 403
    login(client, make_user("employer"))  # no organisation
    assert post_import(client, job_posting()).status_code == 403
    employer, _ = make_employer()
    _, other_org = make_employer()
    login(client, employer)
    assert post_import(client, job_posting(), organisation=other_org.pk).status_code == 403
    response = client.post(f"{BASE}import", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"
    assert post_import(client, []).status_code == 400
    assert post_import(client, "text").status_code == 400
    assert not Vacancy.objects.exists()


def test_the_import_command_does_the_same_for_an_organisation(tmp_path):
    _, org = make_employer()
    path = tmp_path / "jobs.jsonld"
    path.write_text(json.dumps([job_posting(), job_posting("Second")]), encoding="utf-8")
    out = StringIO()
    call_command("vacancies_import", str(path), "--organisation", str(org.pk), stdout=out)
    assert "Imported 2 draft(s)" in out.getvalue()
    assert Vacancy.objects.filter(organisation=org, status="draft").count() == 2
    path.write_text(json.dumps([job_posting(), job_posting(title="")]), encoding="utf-8")
    with pytest.raises(CommandError, match="item 1, title"):
        call_command("vacancies_import", str(path), "--organisation", str(org.pk), stdout=out)
    assert Vacancy.objects.count() == 2
    with pytest.raises(CommandError, match="No organisation"):
        call_command("vacancies_import", str(path), "--organisation", "999999")


def test_import_refuses_more_than_500_postings_at_once(client):
    employer, _ = make_employer()
    login(client, employer)
    response = post_import(client, [job_posting() for _ in range(501)])
    assert response.status_code == 400
    assert "at most 500 job postings" in response.content.decode()
    assert not Vacancy.objects.exists()
