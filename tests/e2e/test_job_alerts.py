"""Issue 4 in Debian's chromium on a 360 px screen, against a live server: a new vacancy
that fits a worker enters their top matches at the nightly refresh; the worker finds it
under "New matches", opens it, and marks their alerts read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kazi.accounts.constants import ConsentPurpose
from kazi.matching.alerts import send_digests
from kazi.matching.batch import refresh_matches
from kazi.matching.models import MatchAlert
from tests.e2e.test_match_override import sign_in
from tests.factories import make_employer, make_skill, make_vacancy, make_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_worker_finds_a_new_match_and_marks_it_read(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    wiring, safety = make_skill("wiring"), make_skill("safety rules")
    worker = make_worker(
        skills=(wiring, safety),
        consents=(ConsentPurpose.MATCHING, ConsentPurpose.JOB_ALERTS),
    )
    _, org = make_employer(name="Umeme Works")
    make_vacancy(
        org,
        title="Old opening",
        essential=(wiring,),
        published_at=timezone.now() - timedelta(days=3),
    )
    refresh_matches(processes=1)  # last night: nothing new yet
    new = make_vacancy(
        org, title="Solar electrician", essential=(wiring, safety), published_at=timezone.now()
    )
    report = refresh_matches(processes=1)
    assert report.alerts == 1
    assert send_digests().digests == 1

    sign_in(page, live_server.url, worker.email)
    page.goto(f"{live_server.url}/for-you/alerts/")
    card = page.locator(f"#alert-{MatchAlert.objects.get(vacancy=new).pk}")
    expect(card.locator(".tag")).to_have_text("New")
    expect(card).to_contain_text("Umeme Works")
    expect(page.locator("main")).not_to_contain_text("Old opening")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".messages")).to_contain_text("marked as read")
    expect(card.locator(".tag")).to_have_count(0)
    card.get_by_role("link", name="Solar electrician").click()
    expect(page.locator("h1")).to_contain_text("Solar electrician")
