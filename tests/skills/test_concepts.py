"""The taxonomy as plain data, its snapshot and the embedding cache (concepts.py, dense.py,
store.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kazi.skills.concepts import ConceptTable, LabelRow, Taxonomy
from kazi.skills.dense import DenseIndex, StaleCacheError
from kazi.skills.store import MissingCacheError, SkillsEngine, build, cache_files
from tests.skills_fixture import skill_uri


def assert_same_table(a: ConceptTable, b: ConceptTable) -> None:
    assert (a.kind, a.uris, a.groups) == (b.kind, b.uris, b.groups)
    assert a.label_text == b.label_text
    assert a.label_language == b.label_language
    assert a.label_concept.tolist() == b.label_concept.tolist()
    assert a.label_preferred.tolist() == b.label_preferred.tolist()
    assert a.descriptions == b.descriptions


# --- ConceptTable ----------------------------------------------------------------------


def small_table() -> ConceptTable:
    return ConceptTable.build(
        "skills",
        ["u:cook", "u:clean"],
        ["skill/competence", "knowledge"],
        [
            LabelRow(1, "housekeeping", "en", False),
            LabelRow(1, "faire le ménage", "fr", True),
            LabelRow(0, "  cook food ", "en", False),
            LabelRow(0, "prepare meals", "en", True),
            LabelRow(0, "prepare meals", "en", True),  # duplicate
            LabelRow(0, "   ", "fr", False),  # blank
        ],
        descriptions={"en": ["Cooking.", "Cleaning."]},
    )


def test_labels_are_grouped_by_concept_preferred_first() -> None:
    table = small_table()
    assert table.label_concept.tolist() == [0, 0, 1, 1]
    assert table.label_text == ["prepare meals", "cook food", "faire le ménage", "housekeeping"]
    assert table.label_preferred.tolist() == [True, False, True, False]
    assert table.concept_starts().tolist() == [0, 2]
    assert table.languages == ["en", "fr"]
    assert table.index_of("u:clean") == 1 and table.index_of("u:none") is None


def test_preferred_label_falls_back_to_english_then_any_label() -> None:
    table = small_table()
    assert table.preferred_label(0, "fr") == "prepare meals"  # no French label: English
    assert table.preferred_label(1, "fr") == "faire le ménage"
    assert table.preferred_label(1, "en") == "faire le ménage"  # no English preferred label
    assert table.preferred_label(0, "en") == "prepare meals"


def test_a_concept_without_labels_is_refused() -> None:
    with pytest.raises(ValueError, match="u:empty"):
        ConceptTable.build(
            "skills", ["u:a", "u:empty"], ["s", "s"], [LabelRow(0, "a label", "en", True)]
        )


# --- Taxonomy snapshot ------------------------------------------------------------------


def test_taxonomy_save_load_round_trip(taxonomy: Taxonomy, tmp_path: Path) -> None:
    skills = replace(taxonomy.skills, descriptions={"en": ["Some ünïcode — text"] * 20})
    original = replace(taxonomy, skills=skills)
    path = tmp_path / "cache" / "taxonomy.npz"
    original.save(path)
    loaded = Taxonomy.load(path)
    assert loaded.version == original.version
    assert_same_table(loaded.skills, original.skills)
    assert_same_table(loaded.occupations, original.occupations)
    for name in ("occupation_skill", "occupation_skill_essential", "skill_skill"):
        assert (
            getattr(loaded.relations, name).tolist() == getattr(original.relations, name).tolist()
        )
    assert loaded.skills.preferred_label(0, "fr") == original.skills.preferred_label(0, "fr")
    assert list(tmp_path.glob("cache/*")) == [path]  # no temporary file left behind


def test_relations(taxonomy: Taxonomy) -> None:
    occupations = taxonomy.occupations
    nanny = occupations.index_of("http://data.europa.eu/esco/occupation/fixture-childcare-worker")
    assert nanny is not None
    essential = {taxonomy.skills.uris[i] for i in taxonomy.relations.skills_of(nanny, True)}
    every = {taxonomy.skills.uris[i] for i in taxonomy.relations.skills_of(nanny)}
    assert essential == {skill_uri("childcare"), skill_uri("cooking")}
    assert every == essential | {skill_uri("cleaning"), skill_uri("first-aid")}


# --- DenseIndex cache -------------------------------------------------------------------


def test_dense_index_save_load_round_trip(engine: SkillsEngine, tmp_path: Path) -> None:
    index = engine.skills.dense["e5"]
    path = tmp_path / "e5-skills.npz"
    index.save(path, "test-1")
    loaded = DenseIndex.load(path, index.table, index.encoder, "test-1", check=True)
    assert loaded.rows.tolist() == index.rows.tolist()
    assert loaded.vectors.dtype == np.float32
    assert np.allclose(loaded.vectors, index.vectors, atol=2e-3)  # stored as float16
    query = index.encoder.encode(["I repaired phones"])
    assert np.allclose(loaded.concept_scores(query), index.concept_scores(query), atol=5e-3)


def test_dense_cache_of_another_encoder_or_release_is_stale(
    engine: SkillsEngine, tmp_path: Path
) -> None:
    e5, use = engine.skills.dense["e5"], engine.skills.dense["use"]
    path = tmp_path / "e5-skills.npz"
    e5.save(path, "test-1")
    with pytest.raises(StaleCacheError, match="use"):
        DenseIndex.load(path, e5.table, use.encoder, "test-1")
    with pytest.raises(StaleCacheError, match="test-2"):
        DenseIndex.load(path, e5.table, e5.encoder, "test-2")


def test_dense_cache_of_other_labels_is_stale(
    engine: SkillsEngine, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    index = engine.skills.dense["e5"]
    path = tmp_path / "e5-skills.npz"
    index.save(path, "test-1")
    renamed = replace(
        taxonomy.skills,
        label_text=[t.replace("mobile", "portable") for t in index.table.label_text],
    )
    DenseIndex.load(path, renamed, index.encoder, "test-1")  # not checked: loads
    with pytest.raises(StaleCacheError, match="other labels"):
        DenseIndex.load(path, renamed, index.encoder, "test-1", check=True)
    fewer = ConceptTable.build(
        "skills", [skill_uri("html")], ["skill/competence"], [LabelRow(0, "HTML", "en", True)]
    )
    with pytest.raises(StaleCacheError, match="does not match"):
        DenseIndex.load(path, fewer, index.encoder, "test-1")


def test_dense_index_of_some_languages(engine: SkillsEngine, taxonomy: Taxonomy) -> None:
    encoder = engine.skills.dense["use"].encoder
    spanish = DenseIndex.build(taxonomy.skills, encoder, languages=("es",))
    assert {taxonomy.skills.label_language[r] for r in spanish.rows.tolist()} == {"es"}
    scores = spanish.concept_scores(encoder.encode(["python"]))[0]
    python = taxonomy.skills.index_of(skill_uri("python"))
    bricks = taxonomy.skills.index_of(skill_uri("bricks"))
    assert python is not None and bricks is not None
    assert scores[python] == -1.0  # no Spanish label
    assert scores[bricks] > -1.0


# --- the on-disk cache -------------------------------------------------------------------


def save_vectors(engine: SkillsEngine, directory: Path, version: str) -> None:
    for name in ("e5", "use"):
        engine.skills.dense[name].save(directory / f"{name}-skills.npz", version)
        engine.occupations.dense[name].save(directory / f"{name}-occupations.npz", version)


def test_cache_build_keeps_current_vectors_and_loads_like_memory(
    engine: SkillsEngine, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    save_vectors(engine, tmp_path, taxonomy.version)
    written = build(taxonomy, tmp_path)
    assert [p.name for p in written] == ["taxonomy.npz", "lexicon.npz", "titles-use.npz"]
    assert all(p.exists() for p in cache_files(tmp_path))
    loaded = SkillsEngine.load(tmp_path)
    for text in ("I fixed phones in my uncle's shop", "j'ai gardé des enfants", "mason"):
        assert [m.uri for m in loaded.skills.extract(text)] == [
            m.uri for m in engine.skills.extract(text)
        ]
        assert [m.uri for m in loaded.occupations.rank(text)] == [
            m.uri for m in engine.occupations.rank(text)
        ]


@pytest.mark.parametrize("stale", ["another release", "other labels"])
def test_cache_build_replaces_stale_vectors(
    engine: SkillsEngine, taxonomy: Taxonomy, tmp_path: Path, stale: str
) -> None:
    """`build` keeps current vector files and embeds stale ones again (its comment: "stale
    or broken: build again"), rather than failing."""
    occupations = engine.occupations.dense["use"]
    engine.skills.dense["use"].save(tmp_path / "use-skills.npz", taxonomy.version)
    if stale == "another release":
        occupations.save(tmp_path / "use-occupations.npz", "older-release")
        current = taxonomy
    else:
        occupations.save(tmp_path / "use-occupations.npz", taxonomy.version)
        renamed = [t.replace("cashier", "till operator") for t in taxonomy.occupations.label_text]
        current = replace(taxonomy, occupations=replace(taxonomy.occupations, label_text=renamed))
    written = build(current, tmp_path, encoders=("use",))
    assert [p.name for p in written] == [
        "taxonomy.npz",
        "lexicon.npz",
        "use-occupations.npz",
        "titles-use.npz",
    ]
    DenseIndex.load(
        tmp_path / "use-occupations.npz",
        current.occupations,
        occupations.encoder,
        current.version,
        check=True,
    )


def test_incomplete_cache_says_how_to_build_it(taxonomy: Taxonomy, tmp_path: Path) -> None:
    taxonomy.save(tmp_path / "taxonomy.npz")
    with pytest.raises(MissingCacheError, match="kazi taxonomy embed") as error:
        SkillsEngine.load(tmp_path)
    assert "e5-skills.npz" in str(error.value)
