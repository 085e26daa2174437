import pytest
from django.urls import reverse

from kazi.accounts.consent import current_consents, has_consent
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.accounts.models import Consent, Organisation, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "maize-field-sunrise-42"


def form(**overrides):
    data = {
        "role": "worker",
        "display_name": "Amina Otieno",
        "email": "",
        "phone": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "language": "en",
        "organisation_name": "",
        "organisation_kind": "",
        "organisation_country": "",
    }
    data.update(overrides)
    return data


def post(client, **overrides):
    return client.post(reverse("accounts:signup"), form(**overrides))


def errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_signup_page_has_labelled_fields_and_no_consent_ticked(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert 'inputmode="tel"' in html
    assert 'autocomplete="new-password"' in html
    for purpose in ConsentPurpose:
        assert f'for="id_consent_{purpose.value}"' in html
    assert "checked" not in html.split('id="worker-fields"')[1].split("</fieldset>")[0]
    # Only workers and employers can sign up themselves.
    assert 'value="counsellor"' not in html and 'value="moderator"' not in html


def test_worker_signs_up_by_email_is_logged_in_and_sent_to_the_profile_wizard(client, real_hashers):
    response = post(
        client,
        email="Amina@Example.org",
        language="fr",
        consent_matching="on",
        consent_counsellor_contact="on",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:overview")
    user = User.objects.get(email="amina@example.org")
    assert user.role == Role.WORKER and user.display_name == "Amina Otieno"
    assert user.language == "fr" and user.phone is None
    assert user.password.startswith("argon2")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert response.cookies["kazi_language"].value == "fr"
    assert current_consents(user) == {
        "visible_to_employers": False,
        "matching": True,
        "counsellor_contact": True,
        "job_alerts": False,
        "fairness_audit": False,
    }
    assert Consent.objects.filter(user=user).count() == len(
        ConsentPurpose
    )  # every purpose answered


def test_worker_signs_up_by_phone_with_spaces_stored_in_e164(client):
    response = post(client, phone="+254 712 345 678")
    assert response.status_code == 302
    user = User.objects.get(phone="+254712345678")
    assert user.email is None
    assert not has_consent(user, ConsentPurpose.MATCHING)  # nothing ticked, nothing granted


def test_employer_signs_up_with_an_organisation_and_lands_on_their_vacancies(client):
    response = post(
        client,
        role="employer",
        email="hr@example.org",
        organisation_name="Nairobi Builders",
        organisation_kind="company",
        organisation_country="KE",
        consent_matching="on",  # ignored: employers give no worker consents
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:mine")
    user = User.objects.get(email="hr@example.org")
    assert user.role == Role.EMPLOYER
    org = Organisation.objects.get(name="Nairobi Builders")
    assert org.kind == "company" and org.country == "KE"
    assert list(org.members.all()) == [user]
    assert not Consent.objects.filter(user=user).exists()


def test_employer_without_organisation_details_gets_field_errors(client):
    response = post(client, role="employer", email="hr@example.org")
    assert response.status_code == 200
    assert errors(response, "organisation_name") == ["Enter the name of your organisation."]
    assert errors(response, "organisation_kind") == ["Choose the kind of organisation."]
    assert errors(response, "organisation_country") == ["Choose the country of your organisation."]
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_nobody_can_sign_up_as_counsellor(client):
    response = post(client, role="counsellor", email="c@example.org")
    assert response.status_code == 200
    assert errors(response, "role")
    assert not User.objects.exists()


@pytest.mark.parametrize("phone", ["0712345678", "12345", "+254 12", "not a number"])
def test_invalid_phone_is_refused_with_a_country_code_hint(client, phone):
    response = post(client, phone=phone)
    assert response.status_code == 200
    assert errors(response, "phone") == [
        "Enter a mobile number with its country code, for example +254712345678"
    ]
    assert not User.objects.exists()


def test_email_and_phone_both_empty_is_refused(client):
    response = post(client)
    assert errors(response, "email") == [
        "Enter an e-mail address or a mobile number (one of the two is enough)."
    ]
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client):
    response = post(client, email="a@example.org", password2=GOOD_PASSWORD + "x")
    assert errors(response, "password2") == ["The two passwords are not the same."]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("84629175302", "This password is entirely numeric."),
        ("kW3!x", "This password is too short. It must contain at least 8 characters."),
    ],
)
def test_weak_password_is_refused_by_the_django_validators(client, password, message):
    response = post(client, email="a@example.org", password1=password, password2=password)
    assert message in errors(response, "password1")
    assert not User.objects.exists()


def test_duplicate_email_is_refused_politely_whatever_the_case(client):
    make_user(email="taken@example.org")
    response = post(client, email="Taken@Example.org")
    assert errors(response, "email") == [
        "An account with this e-mail address already exists. Sign in, or ask for a new "
        "password if you have forgotten it."
    ]
    assert User.objects.count() == 1


def test_duplicate_phone_is_refused_even_written_differently(client):
    make_user(phone="+254712345678")
    response = post(client, phone="+254 712 345678")
    assert errors(response, "phone")[0].startswith("An account with this mobile number")
    assert User.objects.count() == 1


def test_invalid_language_is_refused(client):
    response = post(client, email="a@example.org", language="xx")
    assert errors(response, "language")
    assert not User.objects.exists()


def test_signed_in_people_are_sent_home_from_the_signup_page(client):
    from tests.conftest import login

    login(client, make_user())
    assert client.get(reverse("accounts:signup")).status_code == 302


def test_signup_offers_the_current_language_first_and_names_languages_in_themselves(client):
    client.cookies["kazi_language"] = "fr"
    response = client.get(reverse("accounts:signup"))
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert response.context["form"]["language"].initial == "fr"
    assert "français" in html and "العربيّة" in html
