"""Contract pages: recording with a document, who may see what, bad input, the
differences and the grievance offer, the receipt and the verify page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.contracts import selectors, services
from kazi.contracts.models import Contract, ContractVersion, LedgerEntry
from kazi.grievances.prefill import SESSION_KEY
from tests.conftest import login
from tests.factories import make_employer, make_user, make_worker

from .conftest import PDF, TERMS, make_agency_staff, record, terms

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "stage": "pre_departure",
        **{k: v for k, v in TERMS.items()},
        "d-TOTAL_FORMS": "2",
        "d-INITIAL_FORMS": "0",
        "d-MIN_NUM_FORMS": "0",
        "d-MAX_NUM_FORMS": "10",
        "d-0-what": "Housing",
        "d-0-amount": "100",
        "d-0-currency": "QAR",
        "d-0-period": "month",
    }
    data.update(changes)
    return data


def test_worker_records_a_contract_with_a_document_and_gets_a_receipt(settings):
    worker = make_worker()
    client = login(Client(), worker)
    data = form_data(document=SimpleUploadedFile("contract.pdf", PDF, "application/pdf"))
    response = client.post(reverse("contracts:new"), data)
    version = ContractVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:receipt", args=[version.contract_id, 1])
    assert version.contract.worker == worker
    assert version.terms["deductions"] == [
        {"what": "Housing", "amount": "100", "currency": "QAR", "period": "month"}
    ]
    assert version.document_type == "application/pdf"
    assert (settings.KAZI_PRIVATE_DIR / version.document.name).read_bytes() == PDF
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and version.ledger_entry.entry_hash in page and version.nonce in page
    assert selectors.receipt_for(version) in page
    doc = client.get(reverse("contracts:document", args=[version.contract_id, 1]))
    assert b"".join(doc.streaming_content) == PDF
    assert AuditEvent.objects.count() == 0  # the worker's own reads are not logged


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "not accepted"),
        (SimpleUploadedFile("x.pdf", PDF + b"0" * 2048, "application/pdf"), "too large"),
    ],
)
def test_bad_document_is_a_field_error_and_nothing_is_saved(settings, upload, message):
    settings.KAZI_CONTRACT_MAX_BYTES = 1024
    client = login(Client(), make_worker())
    response = client.post(reverse("contracts:new"), form_data(document=upload))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["document"])
    assert not Contract.objects.exists()
    assert not ContractVersion.objects.exists()
    assert not LedgerEntry.objects.exists()
    private = settings.KAZI_PRIVATE_DIR
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


def test_wrong_values_are_field_errors():
    client = login(Client(), make_worker())
    response = client.post(
        reverse("contracts:new"),
        form_data(hours_per_week="200", wage_currency="XYZ", **{"d-0-amount": ""}),
    )
    errors = response.context["form"].errors
    assert "hours_per_week" in errors and "wage_currency" in errors
    assert response.context["deductions"].errors[0]["amount"]
    assert not LedgerEntry.objects.exists()


def test_others_cannot_see_a_workers_contract():
    worker = make_worker()
    version = record(worker)
    pk = version.contract_id
    urls = [
        reverse("contracts:detail", args=[pk]),
        reverse("contracts:receipt", args=[pk, 1]),
        reverse("contracts:document", args=[pk, 1]),
        reverse("contracts:add_version", args=[pk]),
    ]
    employer, _org = make_employer()
    agency_staff, _agency = make_agency_staff()
    for user in (make_worker(), employer, agency_staff, make_user(Role.COUNSELLOR)):
        client = login(Client(), user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.role, url)
    anonymous = Client()
    for url in urls:
        assert anonymous.get(url).status_code == 302  # to the sign-in page


def test_counsellor_needs_consent_and_is_logged():
    worker = make_worker(consents=())
    counsellor = make_user(Role.COUNSELLOR)
    version = record(worker)
    client = login(Client(), counsellor)
    assert client.get(reverse("contracts:detail", args=[version.contract_id])).status_code == 404
    assert client.get(reverse("contracts:new_for", args=[worker.pk])).status_code == 404
    with pytest.raises(services.PermissionDeniedError):
        services.record_contract(counsellor, worker, stage="pre_departure", terms=terms())

    helped = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    response = client.post(reverse("contracts:new_for", args=[helped.pk]), form_data())
    assert response.status_code == 302
    contract = Contract.objects.get(worker=helped)
    assert contract.recorded_by == counsellor
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
    event = AuditEvent.objects.get(subject=helped)
    assert event.actor == counsellor and event.action == AuditAction.VIEW_CONTRACT


def test_agency_records_for_a_worker_by_email_and_sees_only_its_versions():
    staff, agency = make_agency_staff()
    worker = make_worker(email="ram@example.org")
    client = login(Client(), staff)
    response = client.post(reverse("contracts:new"), form_data(worker="nobody@example.org"))
    assert "No worker account" in " ".join(response.context["form"].errors["worker"])
    response = client.post(reverse("contracts:new"), form_data(worker="RAM@example.org"))
    contract = Contract.objects.get()
    assert contract.worker == worker and contract.organisation == agency
    # The worker adds a destination contract themself: the agency does not see it.
    services.add_version(worker, contract, stage="destination", terms=terms(wage_amount="800"))
    page = client.get(reverse("contracts:detail", args=[contract.pk]))
    assert [r["version"].number for r in page.context["rows"]] == [1]
    assert client.get(reverse("contracts:receipt", args=[contract.pk, 2])).status_code == 404
    # The worker sees both, and was told the agency recorded it.
    mine = login(Client(), worker).get(reverse("contracts:detail", args=[contract.pk]))
    assert [r["version"].number for r in mine.context["rows"]] == [1, 2]
    assert worker.outbox_messages.filter(kind="contract_recorded").exists()
    # Another agency sees nothing.
    other, _ = make_agency_staff("Other Agency")
    assert (
        login(Client(), other).get(reverse("contracts:detail", args=[contract.pk])).status_code
        == 404
    )


def test_differences_are_shown_and_offered_as_a_grievance():
    worker = make_worker()
    version = record(worker)
    client = login(Client(), worker)
    data = form_data(
        stage="destination",
        wage_amount="900",
        hours_per_week="60",
        travel_paid_by="worker",
        **{"d-0-what": "Agency loan", "d-0-amount": "300"},
    )
    response = client.post(reverse("contracts:add_version", args=[version.contract_id]), data)
    assert response.status_code == 302
    later = ContractVersion.objects.get(number=2)
    flags = {f["flag"] for f in later.flags}
    assert flags == {"wage_cut", "longer_hours", "new_deduction", "costs_to_worker"}
    page = client.get(reverse("contracts:detail", args=[version.contract_id])).content.decode()
    assert "The wage is lower: 1,200 QAR per month before departure, 900 QAR per month now." in page
    assert "Longer hours: 48 hours a week before departure, 60 hours now." in page
    assert "Report this as a grievance" in page
    response = client.post(reverse("contracts:report", args=[version.contract_id, 2]))
    assert response.status_code == 302 and "prefilled=1" in response["Location"]
    prefill = client.session[SESSION_KEY]
    assert prefill["category"] == "contract_substitution"
    assert prefill["country"] == "QA" and prefill["employer_name"] == "Gulf Homes LLC"
    lines = prefill["description"].splitlines()
    assert len(lines) == 4
    assert "A new deduction from the wage: Agency loan: 300 QAR per month." in lines
    assert "Travel: now paid by the worker (before departure: The employer)." in lines


def test_the_differences_are_in_the_workers_language():
    worker = make_worker()
    version = record(worker)
    services.add_version(
        worker, version.contract, stage="destination", terms=terms(hours_per_week="60")
    )
    client = login(Client(), worker)
    client.post(reverse("set_language"), {"language": "fr"})
    page = client.get(reverse("contracts:detail", args=[version.contract_id]))
    assert page.status_code == 200
    assert page.context["rows"][1]["findings"]


def test_payslip_form_asks_only_for_pay_and_hours():
    worker = make_worker()
    version = record(worker)
    client = login(Client(), worker)
    url = reverse("contracts:add_version", args=[version.contract_id]) + "?kind=payslip"
    form = client.get(url).context["form"]
    assert set(form.fields) == {"stage", "wage_amount", "wage_currency", "wage_period",
                                "hours_per_week", "document", "notes"}  # fmt: skip
    data = {
        "stage": "payslip",
        "wage_amount": "1000",
        "wage_currency": "QAR",
        "wage_period": "month",
        "hours_per_week": "48",
        "d-TOTAL_FORMS": "1",
        "d-INITIAL_FORMS": "0",
        "d-0-what": "Food",
        "d-0-amount": "150",
        "d-0-currency": "QAR",
        "d-0-period": "month",
    }
    assert client.post(url, data).status_code == 302
    payslip = ContractVersion.objects.get(number=2)
    assert payslip.stage == "payslip"
    assert {f["flag"] for f in payslip.flags} == {"wage_cut", "new_deduction"}


def test_verify_page_says_verified_or_does_not_match():
    worker = make_worker()
    version = record(worker)
    code = selectors.receipt_for(version)
    anonymous = Client()
    page = anonymous.get(reverse("contracts:verify"), {"r": code}).content.decode()
    assert "Verified" in page and "Does not match" not in page
    broken = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    page = anonymous.get(reverse("contracts:verify"), {"r": broken}).content.decode()
    assert "Does not match" in page
    # The document check: the right file matches, another does not; nothing is kept.
    with_doc = services.record_contract(
        worker,
        worker,
        stage="pre_departure",
        terms=terms(),
        document=SimpleUploadedFile("c.pdf", PDF, "application/pdf"),
    )
    code = selectors.receipt_for(with_doc)
    ok = anonymous.post(
        reverse("contracts:verify"), {"r": code, "document": SimpleUploadedFile("c.pdf", PDF)}
    )
    assert "The document you gave is the one recorded." in ok.content.decode()
    wrong = anonymous.post(
        reverse("contracts:verify"),
        {"r": code, "document": SimpleUploadedFile("c.pdf", PDF + b"x")},
    )
    text = wrong.content.decode()
    assert "Does not match" in text and "not the one recorded" in text
    assert ContractVersion.objects.count() == 2


def test_agency_never_sees_the_terms_of_a_version_the_worker_added():
    staff, _agency = make_agency_staff()
    worker = make_worker()
    first = services.record_contract(staff, worker, stage="pre_departure", terms=terms())
    services.add_version(
        worker,
        first.contract,
        stage="payslip",
        terms=terms(wage_amount="777", employer_name="Hidden Employer"),
    )
    client = login(Client(), staff)
    # The later-version form starts from the agency's own version, not the worker's payslip.
    form = client.get(reverse("contracts:add_version", args=[first.contract_id]))
    assert form.context["form"].initial["wage_amount"] == "1200"
    assert b"777" not in form.content and b"Hidden Employer" not in form.content
    # The list counts and flags only the agency's versions.
    rows = client.get(reverse("contracts:mine")).context["rows"]
    assert [(r["count"], r["flagged"]) for r in rows] == [(1, False)]


def test_the_grievance_offer_gives_the_workers_home_country_not_the_employers():
    worker = make_worker()
    worker.profile.origin_country = "NP"
    worker.profile.save()
    version = record(worker)  # employer_country QA, work_country QA
    services.add_version(
        worker, version.contract, stage="destination", terms=terms(wage_amount="900")
    )
    client = login(Client(), worker)
    client.post(reverse("contracts:report", args=[version.contract_id, 2]))
    prefill = client.session[SESSION_KEY]
    assert prefill["country"] == "QA" and prefill["origin_country"] == "NP"
