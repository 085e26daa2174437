"""Job alerts: the daily digest through the outbox (`kazi alerts send`) and the in-app
"New matches" page."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import Channel, ConsentPurpose, OutboxKind
from kazi.accounts.models import OutboxMessage
from kazi.matching.alerts import DIGEST_LIST_LIMIT, send_digests
from kazi.matching.models import AlertDigest, MatchAlert
from kazi.opportunities.constants import VacancyStatus
from tests.conftest import login
from tests.factories import make_employer, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

ALERTS = (ConsentPurpose.VISIBLE_TO_EMPLOYERS, ConsentPurpose.MATCHING, ConsentPurpose.JOB_ALERTS)
TODAY = date.today()


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    return make_employer("KE", name="Umeme Works")[1]


def alert(worker, vacancy, score: float = 0.8, **extra) -> MatchAlert:  # type: ignore[no-untyped-def]
    return MatchAlert.objects.create(worker=worker, vacancy=vacancy, score=score, **extra)


def job(org, title: str = "Electrician", **extra):  # type: ignore[no-untyped-def]
    extra.setdefault("closing_date", TODAY + timedelta(days=10))
    return make_vacancy(org, title=title, **extra)


def digests() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=OutboxKind.MATCH_DIGEST).order_by("pk"))


# ------------------------------------------------------------------------ digests


def test_one_digest_a_day_with_every_pending_alert(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS, display_name="Amina")
    first, second = job(org, "Electrician"), job(org, "Site welder")
    alert(worker, first, 0.7)
    alert(worker, second, 0.9)

    report = send_digests(TODAY)

    (message,) = digests()
    assert (report.digests, report.emails, report.sms, report.alerts) == (1, 1, 0, 2)
    assert message.channel == Channel.EMAIL and message.recipient == worker.email
    assert message.user == worker
    assert message.subject == "2 new opportunities fit your profile"
    assert message.body.startswith("Hello Amina,")
    assert message.body.index("Site welder") < message.body.index("Electrician")  # best first
    assert "Umeme Works" in message.body
    assert AlertDigest.objects.get(worker=worker, day=TODAY).message == message
    assert set(MatchAlert.objects.values_list("digest__day", flat=True)) == {TODAY}

    # Same day: nothing more, even with a new alert; the next day, the new one only.
    third = job(org, "Meter reader")
    alert(worker, third)
    assert send_digests(TODAY).digests == 0
    assert len(digests()) == 1
    assert send_digests(TODAY + timedelta(days=1)).alerts == 1
    latest = digests()[-1]
    assert "Meter reader" in latest.body and "Electrician" not in latest.body
    assert latest.subject == "1 new opportunity fits your profile"


def test_links_when_the_site_address_is_known(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    vacancy = job(org)
    alert(worker, vacancy)
    send_digests(TODAY, site_url="https://kazi.example.org/")
    body = digests()[0].body
    assert f"https://kazi.example.org{reverse('opportunities:detail', args=[vacancy.pk])}" in body
    assert f"https://kazi.example.org{reverse('matching:alerts')}" in body


def test_a_long_digest_lists_the_best_and_counts_the_others(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    for n in range(DIGEST_LIST_LIMIT + 3):
        alert(worker, job(org, f"Job number {n:02d}"), score=0.5 + n / 100)
    send_digests(TODAY)
    body = digests()[0].body
    assert "… and 3 more." in body
    assert "Job number 00" not in body and f"Job number {DIGEST_LIST_LIMIT + 2:02d}" in body


def test_consent_is_respected(org) -> None:  # type: ignore[no-untyped-def]
    never_asked = make_worker()
    withdrawn = make_worker(consents=ALERTS)
    inactive = make_worker(consents=ALERTS)
    inactive.is_active = False
    inactive.save()
    for worker in (never_asked, withdrawn, inactive):
        alert(worker, job(org))
    record_consents(withdrawn, {ConsentPurpose.JOB_ALERTS: False})
    assert send_digests(TODAY).digests == 0
    assert digests() == []
    assert not AlertDigest.objects.exists()
    assert MatchAlert.objects.filter(digest__isnull=False).count() == 0


def test_only_open_unread_alerts_are_sent(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    alert(worker, job(org, "Closed yesterday", closing_date=TODAY - timedelta(days=1)))
    alert(worker, job(org, "Withdrawn", status=VacancyStatus.WITHDRAWN))
    alert(worker, job(org, "Already read"), read_at=timezone.now())
    assert send_digests(TODAY).digests == 0
    alert(worker, job(org, "Still open"))
    send_digests(TODAY)
    (message,) = digests()
    assert "Still open" in message.body
    assert "Closed yesterday" not in message.body and "Already read" not in message.body


def test_in_the_workers_language(org) -> None:  # type: ignore[no-untyped-def]
    _, german_org = make_employer("DE", name="Berliner Werke")
    worker = make_worker(consents=ALERTS, language="fr")
    alert(worker, job(german_org, "Elektriker", city="Berlin"))
    send_digests(TODAY)
    body = digests()[0].body
    assert "Berlin, Allemagne" in body  # the country named in French
    assert "Germany" not in body


def test_sms_when_the_worker_has_no_email_address(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS, email=None, phone="+254700000001")
    worker.email = None
    worker.save()
    for title in ("Electrician", "Welder"):
        alert(worker, job(org, title))
    report = send_digests(TODAY, site_url="https://kazi.example.org")
    (message,) = digests()
    assert (report.emails, report.sms) == (0, 1)
    assert message.channel == Channel.SMS and message.recipient == "+254700000001"
    assert "\n" not in message.body and len(message.body) <= 160
    assert message.body.startswith("Kazi: 2 new opportunities fit you")


def test_kazi_alerts_send(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    alert(worker, job(org))
    out = io.StringIO()
    call_command("alerts_send", "--day", TODAY.isoformat(), "--no-progress", stdout=out)
    assert out.getvalue().strip() == "Queued 1 digests (1 e-mails, 0 SMS) with 1 alerts."
    with pytest.raises(CommandError, match="not a date"):
        call_command("alerts_send", "--day", "yesterday", "--no-progress")


# --------------------------------------------------------------------- the page

URL = "/for-you/alerts/"


def test_the_page_lists_ones_own_alerts_newest_first(client, org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    other = make_worker(consents=ALERTS)
    older = alert(worker, job(org, "Older match"), created_at=timezone.now() - timedelta(days=2))
    alert(worker, job(org, "Newer match"))
    alert(other, job(org, "Someone else's match"))
    alert(worker, job(org, "Read one"), read_at=timezone.now())
    assert reverse("matching:alerts") == URL

    page = login(client, worker).get(URL).content.decode()

    assert page.index("Newer match") < page.index("Older match")
    assert "Someone else" not in page
    assert "2 unread" in page
    assert page.count(">New</span>") == 2
    assert f'id="alert-{older.pk}"' in page


def test_mark_all_read(client, org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    other = make_worker(consents=ALERTS)
    alert(worker, job(org))
    theirs = alert(other, job(org))
    login(client, worker)
    assert client.get(reverse("matching:alerts_read")).status_code == 405
    response = client.post(reverse("matching:alerts_read"), follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "marked as read" in response.content.decode()
    assert not MatchAlert.objects.filter(worker=worker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_only_workers_see_the_page(client, org) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("matching:alerts_read")).status_code == 302
    employer, _ = make_employer("KE")
    login(client, employer)
    assert client.get(URL).status_code == 404
    assert client.post(reverse("matching:alerts_read")).status_code == 404


def test_page_tells_a_worker_without_consent(client, org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker()
    page = login(client, worker).get(URL).content.decode()
    assert "You have not asked Kazi to tell you about new opportunities" in page
    assert "No new match yet" in page


def test_the_navigation_count(org) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(consents=ALERTS)
    alert(worker, job(org))
    alert(worker, job(org, closing_date=TODAY - timedelta(days=400)))  # closed: not counted
    alert(worker, job(org), read_at=timezone.now())
    template = Template("{% load match_alerts %}{% unread_alerts user as n %}[{{ n }}]")
    assert template.render(Context({"user": worker})) == "[1]"
    assert template.render(Context({"user": make_user("employer")})) == "[0]"
    assert template.render(Context({})) == "[0]"
