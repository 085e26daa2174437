"""A tiny development bench in the layout of ``KAZI_DATA_DIR/bench`` (see
kazi/skills/evaluation.py), built from the fixture taxonomy's labels."""

from __future__ import annotations

import csv
from pathlib import Path

from kazi.skills.evaluation import MELO_SETS
from tests.skills_fixture import occupation_uri

PHONES = "I repaired mobile phones and handled cash."
HOUSE = [
    # sentence, span, sub_span, label (an English preferred label, any case)
    (PHONES, "repaired mobile phones", "", "repair mobile devices"),
    (PHONES, "handled cash", "", "Handle cash"),
    (PHONES, "and", "", "LABEL NOT PRESENT"),
    ("I looked after children and cooked.", "looked after children", "", "look after children"),
    ("Smart and enthusiastic.", "smart", "", "UNDERSPECIFIED"),
    ("I know Django.", "Django", "", "use Django"),  # not in the taxonomy
]  # fmt: skip
TECH = [
    ("Strong knowledge of HTML and JavaScript.", "HTML", "", "HTML"),
    ("Strong knowledge of HTML and JavaScript.", "JavaScript", "", "JavaScript"),
    ("Experience with Python is a plus.", "Python", "", "Python (computer programming)"),
]
SKILLSKAPE = [
    ("Proficient in spreadsheets and Excel.", "['use spreadsheets software']"),
    ("A global leader with 50,000 employees.", "['UNK']"),
    ("You will pour concrete and lay bricks.", "['pour concrete', 'lay bricks', 'weld steel']"),
]
JOBBERT = [
    ("Senior Bricklayer", occupation_uri("bricklayer")),
    ("Cashier (part time)", occupation_uri("cashier")),
    ("Nanny for two children", occupation_uri("childcare-worker")),
    ("Astronaut", "http://data.europa.eu/esco/occupation/not-in-the-fixture"),
]
MELO_CONCEPTS = [
    ("C1_en_000", occupation_uri("cashier")),
    ("C2_en_000", occupation_uri("bricklayer")),
    ("C3_en_000", occupation_uri("tailor")),
    ("C4_en_000", "http://data.europa.eu/esco/isco/C9999"),  # not in the taxonomy
]
MELO_QUERIES = [("Q1", "checkout clerk"), ("Q2", "mason"), ("Q3", "soldier")]
MELO_ANNOTATIONS = [
    ("Q1", "0", "C1_en_000", "1"),
    ("Q1", "0", "C3_en_000", "0"),  # not relevant
    ("Q2", "0", "C2_en_000", "1"),
    ("Q3", "0", "C4_en_000", "1"),  # only an unknown concept: no case
]


def _csv(path: Path, header: list[str], rows: list[tuple[str, ...]], index: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", *header] if index else header)
        for i, row in enumerate(rows):
            writer.writerow([str(i), *row] if index else row)


def _tsv(path: Path, rows: list[tuple[str, ...]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")


def write_bench(data_dir: Path) -> Path:
    """Write the bench under ``data_dir/bench`` and return that folder."""
    bench = data_dir / "bench"
    header = ["sentence", "span", "sub_span", "label"]
    _csv(bench / "skills" / "house_validation_annotations.csv", header, HOUSE)
    _csv(bench / "skills" / "tech_validation_annotations.csv", header, TECH)
    _csv(bench / "skills" / "skillskape_dev.csv", ["sentence", "skills"], SKILLSKAPE, index=True)
    _csv(
        bench / "titles" / "jobbert_titles_validation.csv",
        ["vacancyTitle", "conceptUri"],
        JOBBERT,
        index=True,
    )
    for name in MELO_SETS:
        folder = bench / "titles" / "melo" / name
        _tsv(folder / "concept_mapping.tsv", MELO_CONCEPTS)
        _tsv(folder / "queries.tsv", MELO_QUERIES)
        _tsv(folder / "annotations.tsv", MELO_ANNOTATIONS)
    return bench
