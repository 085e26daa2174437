"""Withdrawing the fairness-audit consent, wherever it happens, erases the audit facts in
the same transaction as the consent record."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from kazi.accounts.constants import ConsentPurpose
from kazi.accounts.models import Consent

from .services import erase_audit_facts


@receiver(post_save, sender=Consent, dispatch_uid="analytics.erase_on_withdrawal")
def erase_on_withdrawal(sender: type[Consent], instance: Consent, created: bool, **_: Any) -> None:
    if created and instance.purpose == ConsentPurpose.FAIRNESS_AUDIT and not instance.granted:
        erase_audit_facts(instance.user_id)
