"""Contracts: key terms and documents of a worker's contract, versions over time, and the
append-only hash-chained ledger that makes later changes evident.

The ledger holds no personal data: only hashes of the terms (salted with a per-version
nonce so that terms cannot be guessed back from the public chain) and of the document.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kazi.accounts.models import Organisation
from kazi.core.uploads import private_storage

from .constants import ContractStage


class Contract(models.Model):
    """One work contract of one worker, followed through its versions."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contracts",
    )
    # Who recorded it: the worker, a counsellor, or a member of an agency (then its
    # organisation is kept, so that its other members may see what the agency recorded).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("name for this contract"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label or f"contract {self.pk}"


class LedgerEntry(models.Model):
    """One record of the append-only chain.

    ``entry_hash = sha256(prev_hash + canonical_json(body))``; the first entry's
    ``prev_hash`` is 64 zeros. Rows are never updated or deleted by the application
    (``save`` refuses an update, ``delete`` refuses); ``kazi ledger verify`` detects a row
    changed, removed or reordered behind the application's back.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    body = models.JSONField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.entry_hash[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("Ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Ledger entries are append-only")


class LedgerCheckpoint(models.Model):
    """A record that ``kazi ledger verify`` found on a chain intact from its first record.

    The public receipt check walks from the nearest checkpoint at or after the receipt's
    record to the head, instead of from the receipt's record: with a daily check, that is
    one day of records, whatever the age of the receipt.
    """

    seq = models.PositiveBigIntegerField()
    entry_hash = models.CharField(max_length=64)
    verified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq", "pk"]
        indexes = [models.Index(fields=["seq"])]

    def __str__(self) -> str:
        return f"checked up to #{self.seq}"


class ContractVersion(models.Model):
    """The key terms (and optionally the document) of a contract at one stage."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    stage = models.CharField(_("what this is"), max_length=16, choices=ContractStage.choices)
    # The key terms as canonical JSON (see ``kazi.contracts.terms``).
    terms = models.JSONField()
    nonce = models.CharField(max_length=32)
    terms_sha256 = models.CharField(max_length=64)
    document = models.FileField(storage=private_storage, upload_to="contracts/", blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=60, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # The chain record of this version; kept when the contract is erased, so that the
    # chain stays whole (it holds only hashes).
    ledger_entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, related_name="contract_version"
    )
    # Differences from the pre-departure version: [{"flag", "field", "before", "after"}].
    flags = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The agency on whose behalf it was recorded: its members see the versions it recorded.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="uniq_contract_version")
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} v{self.number} ({self.stage})"
