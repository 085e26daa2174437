"""Demo data: the demo worker's contract as a housemaid in Doha, recorded before departure,
and the contract signed on arrival with a lower wage, longer hours, a new deduction and the
travel cost moved to the worker (the differences are flagged on the contract page)."""

from __future__ import annotations

from django.db import transaction

from kazi.accounts.constants import Role
from kazi.accounts.models import User
from kazi.demo.loader import DEMO_DOMAIN, DEMO_PASSWORD

from . import services
from .models import Contract
from .terms import Terms

LABEL = "Housemaid in Doha"

BEFORE = {
    "employer_name": "Al Noor Household Services",
    "employer_country": "QA",
    "job_title": "Housemaid",
    "work_country": "QA",
    "work_city": "Doha",
    "wage_amount": "1400",
    "wage_currency": "QAR",
    "wage_period": "month",
    "hours_per_week": "48",
    "rest_days_per_week": "1",
    "deductions": [],
    "duration_months": 24,
    "start_date": "2026-03-01",
    "travel_paid_by": "employer",
    "recruitment_fees_paid_by": "employer",
    "visa_paid_by": "employer",
    "notes": "Contract explained at the pre-departure orientation in Kathmandu.",
}
AFTER = {
    **BEFORE,
    "wage_amount": "1000",
    "hours_per_week": "72",
    "deductions": [{"what": "Agency loan", "amount": "200", "currency": "QAR", "period": "month"}],
    "travel_paid_by": "worker",
    "notes": "Signed on arrival at the employer's office; no copy given.",
}


def _worker() -> User:
    for slug in ("worker", "migrant"):
        worker = User.objects.filter(email=f"{slug}@{DEMO_DOMAIN}").first()
        if worker is not None:
            return worker
    return User.objects.create_user(
        f"migrant@{DEMO_DOMAIN}", DEMO_PASSWORD, display_name="Sita Tamang", role=Role.WORKER
    )


def load_demo() -> None:
    """Idempotent: does nothing when the demo contract exists."""
    with transaction.atomic():
        worker = _worker()
        if Contract.objects.filter(worker=worker, label=LABEL).exists():
            return
        first = services.record_contract(
            worker, worker, stage="pre_departure", terms=Terms.from_dict(BEFORE), label=LABEL
        )
        services.add_version(
            worker, first.contract, stage="destination", terms=Terms.from_dict(AFTER)
        )
