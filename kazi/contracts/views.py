"""Contract pages: my contracts, record one, a contract with its versions and differences,
a later version, the receipt with its QR code, the public verification page and the
published chain (head and JSON lines)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction, Role
from kazi.accounts.models import User
from kazi.core.errors import DomainError

from . import display, ledger, selectors, services
from .constants import ContractStage
from .forms import DeductionFormSet, DocumentCheckForm, TermsForm, VerifyForm, initial_from_terms
from .models import Contract, ContractVersion


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _contract(user: User, pk: int) -> Contract:
    contract = selectors.visible_contracts(user).filter(pk=pk).first()
    if contract is None or contract.worker is None:
        raise Http404
    return contract


def _log(user: User, contract: Contract, detail: str) -> None:
    if contract.worker is not None and user.pk != contract.worker_id:
        record_access(user, contract.worker, AuditAction.VIEW_CONTRACT, detail)


def _version(user: User, contract: Contract, number: int) -> ContractVersion:
    version = selectors.visible_versions(user, contract).filter(number=number).first()
    if version is None:
        raise Http404
    return version


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A worker's contracts; for agency staff, those their agency recorded; for a
    counsellor, those they recorded."""
    user = _user(request)
    contracts = selectors.visible_contracts(user)
    if user.is_counsellor:
        contracts = contracts.filter(recorded_by=user)
    elif not (user.is_worker or selectors.agency_organisations(user).exists()):
        raise Http404
    rows = []
    # Agency staff count and name only the versions their agency recorded.
    seen = Prefetch("versions", queryset=selectors.versions_seen_by(user))
    for contract in contracts.prefetch_related(seen):
        versions = list(contract.versions.all())
        rows.append(
            {
                "contract": contract,
                "count": len(versions),
                "flagged": any(v.flags for v in versions),
                "first": versions[0] if versions else None,
            }
        )
    return render(
        request,
        "contracts/mine.html",
        {"rows": rows, "as_worker": user.is_worker, "as_agency": not user.is_worker},
    )


def _save_terms(
    request: HttpRequest,
    form: TermsForm,
    deductions: Any,
    save: Any,
) -> ContractVersion | None:
    """Validate the form and the deduction rows, then call ``save(terms, document)``;
    a DomainError becomes a field error. Returns the version, or None."""
    if not (form.is_valid() and deductions.is_valid()):
        return None
    try:
        terms = form.terms([d for d in deductions.cleaned_data if d])
        document = form.cleaned_data.get("document")
        version: ContractVersion = save(
            terms, document if isinstance(document, UploadedFile) else None
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return None
    except ValueError as error:  # terms that do not parse (should not happen after the form)
        form.add_error(None, str(error))
        return None
    return version


def _terms_page(
    request: HttpRequest,
    *,
    title: str,
    form: TermsForm,
    deductions: Any,
    worker: User | None = None,
    contract: Contract | None = None,
) -> HttpResponse:
    return render(
        request,
        "contracts/form.html",
        {
            "title": title,
            "form": form,
            "deductions": deductions,
            "worker": worker,
            "contract": contract,
        },
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """A worker records their contract; agency staff record one for a worker."""
    user = _user(request)
    if user.is_worker:
        mode = "new"
    elif selectors.agency_organisations(user).exists():
        mode = "agency"
    else:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = TermsForm(data, request.FILES or None, mode=mode)
    deductions = DeductionFormSet(data, prefix="d")
    if request.method == "POST":

        def save(terms: Any, document: Any) -> ContractVersion:
            worker = user
            if mode == "agency":
                found = selectors.find_worker(form.cleaned_data["worker"])
                if found is None:
                    raise DomainError(
                        _("No worker account has this e-mail address or mobile number."),
                        field="worker",
                    )
                worker = found
            return services.record_contract(
                user,
                worker,
                stage=form.cleaned_data["stage"],
                terms=terms,
                document=document,
                label=form.cleaned_data.get("label", ""),
            )

        version = _save_terms(request, form, deductions, save)
        if version is not None:
            messages.success(request, _("The contract is recorded. Here is your receipt."))
            return redirect("contracts:receipt", version.contract_id, version.number)
    return _terms_page(request, title=_("Record a contract"), form=form, deductions=deductions)


@login_required
def new_for(request: HttpRequest, user_id: int) -> HttpResponse:
    """A counsellor records a contract for a worker who lets counsellors help them."""
    user = _user(request)
    worker = User.objects.filter(pk=user_id, role=Role.WORKER, is_active=True).first()
    if worker is None or not selectors.counsellor_may_help(user, worker):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = TermsForm(data, request.FILES or None, mode="new")
    deductions = DeductionFormSet(data, prefix="d")
    if request.method == "POST":
        version = _save_terms(
            request,
            form,
            deductions,
            lambda terms, document: services.record_contract(
                user,
                worker,
                stage=form.cleaned_data["stage"],
                terms=terms,
                document=document,
                label=form.cleaned_data.get("label", ""),
            ),
        )
        if version is not None:
            messages.success(
                request, _("The contract is recorded for %(name)s.") % {"name": worker.display_name}
            )
            return redirect("contracts:detail", version.contract_id)
    return _terms_page(
        request,
        title=_("Record a contract for %(name)s") % {"name": worker.display_name},
        form=form,
        deductions=deductions,
        worker=worker,
    )


@login_required
def for_worker(request: HttpRequest, user_id: int) -> HttpResponse:
    """A counsellor's view of one worker's contracts (logged)."""
    user = _user(request)
    worker = User.objects.filter(pk=user_id, role=Role.WORKER, is_active=True).first()
    if worker is None or not selectors.counsellor_may_help(user, worker):
        raise Http404
    contracts = list(selectors.visible_contracts(user).filter(worker=worker))
    record_access(user, worker, AuditAction.VIEW_CONTRACT, "list of contracts")
    return render(request, "contracts/for_worker.html", {"worker": worker, "contracts": contracts})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contract = _contract(user, pk)
    versions = list(selectors.visible_versions(user, contract))
    if not versions:
        raise Http404
    _log(user, contract, f"contract {contract.pk}")
    base = selectors.baseline(contract)
    rows = [
        {
            "version": v,
            "stage": display.stage_label(v.stage),
            "terms": display.terms_rows(v.terms),
            "findings": [display.finding_sentence(f) for f in v.flags],
        }
        for v in versions
    ]
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "rows": rows,
            "baseline": base,
            "as_worker": user.pk == contract.worker_id,
            "may_add": selectors.may_add_version(user, contract),
        },
    )


