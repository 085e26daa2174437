"""The worker profile API: own profile (read, change), counsellors with consent (audited)."""

import pytest
from django.test import Client

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_occupation, make_skill, make_user, make_worker

pytestmark = pytest.mark.django_db

ME = "/api/v1/workers/me/profile"


def test_worker_reads_own_profile_with_esco_uris(client):
    skill = make_skill("repair mobile phones", fr="réparer des téléphones mobiles")
    occupation = make_occupation("mobile phone repair technician")
    worker = make_worker(skills=(skill,))
    worker.profile.occupations.add(occupation)
    login(client, worker)
    body = client.get(ME).json()
    assert body["worker_id"] == worker.pk and body["country"] == "KE"
    assert body["languages"] == ["en", "sw"]
    assert body["skills"] == [
        {"uri": skill.uri, "label": "repair mobile phones", "type": "skill/competence", "level": ""}
    ]
    assert body["occupations"] == [
        {"uri": occupation.uri, "label": "mobile phone repair technician"}
    ]
    assert body["completeness"] == 60


def test_labels_follow_the_requested_language(client):
    skill = make_skill("repair mobile phones", fr="réparer des téléphones mobiles")
    login(client, make_worker(skills=(skill,)))
    body = client.get(ME, {"lang": "fr"}).json()
    assert (
        body["language"] == "fr" and body["skills"][0]["label"] == "réparer des téléphones mobiles"
    )
    client.cookies["kazi_language"] = "fr"
    assert client.get(ME).json()["skills"][0]["label"] == "réparer des téléphones mobiles"


def test_anonymous_callers_get_401(client):
    assert client.get(ME).status_code == 401
    assert client.patch(ME, {"city": "x"}, content_type="application/json").status_code == 401


def test_employers_have_no_own_profile(client):
    login(client, make_employer()[0])
    assert client.get(ME).status_code == 403


def test_worker_changes_basic_fields(client):
    worker = make_worker()
    login(client, worker)
    response = client.patch(
        ME,
        {
            "city": "Mombasa",
            "min_pay_amount": "150.5",
            "min_pay_currency": "KES",
            "min_pay_period": "day",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == "Mombasa" and body["country"] == "KE"
    assert body["min_pay"] == {"amount": "150.50", "currency": "KES", "period": "day"}
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.languages == ["en", "sw"] and profile.work_types == ["job"]  # untouched


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"country": "QQ"}, 400, "country"),
        (
            {"min_pay_amount": "-3", "min_pay_currency": "KES", "min_pay_period": "day"},
            400,
            "min_pay_amount",
        ),
        (
            {"min_pay_amount": "10", "min_pay_currency": "XYZ", "min_pay_period": "day"},
            400,
            "min_pay_currency",
        ),
        ({"work_types": ["lottery"]}, 400, "work_types"),
        ({"languages": ["zz"]}, 400, "languages"),
        ({"country": "KEN"}, 422, None),
        ({"accepts_remote": "maybe"}, 422, None),
    ],
)
def test_bad_changes_are_refused_and_nothing_is_saved(client, payload, status, field):
    worker = make_worker()
    login(client, worker)
    response = client.patch(ME, payload, content_type="application/json")
    assert response.status_code == status, response.content
    if field:
        assert response.json()["field"] == field
    profile = WorkerProfile.objects.get(user=worker)
    assert (
        profile.country == "KE" and profile.min_pay_amount is None and profile.work_types == ["job"]
    )


def test_patch_needs_the_csrf_token():
    worker = make_worker()
    client = Client(enforce_csrf_checks=True)
    login(client, worker)
    response = client.patch(ME, {"city": "Kisumu"}, content_type="application/json")
    assert response.status_code == 403
    assert WorkerProfile.objects.get(user=worker).city == "Nairobi"


def test_counsellor_reads_a_consenting_workers_profile_and_it_is_audited(client):
    worker = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)
    response = client.get(f"/api/v1/workers/{worker.pk}/profile")
    assert response.status_code == 200 and response.json()["worker_id"] == worker.pk
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_PROFILE
    ).exists()


def test_others_get_404_for_a_workers_profile(client):
    private = make_worker()  # no counsellor contact
    consenting = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    login(client, make_user(Role.COUNSELLOR))
    assert client.get(f"/api/v1/workers/{private.pk}/profile").status_code == 404
    assert client.get("/api/v1/workers/999999/profile").status_code == 404
    login(client, make_employer()[0])
    assert client.get(f"/api/v1/workers/{consenting.pk}/profile").status_code == 404
    login(client, make_worker())
    assert client.get(f"/api/v1/workers/{consenting.pk}/profile").status_code == 404
    assert not AuditEvent.objects.filter(subject__in=[private, consenting]).exists()
