"""Reads: who sees which contracts and versions, the chain as ledger entries, the head."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet

from kazi.accounts.consent import has_consent, users_with_consent
from kazi.accounts.constants import ConsentPurpose, OrganisationKind, Role
from kazi.accounts.models import Organisation, User

from . import ledger
from .constants import ContractStage
from .models import Contract, ContractVersion, LedgerCheckpoint, LedgerEntry


def agency_organisations(user: object) -> QuerySet[Organisation]:
    """The recruitment agencies ``user`` works for (employer users only)."""
    if not isinstance(user, User) or not user.is_active or user.role != Role.EMPLOYER:
        return Organisation.objects.none()
    return Organisation.objects.filter(members=user, kind=OrganisationKind.AGENCY).order_by(
        "name", "pk"
    )


def counsellor_may_help(user: object, worker: User) -> bool:
    return (
        isinstance(user, User)
        and user.is_active
        and user.is_counsellor
        and worker.is_worker
        and worker.is_active
        and has_consent(worker, ConsentPurpose.COUNSELLOR_CONTACT)
    )


def visible_contracts(user: object) -> QuerySet[Contract]:
    """Contracts ``user`` may open: their own (worker); those of workers who let counsellors
    help them (counsellor); those their agency recorded (agency staff)."""
    base = Contract.objects.select_related("worker", "organisation").order_by("-created_at", "-pk")
    if not isinstance(user, User) or not user.is_active:
        return base.none()
    if user.is_worker:
        return base.filter(worker=user)
    if user.is_counsellor:
        helped = users_with_consent(
            ConsentPurpose.COUNSELLOR_CONTACT, User.objects.filter(role=Role.WORKER)
        )
        return base.filter(worker__in=helped)
    agencies = agency_organisations(user)
    if agencies.exists():
        return base.filter(
            Q(organisation__in=agencies) | Q(versions__organisation__in=agencies)
        ).distinct()
    return base.none()


def visible_versions(user: User, contract: Contract) -> QuerySet[ContractVersion]:
    """All versions for the worker and counsellors; agency staff see what their agency
    recorded."""
    versions = contract.versions.select_related("ledger_entry").order_by("number")
    if user.pk == contract.worker_id or user.is_counsellor:
        return versions
    return versions.filter(organisation__in=agency_organisations(user))


def versions_seen_by(user: User) -> QuerySet[ContractVersion]:
    """The versions ``user`` may see, among the contracts of ``visible_contracts(user)``
    (for a prefetch): all of them for workers and counsellors, those their agency recorded
    for agency staff."""
    versions = ContractVersion.objects.order_by("number")
    if user.is_worker or user.is_counsellor:
        return versions
    return versions.filter(organisation__in=agency_organisations(user))


def may_add_version(user: User, contract: Contract) -> bool:
    if user.pk == contract.worker_id:
        return True
    if user.is_counsellor and contract.worker is not None:
        return counsellor_may_help(user, contract.worker)
    return agency_organisations(user).exists() and contract in visible_contracts(user)


def find_worker(identifier: str) -> User | None:
    """An active worker account by e-mail address or mobile number."""
    value = identifier.strip()
    if not value:
        return None
    query = Q(phone=value) if value.startswith("+") else Q(email__iexact=value)
    return User.objects.filter(query, role=Role.WORKER, is_active=True).first()


def baseline(contract: Contract) -> ContractVersion | None:
    """The version later ones are compared with: the first pre-departure one."""
    return contract.versions.filter(stage=ContractStage.PRE_DEPARTURE).order_by("number").first()


def as_entry(row: LedgerEntry) -> ledger.Entry:
    return ledger.Entry(
        seq=row.seq, prev_hash=row.prev_hash, entry_hash=row.entry_hash, body=row.body
    )


def chain(from_seq: int = 1) -> Iterator[ledger.Entry]:
    """The chain in seq order (streamed: it may be long)."""
    rows = LedgerEntry.objects.filter(seq__gte=from_seq).order_by("seq")
    for row in rows.iterator(chunk_size=2000):
        yield as_entry(row)


def chain_count() -> int:
    return LedgerEntry.objects.count()


def head() -> dict[str, Any]:
    """The published chain head: the last record's seq and hash, the count and its time."""
    last = LedgerEntry.objects.order_by("-seq").first()
    if last is None:
        return {"seq": 0, "entry_hash": ledger.GENESIS, "count": 0, "at": None}
    return {
        "seq": last.seq,
        "entry_hash": last.entry_hash,
        "count": LedgerEntry.objects.count(),
        "at": last.body.get("recorded_at") if isinstance(last.body, dict) else None,
    }


def receipt_for(version: ContractVersion) -> str:
    entry = version.ledger_entry
    return ledger.encode_receipt(entry.seq, entry.prev_hash, entry.body)


def check_receipt_text(
    text: str, *, document_sha256: str | None = None
) -> tuple[ledger.Receipt | None, ledger.ReceiptCheck]:
    """Check a receipt against the chain in the database (the page and the API)."""
    try:
        receipt = ledger.decode_receipt(text)
    except ledger.ReceiptError:
        return None, ledger.ReceiptCheck(well_formed=False)
    row = LedgerEntry.objects.filter(seq=receipt.seq).first()
    record = as_entry(row) if row is not None else None
    mark = (
        # The latest checkpoint: it covers every record before it, old receipts included.
        LedgerCheckpoint.objects.filter(seq__gte=receipt.seq).order_by("-seq", "-pk").first()
        if row is not None
        else None
    )
    checkpoint = (mark.seq, mark.entry_hash) if mark is not None else None
    if row is None:
        later: Iterator[ledger.Entry] = iter(())
    elif checkpoint is not None:
        later = chain(checkpoint[0])
    else:
        later = chain(receipt.seq + 1)
    return receipt, ledger.check_receipt(
        receipt, record, later, document_sha256=document_sha256, checkpoint=checkpoint
    )


def database_problems(progress: Any = None) -> list[ledger.Problem]:
    """Records whose hashes no longer match the contract version kept for them (a record
    rewritten with a recomputed hash). Records of erased contracts have no version: they
    are checked by the chain alone."""
    problems: list[ledger.Problem] = []
    versions = ContractVersion.objects.select_related("ledger_entry").order_by("ledger_entry__seq")
    for version in versions.iterator(chunk_size=2000):
        entry = version.ledger_entry
        body = entry.body if isinstance(entry.body, dict) else {}
        expected = ledger.terms_hash(version.nonce, version.terms)
        if (
            body.get("terms_sha256") != expected
            or version.terms_sha256 != expected
            or (body.get("document_sha256") or "") != version.document_sha256
            or body.get("stage") != version.stage
        ):
            problems.append(ledger.Problem("terms", entry.seq, "does not match its version"))
        if progress is not None:
            progress(entry)
    return problems
