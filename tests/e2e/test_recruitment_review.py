"""Recruitment in Debian's chromium on a 360 px screen: a visitor checks an agency (typo in
the name) and sees its licence; a worker reviews it with the form (no JavaScript needed);
a moderator approves it; the review waits for its random publication time."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from kazi.accounts.constants import Role
from kazi.recruitment.constants import ReviewStatus
from kazi.recruitment.models import Review
from tests.factories import PASSWORD, make_user
from tests.recruitment.factories import make_agency, make_list

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, identifier: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', identifier)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main form button[type="submit"]')
    expect(page.locator("header")).to_contain_text("Sign out")


def test_check_review_and_moderate_an_agency(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    agency = make_agency(
        "Himalayan Overseas Pvt. Ltd.",
        number="123/075",
        licence_list=make_list("NP"),
        destinations=["QA"],
    )
    worker = make_user(Role.WORKER, display_name="Sita Tamang")
    moderator = make_user(Role.MODERATOR)
    base = live_server.url

    page.goto(f"{base}/agencies/")
    page.fill("#id_q", "himalyan overses")
    page.click("main form button")
    expect(page.locator("main")).to_contain_text("Licence valid")
    page.click("text=Himalayan Overseas Pvt. Ltd.")
    expect(page.locator("main")).to_contain_text("123/075")
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert no_overflow

    sign_in(page, base, worker.email)
    page.goto(f"{base}/agencies/{agency.pk}/review/")
    page.fill("#id_used_from", "2023-01-10")
    page.select_option("#id_origin_country", "NP")
    page.select_option("#id_destination_country", "QA")
    for name in (
        "contract_before_departure",
        "contract_in_my_language",
        "job_as_promised",
        "pay_as_promised",
        "orientation",
    ):
        page.check(f'input[name="{name}"][value="yes"]')
    page.check('input[name="documents_kept"][value="no"]')
    page.fill("#id_fees_amount", "0")
    for name in ("rating_overall", "rating_honesty", "rating_treatment"):
        page.check(f'input[name="{name}"][value="4"]')
    page.fill("#id_story", "Fair agency. Call me on +977 9841234567.")
    page.click("text=Send my review")
    expect(page.locator("main")).to_contain_text("Waiting for a moderator")

    page.click("header form button")
    sign_in(page, base, moderator.email)
    page.goto(f"{base}/agencies/reviews/moderation/")
    expect(page.locator("mark.found")).to_have_text("+977 9841234567")
    expect(page.locator("main")).not_to_contain_text("Sita")
    review = Review.objects.get()
    page.check(f'input[name="{review.public_id}-decision"][value="approve"]')
    page.fill(f'textarea[name="{review.public_id}-story"]', "Fair agency.")
    page.click("text=Save the decision")
    expect(page.locator("main")).to_contain_text("No review is waiting.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SCHEDULED and review.story == "Fair agency."
