"""The grievances API: anonymous filing and follow-up with the PIN header, one answer for
every failure, staff calls with the pages' visibility rules."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kazi.accounts.constants import Role
from kazi.grievances import services
from kazi.grievances.constants import EventKind, State
from kazi.grievances.models import Evidence, Grievance
from tests.conftest import login
from tests.factories import make_user, make_worker
from tests.grievances.conftest import stored_files
from tests.grievances.factories import EXE_BYTES, file_case, make_partner, pdf

pytestmark = pytest.mark.django_db
BODY = {
    "category": "illegal_fees",
    "country": "QA",
    "origin_country": "NP",
    "description": "Paid 1,500 USD to the agent.",
}


def _post(client: Client, path: str, body: dict, **headers):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
    )


def test_anonymous_filing_returns_code_and_pin_once_and_the_pin_reads_the_timeline():
    client = Client(enforce_csrf_checks=True)
    response = _post(client, "/grievances", BODY)
    assert response.status_code == 201
    filed = response.json()
    grievance = Grievance.objects.get()
    assert filed["case_code"] == grievance.case_code and grievance.filed_by is None
    reader = Client()
    case = reader.get(
        f"/api/v1/grievances/{filed['case_code'].lower()}", headers={"X-Case-Pin": filed["pin"]}
    )
    assert case.status_code == 200
    assert case.json()["timeline"][0]["title"] == "You filed this grievance"
    assert "pin" not in case.json()
    wrote = _post(
        reader, f"/grievances/{filed['case_code']}/messages", {"text": "Any news?"},
        **{"X-Case-Pin": filed["pin"]},
    )  # fmt: skip
    assert wrote.status_code == 201
    assert wrote.json()["timeline"][-1]["text"] == "Any news?"


def test_wrong_pin_and_unknown_code_answer_the_same_404():
    filed = file_case()
    wrong = "000000" if filed.pin != "000000" else "111111"
    client = Client()
    a = client.get(f"/api/v1/grievances/{filed.grievance.case_code}", headers={"X-Case-Pin": wrong})
    b = client.get("/api/v1/grievances/KZ-0000-0000-0000", headers={"X-Case-Pin": filed.pin})
    c = client.get(f"/api/v1/grievances/{filed.grievance.case_code}")
    assert a.status_code == b.status_code == c.status_code == 404
    assert a.json() == b.json() == c.json() == {"detail": "No case matches this code and PIN."}


def test_the_worker_api_never_shows_internal_notes_or_staff_names():
    filed = file_case()
    counsellor = make_user(Role.COUNSELLOR, display_name="Juma Caseworker")
    services.assign(filed.grievance, counsellor, counsellor)
    services.add_note(filed.grievance, counsellor, "Internal: employer is a relative of X.")
    services.message_worker(filed.grievance, counsellor, "We called your employer.")
    body = (
        Client()
        .get(f"/api/v1/grievances/{filed.grievance.case_code}", headers={"X-Case-Pin": filed.pin})
        .content.decode()
    )
    assert "We called your employer." in body
    assert "Internal: employer" not in body and "Juma" not in body
    kinds = [item["kind"] for item in json.loads(body)["timeline"]]
    assert kinds == [EventKind.FILED, EventKind.STATE, EventKind.MESSAGE_TO_WORKER]


def test_evidence_upload_needs_the_pin_and_refuses_bad_files_entirely(_private_dir):
    filed = file_case()
    url = f"/api/v1/grievances/{filed.grievance.case_code}/evidence"
    client = Client()
    assert client.post(url, {"files": [pdf()]}).status_code == 404  # no PIN, no session
    refused = client.post(
        url, {"files": [pdf(), pdf("setup.pdf", EXE_BYTES)]}, headers={"X-Case-Pin": filed.pin}
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "file_type" and "setup.pdf" in refused.json()["detail"]
    assert not Evidence.objects.exists() and stored_files(_private_dir) == []
    added = client.post(url, {"files": [pdf()]}, headers={"X-Case-Pin": filed.pin})
    assert added.status_code == 201 and added.json()["evidence"][0]["name"] == "payslip.pdf"


def test_a_worker_cannot_reach_another_workers_case_through_the_api():
    amina, bashir = make_worker(), make_worker()
    theirs = file_case(bashir)
    browser = login(Client(), amina)
    assert browser.get(f"/api/v1/grievances/{theirs.grievance.case_code}").status_code == 404
    assert browser.get(f"/api/v1/grievances/{theirs.grievance.pk}").status_code == 403
    assert browser.get("/api/v1/grievances").status_code == 403
    # The owner reads their own case through their session.
    own = login(Client(), bashir).get(f"/api/v1/grievances/{theirs.grievance.case_code}")
    assert own.status_code == 200


def test_staff_calls_follow_the_pages_rules():
    counsellor = make_user(Role.COUNSELLOR)
    lawyer, legal_aid = make_partner()
    first, second = file_case().grievance, file_case().grievance
    staff = login(Client(), counsellor)
    listed = staff.get("/api/v1/grievances").json()
    assert {c["id"] for c in listed} == {first.pk, second.pk}
    illegal = _post(staff, f"/grievances/{first.pk}/transition", {"state": "resolved"})
    assert illegal.status_code == 400 and illegal.json()["code"] == "illegal_transition"
    assigned = _post(staff, f"/grievances/{first.pk}/assign", {"user_id": counsellor.pk})
    assert assigned.json()["state"] == State.ASSIGNED
    _post(staff, f"/grievances/{first.pk}/refer", {"organisation_id": legal_aid.pk})
    note = _post(staff, f"/grievances/{first.pk}/notes", {"text": "Internal."})
    assert note.status_code == 201 and note.json()["internal"] is True
    sent = _post(staff, f"/grievances/{first.pk}/messages", {"text": "Hello"})
    assert sent.status_code == 201 and sent.json()["internal"] is False
    partner = login(Client(), lawyer)
    assert [c["id"] for c in partner.get("/api/v1/grievances").json()] == [first.pk]
    assert partner.get(f"/api/v1/grievances/{second.pk}").status_code == 404
    detail = partner.get(f"/api/v1/grievances/{first.pk}").json()
    assert any(e["kind"] == "note" for e in detail["events"])


def test_filing_with_the_account_through_the_api_needs_sign_in_and_csrf():
    worker = make_worker()
    assert _post(Client(), "/grievances", {**BODY, "anonymous": False}).status_code == 401
    browser = login(Client(enforce_csrf_checks=True), worker)
    assert _post(browser, "/grievances", {**BODY, "anonymous": False}).status_code == 403
    assert not Grievance.objects.exists()
    browser.get("/grievances/new/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    ok = _post(browser, "/grievances", {**BODY, "anonymous": False}, **{"X-CSRFToken": token})
    assert ok.status_code == 201
    assert Grievance.objects.get().filed_by == worker
