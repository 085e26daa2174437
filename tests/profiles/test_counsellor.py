"""Counsellors: caseload, registering a worker, editing on their behalf, side by side,
notes, and the audit log of every look at a worker's profile."""

import pytest
from django.urls import reverse

from kazi.accounts.consent import current_consents, record_consents
from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent, Consent, User
from kazi.profiles.models import CounsellorNote, ProfileOccupation, ProfileSkill, WorkerProfile
from tests.conftest import login
from tests.factories import make_occupation, make_skill, make_user, make_worker

pytestmark = pytest.mark.django_db

CONSENTING = (ConsentPurpose.COUNSELLOR_CONTACT, ConsentPurpose.MATCHING)


def counsellor_client(client):
    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)
    return counsellor


def test_caseload_lists_only_workers_who_allow_counsellor_contact(client):
    amina = make_worker(consents=CONSENTING, display_name="Amina Yusuf", phone="+254712345678")
    make_worker(display_name="Bashir Said")  # did not allow counsellor contact
    counsellor_client(client)
    page = client.get(reverse("profiles:caseload")).content.decode()
    assert "Amina Yusuf" in page and "Bashir Said" not in page
    assert reverse("profiles:worker", args=[amina.pk]) in page


def test_caseload_search_by_name_phone_or_email(client):
    make_worker(consents=CONSENTING, display_name="Amina Yusuf", phone="+254712345678")
    make_worker(consents=CONSENTING, display_name="Carlos Reyes", email="carlos@example.org")
    counsellor_client(client)
    url = reverse("profiles:caseload")
    assert "Carlos" not in client.get(url, {"q": "amina"}).content.decode()
    assert "Amina" in client.get(url, {"q": "712345"}).content.decode()
    fragment = client.get(url, {"q": "carlos@", "partial": "1"}).content.decode()
    assert "Carlos Reyes" in fragment and "<html" not in fragment


def test_worker_who_withdraws_consent_leaves_the_caseload(client):
    worker = make_worker(consents=CONSENTING, display_name="Amina Yusuf")
    counsellor_client(client)
    assert client.get(reverse("profiles:worker", args=[worker.pk])).status_code == 200
    record_consents(worker, {ConsentPurpose.COUNSELLOR_CONTACT: False})
    assert client.get(reverse("profiles:worker", args=[worker.pk])).status_code == 404
    assert "Amina" not in client.get(reverse("profiles:caseload")).content.decode()


def test_counsellor_registers_a_worker_with_verbal_consents(client):
    counsellor = counsellor_client(client)
    response = client.post(
        reverse("profiles:register_worker"),
        {
            "display_name": "Fatima Haddad",
            "phone": "0791234567",
            "country": "JO",
            "language": "ar",
            "consent_counsellor_contact": "on",
            "consent_matching": "on",
        },
    )
    worker = User.objects.get(display_name="Fatima Haddad")
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:worker_step", args=[worker.pk, "about"])
    assert worker.phone == "+962791234567" and worker.role == Role.WORKER
    assert worker.language == "ar" and not worker.has_usable_password()
    assert current_consents(worker) == {
        "visible_to_employers": False,
        "matching": True,
        "counsellor_contact": True,
        "job_alerts": False,
        "fairness_audit": False,
    }
    assert set(Consent.objects.filter(user=worker).values_list("recorded_by", flat=True)) == {
        counsellor.pk
    }
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.created_by == counsellor and profile.country == "JO"


def test_registering_needs_counsellor_contact_consent(client):
    counsellor_client(client)
    response = client.post(
        reverse("profiles:register_worker"),
        {
            "display_name": "No Consent",
            "email": "nc@example.org",
            "language": "en",
            "consent_matching": "on",
        },
    )
    assert response.status_code == 200
    assert "without it you cannot register them" in response.content.decode()
    assert not User.objects.filter(email="nc@example.org").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "12"}, "Please check the mobile number"),
        ({}, "Please give an e-mail address or a mobile number."),
        ({"email": "taken@example.org"}, "An account with this e-mail address already exists."),
    ],
)
def test_registering_refuses_bad_contact_details(client, data, message):
    make_user(Role.WORKER, email="taken@example.org")
    counsellor_client(client)
    before = User.objects.count()
    form = {"display_name": "Someone", "language": "en", "consent_counsellor_contact": "on", **data}
    response = client.post(reverse("profiles:register_worker"), form)
    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.count() == before


def test_counsellor_edits_every_step_on_behalf_and_it_is_audited(client):
    skill = make_skill("repair mobile phones")
    occupation = make_occupation("mobile phone repair technician")
    worker = make_worker(consents=CONSENTING)
    counsellor = counsellor_client(client)

    def url(step):
        return reverse("profiles:worker_step", args=[worker.pk, step])

    page = client.get(url("about")).content.decode()
    assert "You are working on the profile of" in page
    assert (
        reverse("profiles:worker_step", args=[worker.pk, "wishes"]) in page
    )  # steps link on behalf
    response = client.post(
        url("about"), {"languages": ["so", "en"], "country": "KE", "city": "Mombasa"}
    )
    assert response["Location"] == url("wishes")
    client.post(url("wishes"), {"work_types": ["gig"]})
    client.post(url("experience"), {"title": "Market stall", "paid": "on", "start_year": "2020"})
    client.post(url("education"), {"level": "primary"})
    client.post(reverse("profiles:worker_skill_add", args=[worker.pk]), {"concept": skill.pk})
    client.post(
        reverse("profiles:worker_occupation_add", args=[worker.pk]), {"concept": occupation.pk}
    )

    profile = WorkerProfile.objects.get(user=worker)
    assert (
        profile.languages == ["so", "en"]
        and profile.city == "Mombasa"
        and profile.work_types == ["gig"]
    )
    assert profile.experiences.get().title == "Market stall"
    assert profile.education.get().level == "primary"
    assert ProfileSkill.objects.get(profile=profile).added_by == counsellor
    assert ProfileOccupation.objects.get(profile=profile).added_by == counsellor

    actions = set(
        AuditEvent.objects.filter(actor=counsellor, subject=worker).values_list("action", flat=True)
    )
    assert actions == {AuditAction.VIEW_PROFILE, AuditAction.EDIT_PROFILE}