@login_required
def add_version(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contract = _contract(user, pk)
    if not selectors.may_add_version(user, contract):
        raise Http404
    payslip = request.GET.get("kind") == "payslip" or request.POST.get("stage") == "payslip"
    mode = "payslip" if payslip else "version"
    data = request.POST if request.method == "POST" else None
    # The form starts from the last version this person may see (agency staff: never
    # from a version the worker added).
    previous = selectors.visible_versions(user, contract).order_by("-number").first()
    initial: dict[str, Any] = {
        "stage": ContractStage.PAYSLIP if payslip else ContractStage.DESTINATION
    }
    deduction_rows: list[dict[str, Any]] = []
    if previous is not None:
        from_terms, deduction_rows = initial_from_terms(previous.terms)
        initial = {**from_terms, **initial}
    form = TermsForm(data, request.FILES or None, mode=mode, initial=initial)
    deductions = DeductionFormSet(data, prefix="d", initial=deduction_rows or None)
    if request.method == "POST":
        version = _save_terms(
            request,
            form,
            deductions,
            lambda terms, document: services.add_version(
                user, contract, stage=form.cleaned_data["stage"], terms=terms, document=document
            ),
        )
        if version is not None:
            if version.flags:
                messages.warning(
                    request,
                    _(
                        "This version differs from the contract signed before departure. "
                        "See the differences below."
                    ),
                )
            else:
                messages.success(request, _("The new version is recorded."))
            return redirect(reverse("contracts:detail", args=[contract.pk]) + f"#v{version.number}")
    _log(user, contract, f"contract {contract.pk}, new version form")
    title = _("Add a payslip") if payslip else _("Add a later version of the contract")
    return _terms_page(request, title=title, form=form, deductions=deductions, contract=contract)


def verify_url(request: HttpRequest, receipt: str) -> str:
    path = reverse("contracts:verify") + "?r=" + receipt
    base = settings.KAZI_SITE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
def receipt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user = _user(request)
    contract = _contract(user, pk)
    version = _version(user, contract, number)
    _log(user, contract, f"receipt of contract {contract.pk} version {number}")
    code = selectors.receipt_for(version)
    url = verify_url(request, code)
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=3, border=4, dark="#000", light="#fff", title=_("QR code to check this receipt")
    )
    entry = version.ledger_entry
    return render(
        request,
        "contracts/receipt.html",
        {
            "contract": contract,
            "version": version,
            "stage": display.stage_label(version.stage),
            "entry": entry,
            "code": code,
            "url": url,
            "qr_svg": mark_safe(svg),  # noqa: S308 - generated by segno from our own URL
            "head": selectors.head(),
            "as_worker": user.pk == contract.worker_id,
        },
    )


