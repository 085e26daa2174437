"""Writes: record a contract and its later versions in the ledger (one transaction each)."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kazi.accounts.constants import Channel, OutboxKind
from kazi.accounts.models import Organisation, User
from kazi.accounts.outbox import queue_message
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.uploads import DOCUMENT_KINDS, CheckedUpload, check_upload

from . import ledger, selectors
from .compare import compare_terms
from .constants import ContractStage
from .models import Contract, ContractVersion, LedgerCheckpoint, LedgerEntry
from .terms import Terms

LABEL_MAX = 120
# An arbitrary constant: the PostgreSQL advisory lock that serialises appends to the chain.
LEDGER_LOCK_KEY = 5_000_001


def new_nonce() -> str:
    """32 hexadecimal characters of randomness (128 bits)."""
    return secrets.token_hex(16)


def utc_minute(moment: datetime) -> str:
    """``2026-03-01T09:15Z``: the time of a record, to the minute, in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def exchange_rates() -> dict[str, Decimal]:
    from kazi.wages.selectors import units_per_usd

    return units_per_usd()


def recording_organisation(actor: User, worker: User) -> Organisation | None:
    """Check that ``actor`` may record a contract for ``worker``; return the agency when
    ``actor`` records for their agency. Raise PermissionDeniedError otherwise."""
    if not worker.is_worker or not worker.is_active:
        raise PermissionDeniedError(_("Contracts can only be recorded for a worker's account."))
    if actor.pk == worker.pk:
        return None
    if actor.is_counsellor:
        if selectors.counsellor_may_help(actor, worker):
            return None
        raise PermissionDeniedError(_("This worker has not agreed that counsellors may help them."))
    agency = selectors.agency_organisations(actor).first()
    if agency is not None:
        return agency
    raise PermissionDeniedError(_("You cannot record a contract for this person."))


def _check_document(document: IO[bytes] | None) -> CheckedUpload | None:
    if document is None:
        return None
    return check_upload(
        document,
        kinds=DOCUMENT_KINDS,
        max_bytes=settings.KAZI_CONTRACT_MAX_BYTES,
        field="document",
    )


def _check_terms(stage: str, terms: Terms) -> None:
    if stage not in ContractStage.values:
        raise DomainError(_("Choose what this document is."), field="stage")
    if stage != ContractStage.PAYSLIP:
        if not terms.employer_name:
            raise DomainError(_("Write the employer's name."), field="employer_name")
        if not terms.job_title:
            raise DomainError(_("Write the job."), field="job_title")
    if terms.wage_amount is not None:
        if terms.wage_amount < 0:
            raise DomainError(_("The wage cannot be negative."), field="wage_amount")
        if not terms.wage_currency or not terms.wage_period:
            raise DomainError(
                _("Give the currency and the period of the wage."), field="wage_currency"
            )
    if terms.hours_per_week is not None and not 0 <= terms.hours_per_week <= 168:
        raise DomainError(_("Hours per week must be between 0 and 168."), field="hours_per_week")
    if terms.rest_days_per_week is not None and not 0 <= terms.rest_days_per_week <= 7:
        raise DomainError(
            _("Rest days per week must be between 0 and 7."), field="rest_days_per_week"
        )
    if terms.duration_months is not None and not 0 < terms.duration_months <= 600:
        raise DomainError(_("Give the duration in months."), field="duration_months")
    for deduction in terms.deductions:
        if deduction.amount < 0:
            raise DomainError(_("A deduction cannot be negative."), field="deductions")


