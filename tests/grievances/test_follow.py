"""Following a case with code and PIN: one answer for every failure, lock-out, and a worker
never reaches another worker's case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kazi.core.errors import DomainError
from kazi.grievances import services
from kazi.grievances.constants import EventKind
from kazi.grievances.models import Grievance
from tests.conftest import login
from tests.factories import make_user, make_worker
from tests.grievances.factories import PNG_BYTES, file_case, pdf, raw

pytestmark = pytest.mark.django_db
NO_MATCH = "No case matches this code and PIN."


def _follow(client: Client, code: str, pin: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("grievances:follow"), {"code": code, "pin": pin}, follow=True)


def test_code_and_pin_open_the_case_in_this_session_only():
    filed = file_case()
    code = filed.grievance.case_code
    browser, other = Client(), Client()
    page = _follow(browser, code.lower().replace("-", " "), filed.pin)
    assert page.redirect_chain[-1][0] == reverse("grievances:case", args=[code])
    assert "They have not paid me for three months." in page.content.decode()
    # Another browser without the PIN is sent to the code + PIN form.
    elsewhere = other.get(reverse("grievances:case", args=[code]), follow=True)
    assert elsewhere.redirect_chain[-1][0] == reverse("grievances:follow")
    assert "They have not paid me" not in elsewhere.content.decode()


def test_unknown_code_wrong_pin_and_malformed_code_get_the_same_answer():
    filed = file_case()
    wrong = "000000" if filed.pin != "000000" else "111111"
    answers = {
        _follow(Client(), "KZ-0000-0000-0000", filed.pin).content.decode().count(NO_MATCH),
        _follow(Client(), filed.grievance.case_code, wrong).content.decode().count(NO_MATCH),
        _follow(Client(), "not a code", wrong).content.decode().count(NO_MATCH),
    }
    assert answers == {1}


def test_five_wrong_pins_lock_the_case_for_fifteen_minutes():
    filed = file_case()
    code, wrong = filed.grievance.case_code, ("000000" if filed.pin != "000000" else "111111")
    now = timezone.now()
    for _ in range(services.LOCK_AFTER):
        with pytest.raises(DomainError) as caught:
            services.open_case(code, wrong, now=now)
        assert caught.value.code == "no_match"
    locked = Grievance.objects.get()
    assert locked.locked_until == now + timedelta(minutes=15)
    # Even the right PIN gets the same answer while locked ...
    with pytest.raises(DomainError, match=NO_MATCH):
        services.open_case(code, filed.pin, now=now + timedelta(minutes=14))
    # ... and opens the case once the lock is over.
    assert services.open_case(code, filed.pin, now=now + timedelta(minutes=16)) == locked
    assert Grievance.objects.get().locked_until is None


def test_a_device_that_keeps_failing_is_slowed_down(client: Client):
    for _ in range(10):
        _follow(client, "KZ-0000-0000-0000", "123456")
    filed = file_case()
    page = _follow(client, filed.grievance.case_code, filed.pin)
    assert "Too many attempts from this device" in page.content.decode()


def test_the_worker_replies_and_adds_files_without_an_account():
    filed = file_case()
    browser = Client()
    _follow(browser, filed.grievance.case_code, filed.pin)
    url = reverse("grievances:case", args=[filed.grievance.case_code])
    browser.post(url, {"action": "reply", "reply-text": "Here is my payslip."})
    browser.post(url, {"action": "evidence", "proof-evidence": [pdf("slip.pdf")]})
    events = list(filed.grievance.events.values_list("kind", "actor"))
    assert (EventKind.MESSAGE_FROM_WORKER, None) in events
    assert (EventKind.EVIDENCE, None) in events
    page = browser.get(url).content.decode()
    assert "You wrote" in page and "Here is my payslip." in page and "File added: slip.pdf" in page
    evidence = filed.grievance.evidence.get()
    download = browser.get(
        reverse("grievances:case_file", args=[filed.grievance.case_code, evidence.pk])
    )
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_worker_never_sees_another_workers_case_page_or_files():
    amina, bashir = make_worker(), make_worker()
    theirs = file_case(bashir, files=[raw(PNG_BYTES, "photo.png")])
    code = theirs.grievance.case_code
    evidence = theirs.grievance.evidence.get()
    browser = login(Client(), amina)
    file_case(amina)
    page = browser.get(reverse("grievances:case", args=[code]), follow=True)
    assert "They have not paid me" not in page.content.decode()
    assert browser.get(reverse("grievances:case_file", args=[code, evidence.pk])).status_code == 404
    assert code not in browser.get(reverse("grievances:mine")).content.decode()
    # Their own case with another case's file number: not found either.
    mine = Grievance.objects.get(filed_by=amina).case_code
    assert browser.get(reverse("grievances:case_file", args=[mine, evidence.pk])).status_code == 404
    # Staff pages are closed to workers.
    assert browser.get(reverse("grievances:manage", args=[theirs.grievance.pk])).status_code == 403
    assert browser.get(reverse("grievances:queue")).status_code == 403


def test_closing_the_case_on_this_device_needs_the_pin_again():
    filed = file_case()
    browser = Client()
    _follow(browser, filed.grievance.case_code, filed.pin)
    browser.post(reverse("grievances:forget", args=[filed.grievance.case_code]))
    page = browser.get(reverse("grievances:case", args=[filed.grievance.case_code]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("grievances:follow")


def test_a_case_filed_with_an_account_opens_for_its_owner_without_the_pin():
    worker = make_worker()
    filed = file_case(worker)
    browser = login(Client(), worker)
    page = browser.get(reverse("grievances:case", args=[filed.grievance.case_code]))
    assert page.status_code == 200
    other_staff = login(Client(), make_user())
    page = other_staff.get(
        reverse("grievances:case", args=[filed.grievance.case_code]), follow=True
    )
    assert page.redirect_chain[-1][0] == reverse("grievances:follow")
