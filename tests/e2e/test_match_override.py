"""Issue 4 in Debian's chromium on a 360 px screen, against a live server: a counsellor pins
an opportunity for a worker, with a reason; the worker signs in and sees it first, marked
"Pinned by your counsellor" with the reason, and finds the change in their data log."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from kazi.accounts.constants import ConsentPurpose, Role
from kazi.matching.models import MatchOverride
from kazi.matching.selectors import recommend_vacancies
from kazi.profiles.models import WorkerProfile
from tests.factories import (
    PASSWORD,
    make_employer,
    make_skill,
    make_user,
    make_vacancy,
    make_worker,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "Amina trained in solar installation with our programme last year."


def sign_in(page: Page, base: str, identifier: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', identifier)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main form button[type="submit"]')
    expect(page.locator("header")).to_contain_text("Sign out")


def sign_out(page: Page) -> None:
    page.click("header form button")
    expect(page.locator("header")).to_contain_text("Sign in")


def test_counsellor_pins_a_result_with_a_reason_and_the_worker_sees_it_first(
    page: Page, live_server
):
    base = live_server.url
    wiring, welding, solar = make_skill("wiring"), make_skill("welding"), make_skill("solar")
    worker = make_worker(
        skills=(wiring, welding),
        display_name="Amina Hassan",
        consents=(
            ConsentPurpose.VISIBLE_TO_EMPLOYERS,
            ConsentPurpose.MATCHING,
            ConsentPurpose.COUNSELLOR_CONTACT,
        ),
    )
    counsellor = make_user(Role.COUNSELLOR, display_name="Juma Counsellor")
    for n, needs in enumerate([(wiring, welding), (wiring,), (welding, solar)]):
        _, org = make_employer(name=f"Employer {n}")
        make_vacancy(org, title=f"Fitter {n}", essential=needs)
    _, org = make_employer(name="Sunny Roofs")
    target = make_vacancy(org, title="Solar installer", essential=(solar, wiring, welding, *[
        make_skill(f"roofing {n}") for n in range(3)
    ]))  # fmt: skip
    profile = WorkerProfile.objects.get(user=worker)
    before = [r.vacancy.pk for r in recommend_vacancies(profile, "en").items]
    assert before[-1] == target.pk  # the engine ranks it last

    # The counsellor opens the worker's recommendations and pins it, with the reason.
    sign_in(page, base, counsellor.email)
    page.goto(f"{base}/for-you/worker/{worker.pk}/")
    card = page.locator(f"#v{target.pk}")
    card.get_by_text("Pin, move up or hide").click()
    card.get_by_label("Change").select_option("pin")
    card.get_by_label("Reason (the person will read it)").fill(REASON)
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Pinned to the top of this person's list")
    first = page.locator("article.card").first
    expect(first).to_contain_text("Solar installer")
    expect(first).to_contain_text("Pinned to the top of this person's list")
    expect(first).to_contain_text(REASON)
    assert MatchOverride.objects.get(worker=worker, vacancy=target).counsellor == counsellor
    sign_out(page)

    # The worker sees it first, with the badge and the reason, and why it fits (or not).
    sign_in(page, base, worker.email)
    page.goto(f"{base}/for-you/")
    first = page.locator("article.card").first
    expect(first.get_by_role("heading")).to_have_text("Solar installer")
    expect(first).to_contain_text("Pinned by your counsellor")
    expect(first).to_contain_text(REASON)
    expect(first.get_by_text("Pin, move up or hide")).to_have_count(0)
    first.get_by_text("Why this?").click()
    expect(first.locator("details li").first).to_be_visible()

    # ... and finds the change, with its reason, under "Who looked at my data".
    page.goto(f"{base}/accounts/who-looked/")
    expect(page.locator("main")).to_contain_text("Changed the order of your matches")
    expect(page.locator("main")).to_contain_text("Juma Counsellor")
    expect(page.locator("main")).to_contain_text(REASON)
