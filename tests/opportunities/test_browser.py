"""In Debian's chromium: the JSON-LD block is not blocked by the Content-Security-Policy
(it is data, not executed), and occupation suggestions appear while typing a job title."""

from __future__ import annotations

import contextlib
import json

import pytest

from kazi.opportunities.models import Vacancy
from tests.factories import PASSWORD, make_employer, make_occupation, make_skill, make_vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_json_ld_block_is_not_blocked_by_the_csp(page, live_server):
    _, org = make_employer()
    vacancy = make_vacancy(org, title="Electrician")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/opportunities/{vacancy.pk}/")
    text = page.eval_on_selector('script[type="application/ld+json"]', "el => el.textContent")
    data = json.loads(text)
    assert data["@type"] == "JobPosting" and data["title"] == "Electrician"
    assert violations == []
    # the check would notice a blocked script: an inline executable script is refused
    with contextlib.suppress(Exception):  # playwright may report the refused script
        page.add_script_tag(content="window.kaziInline = 1")
    page.wait_for_timeout(200)
    assert violations and page.evaluate("window.kaziInline") is None


def test_occupation_suggestions_appear_while_typing_the_title(page, live_server):
    wiring = make_skill("install electric wiring")
    electrician = make_occupation("electrician", essential=(wiring,))
    employer, _ = make_employer()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill('input[name="username"]', employer.email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"], main form button')
    page.goto(f"{live_server.url}/opportunities/create/")
    page.fill("#id_title", "electri")
    page.wait_for_selector(f'#occupation-suggestions input[value="{electrician.pk}"]', timeout=5000)
    page.check(f'#occupation-suggestions input[value="{electrician.pk}"]')
    page.fill("#id_description", "Wiring in new houses.")
    page.fill("#id_pay_min", "30000")
    page.click('button[value="save"]')
    page.wait_for_url("**/skills/")
    vacancy = Vacancy.objects.get()
    assert vacancy.occupation_id == electrician.pk
    assert "install electric wiring" in page.content()
