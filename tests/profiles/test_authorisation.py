"""Who may see which profile page."""

import pytest
from django.urls import reverse

from kazi.accounts.constants import ConsentPurpose, Role
from kazi.profiles.models import Experience, WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_worker

pytestmark = pytest.mark.django_db


def test_a_worker_cannot_reach_another_workers_profile_pages(client):
    skill = make_skill("weld metal")
    other = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,), skills=(skill,))
    experience = Experience.objects.create(profile=other.profile, title="Welder")
    me = make_worker()
    login(client, me)
    for url in (
        reverse("profiles:worker", args=[other.pk]),
        reverse("profiles:worker_cv", args=[other.pk]),
        reverse("profiles:worker_step", args=[other.pk, "about"]),
        reverse("profiles:side_by_side", args=[other.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # item URLs only reach the signed-in worker's own items
    assert client.get(reverse("profiles:experience_edit", args=[experience.pk])).status_code == 404
    assert (
        client.post(reverse("profiles:experience_delete", args=[experience.pk])).status_code == 404
    )
    assert Experience.objects.filter(pk=experience.pk).exists()
    client.post(reverse("profiles:skill_remove", args=[skill.pk]))
    assert other.profile.skills.count() == 1
    response = client.post(
        reverse("profiles:worker_step", args=[other.pk, "about"]), {"country": "FR"}
    )
    assert response.status_code == 404
    assert WorkerProfile.objects.get(user=other).country == "KE"


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.MODERATOR])
def test_other_roles_cannot_open_counsellor_pages(client, role):
    worker = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    user = make_employer()[0] if role == Role.EMPLOYER else make_user(role)
    login(client, user)
    assert client.get(reverse("profiles:caseload")).status_code in (403, 404)
    assert client.get(reverse("profiles:register_worker")).status_code in (403, 404)
    for url in (
        reverse("profiles:worker", args=[worker.pk]),
        reverse("profiles:worker_cv", args=[worker.pk]),
        reverse("profiles:side_by_side", args=[worker.pk]),
        reverse("profiles:worker_step", args=[worker.pk, "skills"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(
        reverse("profiles:add_note", args=[worker.pk]), {"text": "x"}
    ).status_code in (403, 404)


def test_employers_have_no_profile_wizard(client):
    login(client, make_employer()[0])
    assert client.get(reverse("profiles:overview")).status_code == 404
    assert client.get(reverse("profiles:step", args=["about"])).status_code == 404
    assert client.get(reverse("profiles:cv")).status_code == 404


def test_counsellor_pages_need_sign_in(client):
    response = client.get(reverse("profiles:caseload"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_worker_cannot_register_workers(client):
    login(client, make_worker())
    response = client.post(
        reverse("profiles:register_worker"),
        {
            "display_name": "X",
            "email": "x@example.org",
            "language": "en",
            "consent_counsellor_contact": "on",
        },
    )
    assert response.status_code in (403, 404)
