"""Screening in Debian's chromium on a 360 px screen, against a live server: an anonymous
person answers a domestic-work screening, says someone is hurting them now and gets the
URGENT result with next steps; the quick-exit button leaves for a neutral page and takes
the screening out of the Back history; pressing Escape twice does the same."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from kazi.screening.models import SavedScreening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KAZI_SCREENSHOTS", "")


def test_anonymous_domestic_worker_in_danger_gets_urgent_help(page: Page, live_server, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_HELPLINES = "MY=+60 3-1234 5678 Test workers line"
    settings.KAZI_QUICK_EXIT_URL = f"{live_server.url}/opportunities/"
    page.goto(f"{live_server.url}/screening/")
    expect(page.locator("h1")).to_have_text("Check your work situation")
    page.get_by_label("Domestic work (in a home: cleaning, cooking, care)").check()
    page.get_by_label("Country where you work (you may leave this empty)").select_option("MY")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("h1")).to_have_text("Questions about your work")
    first = page.locator("#q-hurt_now")
    expect(first.locator("audio")).to_have_count(1)
    first.get_by_label("Yes").check()
    page.locator("#q-domestic_day_off").get_by_label("No", exact=True).check()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/questions.png", full_page=False)
    page.get_by_role("button", name="See my result").click()
    level = page.locator(".level")
    expect(level).to_contain_text("Urgent: you may be in danger now")
    expect(page.locator(".step-call_for_help_now")).to_contain_text("Test workers line")
    expect(page.locator(".step-call_for_help_now a[href^='tel:']")).to_have_attribute(
        "href", "tel:+60312345678"
    )
    expect(page.locator(".reasons")).to_contain_text("Right now, is someone hurting you")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/result.png", full_page=True)
    assert not SavedScreening.objects.exists()

    # Quick exit: the neutral page replaces the screening in the history.
    page.get_by_role("link", name="Leave this page quickly").click()
    page.wait_for_url(f"{live_server.url}/opportunities/")
    page.go_back()
    assert "/screening/result/" not in page.url


def test_escape_twice_leaves_the_page(page: Page, live_server, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_QUICK_EXIT_URL = f"{live_server.url}/opportunities/"
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/screening/questions/?sector=fishing")
    expect(page.locator("#q-fishing_months_at_sea")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(f"{live_server.url}/opportunities/")
    page.go_back()
    assert "/screening/" not in page.url
