"""Demo data: one saved screening of the demo worker (Amina, worker@kazi.demo), shared with
counsellors because she allows counsellors to help her (consent COUNSELLOR_CONTACT), so
that counsellor@kazi.demo can open it from /screening/worker/<id>/."""

from __future__ import annotations

from django.db import transaction

from kazi.accounts.consent import has_consent
from kazi.accounts.constants import ConsentPurpose
from kazi.accounts.models import User
from kazi.demo.loader import DEMO_DOMAIN

from . import services
from .models import SavedScreening

# Promised a different job, pay sometimes kept back, long hours at times: ELEVATED.
ANSWERS = {
    "hurt_now": "no",
    "locked_now": "no",
    "hurt_before": "no",
    "threats": "no",
    "documents_kept": "no",
    "wages_kept": "sometimes",
    "debt": "no",
    "can_quit": "yes",
    "promised": "yes",
    "go_out": "yes",
    "contact_family": "yes",
    "used_situation": "no",
    "long_hours": "sometimes",
    "punished_refusal": "no",
    "living_conditions": "no",
}


@transaction.atomic
def load_demo() -> None:
    """Idempotent: does nothing when the demo worker is missing or already has one."""
    worker = User.objects.filter(email=f"worker@{DEMO_DOMAIN}").first()
    if worker is None or SavedScreening.objects.filter(owner=worker).exists():
        return
    services.save_screening(
        worker,
        "other",
        ANSWERS,
        language=worker.language or "en",
        share=has_consent(worker, ConsentPurpose.COUNSELLOR_CONTACT),
    )
