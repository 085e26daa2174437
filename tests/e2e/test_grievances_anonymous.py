"""Issue 5 in Debian's chromium on a 360 px screen: an anonymous visitor files a grievance
with a photo, writes down the code and PIN, a counsellor answers and starts the case, and
a fresh browser follows up with the code and PIN and reads the answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from kazi.accounts.constants import Role
from kazi.grievances import services
from kazi.grievances.constants import State
from kazi.grievances.models import Grievance
from tests.factories import make_user
from tests.grievances.factories import PDF_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWER = "We have called your employer. Please send a photo of your contract."


def test_an_anonymous_grievance_is_filed_and_followed_up_with_its_code(
    page: Page, browser: Browser, live_server, tmp_path
):
    base = live_server.url
    proof = tmp_path / "payslip.pdf"
    proof.write_bytes(PDF_BYTES)

    page.goto(f"{base}/grievances/new/")
    page.get_by_label("Unpaid wages").check()
    page.get_by_label("Country where it happened").select_option("QA")
    page.get_by_label("Country you come from (optional)").select_option("NP")
    page.get_by_label("Employer or recruitment agency concerned (optional)").fill("Gulf Build Co")
    page.get_by_label("What happened, in your own words").fill(
        "No pay since March. मलाई तीन महिनादेखि तलब दिइएको छैन।"
    )
    page.get_by_label("Proof, if you have some (optional)").set_input_files(str(proof))
    page.get_by_role("button", name="Send my report").click()

    expect(page.get_by_role("heading", name="Your report was received")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # print.js ran
    code = page.locator("#case-code").inner_text().strip()
    pin = page.locator("#case-pin").inner_text().strip()
    assert code.startswith("KZ-") and len(pin) == 6
    grievance = Grievance.objects.get(case_code=code)
    assert grievance.filed_by is None and grievance.evidence.count() == 1

    # The counsellor answers and starts the case.
    counsellor = make_user(Role.COUNSELLOR)
    services.assign(grievance, counsellor, counsellor)
    services.transition(grievance, State.IN_PROGRESS, counsellor, reason="We are on it.")
    services.message_worker(grievance, counsellor, ANSWER)
    services.add_note(grievance, counsellor, "Internal only: check the employer's licence.")

    # Another browser, nothing in common with the first: code (typed loosely) and PIN.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    other = context.new_page()
    other.goto(f"{base}/grievances/follow/")
    other.get_by_label("Case code").fill(code.lower().replace("-", " "))
    other.get_by_label("PIN (6 digits)").fill(pin)
    other.get_by_role("button", name="Open my case").click()
    expect(other.locator("#case-state")).to_have_text("In progress")
    timeline = other.locator("ol.timeline")
    expect(timeline).to_contain_text(ANSWER)
    expect(timeline).to_contain_text("Status: In progress")
    expect(timeline).to_contain_text("File added: payslip.pdf")
    expect(timeline).not_to_contain_text("Internal only")

    # The same page in Arabic is laid out right to left.
    other.get_by_label("Language").select_option("ar")
    other.locator("footer form button").click()
    expect(other.locator("html")).to_have_attribute("dir", "rtl")
    expect(other.locator("ol.timeline")).to_contain_text(ANSWER)
    context.close()


def test_a_wrong_pin_gives_the_generic_answer(page: Page, live_server):
    page.goto(f"{live_server.url}/grievances/follow/")
    page.get_by_label("Case code").fill("KZ-0000-0000-0000")
    page.get_by_label("PIN (6 digits)").fill("123456")
    page.get_by_role("button", name="Open my case").click()
    expect(page.get_by_role("alert")).to_have_text("No case matches this code and PIN.")
