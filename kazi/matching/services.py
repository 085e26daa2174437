"""Writes of the matching app: the audit trail of candidates shown to employers."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from kazi.accounts.audit import record_access_many
from kazi.accounts.models import User
from kazi.opportunities.models import Vacancy


def record_candidates_shown(
    employer: User, vacancy: Vacancy, worker_ids: Sequence[int], action: str
) -> int:
    """One audit event per worker whose (pseudonymous) profile was shown to ``employer``."""
    with transaction.atomic():
        return record_access_many(employer, worker_ids, action, f"vacancy {vacancy.pk}")
