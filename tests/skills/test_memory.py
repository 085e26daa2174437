"""The title memory: confirmed job titles vote for their occupation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kazi.skills.concepts import Taxonomy
from kazi.skills.memory import TitleMemory
from kazi.skills.store import SkillsEngine, TitleSeed, build, build_memory, memory_file
from tests.skills_fixture import occupation_uri

SOURCE = "titles.csv"
# Titles no ESCO label resembles word for word, each confirmed by a person.
SEEDS = [
    TitleSeed("Fundi wa simu", occupation_uri("phone-technician"), SOURCE, 0),
    TitleSeed("Fundi wa simu na redio", occupation_uri("phone-technician"), SOURCE, 1),
    TitleSeed("Mama fua", occupation_uri("cleaner"), SOURCE, 2),
    TitleSeed("Mama fua wa nyumbani", occupation_uri("cleaner"), SOURCE, 3),
    TitleSeed("Title of an unknown occupation", "http://example.org/not-esco", SOURCE, 4),
]


@pytest.fixture(scope="module")
def with_memory(taxonomy: Taxonomy, tmp_path_factory: pytest.TempPathFactory) -> SkillsEngine:
    directory = tmp_path_factory.mktemp("memory")
    engine = SkillsEngine.from_taxonomy(taxonomy)
    build_memory(taxonomy, SEEDS, directory)
    engine.occupations.memory = TitleMemory.load(
        {"use": memory_file(directory, "use")}, taxonomy.version
    )
    return engine


def top(engine: SkillsEngine, text: str, exclude: np.ndarray | None = None) -> str:
    return engine.occupations.rank(text, "en", 1, floor=False, exclude_memory=exclude)[0].uri


def test_unknown_occupations_are_left_out_of_the_memory(with_memory: SkillsEngine) -> None:
    memory = with_memory.occupations.memory
    assert memory is not None
    assert len(memory) == 4
    assert "Title of an unknown occupation" not in memory.titles


def test_a_confirmed_title_ranks_its_occupation_first(
    with_memory: SkillsEngine, engine: SkillsEngine
) -> None:
    # Without the memory the taxonomy alone does not know this Swahili job title.
    assert top(engine, "Mama fua") != occupation_uri("cleaner")
    assert top(with_memory, "Mama fua") == occupation_uri("cleaner")
    assert top(with_memory, "Fundi wa simu") == occupation_uri("phone-technician")


def test_excluded_rows_do_not_vote(with_memory: SkillsEngine) -> None:
    memory = with_memory.occupations.memory
    assert memory is not None
    everything = np.ones(len(memory), dtype=bool)
    assert top(with_memory, "Mama fua", exclude=everything) != occupation_uri("cleaner")
    # Cross-validation: the rows of one file and fold only.
    fold = memory.exclusion(SOURCE, 2)
    assert fold.sum() == 1 and memory.titles[int(np.argmax(fold))] == "Mama fua"
    assert memory.exclusion("another.csv", 2).sum() == 0


def test_the_memory_is_part_of_the_cache(taxonomy: Taxonomy, tmp_path: Path) -> None:
    build(taxonomy, tmp_path, encoders=("use",), seeds=SEEDS)
    loaded = SkillsEngine.load(tmp_path, encoders=("use",))
    assert loaded.occupations.memory is not None
    assert len(loaded.occupations.memory) == 4
    ranked = loaded.occupations.rank("Mama fua", "en", 1, floor=False)
    assert ranked[0].uri == occupation_uri("cleaner")
