import pytest
from django.urls import reverse

from kazi.accounts.constants import Role
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_page_names_the_field_username_for_throttling(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'name="username"' in html and 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html


def test_login_with_email_in_any_case(client):
    user = make_user(email="amina@example.org")
    response = sign_in(client, " Amina@Example.ORG ")
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_login_with_phone_written_with_spaces(client):
    user = make_user(phone="+254712345678", language="fr")
    response = sign_in(client, "+254 712 345 678")
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)
    assert response.cookies["kazi_language"].value == "fr"  # the saved language follows


def test_login_follows_next(client):
    make_user(email="a@example.org")
    response = sign_in(client, "a@example.org", next=reverse("accounts:settings"))
    assert response["Location"] == reverse("accounts:settings")


def test_wrong_password_shows_a_clear_error_and_does_not_sign_in(client):
    make_user(email="a@example.org")
    response = sign_in(client, "a@example.org", "wrong-password")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert signed_in_as(client) is None


def test_unknown_account_gets_the_same_error(client):
    response = sign_in(client, "nobody@example.org", "whatever-123")
    assert "do not match an account" in response.content.decode()


def test_closed_account_cannot_sign_in(client):
    make_user(email="a@example.org", is_active=False)
    sign_in(client, "a@example.org")
    assert signed_in_as(client) is None


def test_after_five_failures_even_the_right_password_is_refused(client):
    make_user(email="a@example.org")
    for _ in range(5):
        sign_in(client, "a@example.org", "wrong-password")
    response = sign_in(client, "a@example.org", PASSWORD)
    assert response.status_code == 429
    assert signed_in_as(client) is None
    html = response.content.decode()
    assert "Signing in is paused" in html
    assert "Wait 15 minutes" in html
    assert reverse("accounts:password_reset") in html


def test_phone_failures_count_together_however_the_number_is_written(client):
    make_user(phone="+254712345678")
    for spelling in ["+254712345678", "+254 712 345 678", "+254-712-345-678", "+254712 345678"]:
        sign_in(client, spelling, "wrong-password")
    sign_in(client, "+254 7123 45678", "wrong-password")
    response = sign_in(client, "+254712345678", PASSWORD)
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_logout_is_post_only(client):
    from tests.conftest import login

    user = make_user(role=Role.EMPLOYER)
    login(client, user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_as(client) == str(user.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert signed_in_as(client) is None


def test_a_successful_sign_in_clears_earlier_failures(client):
    make_user(phone="+254712345678", email=None)
    for _ in range(4):
        sign_in(client, "+254712345678", "wrong-password")
    assert sign_in(client, "+254 712 345 678").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        sign_in(client, "+254712345678", "wrong-password")
    assert sign_in(client, "+254712345678").status_code == 302
