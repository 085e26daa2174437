"""The ledger in the database: appends, tampering found by `kazi ledger verify`, export and
offline receipt checks, and no personal data in what is published."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from kazi.contracts import ledger, selectors, services
from kazi.contracts.models import Contract, ContractVersion, LedgerEntry
from tests.factories import make_worker

from .conftest import record, terms

pytestmark = pytest.mark.django_db


def verify(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("ledger_verify", "--no-progress", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return 1, out.getvalue() + str(error)
    return 0, out.getvalue()


def _three() -> list[ContractVersion]:
    worker = make_worker(display_name="Sita Tamang", email="sita@example.org")
    first = record(worker)
    second = services.add_version(
        worker, first.contract, stage="destination", terms=terms(wage_amount="900")
    )
    third = record(make_worker())
    return [first, second, third]


def test_records_are_chained_and_the_chain_verifies():
    first, second, _third = _three()
    rows = list(LedgerEntry.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == ledger.GENESIS
    assert rows[1].prev_hash == rows[0].entry_hash
    assert second.ledger_entry.body["previous_version"] == first.ledger_entry.entry_hash
    assert second.ledger_entry.body["terms_sha256"] == ledger.terms_hash(second.nonce, second.terms)
    assert [f["flag"] for f in second.flags] == ["wage_cut"]
    code, out = verify()
    assert code == 0 and out.startswith("The ledger is intact: 3 records checked.\n")


def test_ledger_entries_refuse_update_and_delete():
    first, *_ = _three()
    entry = first.ledger_entry
    entry.body = {"v": 2}
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_altered_body_is_found():
    _three()
    LedgerEntry.objects.filter(seq=2).update(body={"v": 1, "stage": "pre_departure"})
    code, out = verify()
    assert code == 1
    assert "Record #2 was altered" in out


def test_deleted_record_is_found():
    _three()
    ContractVersion.objects.filter(ledger_entry__seq=2).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM contracts_ledgerentry WHERE seq = 2")
    code, out = verify()
    assert code == 1
    assert "Records are missing before record #3" in out


def test_swapped_records_are_found():
    _three()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE contracts_ledgerentry SET seq = 100 WHERE seq = 1")
        cursor.execute("UPDATE contracts_ledgerentry SET seq = 1 WHERE seq = 2")
        cursor.execute("UPDATE contracts_ledgerentry SET seq = 2 WHERE seq = 100")
    code, out = verify()
    assert code == 1
    assert "Record #1 is out of order" in out and "Record #2 is out of order" in out


def test_forged_head_is_found():
    _three()
    body = {"v": 1, "type": "contract_version", "stage": "pre_departure", "terms_sha256": "0" * 64}
    LedgerEntry.objects.create(
        seq=4,
        prev_hash="f" * 64,
        entry_hash=ledger.entry_hash("f" * 64, body),
        body=body,
        recorded_at="2026-01-01T00:00Z",
    )
    code, out = verify()
    assert code == 1 and "Record #4 is not chained to the record before it" in out


def test_rewritten_head_is_found_against_the_published_head_and_its_version():
    *_, third = _three()
    published = f"3:{third.ledger_entry.entry_hash}"
    assert verify("--head", published)[0] == 0
    # Rewrite the last record consistently (new content, recomputed hash).
    entry = third.ledger_entry
    body = {**entry.body, "terms_sha256": "a" * 64}
    LedgerEntry.objects.filter(pk=entry.pk).update(
        body=body, entry_hash=ledger.entry_hash(entry.prev_hash, body)
    )
    code, out = verify("--head", published)
    assert code == 1
    assert "The published chain head (record #3) is not in the chain" in out
    assert "Record #3 does not match the terms kept for its contract version" in out


def test_export_and_offline_receipt_check(tmp_path, django_assert_num_queries):
    first, *_ = _three()
    path = tmp_path / "chain.jsonl"
    call_command("ledger_export", str(path), "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert len(path.read_text().splitlines()) == 3
    assert verify("--file", str(path))[0] == 0
    receipt = selectors.receipt_for(first)
    out = StringIO()
    with django_assert_num_queries(0):
        call_command("ledger_check_receipt", receipt, "--file", str(path), stdout=out)
    assert "Verified" in out.getvalue()
    # The same receipt against a tampered export: does not match, naming the record.
    lines = path.read_text().splitlines()
    row = json.loads(lines[1])
    row["body"]["stage"] = "pre_departure"
    lines[1] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n")
    code, out_text = verify("--file", str(path))
    assert code == 1 and "Record #2 was altered" in out_text
    with pytest.raises(CommandError):
        call_command("ledger_check_receipt", receipt, "--file", str(path), stdout=StringIO())


def test_published_chain_and_head_hold_no_personal_data():
    worker = make_worker(display_name="Sita Tamang", email="sita.tamang@example.org")
    record(worker, employer_name="Gulf Homes LLC", wage_amount="1234.56", notes="my passport")
    client = Client()
    chain = b"".join(client.get("/contracts/ledger/chain.jsonl").streaming_content)  # type: ignore[attr-defined]
    head = client.get("/contracts/ledger/head").content
    for text in (chain, head):
        for secret in (b"Sita", b"sita.tamang", b"Gulf Homes", b"1234", b"passport", b"Doha"):
            assert secret not in text
    assert json.loads(head)["seq"] == 1
    line = json.loads(chain.splitlines()[0])
    assert set(line) == {"seq", "prev_hash", "entry_hash", "body"}
    assert set(line["body"]) == {
        "v",
        "type",
        "stage",
        "terms_sha256",
        "document_sha256",
        "previous_version",
        "recorded_at",
    }


def test_demo_contract_shows_the_flags_and_loads_once():
    from kazi.contracts.demo import load_demo

    load_demo()
    load_demo()
    contract = Contract.objects.get()
    later = contract.versions.get(number=2)
    assert {f["flag"] for f in later.flags} == {
        "wage_cut",
        "longer_hours",
        "new_deduction",
        "costs_to_worker",
    }
    assert verify()[0] == 0


def test_the_worker_proves_the_exact_terms_offline_with_the_terms_file(tmp_path):
    worker = make_worker()
    version = record(worker, wage_amount="1500")
    client = Client()
    client.force_login(worker, backend="kazi.accounts.backends.EmailOrPhoneBackend")
    url = f"/contracts/{version.contract_id}/versions/1/terms.json"
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    terms_path = tmp_path / "terms.json"
    terms_path.write_bytes(response.content)
    chain = tmp_path / "chain.jsonl"
    call_command("ledger_export", str(chain), "--no-progress", stdout=StringIO(), stderr=StringIO())
    receipt = selectors.receipt_for(version)
    out = StringIO()
    args = ("ledger_check_receipt", receipt, "--file", str(chain), "--terms", str(terms_path))
    call_command(*args, stdout=out)
    assert "The terms in the file are the terms recorded." in out.getvalue()
    # A changed wage in the file no longer proves anything.
    data = json.loads(terms_path.read_text())
    data["terms"]["wage_amount"] = "1800"
    terms_path.write_text(json.dumps(data))
    out = StringIO()
    with pytest.raises(CommandError, match="Does not match"):
        call_command(*args, stdout=out)
    assert "The terms in the file are not the terms recorded." in out.getvalue()
    # Nobody else gets the file: not another worker, not a counsellor, not a visitor.
    other = Client()
    other.force_login(make_worker(), backend="kazi.accounts.backends.EmailOrPhoneBackend")
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_a_full_check_leaves_a_checkpoint_and_receipts_walk_from_it():
    versions = [record(make_worker()) for _ in range(30)]
    code, out = verify()
    assert code == 0 and "Checkpoint: record #30" in out
    record(make_worker())  # one more after the check
    oldest = selectors.receipt_for(versions[0])
    # The oldest receipt is checked from the checkpoint (record 30) to the head, not from 1.
    _receipt, result = selectors.check_receipt_text(oldest)
    assert result.verified and result.checkpoint_seq == 30 and result.head_seq == 31
    page = Client().get("/contracts/verify/", {"r": oldest}).content.decode()
    assert "Verified" in page and "confirmed by the last full check" in page


def test_a_chain_rewritten_after_the_checkpoint_is_still_caught():
    versions = [record(make_worker()) for _ in range(5)]
    assert verify()[0] == 0
    oldest = selectors.receipt_for(versions[0])
    # Rewrite records 3-5 with recomputed hashes (a consistent forgery after the check).
    prev = LedgerEntry.objects.get(seq=2).entry_hash
    for seq in (3, 4, 5):
        row = LedgerEntry.objects.get(seq=seq)
        body = {**row.body, "stage": "destination"}
        new_hash = ledger.entry_hash(prev, body)
        LedgerEntry.objects.filter(pk=row.pk).update(body=body, prev_hash=prev, entry_hash=new_hash)
        prev = new_hash
    _receipt, result = selectors.check_receipt_text(oldest)
    assert not result.verified
    assert [p.kind for p in result.problems] == [ledger.CHECKPOINT_MISMATCH]
    page = Client().get("/contracts/verify/", {"r": oldest}).content.decode()
    assert "Record #5 was changed or removed after the ledger was last checked" in page
    # The receipt's own record altered is caught as before.
    LedgerEntry.objects.filter(seq=1).update(body={**versions[0].ledger_entry.body, "v": 9})
    assert not selectors.check_receipt_text(oldest)[1].in_chain


def test_the_latest_checkpoint_serves_old_receipts():
    first = record(make_worker())
    assert verify()[0] == 0  # checkpoint at #1
    for _ in range(5):
        record(make_worker())
    assert verify()[0] == 0  # checkpoint at #6
    _receipt, result = selectors.check_receipt_text(selectors.receipt_for(first))
    assert result.verified and result.checkpoint_seq == 6