def test_counsellor_cannot_open_a_worker_without_consent(client):
    worker = make_worker()  # visible to employers and matching, but not counsellor contact
    counsellor_client(client)
    for url in (
        reverse("profiles:worker", args=[worker.pk]),
        reverse("profiles:worker_step", args=[worker.pk, "about"]),
        reverse("profiles:worker_cv", args=[worker.pk]),
        reverse("profiles:side_by_side", args=[worker.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("profiles:worker_step", args=[worker.pk, "about"]), {"country": "FR"}
    )
    assert response.status_code == 404
    assert (
        client.post(reverse("profiles:add_note", args=[worker.pk]), {"text": "hi"}).status_code
        == 404
    )
    assert WorkerProfile.objects.get(user=worker).country == "KE"
    assert not AuditEvent.objects.filter(subject=worker).exists()


def test_side_by_side_shows_the_profile_in_both_languages(client):
    skill = make_skill("repair mobile phones", fr="réparer des téléphones mobiles")
    occupation = make_occupation(
        "mobile phone repair technician", fr="technicien en réparation de téléphones mobiles"
    )
    worker = make_worker(consents=CONSENTING, skills=(skill,), country="FR")
    worker.profile.occupations.add(occupation)
    worker.language = "fr"
    worker.save()
    counsellor = counsellor_client(client)
    page = client.get(reverse("profiles:side_by_side", args=[worker.pk])).content.decode()
    assert 'class="grid2"' in page
    english, french = page.split('<section class="column"')[1:3]
    assert 'lang="en"' in english and "repair mobile phones" in english and "réparer" not in english
    assert "France" in english
    assert 'lang="fr"' in french and "réparer des téléphones mobiles" in french
    assert "technicien en réparation de téléphones mobiles" in french
    assert "repair mobile phones" not in french
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_PROFILE
    ).exists()


def test_side_by_side_in_arabic_is_right_to_left(client):
    worker = make_worker(consents=CONSENTING)
    worker.language = "ar"
    worker.save()
    counsellor_client(client)
    page = client.get(reverse("profiles:side_by_side", args=[worker.pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in page and 'lang="en" dir="ltr"' in page


def test_notes_are_kept_for_counsellors_and_not_shown_to_the_worker(client):
    worker = make_worker(consents=CONSENTING)
    counsellor = counsellor_client(client)
    client.post(
        reverse("profiles:add_note", args=[worker.pk]), {"text": "Wants night shifts only."}
    )
    note = CounsellorNote.objects.get(profile__user=worker)
    assert note.author == counsellor
    page = client.get(reverse("profiles:worker", args=[worker.pk])).content.decode()
    assert "Wants night shifts only." in page
    empty = client.post(reverse("profiles:add_note", args=[worker.pk]), {"text": "  "}, follow=True)
    assert "The note was not saved" in empty.content.decode()
    assert CounsellorNote.objects.count() == 1

    other = make_user(Role.COUNSELLOR)
    login(client, other)
    assert (
        "Wants night shifts only."
        in client.get(reverse("profiles:worker", args=[worker.pk])).content.decode()
    )

    login(client, worker)
    assert (
        "Wants night shifts only." not in client.get(reverse("profiles:overview")).content.decode()
    )


def test_counsellor_cv_view_is_audited(client):
    worker = make_worker(consents=CONSENTING, display_name="Amina Yusuf")
    counsellor = counsellor_client(client)
    page = client.get(reverse("profiles:worker_cv", args=[worker.pk])).content.decode()
    assert "Amina Yusuf" in page
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_CV
    ).exists()


def test_worker_looking_at_own_profile_is_not_audited(client):
    worker = make_worker()
    login(client, worker)
    client.get(reverse("profiles:overview"))
    client.get(reverse("profiles:cv"))
    assert not AuditEvent.objects.filter(subject=worker).exists()


def test_a_registered_worker_gets_a_link_to_choose_a_password_and_can_sign_in(client):
    from kazi.accounts.models import OutboxMessage

    counsellor_client(client)
    client.post(
        reverse("profiles:register_worker"),
        {
            "display_name": "Fatima Haddad",
            "phone": "0791234567",
            "country": "JO",
            "language": "en",
            "consent_counsellor_contact": "on",
        },
    )
    message = OutboxMessage.objects.get(recipient="+962791234567")
    assert message.channel == "sms" and "a counsellor created an account for you" in message.body
    link = message.body.split("here to sign in: ")[1].strip()
    client.logout()
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"new_password1": "olive-tree-amman-7", "new_password2": "olive-tree-amman-7"},
    )
    worker = User.objects.get(phone="+962791234567")
    assert worker.check_password("olive-tree-amman-7")


def test_a_worker_registered_without_password_can_ask_for_a_reset_link_later(client):
    from kazi.accounts.models import OutboxMessage

    counsellor_client(client)
    client.post(
        reverse("profiles:register_worker"),
        {
            "display_name": "Omar",
            "email": "omar@example.org",
            "country": "JO",
            "language": "ar",
            "consent_counsellor_contact": "on",
        },
    )
    client.logout()
    client.post(reverse("accounts:password_reset"), {"identifier": "omar@example.org"})
    assert OutboxMessage.objects.filter(
        recipient="omar@example.org", kind="password_reset"
    ).exists()
