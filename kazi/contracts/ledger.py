"""The contract ledger: an append-only hash chain, its check and receipts (no Django import).

Every record (entry) has a sequence number ``seq`` (1, 2, 3, ...), the hash of the record
before it ``prev_hash`` (64 zeros for the first) and a ``body`` (a small JSON object with
hashes only, never personal data). Its hash is::

    entry_hash = sha256_hex( prev_hash  +  canonical_json(body) )

where ``prev_hash`` is the 64 lowercase hexadecimal characters as ASCII bytes, and
``canonical_json`` is :func:`kazi.contracts.terms.canonical_json`. Changing, removing or
reordering any record breaks the chain after it; the published chain head (the last seq and
its hash) lets anyone notice that the chain was rewritten from some point on.

A receipt is the compact text ``v1.<seq>.<prev_hash>.<base64url(canonical body)>`` (no
padding): anyone can recompute the entry hash from it, without Kazi, and look it up in an
exported chain.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from .terms import CanonicalError, canonical_json

GENESIS = "0" * 64
RECEIPT_VERSION = "v1"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_hash(prev_hash: str, body: Mapping[str, Any]) -> str:
    """``sha256(prev_hash + canonical_json(body))`` as 64 lowercase hex characters."""
    return sha256_hex(prev_hash.encode("ascii") + canonical_json(body))


def terms_hash(nonce: str, terms_dict: Mapping[str, Any]) -> str:
    """``sha256(nonce + canonical_json(terms))``: the nonce stops guessing terms back."""
    return sha256_hex(nonce.encode("ascii") + canonical_json(terms_dict))


def terms_match(receipt_body: Mapping[str, Any], nonce: str, terms_dict: Mapping[str, Any]) -> bool:
    """True when ``terms_dict`` with its ``nonce`` are the terms recorded in a receipt's body
    (how a worker proves the exact terms: they hold the nonce, the ledger holds the hash)."""
    if not isinstance(nonce, str) or not nonce.isascii():
        return False
    return receipt_body.get("terms_sha256") == terms_hash(nonce, terms_dict)


def is_hash(value: object) -> bool:
    return isinstance(value, str) and bool(_HEX64.match(value))


@dataclass(frozen=True)
class Entry:
    seq: int
    prev_hash: str
    entry_hash: str
    body: Mapping[str, Any]

    def to_json_line(self) -> str:
        """One line of ``chain.jsonl`` (canonical JSON of seq, prev_hash, entry_hash, body)."""
        return canonical_json(
            {
                "seq": self.seq,
                "prev_hash": self.prev_hash,
                "entry_hash": self.entry_hash,
                "body": self.body,
            }
        ).decode("utf-8")

    @classmethod
    def from_json_line(cls, line: str) -> Entry:
        data = json.loads(line, parse_float=Decimal)
        if not isinstance(data, dict) or not isinstance(data.get("body"), dict):
            raise ValueError("not a ledger entry")
        seq = data.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise ValueError("seq must be a whole number")
        return cls(
            seq=seq,
            prev_hash=str(data.get("prev_hash", "")),
            entry_hash=str(data.get("entry_hash", "")),
            body=data["body"],
        )


# Kinds of problem found by verify_chain (the Django layer turns them into sentences).
ALTERED = "altered"  # the record's hash does not match its content
REMOVED = "removed"  # one or more records are missing before this one
REORDERED = "reordered"  # the record is chained to another record than the one before it
BROKEN_LINK = "broken_link"  # chained to a record that is not in the chain (changed/removed)
DUPLICATE = "duplicate"  # the same seq twice, or seq going backwards
HEAD_MISMATCH = "head_mismatch"  # the published head is not in the chain (rewritten/cut)
CHECKPOINT_MISMATCH = "checkpoint_mismatch"  # a record checked earlier was changed since


@dataclass(frozen=True)
class Problem:
    kind: str
    seq: int
    detail: str = ""  # English, for logs; pages and the CLI build a translated sentence


class _Checked(NamedTuple):
    """What the link checks keep of a record: its place, its links and whether its hash
    recomputed."""

    seq: int
    prev_hash: str
    entry_hash: str
    intact: bool


def verify_chain(
    entries: Iterable[Entry],
    *,
    published_head: tuple[int, str] | None = None,
    start_prev_hash: str = GENESIS,
    start_seq: int = 1,
    progress: Any = None,
) -> list[Problem]:
    """Every problem found in ``entries`` (listed in the order they claim: by seq).

    Checks that each record's hash recomputes from its content, that seqs follow one
    another from ``start_seq``, and that each record is chained to the one before it; when
    ``published_head`` (seq, hash) is given, that the chain still holds it. ``progress`` is
    called with each entry checked (for a progress bar).
    """
    # One pass over the records (they may stream from the database), keeping only what the
    # link checks need: about 250 bytes a record instead of the whole record.
    checked: list[_Checked] = []
    for item in entries:
        try:
            intact = entry_hash(item.prev_hash, item.body) == item.entry_hash
        except (CanonicalError, UnicodeEncodeError, AttributeError):
            intact = False
        checked.append(_Checked(item.seq, item.prev_hash, item.entry_hash, intact))
        if progress is not None:
            progress(item)
    by_hash: dict[str, int] = {}
    for row in checked:
        by_hash.setdefault(row.entry_hash, row.seq)
    problems: list[Problem] = []
    expected_seq = start_seq
    prev_hash = start_prev_hash
    prev_seq: int | None = None
    for row in checked:
        gap = False
        if row.seq < expected_seq:
            problems.append(
                Problem(DUPLICATE, row.seq, f"seq {row.seq} comes again or goes backwards")
            )
        elif row.seq > expected_seq:
            gap = True
            missing = (
                f"#{expected_seq}"
                if row.seq == expected_seq + 1
                else f"#{expected_seq}-#{row.seq - 1}"
            )
            problems.append(Problem(REMOVED, row.seq, f"record(s) {missing} missing"))
        if not row.intact:
            problems.append(Problem(ALTERED, row.seq, "content does not match its hash"))
        if row.prev_hash != prev_hash and not gap:
            target = by_hash.get(row.prev_hash)
            if row.prev_hash == start_prev_hash and prev_seq is not None:
                problems.append(Problem(REORDERED, row.seq, "chained at the start of the chain"))
            elif target is not None and target != row.seq:
                problems.append(
                    Problem(REORDERED, row.seq, f"chained after #{target}, not #{prev_seq}")
                )
            else:
                problems.append(
                    Problem(
                        BROKEN_LINK,
                        row.seq,
                        "the record before it was changed or removed"
                        if prev_seq is not None
                        else "does not start the chain",
                    )
                )
        expected_seq = max(expected_seq, row.seq + 1)
        prev_hash = row.entry_hash
        prev_seq = row.seq
    if published_head is not None:
        head_seq, head_hash = published_head
        found = next((r for r in checked if r.seq == head_seq), None)
        if found is None or found.entry_hash != head_hash:
            problems.append(
                Problem(
                    HEAD_MISMATCH,
                    head_seq,
                    "the published head is missing" if found is None else "head was rewritten",
                )
            )
    return problems


# Receipts ------------------------------------------------------------------------------


class ReceiptError(ValueError):
    """The receipt text is not a well-formed receipt (``code`` says why)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Receipt:
    seq: int
    prev_hash: str
    body: Mapping[str, Any]

    @property
    def entry_hash(self) -> str:
        return entry_hash(self.prev_hash, self.body)

    def encode(self) -> str:
        return encode_receipt(self.seq, self.prev_hash, self.body)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def encode_receipt(seq: int, prev_hash: str, body: Mapping[str, Any]) -> str:
    """``v1.<seq>.<prev_hash>.<base64url(canonical body)>`` (URL-safe, no padding)."""
    return f"{RECEIPT_VERSION}.{seq}.{prev_hash}.{_b64(canonical_json(body))}"


