"""The contracts API (mounted under /api/v1/): the same rules as the pages; a contract the
caller may not see answers 404. Documents are uploaded on the pages (multipart), not here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction
from kazi.accounts.models import User
from kazi.core.errors import DomainError, PermissionDeniedError

from . import display, selectors, services
from .constants import ContractStage
from .models import Contract, ContractVersion
from .terms import CanonicalError, Terms

router = Router(tags=["contracts"])


class DeductionIO(Schema):
    what: str = Field(max_length=80)
    amount: str = Field(description='A decimal number as text, e.g. "150.50"')
    currency: str = Field(max_length=3)
    period: str = "month"


class TermsIO(Schema):
    employer_name: str = Field("", max_length=200)
    employer_country: str = Field("", max_length=2)
    job_title: str = Field("", max_length=200)
    work_country: str = Field("", max_length=2)
    work_city: str = Field("", max_length=120)
    wage_amount: str | None = Field(None, description="A decimal number as text")
    wage_currency: str = Field("", max_length=3)
    wage_period: str = Field("", description="hour, day, week, month or year")
    hours_per_week: str | None = None
    rest_days_per_week: str | None = None
    deductions: list[DeductionIO] = Field(default_factory=list, max_length=10)
    duration_months: int | None = None
    start_date: str | None = Field(None, description="YYYY-MM-DD")
    travel_paid_by: str = "not_said"
    recruitment_fees_paid_by: str = "not_said"
    visa_paid_by: str = "not_said"
    notes: str = Field("", max_length=2000)


class FindingOut(Schema):
    flag: str
    field: str
    before: str
    after: str
    sentence: str


class VersionOut(Schema):
    number: int
    stage: str
    stage_label: str
    terms: dict[str, Any]
    terms_sha256: str
    document_sha256: str
    has_document: bool
    seq: int
    entry_hash: str
    receipt: str
    flags: list[FindingOut]
    recorded_at: datetime


class ContractOut(Schema):
    id: int
    label: str
    worker_id: int | None
    created_at: datetime
    versions: list[VersionOut]


class ContractIn(Schema):
    stage: ContractStage = ContractStage.PRE_DEPARTURE
    label: str = Field("", max_length=120)
    worker: str = Field(
        "", description="Agency staff only: the worker's e-mail address or mobile number"
    )
    terms: TermsIO


class VersionIn(Schema):
    stage: ContractStage
    terms: TermsIO


class ReceiptOut(Schema):
    receipt: str
    verify_url: str
    seq: int
    entry_hash: str
    prev_hash: str
    body: dict[str, Any]
    nonce: str | None = Field(None, description="Shown to the worker only")
    head: dict[str, Any]


class HeadOut(Schema):
    seq: int
    entry_hash: str
    count: int
    at: str | None


class VerifyOut(Schema):
    verified: bool
    well_formed: bool
    entry_hash: str
    in_chain: bool | None
    chain_intact: bool | None
    head_seq: int | None
    head_hash: str
    reasons: list[str]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _version_out(version: ContractVersion, viewer: User, contract: Contract) -> VersionOut:
    entry = version.ledger_entry
    return VersionOut(
        number=version.number,
        stage=version.stage,
        stage_label=display.stage_label(version.stage),
        terms=version.terms,
        terms_sha256=version.terms_sha256,
        document_sha256=version.document_sha256,
        has_document=bool(version.document),
        seq=entry.seq,
        entry_hash=entry.entry_hash,
        receipt=selectors.receipt_for(version),
        flags=[FindingOut(**f, sentence=display.finding_sentence(f)) for f in version.flags],
        recorded_at=version.recorded_at,
    )


def _out(contract: Contract, viewer: User) -> ContractOut:
    return ContractOut(
        id=contract.pk,
        label=contract.label,
        worker_id=contract.worker_id,
        created_at=contract.created_at,
        versions=[
            _version_out(v, viewer, contract) for v in selectors.visible_versions(viewer, contract)
        ],
    )


def _terms(payload: TermsIO) -> Terms:
    try:
        return Terms.from_dict(payload.model_dump())
    except (CanonicalError, ValueError) as error:
        raise DomainError(_("The terms are not valid: %(why)s") % {"why": error}) from error


def _contract(user: User, pk: int) -> Contract:
    contract = selectors.visible_contracts(user).filter(pk=pk).first()
    if contract is None or contract.worker is None:
        raise Http404
    if user.pk != contract.worker_id:
        record_access(user, contract.worker, AuditAction.VIEW_CONTRACT, f"API contract {pk}")
    return contract


@router.get("/contracts", response=list[ContractOut], auth=django_auth)
def list_contracts(request: HttpRequest) -> list[ContractOut]:
    """The caller's contracts (worker), those their agency recorded (agency staff), or
    those they recorded (counsellor)."""
    user = _user(request)
    contracts = selectors.visible_contracts(user)
    if user.is_counsellor:
        contracts = contracts.filter(recorded_by=user)
    return [_out(c, user) for c in contracts]


@router.post("/contracts", response={201: ContractOut}, auth=django_auth)
def create_contract(request: HttpRequest, payload: ContractIn) -> Status[ContractOut]:
    """Record a contract: a worker for themself, agency staff for a worker named by
    ``worker`` (e-mail or mobile number). Counsellors use the page for a worker."""
    user = _user(request)
    worker = user
    if not user.is_worker:
        if not selectors.agency_organisations(user).exists():
            raise PermissionDeniedError(_("You cannot record a contract."))
        found = selectors.find_worker(payload.worker)
        if found is None:
            raise DomainError(
                _("No worker account has this e-mail address or mobile number."), field="worker"
            )
        worker = found
    version = services.record_contract(
        user, worker, stage=payload.stage, terms=_terms(payload.terms), label=payload.label
    )
    return Status(201, _out(version.contract, user))


@router.get("/contracts/{contract_id}", response=ContractOut, auth=django_auth)
def get_contract(request: HttpRequest, contract_id: int) -> ContractOut:
    user = _user(request)
    return _out(_contract(user, contract_id), user)


@router.post("/contracts/{contract_id}/versions", response={201: VersionOut}, auth=django_auth)
def create_version(
    request: HttpRequest, contract_id: int, payload: VersionIn
) -> Status[VersionOut]:
    """Add a later version (destination contract, amendment, payslip); the answer carries
    the differences from the pre-departure version."""
    user = _user(request)
    contract = _contract(user, contract_id)
    if not selectors.may_add_version(user, contract):
        raise Http404
    version = services.add_version(user, contract, stage=payload.stage, terms=_terms(payload.terms))
    return Status(201, _version_out(version, user, contract))


@router.get(
    "/contracts/{contract_id}/versions/{number}/receipt", response=ReceiptOut, auth=django_auth
)
def get_receipt(request: HttpRequest, contract_id: int, number: int) -> ReceiptOut:
    from .views import verify_url

    user = _user(request)
    contract = _contract(user, contract_id)
    version = selectors.visible_versions(user, contract).filter(number=number).first()
    if version is None:
        raise Http404
    entry = version.ledger_entry
    code = selectors.receipt_for(version)
    return ReceiptOut(
        receipt=code,
        verify_url=verify_url(request, code),
        seq=entry.seq,
        entry_hash=entry.entry_hash,
        prev_hash=entry.prev_hash,
        body=entry.body,
        nonce=version.nonce if user.pk == contract.worker_id else None,
        head=selectors.head(),
    )


@router.get("/ledger/head", response=HeadOut)
def ledger_head(request: HttpRequest) -> dict[str, Any]:
    """Public: the chain head."""
    return selectors.head()


@router.get("/ledger/verify", response=VerifyOut)
def ledger_verify(request: HttpRequest, r: str) -> VerifyOut:
    """Public: check a receipt code against the chain."""
    from .views import receipt_reasons

    _receipt, result = selectors.check_receipt_text(r)
    return VerifyOut(
        verified=result.verified,
        well_formed=result.well_formed,
        entry_hash=result.entry_hash,
        in_chain=result.in_chain,
        chain_intact=result.chain_intact,
        head_seq=result.head_seq,
        head_hash=result.head_hash,
        reasons=[] if result.verified else receipt_reasons(result),
    )
