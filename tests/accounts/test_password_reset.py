import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kazi.accounts.constants import OutboxKind
from kazi.accounts.models import OutboxMessage
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEUTRAL = "If an account exists with this e-mail address or mobile number, we sent a link"
NEW_PASSWORD = "river-mango-lantern-58"


def ask_reset(client, identifier):
    return client.post(reverse("accounts:password_reset"), {"identifier": identifier}, follow=True)


def link_in(message):
    match = re.search(r"https?://\S+/accounts/r/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_email_user_resets_the_password_end_to_end_through_the_outbox(client):
    user = make_user(email="amina@example.org")
    response = ask_reset(client, "Amina@example.org")
    assert NEUTRAL in response.content.decode()

    message = OutboxMessage.objects.get()
    assert message.channel == "email" and message.recipient == "amina@example.org"
    assert message.user == user and message.kind == OutboxKind.PASSWORD_RESET
    assert message.status == "queued" and "new password" in message.subject

    # The link carries the token; the page swaps it for a session value and shows the form.
    response = client.get(link_in(message), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your new password is saved" in response.content.decode()

    assert sign_in(client, "amina@example.org", PASSWORD).status_code == 200  # old one refused
    assert sign_in(client, "amina@example.org", NEW_PASSWORD).status_code == 302


def test_the_link_works_only_once(client):
    make_user(email="a@example.org")
    ask_reset(client, "a@example.org")
    link = link_in(OutboxMessage.objects.get())
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert not response.context["validlink"]
    assert "This link does not work any more" in response.content.decode()


def test_a_broken_link_shows_a_clear_page(client):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "abc-def"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This link does not work any more" in html
    assert reverse("accounts:password_reset") in html


def test_an_expired_link_shows_a_clear_page(client, settings):
    make_user(email="a@example.org")
    ask_reset(client, "a@example.org")
    link = link_in(OutboxMessage.objects.get())
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(link, follow=True)
    assert "This link does not work any more" in response.content.decode()


def test_new_password_must_pass_the_validators(client):
    make_user(email="a@example.org")
    ask_reset(client, "a@example.org")
    form_url = client.get(link_in(OutboxMessage.objects.get()), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert "This password is too common." in response.content.decode()
    assert sign_in(client, "a@example.org", PASSWORD).status_code == 302  # unchanged


def test_phone_user_gets_a_short_sms_in_their_own_language(client):
    make_user(phone="+254712345678", email=None, language="fr")
    ask_reset(client, "+254 712 345 678")
    message = OutboxMessage.objects.get()
    assert message.channel == "sms" and message.recipient == "+254712345678"
    assert message.subject == ""
    assert len(message.body) < 160
    assert link_in(message)


def test_unknown_account_gets_the_same_neutral_page_and_nothing_is_queued(client):
    response = ask_reset(client, "nobody@example.org")
    assert NEUTRAL in response.content.decode()
    response = ask_reset(client, "+254712345679")
    assert NEUTRAL in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_malformed_identifier_is_refused_with_a_hint(client):
    response = client.post(reverse("accounts:password_reset"), {"identifier": "0712"})
    assert "with its country code" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_reset_messages_are_limited_per_hour(client):
    make_user(email="a@example.org")
    for _ in range(5):
        ask_reset(client, "a@example.org")
    assert OutboxMessage.objects.count() == 3
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(hours=2))
    ask_reset(client, "a@example.org")
    assert OutboxMessage.objects.count() == 4


def test_a_reset_lifts_a_login_lockout(client):
    make_user(email="a@example.org")
    for _ in range(5):
        sign_in(client, "a@example.org", "wrong-password")
    assert sign_in(client, "a@example.org", PASSWORD).status_code == 429
    ask_reset(client, "a@example.org")
    form_url = client.get(link_in(OutboxMessage.objects.get()), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(client, "a@example.org", NEW_PASSWORD).status_code == 302


def test_outbox_send_delivers_email_and_leaves_sms_queued(client, capsys):
    make_user(email="a@example.org")
    make_user(phone="+254712345678", email=None)
    ask_reset(client, "a@example.org")
    ask_reset(client, "+254712345678")

    call_command("outbox_send")

    email = OutboxMessage.objects.get(channel="email")
    assert email.status == "sent" and email.sent_at and email.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"]
    assert link_in(email) in mail.outbox[0].body
    sms = OutboxMessage.objects.get(channel="sms")
    assert sms.status == "queued" and sms.attempts == 0
    assert "No SMS channel is configured" in sms.last_error
    out = capsys.readouterr().out
    assert "1 sent" in out and "SMS: 1 waiting" in out

    call_command("outbox_send")  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_outbox_send_marks_failures_and_retries_them(client, settings):
    make_user(email="a@example.org")
    ask_reset(client, "a@example.org")
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Backend"
    call_command("outbox_send")
    message = OutboxMessage.objects.get()
    assert message.status == "failed" and message.attempts == 1
    assert "ConnectionRefusedError: mail server down" in message.last_error
    for _ in range(5):
        call_command("outbox_send")
    message.refresh_from_db()
    assert message.attempts == 3  # gives up after three tries
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("outbox_send")
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 3


def test_outbox_is_read_only_in_the_admin(admin_client):
    from kazi.accounts.outbox import queue_message

    message = queue_message("email", "a@example.org", "hello", subject="Hi")
    response = admin_client.get(
        reverse("admin:accounts_outboxmessage_changelist") + "?status=queued"
    )
    assert response.status_code == 200 and "a@example.org" in response.content.decode()
    assert admin_client.get(reverse("admin:accounts_outboxmessage_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:accounts_outboxmessage_change", args=[message.pk]), {"body": "changed"}
    )
    message.refresh_from_db()
    assert message.body == "hello"
