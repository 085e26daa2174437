from __future__ import annotations

from typing import Any

from kazi.accounts.constants import OrganisationKind, Role
from kazi.accounts.models import Organisation, User
from kazi.contracts import services
from kazi.contracts.models import ContractVersion
from kazi.contracts.terms import Terms
from tests.factories import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TERMS: dict[str, Any] = {
    "employer_name": "Gulf Homes LLC",
    "employer_country": "QA",
    "job_title": "Housemaid",
    "work_country": "QA",
    "work_city": "Doha",
    "wage_amount": "1200",
    "wage_currency": "QAR",
    "wage_period": "month",
    "hours_per_week": "48",
    "rest_days_per_week": "1",
    "duration_months": 24,
    "travel_paid_by": "employer",
    "recruitment_fees_paid_by": "employer",
    "visa_paid_by": "employer",
}


def terms(**changes: Any) -> Terms:
    return Terms.from_dict({**TERMS, **changes})


def record(worker: User, actor: User | None = None, **changes: Any) -> ContractVersion:
    return services.record_contract(
        actor or worker, worker, stage="pre_departure", terms=terms(**changes)
    )


def make_agency_staff(name: str = "Star Manpower") -> tuple[User, Organisation]:
    user = make_user(Role.EMPLOYER)
    org = Organisation.objects.create(name=name, kind=OrganisationKind.AGENCY, country="NP")
    org.members.add(user)
    return user, org
