"""The framework-free cores: canonical JSON, the hash chain and receipts, the comparison."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kazi.contracts import compare, ledger
from kazi.contracts.constants import SubstitutionFlag
from kazi.contracts.terms import CanonicalError, Deduction, Terms, canonical_json, decimal_text

# Canonical JSON ---------------------------------------------------------------------------


def test_canonical_json_sorts_keys_and_has_no_spaces():
    assert canonical_json({"b": 1, "a": [1, "x"], "c": None}) == b'{"a":[1,"x"],"b":1,"c":null}'


def test_canonical_json_is_utf8_and_nfc():
    decomposed = "Cafe\u0301"  # e + combining acute
    composed = "Caf\u00e9"
    assert canonical_json({"n": decomposed}) == canonical_json({"n": composed})
    assert canonical_json({"n": composed}) == '{"n":"Café"}'.encode()
    assert canonical_json({"n": "عامل"}) == '{"n":"عامل"}'.encode()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1200.00", "1200"),
        ("1E+3", "1000"),
        ("12.50", "12.5"),
        ("0.000", "0"),
        ("-0", "0"),
        ("0.1", "0.1"),
        ("-3.250", "-3.25"),
    ],
)
def test_decimals_are_written_as_plain_strings(value, text):
    assert decimal_text(Decimal(value)) == text
    assert canonical_json({"x": Decimal(value)}) == f'{{"x":"{text}"}}'.encode()


def test_floats_and_odd_values_are_refused():
    with pytest.raises(CanonicalError):
        canonical_json({"x": 1.5})
    with pytest.raises(CanonicalError):
        canonical_json({"x": Decimal("NaN")})
    with pytest.raises(CanonicalError):
        canonical_json({1: "x"})


def test_dates_are_iso():
    assert canonical_json({"d": date(2026, 3, 1)}) == b'{"d":"2026-03-01"}'


def _terms(**changes) -> Terms:
    base = {
        "employer_name": "Gulf Homes LLC",
        "employer_country": "QA",
        "job_title": "Housemaid",
        "work_country": "QA",
        "work_city": "Doha",
        "wage_amount": "1200",
        "wage_currency": "QAR",
        "wage_period": "month",
        "hours_per_week": "48",
        "rest_days_per_week": "1",
        "deductions": [],
        "duration_months": 24,
        "start_date": "2026-03-01",
        "travel_paid_by": "employer",
        "recruitment_fees_paid_by": "employer",
        "visa_paid_by": "employer",
    }
    base.update(changes)
    return Terms.from_dict(base)


def test_terms_round_trip_and_stable_bytes():
    terms = _terms(deductions=[{"what": "Food", "amount": "100.0", "currency": "QAR"}])
    again = Terms.from_dict(json.loads(canonical_json(terms)))
    assert again == terms
    assert canonical_json(again) == canonical_json(terms)
    assert b'"wage_amount":"1200"' in canonical_json(terms)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False, places=3),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_canonical_json_is_a_fixed_point(value):
    """Encoding, reading back and encoding again gives the same bytes; keys are sorted."""
    try:
        first = canonical_json(value)
    except CanonicalError:
        return  # keys that collide after NFC normalisation, lone surrogates
    again = canonical_json(json.loads(first))
    assert again == first
    parsed = json.loads(first)
    if isinstance(parsed, dict):
        assert list(parsed) == sorted(parsed)
        assert all(unicodedata.is_normalized("NFC", k) for k in parsed)


@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(), min_size=1))
def test_canonical_json_ignores_insertion_order(data):
    reversed_data = dict(reversed(list(data.items())))
    assert canonical_json(reversed_data) == canonical_json(data)


# The chain --------------------------------------------------------------------------------


def _chain(n: int) -> list[ledger.Entry]:
    entries, prev = [], ledger.GENESIS
    for seq in range(1, n + 1):
        body = {"v": 1, "type": "contract_version", "terms_sha256": f"{seq:064x}"}
        digest = ledger.entry_hash(prev, body)
        entries.append(ledger.Entry(seq, prev, digest, body))
        prev = digest
    return entries


def test_entry_hash_formula_is_the_documented_one():
    body = {"v": 1, "a": "é"}
    expected = hashlib.sha256((ledger.GENESIS + '{"a":"é","v":1}').encode("utf-8")).hexdigest()
    assert ledger.entry_hash(ledger.GENESIS, body) == expected


def test_intact_chain_has_no_problem():
    assert ledger.verify_chain(_chain(5)) == []


def test_altered_body_is_named():
    chain = _chain(5)
    chain[2] = ledger.Entry(3, chain[2].prev_hash, chain[2].entry_hash, {"v": 2})
    assert [(p.kind, p.seq) for p in ledger.verify_chain(chain)] == [(ledger.ALTERED, 3)]


def test_rewritten_record_with_recomputed_hash_breaks_the_next_link():
    chain = _chain(5)
    body = {"v": 1, "forged": True}
    chain[2] = ledger.Entry(
        3, chain[2].prev_hash, ledger.entry_hash(chain[2].prev_hash, body), body
    )
    assert [(p.kind, p.seq) for p in ledger.verify_chain(chain)] == [(ledger.BROKEN_LINK, 4)]


def test_removed_record_is_named():
    chain = _chain(5)
    del chain[2]
    assert [(p.kind, p.seq) for p in ledger.verify_chain(chain)] == [(ledger.REMOVED, 4)]


def test_reordered_records_are_named():
    chain = _chain(5)
    a, b = chain[1], chain[2]
    chain[1] = ledger.Entry(2, b.prev_hash, b.entry_hash, b.body)
    chain[2] = ledger.Entry(3, a.prev_hash, a.entry_hash, a.body)
    kinds = {(p.kind, p.seq) for p in ledger.verify_chain(chain)}
    assert (ledger.REORDERED, 2) in kinds and (ledger.REORDERED, 3) in kinds


def test_removed_last_record_is_found_against_the_published_head():
    chain = _chain(5)
    head = (5, chain[-1].entry_hash)
    assert ledger.verify_chain(chain, published_head=head) == []
    problems = ledger.verify_chain(chain[:-1], published_head=head)
    assert [(p.kind, p.seq) for p in problems] == [(ledger.HEAD_MISMATCH, 5)]


# Receipts ---------------------------------------------------------------------------------


def test_receipt_round_trip_recomputes_the_entry_hash():
    chain = _chain(3)
    entry = chain[1]
    text = ledger.encode_receipt(entry.seq, entry.prev_hash, entry.body)
    assert text.startswith("v1.2.")
    assert all(c.isalnum() or c in "._-" for c in text)  # URL-safe
    receipt = ledger.decode_receipt(text)
    assert receipt.entry_hash == entry.entry_hash
    check = ledger.check_receipt(receipt, entry, chain[2:])
    assert check.verified and check.head_seq == 3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "v2.1.x.y",
        "v1.01." + "0" * 64 + ".e30",
        "v1.1." + "g" * 64 + ".e30",
        "v1.1." + "0" * 64 + ".!!",
        "v1.1." + "0" * 64 + ".eyAiYSI6MX0",
    ],
)
def test_malformed_receipts_are_refused(text):
    with pytest.raises(ledger.ReceiptError):
        ledger.decode_receipt(text)


def test_receipt_with_changed_body_does_not_match():
    chain = _chain(2)
    entry = chain[0]
    forged = ledger.decode_receipt(ledger.encode_receipt(1, entry.prev_hash, {"v": 9}))
    check = ledger.check_receipt(forged, entry, chain[1:])
    assert not check.verified and check.in_chain is False


# Comparison -------------------------------------------------------------------------------


def _flags(before: Terms, after: Terms, **kw) -> list[tuple[str, str]]:
    return [(f.flag, f.field) for f in compare.compare_terms(before, after, **kw)]


def test_flags_match_the_constants():
    names = [v for k, v in vars(compare).items() if k.isupper() and isinstance(v, str) and "_" in v]
    assert set(names) <= set(SubstitutionFlag.values)


def test_same_terms_have_no_finding():
    assert compare.compare_terms(_terms(), _terms()) == []


def test_wage_cut_compares_per_month():
    assert _flags(_terms(), _terms(wage_amount="900")) == [("wage_cut", "wage_amount")]
    # 300 a week is 1300 a month: not a cut; 250 a week is 1083: a cut.
    assert _flags(_terms(), _terms(wage_amount="300", wage_period="week")) == []
    assert _flags(_terms(), _terms(wage_amount="250", wage_period="week")) == [
        ("wage_cut", "wage_amount")
    ]


def test_a_lower_hourly_or_daily_rate_is_a_cut_even_if_the_month_is_larger():
    hourly = _terms(wage_amount="5", wage_period="hour", hours_per_week="40")
    after = _terms(wage_amount="4", wage_period="hour", hours_per_week="60")
    assert _flags(hourly, after) == [
        ("wage_cut", "wage_amount"),
        ("longer_hours", "hours_per_week"),
    ]
    daily = _terms(wage_amount="50", wage_period="day", rest_days_per_week="1")
    after = _terms(wage_amount="45", wage_period="day", rest_days_per_week="0")
    assert _flags(daily, after) == [
        ("wage_cut", "wage_amount"),
        ("fewer_rest_days", "rest_days_per_week"),
    ]
    # The same rate with more hours is longer hours only.
    same = _terms(wage_amount="5", wage_period="hour", hours_per_week="60")
    assert _flags(hourly, same) == [("longer_hours", "hours_per_week")]


def test_currency_change_is_noted_and_converted_when_rates_are_known():
    after = _terms(wage_amount="300", wage_currency="USD")
    assert _flags(_terms(), after) == [("currency_changed", "wage_currency")]
    rates = {"USD": Decimal(1), "QAR": Decimal("3.64")}  # 300 USD = 1092 QAR < 1200
    assert ("wage_cut", "wage_amount") in _flags(_terms(), after, rates=rates)


def test_hours_rest_days_duration_place_employer_job():
    assert _flags(_terms(), _terms(hours_per_week="60")) == [("longer_hours", "hours_per_week")]
    assert _flags(_terms(), _terms(rest_days_per_week="0")) == [
        ("fewer_rest_days", "rest_days_per_week")
    ]
    assert _flags(_terms(), _terms(duration_months=36)) == [("shorter_duration", "duration_months")]
    assert _flags(_terms(), _terms(work_city="Al Khor")) == [("place_changed", "work_city")]
    assert _flags(_terms(), _terms(work_country="SA")) == [("place_changed", "work_country")]
    assert _flags(_terms(), _terms(employer_name="Desert Cleaning Co")) == [
        ("employer_changed", "employer_name")
    ]
    assert _flags(_terms(), _terms(job_title="Cleaner")) == [("job_changed", "job_title")]


def test_employer_and_job_are_compared_normalised():
    assert _flags(_terms(), _terms(employer_name="GULF HOMES, L.L.C.")) == []
    assert _flags(_terms(), _terms(employer_name="gulf  homes")) == []
    assert _flags(_terms(), _terms(job_title="housemaid ")) == []


def test_new_and_larger_deductions():
    before = _terms(deductions=[{"what": "Housing", "amount": "100", "currency": "QAR"}])
    bigger = _terms(deductions=[{"what": "housing", "amount": "200", "currency": "QAR"}])
    added = _terms(
        deductions=[
            {"what": "Housing", "amount": "100", "currency": "QAR"},
            {"what": "Agency loan", "amount": "300", "currency": "QAR"},
        ]
    )
    assert _flags(before, bigger) == [("new_deduction", "deductions")]
    found = compare.compare_terms(before, added)
    assert [(f.flag, f.before, f.after) for f in found] == [
        ("new_deduction", "", "Agency loan: 300 QAR/month")
    ]
    assert _flags(before, before) == []


def test_costs_moved_to_the_worker():
    after = _terms(travel_paid_by="worker", recruitment_fees_paid_by="shared")
    assert _flags(_terms(), after) == [
        ("costs_to_worker", "travel_paid_by"),
        ("costs_to_worker", "recruitment_fees_paid_by"),
    ]
    assert _flags(_terms(travel_paid_by="worker"), _terms(travel_paid_by="worker")) == []


def test_a_payslip_compares_only_what_it_states():
    payslip = Terms.from_dict(
        {
            "wage_amount": "1000",
            "wage_currency": "QAR",
            "wage_period": "month",
            "hours_per_week": "60",
        }
    )
    assert _flags(_terms(), payslip) == [
        ("wage_cut", "wage_amount"),
        ("longer_hours", "hours_per_week"),
    ]


def test_deduction_round_trip():
    d = Deduction("Food", Decimal("50.50"), "QAR", "week")
    assert Deduction.from_dict(d.to_dict()) == d
