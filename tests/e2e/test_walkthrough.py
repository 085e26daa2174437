"""The walks of issue 2, in Debian's chromium on a 360 px screen, against a live server.

1. A worker signs up, builds a profile with skills, sees a recommended vacancy with its
   reason and applies.
2. An employer posts a vacancy, is refused for pay below the minimum wage, fixes it; a
   moderator publishes it; the employer shortlists an application and the worker sees it.
3. The Arabic interface renders right-to-left.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from kazi.accounts.constants import Role
from kazi.applications.models import Application
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import ProfileSkill
from tests.factories import (
    PASSWORD,
    make_employer,
    make_exchange_rate,
    make_minimum_wage,
    make_occupation,
    make_skill,
    make_user,
    make_vacancy,
    make_worker,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, identifier: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', identifier)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main form button[type="submit"]')
    expect(page.locator("header")).to_contain_text("Sign out")


def sign_out(page: Page) -> None:
    page.click("header form button")
    expect(page.locator("header")).to_contain_text("Sign in")


@pytest.fixture
def phone_repair_world():  # type: ignore[no-untyped-def]
    repair = make_skill("repair mobile devices", fr="réparer des appareils mobiles")
    solder = make_skill("solder electronic components", fr="souder des composants électroniques")
    service = make_skill("customer service", fr="service client")
    occupation = make_occupation(
        "mobile phone repair technician",
        fr="technicien en réparation de téléphones mobiles",
        essential=(repair, solder, service),
    )
    _employer, org = make_employer(name="Kakuma Phone Clinic")
    vacancy = make_vacancy(
        org,
        title="Phone repair technician",
        occupation=occupation,
        essential=(repair, solder, service),
        published_at=None,
    )
    return {"repair": repair, "occupation": occupation, "vacancy": vacancy}


def test_worker_signs_up_builds_a_profile_sees_a_reasoned_match_and_applies(
    page: Page, live_server, phone_repair_world
):
    base = live_server.url
    vacancy = phone_repair_world["vacancy"]

    page.goto(f"{base}/accounts/signup/")
    page.fill("#id_display_name", "Amina Hassan")
    page.fill("#id_phone", "+254 712 345 678")
    page.fill("#id_password1", "kakuma-phones-2026")
    page.fill("#id_password2", "kakuma-phones-2026")
    page.check("#id_consent_matching")
    page.check("#id_consent_visible_to_employers")
    page.click('main form button[type="submit"]')

    # Step 1: about you
    expect(page.locator("h1, h2").first).to_be_visible()
    page.goto(f"{base}/profile/about/")
    page.check('input[name="languages"][value="sw"]')
    page.select_option("#id_country", "KE")
    page.fill("#id_city", "Kakuma")
    page.click('button[name="then"]')
    # Step 2: the work wanted
    expect(page).to_have_url(re.compile(r"/profile/wishes/$"))
    page.check('input[name="work_types"][value="job"]')
    page.click('button[name="then"]')

    # Skills: search in plain words, the suggestion appears while typing, add it
    page.goto(f"{base}/profile/skills/")
    page.fill("#skill-q", "repair mobile")
    add = page.get_by_role("button", name="Add repair mobile devices")
    expect(add).to_be_visible()
    add.click()
    expect(page.locator("main")).to_contain_text("Your skills")
    assert ProfileSkill.objects.filter(
        profile__user__phone="+254712345678", skill=phone_repair_world["repair"]
    ).exists()

    # For you: the vacancy, with its reason
    page.goto(f"{base}/for-you/")
    card = page.locator(".card", has_text="Phone repair technician")
    expect(card).to_contain_text("You have 1 of 3 essential skills")
    expect(card).to_contain_text("solder electronic components")
    card.get_by_role("link", name="Apply").click()

    page.fill("textarea", "I repaired phones for three years in Kakuma.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("main")).to_contain_text("Phone repair technician")
    application = Application.objects.get(vacancy=vacancy)
    assert application.worker.phone == "+254712345678"
    assert application.message == "I repaired phones for three years in Kakuma."
    page.goto(f"{base}/applications/")
    expect(page.locator("main")).to_contain_text("Received")


def test_employer_is_refused_below_minimum_wage_fixes_pay_moderator_publishes_and_shortlists(
    page: Page, live_server
):
    base = live_server.url
    wiring = make_skill("install electric wiring")
    electrician = make_occupation("electrician", essential=(wiring,))
    make_minimum_wage("KE", hourly_usd="0.28", workweek="52")
    make_exchange_rate("KES", "109.64")
    employer, _org = make_employer("KE", name="Savannah Solar")
    moderator = make_user(Role.MODERATOR)
    worker = make_worker(skills=(wiring,))

    # The employer posts a vacancy paying 5,000 KES a month: below the minimum.
    sign_in(page, base, employer.email)
    page.goto(f"{base}/opportunities/create/")
    page.fill("#id_title", "Electri")
    suggestion = page.locator(f'#occupation-suggestions input[value="{electrician.pk}"]')
    expect(suggestion).to_be_visible()
    suggestion.check()
    page.fill("#id_title", "Electrician")
    page.fill("#id_description", "Wiring of new houses in Nairobi.")
    page.select_option("#id_country", "KE")
    page.fill("#id_pay_min", "5000")
    page.fill("#id_currency", "KES")
    page.select_option("#id_pay_period", "month")
    closing = (date.today() + timedelta(days=30)).isoformat()
    page.fill("#id_closing_date", closing)
    page.click('button[name="action"][value="submit"]')
    error = page.locator(".errorlist")
    expect(error.first).to_contain_text("minimum wage")
    vacancy = Vacancy.objects.get(title="Electrician")
    assert vacancy.status == VacancyStatus.DRAFT  # kept as a draft: nothing lost

    # Fix the pay and submit again.
    page.fill("#id_pay_min", "9000")
    page.click('button[name="action"][value="submit"]')
    expect(page.locator("main")).to_contain_text("Pending review")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    sign_out(page)

    # The moderator publishes it.
    sign_in(page, base, moderator.email)
    page.goto(f"{base}/opportunities/moderation/")
    page.locator(".card", has_text="Electrician").get_by_role("button", name="Publish").click()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED
    sign_out(page)

    # A worker applies (through the page), the employer shortlists.
    sign_in(page, base, worker.email)
    page.goto(f"{base}/applications/apply/{vacancy.pk}/")
    page.get_by_role("button", name="Send my application").click()
    sign_out(page)

    sign_in(page, base, employer.email)
    page.goto(f"{base}/applications/vacancy/{vacancy.pk}/")
    page.get_by_role("link", name=re.compile(worker.display_name)).first.click()
    page.get_by_role("button", name="Move to: Shortlisted").click()
    expect(page.locator("main")).to_contain_text("Shortlisted")
    sign_out(page)

    # The worker sees the change.
    sign_in(page, base, worker.email)
    page.goto(f"{base}/applications/")
    expect(page.locator("main")).to_contain_text("Shortlisted")


def test_arabic_interface_renders_right_to_left(page: Page, live_server):
    page.goto(f"{live_server.url}/")
    page.select_option("#lang-select", "ar")
    page.locator("footer form button").click()
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    # Mirrored layout: the brand sits on the right-hand side of the header.
    brand = page.locator(".brand").bounding_box()
    assert brand is not None and brand["x"] > 360 / 2
    # Translated, not just flipped.
    expect(page.locator("footer .credit")).to_contain_text("المفوضية الأوروبية")
