"""`kazi ledger check-receipt PAYLOAD [--file chain.jsonl]`: check a receipt, offline with
an exported chain file (no database needed), or against the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kazi.contracts import ledger
from kazi.contracts.display import problem_sentence

from ._ledger import read_chain_file


class Command(BaseCommand):
    help = (
        "Check a contract receipt (the code under its QR code, or the whole verify URL): its "
        "hash recomputes, its record is in the chain, and the chain is intact from it to the "
        "head. With --file, only the exported chain is read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("payload", help="The receipt code (v1....) or the verify URL.")
        parser.add_argument("--file", type=Path, help="An exported chain.jsonl.")
        parser.add_argument("--document", type=Path, help="The document, to compare its hash.")
        parser.add_argument(
            "--terms",
            type=Path,
            help="The terms file the worker downloaded from the receipt page (terms + secret "
            "code), to prove that these are the terms recorded.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        payload: str = options["payload"]
        if "r=" in payload:
            payload = payload.split("r=", 1)[1].split("&", 1)[0]
        try:
            receipt = ledger.decode_receipt(payload)
        except ledger.ReceiptError as error:
            raise CommandError(
                _("This is not a well-formed receipt (%(why)s).") % {"why": error.code}
            ) from error
        doc_sha = None
        if options.get("document"):
            doc_sha = hashlib.sha256(Path(options["document"]).read_bytes()).hexdigest()
        terms_ok: bool | None = None
        if options.get("terms"):
            terms_ok = _terms_match(receipt.body, Path(options["terms"]))
        if options.get("file"):
            entries = [e for e in read_chain_file(options["file"]) if e.seq >= receipt.seq]
        else:
            from kazi.contracts import selectors

            entries = list(selectors.chain(receipt.seq))
        record = entries[0] if entries and entries[0].seq == receipt.seq else None
        result = ledger.check_receipt(receipt, record, entries[1:], document_sha256=doc_sha)
        self.stdout.write(
            _("Record #%(seq)s, hash %(hash)s") % {"seq": receipt.seq, "hash": result.entry_hash}
        )
        if result.verified and terms_ok is not False:
            if terms_ok:
                self.stdout.write(_("The terms in the file are the terms recorded."))
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Verified: the record is in the chain and the chain is intact up to "
                        "record #%(seq)s (%(hash)s)."
                    )
                    % {"seq": result.head_seq, "hash": result.head_hash}
                )
            )
            return
        if not result.in_chain:
            self.stdout.write(_("The chain has no record matching this receipt."))
        for problem in result.problems:
            self.stdout.write(problem_sentence(problem))
        if result.document_matches is False:
            self.stdout.write(_("The document is not the one recorded with this receipt."))
        if terms_ok is False:
            self.stdout.write(_("The terms in the file are not the terms recorded."))
        raise CommandError(_("Does not match."))


def _terms_match(body: Mapping[str, Any], path: Path) -> bool:
    """Read a terms file (``{"nonce", "terms"}``, as the receipt page gives it) and compare
    it with the receipt; an unreadable file is a clear error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        nonce, terms = data["nonce"], data["terms"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CommandError(
            _("%(path)s is not a Kazi terms file (it needs a nonce and terms).") % {"path": path}
        ) from error
    if not isinstance(terms, dict):
        raise CommandError(
            _("%(path)s is not a Kazi terms file (it needs a nonce and terms).") % {"path": path}
        )
    return ledger.terms_match(body, nonce, terms)
