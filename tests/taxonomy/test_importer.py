"""The ESCO importer on a tiny export in the real layout (the real import: test_esco.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

from kazi.taxonomy import selectors
from kazi.taxonomy.importer import gender_halves, import_esco, label_texts
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
from tests.taxonomy import esco_sample as sample

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("taxonomy_import", "--no-progress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_gender_halves():
    assert gender_halves("directeur technique/directrice technique") == [
        "directeur technique",
        "directrice technique",
    ]
    assert gender_halves("waiter/waitress") == ["waiter", "waitress"]
    assert gender_halves("electrician") == []
    assert gender_halves("a/b/c") == []
    assert gender_halves("TCP/IP") == []  # too short to be two titles


def test_label_texts_split_alternatives_and_drop_repeats():
    assert label_texts("plumber", "plumber\npipe fitter\n\nPipe  Fitter", split_gender=False) == [
        ("plumber", True),
        ("pipe fitter", False),
    ]
    assert label_texts("régisseur/régisseuse", "", split_gender=True) == [
        ("régisseur/régisseuse", True),
        ("régisseur", False),
        ("régisseuse", False),
    ]


def test_import_loads_concepts_relations_and_labels(tmp_path):
    sample.write_sample(tmp_path)
    output = run("--data-dir", str(tmp_path))
    assert "ESCO 1.1.1 imported" in output
    assert Occupation.objects.count() == 3
    assert Skill.objects.count() == 3
    assert IscoGroup.objects.count() == 3
    assert SkillGroup.objects.get().labels == {"en": "building", "fr": "construction"}
    assert SkillBroader.objects.count() == 1

    electrician = Occupation.objects.get(uri=sample.OCC_ELECTRICIAN)
    assert electrician.code == "7411.1"
    assert electrician.isco_group.code == "7411"
    assert electrician.isco_group.parent.code == "7"
    assert electrician.isco_group.labels["fr"] == "Électriciens du bâtiment et assimilés"
    assert electrician.labels == {"en": "electrician", "fr": "électricien/électricienne"}
    assert electrician.descriptions["fr"] == "Les électriciens installent."
    domestic = Occupation.objects.get(uri=sample.OCC_DOMESTIC)
    assert domestic.parent == electrician

    wiring = Skill.objects.get(uri=sample.SKILL_WIRING)
    assert (wiring.skill_type, wiring.reuse_level) == ("skill/competence", "sector-specific")
    assert wiring.labels["fr"] == "installer du câblage électrique"
    assert Skill.objects.get(uri=sample.SKILL_SAFETY).skill_type == "knowledge"

    # The relation to an occupation missing from the export is skipped.
    assert OccupationSkill.objects.count() == 3
    assert selectors.occupation_skill_ids(electrician.pk) == (
        [wiring.pk],
        [Skill.objects.get(uri=sample.SKILL_SAFETY).pk],
    )
    assert SkillRelation.objects.get().related.uri == sample.SKILL_SAFETY

    fr = set(
        Label.objects.filter(
            concept_id=electrician.pk, kind="occupation", language="fr"
        ).values_list("text", "preferred")
    )
    assert fr == {
        ("électricien/électricienne", True),
        ("électricien du bâtiment/électricienne du bâtiment", False),
        ("électricien", False),
        ("électricienne", False),
        ("électricien du bâtiment", False),
        ("électricienne du bâtiment", False),
    }
    en = Label.objects.filter(concept_id=electrician.pk, kind="occupation", language="en")
    assert sorted(en.values_list("text", flat=True)) == ["building electrician", "electrician"]
    assert Label.objects.filter(language="es", text="fontanera").exists()

    release = EscoRelease.objects.get()
    assert release.version == "1.1.1"
    assert release.counts["occupation_skill_rows_in_source"] == 4
    assert release.counts["occupation_skills"] == 3


def test_imported_labels_are_searchable_at_once(tmp_path):
    sample.write_sample(tmp_path)
    run("--data-dir", str(tmp_path))
    electrician = Occupation.objects.get(uri=sample.OCC_ELECTRICIAN)
    assert selectors.search_occupations("electricienne", "fr")[0].id == electrician.pk
    assert selectors.search_occupations("fontanera", "es")[0].uri == sample.OCC_PLUMBER


def test_second_run_is_a_no_op(tmp_path):
    sample.write_sample(tmp_path)
    run("--data-dir", str(tmp_path))
    first_label_id = Label.objects.order_by("id").values_list("id", flat=True).first()
    assert run("--data-dir", str(tmp_path)).startswith("ESCO 1.1.1 already imported")
    assert Label.objects.order_by("id").values_list("id", flat=True).first() == first_label_id


def test_force_reimports_in_place_keeping_primary_keys(tmp_path):
    sample.write_sample(tmp_path)
    run("--data-dir", str(tmp_path))
    plumber_pk = Occupation.objects.get(uri=sample.OCC_PLUMBER).pk
    labels = Label.objects.count()
    sample.write_sample(tmp_path, plumber_label="plumber and pipefitter")
    output = run("--data-dir", str(tmp_path), "--force")
    assert "imported" in output
    plumber = Occupation.objects.get(uri=sample.OCC_PLUMBER)
    assert plumber.pk == plumber_pk
    assert plumber.labels["en"] == "plumber and pipefitter"
    assert Label.objects.count() == labels
    assert OccupationSkill.objects.count() == 3
    assert EscoRelease.objects.count() == 1
    assert selectors.search_occupations("pipefitter", "en")[0].id == plumber_pk


def test_changed_source_files_are_imported_again_without_force(tmp_path):
    sample.write_sample(tmp_path)
    run("--data-dir", str(tmp_path))
    sample.write_sample(tmp_path, plumber_label="master plumber")
    assert "imported in" in run("--data-dir", str(tmp_path))
    assert Occupation.objects.get(uri=sample.OCC_PLUMBER).labels["en"] == "master plumber"


def test_spanish_files_are_optional(tmp_path):
    sample.write_sample(tmp_path, spanish=False)
    run("--data-dir", str(tmp_path))
    assert not Label.objects.filter(language="es").exists()


def test_missing_data_dir_names_the_path_and_where_to_get_the_data(tmp_path):
    with pytest.raises(CommandError) as error:
        run("--data-dir", str(tmp_path / "nowhere"))
    message = str(error.value)
    assert str(tmp_path / "nowhere" / "esco") in message
    assert "KAZI_DATA_DIR" in message and "SOURCES.md" in message and "shared/data" in message
    assert not Occupation.objects.exists()


def test_missing_file_names_it_and_nothing_is_saved(tmp_path):
    sample.write_sample(tmp_path)
    missing = tmp_path / "esco" / "v1.0" / "fr" / "skills_fr.csv"
    missing.unlink()
    with pytest.raises(CommandError, match=r"skills_fr\.csv"):
        run("--data-dir", str(tmp_path))
    assert not Occupation.objects.exists() and not EscoRelease.objects.exists()


def test_import_function_can_run_without_progress_bars(tmp_path):
    sample.write_sample(tmp_path)
    result = import_esco(tmp_path)
    assert not result.skipped and result.counts["occupations"] == 3
    assert import_esco(tmp_path).skipped
