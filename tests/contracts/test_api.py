"""The contracts API: same rules as the pages (404 for others' contracts), public head and
receipt check."""

from __future__ import annotations

import pytest
from django.test import Client

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.contracts.models import Contract
from tests.conftest import login
from tests.factories import make_employer, make_user, make_worker

from .conftest import TERMS, make_agency_staff, record

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_worker_creates_lists_and_adds_a_version_with_flags():
    worker = make_worker()
    client = login(Client(), worker)
    response = client.post(
        f"{API}/contracts", {"terms": TERMS, "label": "Doha"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    contract_id = body["id"]
    assert body["versions"][0]["receipt"].startswith("v1.1.")
    later = client.post(
        f"{API}/contracts/{contract_id}/versions",
        {"stage": "destination", "terms": {**TERMS, "wage_amount": "800", "hours_per_week": "70"}},
        content_type="application/json",
    )
    assert later.status_code == 201
    assert {f["flag"] for f in later.json()["flags"]} == {"wage_cut", "longer_hours"}
    assert [c["id"] for c in client.get(f"{API}/contracts").json()] == [contract_id]
    receipt = client.get(f"{API}/contracts/{contract_id}/versions/2/receipt").json()
    assert receipt["nonce"] and receipt["seq"] == 2
    check = Client().get(f"{API}/ledger/verify", {"r": receipt["receipt"]}).json()
    assert check["verified"] is True
    assert Client().get(f"{API}/ledger/head").json()["seq"] == 2
    bad = Client().get(f"{API}/ledger/verify", {"r": "v1.2.nonsense"}).json()
    assert bad["verified"] is False and bad["reasons"]


def test_bad_terms_are_400_and_nothing_is_saved():
    client = login(Client(), make_worker())
    response = client.post(
        f"{API}/contracts",
        {"terms": {**TERMS, "hours_per_week": "500"}},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "hours_per_week"
    response = client.post(
        f"{API}/contracts",
        {"terms": {**TERMS, "wage_amount": "lots"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Contract.objects.exists()


def test_others_get_404_and_anonymous_401():
    version = record(make_worker())
    pk = version.contract_id
    employer, _ = make_employer()
    agency, _ = make_agency_staff()
    for user in (make_worker(), employer, agency, make_user(Role.COUNSELLOR)):
        client = login(Client(), user)
        assert client.get(f"{API}/contracts/{pk}").status_code == 404
        assert client.get(f"{API}/contracts/{pk}/versions/1/receipt").status_code == 404
        response = client.post(
            f"{API}/contracts/{pk}/versions",
            {"stage": "payslip", "terms": {}},
            content_type="application/json",
        )
        assert response.status_code == 404
    assert Client().get(f"{API}/contracts/{pk}").status_code == 401


def test_counsellor_with_consent_reads_and_is_logged():
    worker = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    version = record(worker)
    counsellor = make_user(Role.COUNSELLOR)
    response = login(Client(), counsellor).get(f"{API}/contracts/{version.contract_id}")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_CONTRACT
    ).exists()
    receipt = login(Client(), counsellor).get(
        f"{API}/contracts/{version.contract_id}/versions/1/receipt"
    )
    assert receipt.json()["nonce"] is None  # the secret code is the worker's


def test_agency_records_for_a_named_worker():
    staff, org = make_agency_staff()
    worker = make_worker(email="gita@example.org")
    client = login(Client(), staff)
    response = client.post(
        f"{API}/contracts",
        {"terms": TERMS, "worker": "gita@example.org"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Contract.objects.get().organisation == org
    assert Contract.objects.get().worker == worker
    employer, _ = make_employer()
    response = login(Client(), employer).post(
        f"{API}/contracts",
        {"terms": TERMS, "worker": "gita@example.org"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_later_version_called_pre_departure_is_still_compared():
    """The page offers only later stages; through the API an agency could call a worse
    later version "signed before departure" and so escape the comparison."""
    staff, _agency = make_agency_staff()
    worker = make_worker(email="ram@example.org")
    client = login(Client(), staff)
    created = client.post(
        f"{API}/contracts",
        {"terms": TERMS, "worker": "ram@example.org"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    later = client.post(
        f"{API}/contracts/{created.json()['id']}/versions",
        {"stage": "pre_departure", "terms": {**TERMS, "wage_amount": "800"}},
        content_type="application/json",
    )
    assert later.status_code == 201
    assert [f["flag"] for f in later.json()["flags"]] == ["wage_cut"]
    assert Contract.objects.get().worker == worker
