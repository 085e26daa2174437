import json

import pytest
from django.urls import reverse

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction, ConsentPurpose
from kazi.accounts.models import AuditEvent, Consent, Organisation, OutboxMessage, User
from kazi.applications.models import Application, ApplicationTransition
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import CounsellorNote, Education, Experience, WorkerProfile
from tests.conftest import login
from tests.factories import (
    PASSWORD,
    make_employer,
    make_occupation,
    make_skill,
    make_user,
    make_vacancy,
    make_worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_with_everything():
    wiring = make_skill("install electric wiring", fr="installer le câblage électrique")
    worker = make_worker(skills=(wiring,), display_name="Amina Otieno", email="amina@example.org")
    profile = worker.profile
    electrician = make_occupation("electrician", fr="électricien")
    profile.occupations.add(electrician)
    Experience.objects.create(profile=profile, title="Wired houses in Kibera", paid=False)
    Education.objects.create(profile=profile, level="vocational", title="Electrical course")
    counsellor = make_user("counsellor", display_name="Grace Counsellor")
    CounsellorNote.objects.create(profile=profile, author=counsellor, text="Very motivated.")
    employer, org = make_employer(name="Nairobi Builders")
    vacancy = make_vacancy(org, title="Site electrician")
    application = Application.objects.create(vacancy=vacancy, worker=worker, message="Hello")
    ApplicationTransition.objects.create(
        application=application, to_status="received", actor=worker
    )
    ApplicationTransition.objects.create(
        application=application, from_status="received", to_status="shortlisted", actor=employer
    )
    record_access(employer, worker, AuditAction.VIEW_APPLICATION, "Site electrician")
    return worker


def download(client):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_export_contains_everything_about_the_worker(client, worker_with_everything):
    worker = worker_with_everything
    login(client, worker)
    data = download(client)

    assert data["account"]["email"] == "amina@example.org"
    assert data["account"]["display_name"] == "Amina Otieno"
    assert "password" not in data["account"]
    assert {c["purpose"] for c in data["consents"]} == {p.value for p in ConsentPurpose}

    profile = data["profile"]
    assert profile["country"] == "KE" and profile["city"] == "Nairobi"
    skill = profile["skills"][0]["skill"]
    assert skill["uri"].startswith("http://data.europa.eu/esco/skill/")
    assert skill["labels"] == {
        "en": "install electric wiring",
        "fr": "installer le câblage électrique",
    }
    assert profile["occupations"][0]["labels"]["fr"] == "électricien"
    assert profile["experiences"][0]["title"] == "Wired houses in Kibera"
    assert profile["education"][0]["title"] == "Electrical course"
    note = profile["notes"][0]
    assert note["text"] == "Very motivated."
    assert note["author"] == {"name": "Grace Counsellor", "role": "counsellor"}

    application = data["applications"][0]
    assert application["vacancy"]["title"] == "Site electrician"
    assert application["vacancy"]["organisation"] == "Nairobi Builders"
    assert [t["to_status"] for t in application["transitions"]] == ["received", "shortlisted"]

    event = data["access_log"][0]
    assert event["action"] == "view_application"
    assert event["actor"]["role"] == "employer"
    assert event["actor"]["organisations"] == ["Nairobi Builders"]


def test_export_can_also_be_asked_by_post(client, worker_with_everything):
    login(client, worker_with_everything)
    response = client.post(reverse("accounts:export"))
    assert json.loads(response.content)["account"]["email"] == "amina@example.org"


def test_export_of_a_worker_without_a_profile(client):
    user = make_user()
    login(client, user)
    data = download(client)
    assert data["profile"] is None and data["applications"] == []


def test_nobody_else_gets_a_workers_data(client, worker_with_everything):
    assert client.get(reverse("accounts:export")).status_code == 302  # anonymous: sign in
    employer = User.objects.get(role="employer")
    login(client, employer)
    text = client.get(reverse("accounts:export")).content.decode()
    data = json.loads(text)
    assert data["account"]["id"] == employer.pk
    assert data["organisations"][0]["name"] == "Nairobi Builders"
    assert "amina@example.org" not in text and "Wired houses" not in text
    assert data["profile"] is None


def test_delete_needs_the_password(client, worker_with_everything):
    login(client, worker_with_everything)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert "This is not your password" in response.content.decode()
    assert User.objects.filter(pk=worker_with_everything.pk).exists()


def test_deleting_a_worker_removes_everything_about_them(client, worker_with_everything):
    worker = worker_with_everything
    other = make_worker()
    record_access(User.objects.get(role="employer"), other, AuditAction.VIEW_CV)
    login(client, worker)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)
    assert "Your account is deleted" in response.content.decode()
    assert client.session.get("_auth_user_id") is None

    assert not User.objects.filter(pk=worker.pk).exists()
    assert not WorkerProfile.objects.filter(user_id=worker.pk).exists()
    assert not Experience.objects.exists() and not Education.objects.exists()
    assert not CounsellorNote.objects.exists()
    assert not Application.objects.exists() and not ApplicationTransition.objects.exists()
    assert not Consent.objects.filter(user_id=worker.pk).exists()
    assert not AuditEvent.objects.filter(subject_id=worker.pk).exists()
    # Other people's data stays.
    assert WorkerProfile.objects.filter(user=other).exists()
    assert AuditEvent.objects.filter(subject=other).count() == 1
    assert Vacancy.objects.filter(title="Site electrician").exists()


def test_deleting_removes_queued_messages_and_login_records(client):
    worker = make_worker(email="a@example.org")
    client.post(reverse("accounts:password_reset"), {"identifier": "a@example.org"})
    client.post(reverse("accounts:login"), {"username": "a@example.org", "password": "wrong"})
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="a@example.org").exists()
    login(client, worker)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not OutboxMessage.objects.exists()
    assert not AccessAttempt.objects.filter(username="a@example.org").exists()


def test_employer_deletes_their_account_and_the_organisation_stays(client):
    employer, org = make_employer(name="Nairobi Builders")
    colleague = make_user("employer")
    org.members.add(colleague)
    vacancy = make_vacancy(org, created_by=employer)
    login(client, employer)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=employer.pk).exists()
    org = Organisation.objects.get(pk=org.pk)
    assert list(org.members.all()) == [colleague]
    vacancy.refresh_from_db()
    assert vacancy.created_by is None


def test_last_member_leaving_keeps_the_organisation_and_its_vacancies(client):
    employer, org = make_employer()
    make_vacancy(org)
    login(client, employer)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert Vacancy.objects.filter(organisation=org).count() == 1


@pytest.mark.parametrize("role", ["counsellor", "moderator", "administrator"])
def test_staff_cannot_delete_themselves(client, role):
    staff = make_user(role)
    login(client, staff)
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "closed by an administrator" in html and 'name="password"' not in html
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()


def test_delete_page_needs_sign_in(client):
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