@login_required
def terms_file(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The worker's proof of the exact terms: the terms and their secret code (nonce), to
    keep with the receipt. Only the worker gets it (the nonce is theirs to share)."""
    user = _user(request)
    contract = _contract(user, pk)
    version = _version(user, contract, number)
    if user.pk != contract.worker_id:
        raise Http404
    body = {
        "format": "kazi-contract-terms/1",
        "record": version.ledger_entry.seq,
        "terms_sha256": version.terms_sha256,
        "nonce": version.nonce,
        "terms": version.terms,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True),
        content_type="application/json; charset=utf-8",
    )
    name = f"contract-{contract.pk}-version-{number}-terms.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def document(request: HttpRequest, pk: int, number: int) -> FileResponse:
    user = _user(request)
    contract = _contract(user, pk)
    version = _version(user, contract, number)
    if not version.document:
        raise Http404
    _log(user, contract, f"document of contract {contract.pk} version {number}")
    response = FileResponse(
        version.document.open("rb"),
        content_type=version.document_type or "application/octet-stream",
        as_attachment=True,
        filename=version.document_name or f"contract-{contract.pk}-{number}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Offer a grievance pre-filled with the differences of this version."""
    from kazi.grievances.prefill import offer_grievance

    user = _user(request)
    contract = _contract(user, pk)
    if user.pk != contract.worker_id:
        raise Http404
    version = _version(user, contract, number)
    if not version.flags:
        raise Http404
    terms = version.terms
    base = selectors.baseline(contract)
    employer = terms.get("employer_name") or (base.terms.get("employer_name") if base else "")
    country = terms.get("work_country") or (base.terms.get("work_country") if base else "")
    url = offer_grievance(
        request,
        category="contract_substitution",
        description="\n".join(display.finding_sentence(f) for f in version.flags),
        country=country,
        # "The country you come from": the worker's own, never the employer's country.
        origin_country=_origin_country(user),
        employer_name=employer,
    )
    return redirect(url)


def _origin_country(worker: User) -> str:
    profile = getattr(worker, "profile", None)
    return str(getattr(profile, "origin_country", "") or "")


def verify(request: HttpRequest) -> HttpResponse:
    """Public: check a receipt (from its QR code or pasted) against the chain."""
    code = (request.POST.get("r") or request.GET.get("r") or "").strip()
    form = VerifyForm(initial={"r": code})
    doc_form = DocumentCheckForm(initial={"r": code})
    result = None
    receipt = None
    doc_error = ""
    doc_sha: str | None = None
    if request.method == "POST" and code:
        doc_form = DocumentCheckForm(request.POST, request.FILES)
        upload = request.FILES.get("document")
        if upload is None:
            doc_error = _("Choose the document file.")
        elif upload.size and upload.size > settings.KAZI_CONTRACT_MAX_BYTES:
            doc_error = _("The file is too large to be the recorded document.")
        else:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            doc_sha = digest.hexdigest()
    if code:
        receipt, result = selectors.check_receipt_text(code, document_sha256=doc_sha)
    reasons: list[str] = []
    if result is not None and not result.verified:
        reasons = receipt_reasons(result)
    return render(
        request,
        "contracts/verify.html",
        {
            "form": form,
            "doc_form": doc_form,
            "doc_error": doc_error,
            "code": code,
            "result": result,
            "receipt": receipt,
            "reasons": reasons,
            "stage": display.stage_label(str(receipt.body.get("stage", ""))) if receipt else "",
            "head": selectors.head(),
        },
    )


def receipt_reasons(result: ledger.ReceiptCheck) -> list[str]:
    if not result.well_formed:
        return [_("This is not a Kazi receipt code, or it was cut or changed.")]
    reasons = []
    if not result.in_chain:
        reasons.append(
            _(
                "The chain has no record matching this receipt: the receipt or the chain was "
                "changed."
            )
        )
    reasons.extend(display.problem_sentence(p) for p in result.problems)
    if result.document_matches is False:
        reasons.append(_("The document you gave is not the one recorded with this receipt."))
    return reasons


def ledger_head(request: HttpRequest) -> JsonResponse:
    """Public: the chain head (seq, entry hash, number of records, time of the last one)."""
    response = JsonResponse(selectors.head())
    response["Cache-Control"] = "no-cache"
    return response


def ledger_chain(request: HttpRequest) -> StreamingHttpResponse:
    """Public: every record as one canonical JSON line (hashes only, no personal data)."""

    def lines() -> Iterator[str]:
        for entry in selectors.chain():
            yield entry.to_json_line() + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="chain.jsonl"'
    response["Cache-Control"] = "no-cache"
    return response
