"""Benchmark of the contract ledger: appends through the real service, whole-chain
verification, and the public receipt check, on a scratch database.

    DEBUG=1 .venv/bin/python bench/ledger.py [--appends 300] [--sizes 10k,100k]

Runs on a fresh SQLite file in a temporary folder (never the configured database), or on
the database of ``--database-url`` (for example the PostgreSQL test database, which it
empties first: never point it at a real one).

- **append**: ``services.record_contract`` for ``--appends`` contracts, one transaction
  each, as the pages do (terms canonicalised, nonce, chain lock, comparison, outbox).
- For each size N, a chain of N records is written with the framework-free core
  (``ledger.entry_hash``) and bulk inserts, then timed:
  - **verify**: what ``kazi ledger verify`` does over the whole chain (stream from the
    database, recompute every hash, check every link);
  - **receipt, oldest / newest**: what the public verify page does for a receipt of the
    first record (it walks the chain to the head: the worst case) and of the last one;
  - **oldest, ckpt**: the oldest receipt again once a full check left a checkpoint and 100
    more records were appended (the walk starts at the checkpoint).
Peak memory is the process's maximum resident size: after the whole-chain check ("MB
verify"), and at the end of the size's steps ("MB all").
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=300)
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="kazi-bench-ledger-")
    os.environ["KAZI_VAR_DIR"] = scratch
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kazi.settings")
    os.environ.setdefault("DEBUG", "1")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from kazi.accounts.models import User
    from kazi.contracts import demo as contracts_demo
    from kazi.contracts import ledger, selectors, services
    from kazi.contracts.models import Contract, ContractVersion, LedgerCheckpoint, LedgerEntry
    from kazi.contracts.terms import Terms

    if args.database_url:
        call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, scratch folder {scratch}")

    worker = User.objects.create_user("bench-worker@example.org", "x", display_name="Bench")
    terms = Terms.from_dict(contracts_demo.BEFORE)  # a realistic contract
    started = time.perf_counter()
    for _ in range(args.appends):
        services.record_contract(worker, worker, stage="pre_departure", terms=terms)
    elapsed = time.perf_counter() - started
    print(
        f"append through the service: {args.appends} contracts in {elapsed:.2f} s = "
        f"{args.appends / elapsed:.0f} records/s ({1000 * elapsed / args.appends:.1f} ms each), "
        f"peak {peak_mb():.0f} MB"
    )

    print(
        f"{'records':>9}  {'verify':>9}  {'a record':>9}  {'receipt oldest':>14}  "
        f"{'receipt newest':>14}  {'oldest, ckpt':>14}  {'MB verify':>9} {'MB all':>8}"
    )
    for size in (parse_size(s) for s in args.sizes.split(",") if s.strip()):
        with transaction.atomic():
            ContractVersion.objects.all().delete()
            Contract.objects.all().delete()
            LedgerEntry.objects.all().delete()
            LedgerCheckpoint.objects.all().delete()
        prev = ledger.GENESIS
        batch: list[LedgerEntry] = []
        now = django.utils.timezone.now()
        first_receipt = last_receipt = ""
        for seq in range(1, size + 1):
            body = {
                "v": 1,
                "type": "contract_version",
                "stage": "pre_departure",
                "terms_sha256": ledger.sha256_hex(f"terms {seq}".encode()),
                "document_sha256": None,
                "previous_version": None,
                "recorded_at": "2026-12-01T12:00Z",
            }
            entry_hash = ledger.entry_hash(prev, body)
            if seq == 1:
                first_receipt = ledger.encode_receipt(seq, prev, body)
            if seq == size:
                last_receipt = ledger.encode_receipt(seq, prev, body)
            batch.append(
                LedgerEntry(
                    seq=seq, prev_hash=prev, entry_hash=entry_hash, body=body, recorded_at=now
                )
            )
            prev = entry_hash
            if len(batch) == 5000:
                LedgerEntry.objects.bulk_create(batch)
                batch = []
        LedgerEntry.objects.bulk_create(batch)

        started = time.perf_counter()
        problems = ledger.verify_chain(selectors.chain())
        verify_s = time.perf_counter() - started
        peak_after_verify = peak_mb()
        started = time.perf_counter()
        _receipt, oldest = selectors.check_receipt_text(first_receipt)
        oldest_s = time.perf_counter() - started
        started = time.perf_counter()
        _receipt, newest = selectors.check_receipt_text(last_receipt)
        newest_s = time.perf_counter() - started
        # After `kazi ledger verify` left a checkpoint, and 100 more records were appended.
        services.record_checkpoint()
        for _ in range(100):
            services.record_contract(worker, worker, stage="pre_departure", terms=terms)
        started = time.perf_counter()
        _receipt, after = selectors.check_receipt_text(first_receipt)
        after_s = time.perf_counter() - started
        if problems or not oldest.verified or not newest.verified or not after.verified:
            print(f"unexpected: problems={problems[:3]} oldest={oldest} newest={newest}")
            return 1
        print(
            f"{size:>9,}  {verify_s:>8.2f}s  {1e6 * verify_s / size:>8.1f}µs  "
            f"{oldest_s:>13.2f}s  {1000 * newest_s:>12.1f}ms  {1000 * after_s:>14.1f}ms  "
            f"{peak_after_verify:>8.0f} {peak_mb():>8.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
