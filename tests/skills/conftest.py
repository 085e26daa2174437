"""Shared fixtures of the skills-core tests: no database, the real embedding models."""

from __future__ import annotations

import pytest

from kazi.skills.concepts import Taxonomy
from kazi.skills.store import SkillsEngine
from tests.skills_fixture import fixture_taxonomy


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return fixture_taxonomy()


@pytest.fixture(scope="session")
def engine(taxonomy: Taxonomy) -> SkillsEngine:
    """The fixture taxonomy embedded in memory with both real encoders (about 3 s, once)."""
    return SkillsEngine.from_taxonomy(taxonomy)
