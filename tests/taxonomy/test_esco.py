"""The real ESCO 1.1.1 import into the test database (marked `esco`; about 15-30 s).

Imported once for the module and removed again afterwards, so other tests keep their tiny
fixture taxonomy.
"""

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kazi.taxonomy import selectors
from kazi.taxonomy.models import (
    EscoRelease,
    IscoGroup,
    Label,
    Occupation,
    OccupationSkill,
    Skill,
    SkillBroader,
    SkillGroup,
    SkillRelation,
)

pytestmark = [pytest.mark.esco, pytest.mark.django_db]

ESCO = "http://data.europa.eu/esco"
ELECTRICIAN = f"{ESCO}/occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0"
PLUMBER = f"{ESCO}/occupation/ed3cf43d-c2c1-4c46-82fc-1375e27e0290"
TABLES = (
    Label,
    OccupationSkill,
    SkillRelation,
    SkillBroader,
    Occupation,
    Skill,
    SkillGroup,
    IscoGroup,
    EscoRelease,
)


def _import() -> tuple[str, float]:
    out = io.StringIO()
    started = time.perf_counter()
    call_command("taxonomy_import", "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue(), time.perf_counter() - started


@pytest.fixture(scope="module")
def esco(django_db_setup, django_db_blocker):
    if not (Path(settings.KAZI_DATA_DIR) / "esco").is_dir():
        pytest.fail(f"no ESCO data in {settings.KAZI_DATA_DIR}: set KAZI_DATA_DIR (see README)")
    with django_db_blocker.unblock():
        output, seconds = _import()
        yield {"output": output, "seconds": seconds}
        Occupation.objects.update(parent=None)
        for model in TABLES:
            model.objects.all()._raw_delete(model.objects.db)
        selectors.invalidate_search_index()


def test_counts(esco):
    assert "ESCO 1.1.1 imported" in esco["output"]
    print(f"\nESCO import into the test database: {esco['seconds']:.1f} s")
    assert Occupation.objects.count() == 3007
    assert Skill.objects.count() == 13896
    assert IscoGroup.objects.count() == 619
    assert SkillGroup.objects.count() == 640
    assert SkillRelation.objects.count() == 5899
    assert SkillBroader.objects.count() == 20656
    # 123,855 rows in occupationSkillRelations.csv; 67 of them belong to one occupation URI
    # that occupations_en.csv does not have, so 123,788 links are stored.
    release = EscoRelease.objects.get(version="1.1.1")
    assert release.counts["occupation_skill_rows_in_source"] == 123_855
    assert OccupationSkill.objects.count() == 123_788
    assert OccupationSkill.objects.filter(essential=True).count() == 64_891
    # 1,248 occupation → broader occupation rows; one is that same missing occupation.
    assert Occupation.objects.filter(parent__isnull=False).count() == 1247
    assert not Occupation.objects.filter(isco_group__isnull=True).exists()


def test_french_and_spanish_labels(esco):
    assert Occupation.objects.exclude(labels__has_key="fr").count() == 0
    assert Skill.objects.filter(labels__has_key="fr").count() == 13_379
    assert Label.objects.filter(language="es", kind="skill").exists()
    electrician = Occupation.objects.get(uri=ELECTRICIAN)
    assert electrician.labels["fr"] == "électricien/électricienne"
    assert electrician.description("fr")
    # The gendered halves are alternative labels.
    assert Label.objects.filter(
        kind="occupation", concept_id=electrician.pk, language="fr", text="électricienne"
    ).exists()


def test_second_import_is_a_no_op(esco):
    labels = Label.objects.count()
    output, seconds = _import()
    assert output.startswith("ESCO 1.1.1 already imported")
    assert seconds < 5
    assert Label.objects.count() == labels


def test_searching_electrician_finds_the_esco_electrician_first(esco):
    for query, language in [
        ("electrician", "en"),
        ("electrcian", "en"),
        ("électricien", "fr"),
        ("electricienne", "fr"),
    ]:
        hits = selectors.search_occupations(query, language, limit=5)
        assert hits[0].uri == ELECTRICIAN, (query, language, hits)


def test_french_searches(esco):
    assert selectors.search_occupations("plombier", "fr")[0].uri == PLUMBER
    assert selectors.search_occupations("plomber", "fr")[0].uri == PLUMBER
    hits = selectors.search_skills("gérer du personnel", "fr", limit=3)
    assert hits[0].label == "gérer du personnel"


def test_occupation_skills_of_the_electrician(esco):
    electrician = Occupation.objects.get(uri=ELECTRICIAN)
    essential, optional = selectors.occupation_skill_ids(electrician.pk)
    assert len(essential) >= 10 and len(optional) >= 10
