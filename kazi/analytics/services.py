"""Writes of the analytics app: a worker's facts for the fairness audit, given and taken
back. Each function is one business action in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose
from kazi.accounts.models import User
from kazi.core import codes
from kazi.core.errors import DomainError, PermissionDeniedError

from .constants import AgeBand, Disability, Gender
from .models import AuditFacts


def _choice(value: str, choices: list[str], field: str) -> str:
    value = (value or "").strip()
    if value and value not in choices:
        raise DomainError(_("Please choose one of the answers offered."), field=field)
    return value


def record_audit_facts(
    user: User,
    *,
    gender: str = "",
    age_band: str = "",
    nationality: str = "",
    disability: str = "",
) -> AuditFacts:
    """Save the worker's facts for the fairness audit and record their consent to that use
    (together: facts are never kept without the consent). Only the worker gives them."""
    if not user.is_worker or not user.is_active:
        raise PermissionDeniedError(_("Only workers can give these facts, about themselves."))
    values = {
        "gender": _choice(gender, Gender.values, "gender"),
        "age_band": _choice(age_band, AgeBand.values, "age_band"),
        "nationality": (nationality or "").strip().upper(),
        "disability": _choice(disability, Disability.values, "disability"),
    }
    if values["nationality"] and not codes.is_country(values["nationality"]):
        raise DomainError(_("Please choose a country from the list."), field="nationality")
    if not any(values.values()):
        raise DomainError(
            _("Answer at least one question, or leave this page: giving these facts is optional."),
            code="empty",
        )
    with transaction.atomic():
        record_consents(user, {ConsentPurpose.FAIRNESS_AUDIT: True})
        facts, _created = AuditFacts.objects.update_or_create(
            user=user, defaults={**values, "recorded_at": timezone.now()}
        )
    return facts


def withdraw_audit_consent(user: User) -> None:
    """Withdraw the fairness-audit consent and erase the facts, in one transaction.

    Withdrawing the same consent anywhere else (the account settings page) erases the
    facts too: see ``kazi/analytics/signals.py``.
    """
    with transaction.atomic():
        if user.is_worker:
            record_consents(user, {ConsentPurpose.FAIRNESS_AUDIT: False})
        erase_audit_facts(user.pk)


def erase_audit_facts(user_id: int) -> int:
    """Delete a worker's audit facts; returns how many rows went (0 or 1)."""
    deleted, _by_model = AuditFacts.objects.filter(user_id=user_id).delete()
    return deleted
