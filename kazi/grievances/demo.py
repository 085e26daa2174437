"""Demo grievances: a legal-aid partner with its own sign-in (partner@kazi.demo), and a
dozen cases in every state, over several corridors and categories, one referred to the
partner, one past its deadline, and one anonymous case anyone can open on the demo site
with the code KZ-DEM0-CASE-0001 and the PIN 123456 (demo data only).

Idempotent: does nothing when the demo partner organisation exists.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kazi.accounts.constants import OrganisationKind, Role
from kazi.accounts.models import Organisation, User
from kazi.recruitment.models import Agency

from . import services
from .constants import Category, Outcome, State
from .models import CaseEvent, Grievance

PARTNER_NAME = "Migrant Justice Legal Aid"
DEMO_CASE_CODE = "KZ-DEM0-CASE-0001"
DEMO_CASE_PIN = "123456"  # a published demo credential, demo data only

# (category, where, from, days ago, employer, story)
CASES: list[tuple[str, str, str, int, str, str]] = [
    (Category.UNPAID_WAGES, "QA", "NP", 3, "Gulf Build Co",
     "We have not been paid for three months. The supervisor says the company has no money."),
    (Category.ILLEGAL_FEES, "AE", "BD", 12, "Star Manpower",
     "I paid 4,000 dollars to the agent in Dhaka for the visa and the ticket."),
    (Category.CONTRACT_SUBSTITUTION, "SA", "PH", 25, "Desert Homes",
     "My contract said 400 dollars and 8 hours. Here they gave me a new one: 250 and 12 hours."),
    (Category.DOCUMENTS_CONFISCATED, "QA", "KE", 6, "Private household",
     "My employer took my passport when I arrived and will not give it back."),
    (Category.HARASSMENT_VIOLENCE, "LB", "ET", 2, "Private household",
     "The employer shouts at me and hit me last week. I am afraid."),
    (Category.UNSAFE_WORK, "AE", "IN", 40, "Skyline Towers",
     "We work at height without harnesses. A friend fell last month."),
    (Category.FORCED_LABOUR, "MY", "NP", 8, "Palm Estates",
     "They say I must work two more years to pay my debt before I can go home."),
    (Category.UNPAID_WAGES, "QA", "NP", 60, "Gulf Build Co",
     "Overtime is never paid. Forty workers in our camp have the same problem."),
    (Category.ILLEGAL_FEES, "QA", "NP", 45, "Himalaya Recruiters",
     "The agent charged me 1,500 dollars although the job said free recruitment."),
    (Category.UNPAID_WAGES, "SA", "KE", 90, "Desert Homes", "Four months of salary missing."),
    (Category.OTHER, "AE", "UG", 1, "", "My employer closed the company and left."),
]  # fmt: skip


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def load_demo() -> None:
    if Organisation.objects.filter(name=PARTNER_NAME, kind=OrganisationKind.LEGAL_AID).exists():
        return
    from kazi.demo.loader import DEMO_DOMAIN, DEMO_PASSWORD

    with transaction.atomic():
        partner_org = Organisation.objects.create(
            name=PARTNER_NAME, kind=OrganisationKind.LEGAL_AID, country="QA", city="Doha"
        )
        partner = _user(f"partner@{DEMO_DOMAIN}") or User.objects.create_user(
            f"partner@{DEMO_DOMAIN}",
            DEMO_PASSWORD,
            display_name="Layla Haddad",
            role=Role.PARTNER,
        )
        partner_org.members.add(partner)
        Organisation.objects.get_or_create(
            name="Building Workers' Union", kind=OrganisationKind.UNION, defaults={"country": "QA"}
        )
        counsellor = (
            _user(f"counsellor@{DEMO_DOMAIN}") or User.objects.filter(role=Role.COUNSELLOR).first()
        )
        worker = _user(f"worker@{DEMO_DOMAIN}")
        agency = Agency.objects.order_by("pk").first()
        now = timezone.now()
        cases = []
        for n, (category, country, origin, days, employer, story) in enumerate(CASES):
            filed_at = now - timedelta(days=days)
            filed = services.file_grievance(
                services.NewGrievance(
                    category=category,
                    country=country,
                    origin_country=origin,
                    description=story,
                    employer_name=employer,
                    agency_id=agency.pk if agency and n in (1, 8) else None,
                ),
                user=worker if n == 3 else None,
                now=filed_at,
            )
            Grievance.objects.filter(pk=filed.grievance.pk).update(created_at=filed_at)
            CaseEvent.objects.filter(grievance=filed.grievance).update(at=filed_at)
            cases.append(filed.grievance)
        # The first case: anonymous, a known code and PIN for visitors of the demo site.
        Grievance.objects.filter(pk=cases[0].pk).update(
            case_code=DEMO_CASE_CODE, pin_hash=make_password(DEMO_CASE_PIN)
        )
        if counsellor is None:
            return  # cases stay new (and some overdue) without a demo counsellor
        for index, steps in {
            0: [("assign",), (State.IN_PROGRESS, "We contacted the company.", "")],
            1: [("assign",), (State.IN_PROGRESS, "", "")],
            2: [("assign",), ("refer",), (State.IN_PROGRESS, "", "")],
            3: [("assign",), (State.ON_HOLD, "Waiting for a copy of your passport page.", "")],
            5: [("assign",), (State.RESOLVED, "The company now provides harnesses.", "remedied")],
            7: [("assign",), (State.IN_PROGRESS, "", ""), (State.RESOLVED, "", "partly_remedied")],
            8: [("assign",), (State.CLOSED, "", Outcome.REFERRED_AUTHORITY)],
            9: [("assign",), (State.CLOSED, "", Outcome.NO_CONTACT)],
        }.items():
            grievance = cases[index]
            for step in steps:
                if step[0] == "assign":
                    services.assign(grievance, counsellor, counsellor, now=grievance.state_since)
                elif step[0] == "refer":
                    services.refer(
                        grievance, partner_org, counsellor, "Contract comparison attached."
                    )
                else:
                    state, reason, outcome = step
                    services.transition(
                        grievance, state, counsellor, reason=reason, outcome=outcome
                    )
        services.message_worker(
            cases[0], counsellor, "We have called your employer. Can you send a payslip?"
        )
        services.add_note(cases[0], counsellor, "Employer says salaries are paid next week.")
        # Case 6 (forced labour, 8 days old) stays new: far past its 48-hour deadline.
        services.escalate_overdue(now=now)
