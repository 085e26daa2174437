import pytest

from kazi.taxonomy import selectors
from kazi.taxonomy.models import Label
from tests.factories import make_occupation, make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    wiring = make_skill("install electrical wiring", fr="installer du câblage électrique")
    safety = make_skill("follow health and safety rules", alt_en=("apply safety procedures",))
    pipes = make_skill("install pipes", fr="installer des tuyaux")
    electrician = make_occupation(
        "electrician", fr="électricien/électricienne", essential=(wiring, safety), optional=(pipes,)
    )
    plumber = make_occupation("plumber", fr="plombier/plombière", essential=(pipes,))
    nurse = make_occupation("nurse")  # no French label
    return {
        "wiring": wiring,
        "safety": safety,
        "pipes": pipes,
        "electrician": electrician,
        "plumber": plumber,
        "nurse": nurse,
    }


def test_search_occupations_returns_concept_hits(taxonomy):
    hits = selectors.search_occupations("electr", "en")
    assert hits[0] == selectors.ConceptHit(
        id=taxonomy["electrician"].pk,
        uri=taxonomy["electrician"].uri,
        label="electrician",
        matched_label="electrician",
        score=hits[0].score,
    )
    assert 0 < hits[0].score <= 1


def test_search_in_french_with_accents_dropped_and_typos(taxonomy):
    assert selectors.search_occupations("electricien", "fr")[0].id == taxonomy["electrician"].pk
    hit = selectors.search_occupations("plomber", "fr")[0]
    assert hit.id == taxonomy["plumber"].pk
    assert hit.label == "plombier/plombière"


def test_search_in_french_falls_back_to_english_labels(taxonomy):
    hits = selectors.search_occupations("nurse", "fr")
    assert [h.id for h in hits] == [taxonomy["nurse"].pk]
    assert hits[0].label == "nurse"
    # A French label outranks an English one for a concept that has both.
    french = selectors.search_skills("installer", "fr")
    assert {h.id for h in french[:2]} == {taxonomy["wiring"].pk, taxonomy["pipes"].pk}
    assert french[0].label.startswith("installer")


def test_search_uses_alternative_labels_and_reports_them(taxonomy):
    hit = selectors.search_skills("safety proc", "en")[0]
    assert hit.id == taxonomy["safety"].pk
    assert hit.label == "follow health and safety rules"
    assert hit.matched_label == "apply safety procedures"


def test_language_codes_are_normalised_and_unknown_ones_fall_back(taxonomy):
    assert selectors.search_occupations("plombier", "fr-CA")[0].id == taxonomy["plumber"].pk
    # Arabic has no ESCO labels here: English labels answer.
    assert selectors.search_occupations("plumber", "ar")[0].id == taxonomy["plumber"].pk


def test_limit_is_bounded_and_empty_query_finds_nothing(taxonomy):
    assert len(selectors.search_skills("install", "en", limit=1)) == 1
    assert len(selectors.search_skills("i", "en", limit=500)) <= selectors.MAX_LIMIT
    assert selectors.search_skills("   ", "en") == []


def test_the_cache_sees_labels_added_after_the_first_search(taxonomy):
    assert selectors.search_occupations("welder", "en") == []
    welder = make_occupation("welder")
    assert [h.id for h in selectors.search_occupations("welder", "en")] == [welder.pk]
    Label.objects.create(
        kind="occupation", concept_id=welder.pk, language="en", text="metal joiner"
    )
    hit = selectors.search_occupations("metal join", "en")[0]
    assert (hit.id, hit.matched_label) == (welder.pk, "metal joiner")


def test_the_cache_sees_the_latest_labels_removed(taxonomy):
    assert selectors.search_occupations("nurse", "en")
    Label.objects.filter(concept_id=taxonomy["nurse"].pk, kind="occupation").delete()
    assert selectors.search_occupations("nurse", "en") == []


def test_labels_of_deleted_concepts_are_not_returned(taxonomy):
    pk = taxonomy["nurse"].pk
    taxonomy["nurse"].delete()  # its Label rows stay behind
    assert pk not in [h.id for h in selectors.search_occupations("nurse", "en")]


def test_occupation_skill_ids(taxonomy):
    essential, optional = selectors.occupation_skill_ids(taxonomy["electrician"].pk)
    assert sorted(essential) == sorted([taxonomy["wiring"].pk, taxonomy["safety"].pk])
    assert optional == [taxonomy["pipes"].pk]
    assert selectors.occupation_skill_ids(999_999) == ([], [])


def test_labels_in_a_language_fall_back_to_english(taxonomy):
    labels = selectors.skill_labels([taxonomy["wiring"].pk, taxonomy["safety"].pk], "fr")
    assert labels == {
        taxonomy["wiring"].pk: "installer du câblage électrique",
        taxonomy["safety"].pk: "follow health and safety rules",
    }
    occupations = selectors.occupation_labels([taxonomy["plumber"].pk], "fr")
    assert occupations == {taxonomy["plumber"].pk: "plombier/plombière"}


def test_occupation_detail_lists_skills_in_the_language(taxonomy):
    detail = selectors.occupation_detail(taxonomy["electrician"].pk, "fr")
    assert detail is not None
    assert detail.label == "électricien/électricienne"
    assert [s.label for s in detail.essential_skills] == [
        "follow health and safety rules",
        "installer du câblage électrique",
    ]
    assert [s.label for s in detail.optional_skills] == ["installer des tuyaux"]
    assert selectors.occupation_detail(999_999, "en") is None


def test_skill_detail(taxonomy):
    detail = selectors.skill_detail(taxonomy["pipes"].pk, "en")
    assert detail is not None
    assert detail.occupations_count == 2
    assert detail.essential_for == [(taxonomy["plumber"].pk, "plumber")]
    assert selectors.skill_detail(999_999, "en") is None
