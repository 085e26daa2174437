import pytest
from django.urls import reverse

from kazi.accounts.audit import record_access
from kazi.accounts.consent import has_consent
from kazi.accounts.constants import AuditAction, ConsentPurpose
from kazi.accounts.models import Consent
from tests.conftest import login
from tests.factories import make_employer, make_user, make_worker

pytestmark = pytest.mark.django_db


def save_details(client, **data):
    payload = {"section": "details", "details-display_name": "Amina", "details-language": "en"}
    payload.update({f"details-{k}": v for k, v in data.items()})
    return client.post(reverse("accounts:settings"), payload)


def save_consents(client, *granted):
    payload = {"section": "consents"}
    payload.update({f"consents-consent_{purpose}": "on" for purpose in granted})
    return client.post(reverse("accounts:settings"), payload)


def test_settings_page_needs_sign_in(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_settings_page_links_to_export_delete_and_audit(client):
    login(client, make_worker())
    html = client.get(reverse("accounts:settings")).content.decode()
    for name in ("accounts:export", "accounts:delete", "accounts:audit"):
        assert reverse(name) in html


def test_changing_the_name(client):
    user = make_worker()
    login(client, user)
    response = save_details(client, display_name="  Amina Wanjiru ")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Amina Wanjiru"


def test_empty_name_is_refused(client):
    user = make_worker(display_name="Amina")
    login(client, user)
    response = save_details(client, display_name="")
    assert response.status_code == 200
    assert response.context["details"].errors["display_name"]
    user.refresh_from_db()
    assert user.display_name == "Amina"


def test_language_change_switches_the_pages_and_is_saved(client):
    user = make_worker()
    login(client, user)
    assert 'lang="en"' in client.get(reverse("accounts:settings")).content.decode()
    response = save_details(client, language="fr")
    assert response.cookies["kazi_language"].value == "fr"
    user.refresh_from_db()
    assert user.language == "fr"
    html = client.get(reverse("accounts:settings")).content.decode()
    assert '<html lang="fr"' in html


def test_saved_language_applies_on_another_device(client):
    user = make_worker(language="ar")
    login(client, user)  # a fresh client: no language cookie
    html = client.get(reverse("accounts:settings")).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_unknown_language_is_refused(client):
    user = make_worker()
    login(client, user)
    response = save_details(client, language="xx")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "en"


def test_consent_change_appends_a_record_and_has_consent_follows(client):
    user = make_worker(consents=(ConsentPurpose.MATCHING,))
    login(client, user)
    before = Consent.objects.filter(user=user).count()
    assert not has_consent(user, ConsentPurpose.VISIBLE_TO_EMPLOYERS)

    response = save_consents(client, "matching", "visible_to_employers")
    assert response.status_code == 302
    assert has_consent(user, ConsentPurpose.VISIBLE_TO_EMPLOYERS)
    assert Consent.objects.filter(user=user).count() == before + 1
    record = Consent.objects.filter(user=user).first()
    assert record.purpose == "visible_to_employers" and record.granted
    assert record.recorded_by == user and record.recorded_at

    save_consents(client)  # untick everything
    assert not has_consent(user, ConsentPurpose.MATCHING)
    assert not has_consent(user, ConsentPurpose.VISIBLE_TO_EMPLOYERS)
    assert Consent.objects.filter(user=user).count() == before + 3

    html = client.get(reverse("accounts:settings")).content.decode()
    assert "History of your choices" in html
    assert html.count("<time datetime=") == Consent.objects.filter(user=user).count()


def test_saving_unchanged_consents_adds_no_record(client):
    user = make_worker(consents=(ConsentPurpose.MATCHING,))
    login(client, user)
    before = Consent.objects.filter(user=user).count()
    save_consents(client, "matching")
    assert Consent.objects.filter(user=user).count() == before


def test_consent_form_shows_the_current_state(client):
    user = make_worker(consents=(ConsentPurpose.MATCHING,))
    login(client, user)
    form = client.get(reverse("accounts:settings")).context["consents"]
    assert form["consent_matching"].value() is True
    assert not form["consent_visible_to_employers"].value()


def test_employers_have_no_consent_section_and_cannot_post_one(client):
    employer, _ = make_employer()
    login(client, employer)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "consents-consent_matching" not in html
    save_consents(client, "matching")
    assert not Consent.objects.filter(user=employer).exists()


def test_audit_page_shows_events_about_me_only(client):
    worker = make_worker()
    other = make_worker()
    employer, _org = make_employer(name="Nairobi Builders")
    counsellor = make_user("counsellor", display_name="Grace Counsellor")
    record_access(employer, worker, AuditAction.VIEW_CANDIDATE, "Electrician vacancy")
    record_access(counsellor, worker, AuditAction.EDIT_PROFILE)
    record_access(employer, other, AuditAction.VIEW_CV, "secret detail about someone else")
    record_access(worker, worker, AuditAction.VIEW_PROFILE)  # looking at oneself: not logged

    login(client, worker)
    response = client.get(reverse("accounts:audit"))
    html = response.content.decode()
    assert len(response.context["lines"]) == 2
    assert str(employer) in html and "Nairobi Builders" in html and "Employer" in html
    assert "Viewed candidate" in html and "Electrician vacancy" in html
    assert "Grace Counsellor" in html and "Counsellor" in html and "Edited profile" in html
    assert "secret detail about someone else" not in html
    assert "<time" in html


def test_audit_page_after_the_reader_closed_their_account(client):
    worker = make_worker()
    employer, _ = make_employer()
    record_access(employer, worker, AuditAction.VIEW_CANDIDATE)
    employer.delete()
    login(client, worker)
    html = client.get(reverse("accounts:audit")).content.decode()
    assert "account has since been closed" in html


def test_audit_page_needs_sign_in(client):
    assert client.get(reverse("accounts:audit")).status_code == 302


def test_password_change(client):
    user = make_worker(email="a@example.org")
    login(client, user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery-7",
            "new_password1": "river-mango-lantern-58",
            "new_password2": "river-mango-lantern-58",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("river-mango-lantern-58")