def _lock_ledger() -> LedgerEntry | None:
    """Serialise writers, then return the last record. SQLite: the IMMEDIATE transaction
    already holds the write lock. PostgreSQL: an advisory lock held to the end of the
    transaction (locking the last row alone would let two writers pick the same seq)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])
    return LedgerEntry.objects.select_for_update().order_by("-seq").first()


def _append(
    contract: Contract,
    *,
    stage: str,
    terms: Terms,
    actor: User,
    organisation: Organisation | None,
    document: IO[bytes] | None,
    checked: CheckedUpload | None,
) -> ContractVersion:
    """Append one version to the chain (inside the caller's transaction)."""
    last = _lock_ledger()
    now = timezone.now()
    previous = contract.versions.select_related("ledger_entry").order_by("-number").first()
    nonce = new_nonce()
    terms_dict = terms.to_dict()
    body: dict[str, Any] = {
        "v": 1,
        "type": "contract_version",
        "stage": stage,
        "terms_sha256": ledger.terms_hash(nonce, terms_dict),
        "document_sha256": checked.sha256 if checked else None,
        "previous_version": previous.ledger_entry.entry_hash if previous else None,
        "recorded_at": utc_minute(now),
    }
    seq = last.seq + 1 if last else 1
    prev_hash = last.entry_hash if last else ledger.GENESIS
    entry = LedgerEntry.objects.create(
        seq=seq,
        prev_hash=prev_hash,
        entry_hash=ledger.entry_hash(prev_hash, body),
        body=body,
        recorded_at=now,
    )
    flags: list[dict[str, str]] = []
    # Every later version is compared, whatever stage it claims: a second "signed before
    # departure" version must not escape the comparison.
    base = selectors.baseline(contract)
    if base is not None:
        findings = compare_terms(Terms.from_dict(base.terms), terms, rates=exchange_rates())
        flags = [f.to_dict() for f in findings]
    version = ContractVersion(
        contract=contract,
        number=(previous.number + 1) if previous else 1,
        stage=stage,
        terms=terms_dict,
        nonce=nonce,
        terms_sha256=body["terms_sha256"],
        ledger_entry=entry,
        flags=flags,
        recorded_by=actor,
        organisation=organisation,
    )
    if document is not None and checked is not None:
        original = getattr(document, "name", "") or ""
        version.document_name = original.rsplit("/", 1)[-1][:255]
        version.document_type = checked.kind.content_type
        version.document_size = checked.size
        version.document_sha256 = checked.sha256
        version.document.save(
            f"{uuid.uuid4().hex}.{checked.kind.extension}", File(document), save=False
        )
    try:
        version.save()
    except BaseException:
        if version.document:
            version.document.delete(save=False)
        raise
    return version


def _run(save: Any) -> ContractVersion:
    """Run ``save`` in one transaction; remove a stored document if the transaction fails."""
    stored: list[ContractVersion] = []
    try:
        with transaction.atomic():
            version: ContractVersion = save()
            stored.append(version)
            return version
    except BaseException:
        for version in stored:
            if version.document:
                version.document.delete(save=False)
        raise


def _tell_worker(worker: User, actor: User, contract: Contract) -> None:
    if actor.pk == worker.pk:
        return
    with translation.override(worker.language or settings.LANGUAGE_CODE):
        body = _(
            "%(name)s recorded a contract for you on Kazi. Sign in and open My contracts "
            "to check its terms and get your receipt."
        ) % {"name": contract.organisation.name if contract.organisation else actor.display_name}
        subject = _("A contract was recorded for you")
    if worker.email:
        queue_message(
            Channel.EMAIL,
            worker.email,
            body,
            subject=subject,
            user=worker,
            kind=OutboxKind.CONTRACT_RECORDED,
        )
    elif worker.phone:
        queue_message(
            Channel.SMS, worker.phone, body, user=worker, kind=OutboxKind.CONTRACT_RECORDED
        )


def record_contract(
    actor: User,
    worker: User,
    *,
    stage: str,
    terms: Terms,
    document: IO[bytes] | None = None,
    label: str = "",
) -> ContractVersion:
    """Record a new contract with its first version; return that version."""
    organisation = recording_organisation(actor, worker)
    _check_terms(stage, terms)
    checked = _check_document(document)

    def save() -> ContractVersion:
        contract = Contract.objects.create(
            worker=worker,
            recorded_by=actor,
            organisation=organisation,
            label=label.strip()[:LABEL_MAX],
        )
        return _append(
            contract,
            stage=stage,
            terms=terms,
            actor=actor,
            organisation=organisation,
            document=document,
            checked=checked,
        )

    version = _run(save)
    _tell_worker(worker, actor, version.contract)
    return version


def add_version(
    actor: User,
    contract: Contract,
    *,
    stage: str,
    terms: Terms,
    document: IO[bytes] | None = None,
) -> ContractVersion:
    """Record a later version (destination contract, amendment, payslip)."""
    if contract.worker is None:
        raise PermissionDeniedError(_("This contract was erased."))
    if not selectors.may_add_version(actor, contract):
        raise PermissionDeniedError(_("You cannot add to this contract."))
    organisation = (
        recording_organisation(actor, contract.worker) if actor.pk != contract.worker_id else None
    )
    _check_terms(stage, terms)
    checked = _check_document(document)
    version = _run(
        lambda: _append(
            contract,
            stage=stage,
            terms=terms,
            actor=actor,
            organisation=organisation,
            document=document,
            checked=checked,
        )
    )
    return version


def record_checkpoint() -> LedgerCheckpoint | None:
    """Remember the current last record as checked (call only after a full check of the
    chain from its first record found no problem)."""
    with transaction.atomic():
        last = LedgerEntry.objects.order_by("-seq").first()
        if last is None:
            return None
        return LedgerCheckpoint.objects.create(seq=last.seq, entry_hash=last.entry_hash)