def decode_receipt(text: str) -> Receipt:
    """Read a receipt; raise :class:`ReceiptError` when it is not well-formed."""
    parts = text.strip().split(".")
    if len(parts) != 4 or parts[0] != RECEIPT_VERSION:
        raise ReceiptError("format")
    _, seq_text, prev_hash, encoded = parts
    if not seq_text.isascii() or not seq_text.isdigit() or seq_text.startswith("0"):
        raise ReceiptError("seq")
    if not is_hash(prev_hash):
        raise ReceiptError("prev_hash")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", encoded):
        raise ReceiptError("body")
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        body = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise ReceiptError("body") from error
    if not isinstance(body, dict):
        raise ReceiptError("body")
    try:
        if canonical_json(body) != raw:  # only one text per receipt
            raise ReceiptError("body")
    except CanonicalError as error:
        raise ReceiptError("body") from error
    return Receipt(seq=int(seq_text), prev_hash=prev_hash, body=body)


@dataclass(frozen=True)
class ReceiptCheck:
    """What checking a receipt against a chain found (each item True/False/None=not run)."""

    well_formed: bool
    entry_hash: str = ""
    in_chain: bool | None = None
    chain_intact: bool | None = None
    document_matches: bool | None = None
    head_seq: int | None = None
    head_hash: str = ""
    problems: tuple[Problem, ...] = ()
    # The checkpoint the walk started from, when one was used (see ``check_receipt``).
    checkpoint_seq: int | None = None

    @property
    def verified(self) -> bool:
        return (
            self.well_formed
            and bool(self.in_chain)
            and bool(self.chain_intact)
            and self.document_matches is not False
        )


