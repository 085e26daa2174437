"""Issue 3 in Debian's chromium on a 360 px screen, against a live server: a worker writes an
experience in French, sees the skills it shows with the supporting words highlighted,
confirms one, and finds it on their profile. The interface is in English (the worker's
language), so the skill is shown with its English label."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from kazi.profiles.models import ProfileSkill
from tests.factories import PASSWORD, make_worker
from tests.skills_fixture import skill_uri

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRENCH = "J'ai gardé des enfants et fait le ménage chez une famille à Nairobi"


def test_worker_confirms_a_skill_found_in_a_french_experience(
    page: Page, live_server, skills_engine
):
    base = live_server.url
    worker = make_worker(display_name="Amina Hassan", language="en")

    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', worker.email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main form button[type="submit"]')
    expect(page.locator("header")).to_contain_text("Sign out")

    page.goto(f"{base}/profile/experience/")
    page.fill("#id_title", "Nounou")
    page.fill("#id_description", FRENCH)
    page.locator("form[novalidate] button").click()

    suggestions = page.locator("#suggestions")
    expect(suggestions).to_be_visible()
    expect(page).to_have_url(re.compile(r"/profile/experience/\?suggest=\d+#suggestions$"))
    marks = suggestions.locator("mark")
    expect(marks.first).to_be_visible()
    assert "gardé des enfants" in marks.all_inner_texts()
    expect(suggestions).to_contain_text("look after children")
    expect(suggestions).to_contain_text("perform cleaning duties")

    page.get_by_role("button", name="Add look after children").click()
    expect(page.locator(".messages")).to_contain_text("Skill added.")
    row = page.locator("#suggestions li", has_text="look after children")
    expect(row).to_contain_text("Added")
    expect(page.get_by_role("button", name="Add look after children")).to_have_count(0)
    assert ProfileSkill.objects.filter(
        profile__user=worker, skill__uri=skill_uri("childcare")
    ).exists()

    page.goto(f"{base}/profile/overview/")
    expect(page.locator("main")).to_contain_text("look after children")
    expect(page.locator("main")).not_to_contain_text("perform cleaning duties")
