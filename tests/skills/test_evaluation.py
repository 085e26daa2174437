"""Metrics, development-set readers and the baseline (kazi/skills/evaluation.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from kazi.skills.concepts import Taxonomy
from kazi.skills.evaluation import (
    MELO_SETS,
    BenchDataMissingError,
    Case,
    baseline_ranker,
    evaluate,
    occupation_sets,
    skill_sets,
)
from kazi.skills.store import SkillsEngine
from tests.skills.bench import write_bench
from tests.skills_fixture import occupation_uri, skill_uri

# --- metrics: a plain ranking function stands in for the system ---------------------------


def fixed(
    rankings: dict[str, Sequence[str]],
) -> tuple[list[str], Callable[[Case], Sequence[str]]]:
    calls: list[str] = []

    def rank(case: Case) -> Sequence[str]:
        calls.append(case.text)
        return rankings[case.text]

    return calls, rank


def test_metrics_on_handmade_cases() -> None:
    cases = [
        Case("first", frozenset({"a"})),  # found at rank 1
        Case("second", frozenset({"a", "b"})),  # ranks 2 and 7
        Case("missing", frozenset({"z"})),  # never found
        Case("many", frozenset({"g1", "g2", "g3", "g4", "g5", "g6"})),  # five in the top 5
    ]
    rankings = {
        "first": ["a", "x", "y"],
        "second": ["x", "a", "y", "z", "w", "v", "b", "u"],
        "missing": ["a", "b", "c"],
        "many": ["g1", "g2", "g3", "g4", "g5", "x", "g6"],
    }
    calls, rank = fixed(rankings)
    report = evaluate("handmade", "fake", cases, rank)
    assert report.name == "handmade" and report.system == "fake" and report.cases == 4
    assert report.mrr == pytest.approx((1 + 1 / 2 + 0 + 1) / 4)
    assert report.accuracy1 == pytest.approx((1 + 0 + 0 + 1) / 4)
    assert report.recall5 == pytest.approx((1 + 1 / 2 + 0 + 5 / 6) / 4)
    assert report.recall10 == pytest.approx((1 + 1 + 0 + 1) / 4)
    # R-precision@5: gold found in the top 5 over min(5, number of gold answers).
    assert report.rprecision5 == pytest.approx((1 + 1 / 2 + 0 + 5 / 5) / 4)
    assert report.latency_p50_ms >= 0 and report.latency_p95_ms >= report.latency_p50_ms
    assert calls == ["first", "first", "second", "missing", "many"]  # one warm-up call
    assert report.row()["mrr"] == report.mrr


def test_duplicate_uris_in_a_ranking_do_not_count_twice() -> None:
    _, rank = fixed({"t": ["a", "a", "a", "a", "a", "b"]})
    report = evaluate("dup", "fake", [Case("t", frozenset({"a", "b"}))], rank)
    assert report.recall5 == pytest.approx(0.5)
    assert report.rprecision5 == pytest.approx(0.5)


def test_an_empty_set_is_refused() -> None:
    _, rank = fixed({})
    with pytest.raises(ValueError, match="empty-set"):
        evaluate("empty-set", "fake", [], rank)


# --- readers of the development sets -------------------------------------------------------


def test_skill_sets_group_sentences_and_map_labels(taxonomy: Taxonomy, tmp_path: Path) -> None:
    sets = skill_sets(write_bench(tmp_path), taxonomy.skills)
    assert list(sets) == ["house", "tech", "skillskape"]
    assert sets["house"] == [
        Case(
            "I repaired mobile phones and handled cash.",
            frozenset({skill_uri("repair-phones"), skill_uri("cash")}),
        ),
        Case("I looked after children and cooked.", frozenset({skill_uri("childcare")})),
    ]  # no-label and unknown-label sentences are left out
    assert sets["tech"][0].gold == {skill_uri("html"), skill_uri("javascript")}
    assert sets["tech"][1].gold == {skill_uri("python")}
    assert [c.gold for c in sets["skillskape"]] == [
        {skill_uri("spreadsheets")},
        {skill_uri("concrete"), skill_uri("bricks")},
    ]
    assert len(skill_sets(tmp_path / "bench", taxonomy.skills, limit=1)["house"]) == 1


def test_occupation_sets(taxonomy: Taxonomy, tmp_path: Path) -> None:
    sets = occupation_sets(write_bench(tmp_path), taxonomy.occupations)
    assert list(sets) == ["jobbert", *(f"melo-{name}" for name in MELO_SETS)]
    assert [c.text for c in sets["jobbert"]] == [
        "Senior Bricklayer",
        "Cashier (part time)",
        "Nanny for two children",
    ]
    melo = sets["melo-esp_q_es_c_es"]
    candidates = tuple(sorted(occupation_uri(k) for k in ("cashier", "bricklayer", "tailor")))
    assert melo == [
        Case("checkout clerk", frozenset({occupation_uri("cashier")}), candidates, "es"),
        Case("mason", frozenset({occupation_uri("bricklayer")}), candidates, "es"),
    ]
    # The corpus language (labels and the baseline's preferred labels are English here).
    assert sets["melo-deu_q_de_c_en"][0].language == "en"


def test_missing_bench_names_the_file(taxonomy: Taxonomy, tmp_path: Path) -> None:
    with pytest.raises(BenchDataMissingError, match=r"house_validation_annotations\.csv"):
        skill_sets(tmp_path / "bench", taxonomy.skills)
    with pytest.raises(BenchDataMissingError, match=r"jobbert_titles_validation\.csv"):
        occupation_sets(tmp_path / "bench", taxonomy.occupations)


# --- baseline ---------------------------------------------------------------------------------


def expected_baseline(
    engine: SkillsEngine, encoder: str, text: str, language: str
) -> list[tuple[str, float]]:
    """Cosine of the raw text against each concept's preferred label in ``language``."""
    index = engine.occupations.dense[encoder]
    table = index.table
    vector = index.encoder.encode([text])[0]
    out = []
    for i, row in enumerate(index.rows.tolist()):
        if table.label_preferred[row] and table.label_language[row] == language:
            out.append((table.uris[table.label_concept[row]], float(vector @ index.vectors[i])))
    return sorted(out, key=lambda pair: -pair[1])


def test_baseline_ranks_by_preferred_labels_only(engine: SkillsEngine) -> None:
    rank = baseline_ranker(engine.occupations.dense["e5"])
    text = "nanny"  # an alternative label of "childcare worker": the baseline ignores it
    ranked = list(rank(Case(text, frozenset())))
    expected = [uri for uri, _ in expected_baseline(engine, "e5", text, "en")]
    assert ranked == expected
    assert len(ranked) == len(engine.taxonomy.occupations)


def test_baseline_uses_the_case_language_then_english(engine: SkillsEngine) -> None:
    rank = baseline_ranker(engine.occupations.dense["use"])
    french = list(rank(Case("femme de ménage", frozenset(), language="fr")))
    assert french == [u for u, _ in expected_baseline(engine, "use", "femme de ménage", "fr")]
    german = list(rank(Case("Maurer", frozenset(), language="de")))  # no German labels
    assert german == [u for u, _ in expected_baseline(engine, "use", "Maurer", "en")]


def test_baseline_respects_candidates(engine: SkillsEngine) -> None:
    rank = baseline_ranker(engine.occupations.dense["e5"])
    candidates = (occupation_uri("tailor"), occupation_uri("cashier"))
    ranked = list(rank(Case("cashier", frozenset(), candidates)))
    assert ranked == [occupation_uri("cashier"), occupation_uri("tailor")]