def check_receipt(
    receipt: Receipt,
    record: Entry | None,
    later: Iterable[Entry],
    *,
    document_sha256: str | None = None,
    checkpoint: tuple[int, str] | None = None,
) -> ReceiptCheck:
    """Check ``receipt`` against the chain record at its seq (``record``, or None when the
    chain has none) and the records after it (``later``, in seq order, up to the head).

    ``checkpoint`` (seq, hash) is a record at or after the receipt's that a full check of
    the chain from its first record found intact (``kazi ledger verify``). Then ``later``
    starts at the checkpoint's record instead of right after the receipt's: the records in
    between were checked by that run, and the checkpoint record still having its hash
    shows that they were not rewritten since (its hash depends on all of them). The walk
    is then from the checkpoint to the head, not from the receipt.
    """
    computed = receipt.entry_hash
    in_chain = (
        record is not None
        and record.seq == receipt.seq
        and record.entry_hash == computed
        and record.prev_hash == receipt.prev_hash
        and canonical_json(record.body) == canonical_json(receipt.body)
    )
    # ``later`` may stream a long chain from the database: it is read once, never kept.
    seen: list[Entry] = []  # the last record read (the head), nothing more

    def reading(items: Iterable[Entry]) -> Iterator[Entry]:
        for item in items:
            seen[:] = [item]
            yield item

    rest = reading(later)
    problems: list[Problem] = []
    if record is not None and checkpoint is None:
        problems = verify_chain(
            itertools.chain([record], rest),
            start_prev_hash=receipt.prev_hash,
            start_seq=receipt.seq,
        )
    elif record is not None and checkpoint is not None:
        problems = verify_chain([record], start_prev_hash=receipt.prev_hash, start_seq=receipt.seq)
        anchor = next(rest, None)
        if anchor is None or (anchor.seq, anchor.entry_hash) != checkpoint:
            problems.append(
                Problem(CHECKPOINT_MISMATCH, checkpoint[0], "changed since it was last checked")
            )
        else:
            problems += verify_chain(
                itertools.chain([anchor], rest),
                start_prev_hash=anchor.prev_hash,
                start_seq=anchor.seq,
            )
    else:
        for _item in rest:  # no record: nothing to check, but report the head
            pass
    head = seen[0] if seen else record
    doc_ok: bool | None = None
    if document_sha256 is not None:
        doc_ok = receipt.body.get("document_sha256") == document_sha256
    return ReceiptCheck(
        well_formed=True,
        entry_hash=computed,
        in_chain=in_chain,
        chain_intact=in_chain and not problems,
        document_matches=doc_ok,
        head_seq=head.seq if head else None,
        head_hash=head.entry_hash if head else "",
        problems=tuple(problems),
        checkpoint_seq=checkpoint[0] if checkpoint is not None and record is not None else None,
    )
