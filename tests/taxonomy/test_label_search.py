"""Unit tests of the framework-free label search core (no database)."""

from kazi.taxonomy.label_search import LabelIndex, normalise, tokens

ELECTRICIAN, PLUMBER, DOMESTIC, NURSE, TECH_DIRECTOR, HOUSEKEEPER = 1, 2, 3, 4, 5, 6

ROWS = [
    (ELECTRICIAN, "electrician", True),
    (ELECTRICIAN, "electrical fitter", False),
    (PLUMBER, "plumber", True),
    (PLUMBER, "pipe fitter", False),
    (DOMESTIC, "domestic electrician", True),
    (DOMESTIC, "house electrician", False),
    (NURSE, "nurse responsible for general care", True),
    (NURSE, "general nurse", False),
    (TECH_DIRECTOR, "technical director", True),
    (HOUSEKEEPER, "housekeeper", True),
]


def ids(hits):
    return [hit.concept_id for hit in hits]


def test_normalise_folds_case_accents_and_punctuation():
    assert normalise("Électricien/Électricienne (Bâtiment)") == "electricien electricienne batiment"
    assert normalise("  ŒUVRE   d’art ") == "oeuvre d art"
    assert normalise("Straße") == "strasse"
    assert normalise("C++ / C#") == "c c"
    assert normalise("...") == ""


def test_normalise_keeps_other_scripts():
    assert normalise("كهربائي عام") == "كهربايي عام"  # hamza carriers fold, letters stay
    # Arabic short vowels (harakat) are folded away.
    assert normalise("كَهْرَبائي") == normalise("كهربائي")
    assert normalise("مدرسة") == normalise("مدرسه")
    # Devanagari vowel signs are part of the word and stay.
    assert normalise("बिजली मिस्त्री") == "बिजली मिस्त्री"
    assert tokens("Plombier-chauffagiste") == ["plombier", "chauffagiste"]


def test_exact_label_comes_first_and_each_concept_once():
    index = LabelIndex(ROWS)
    hits = index.search("electrician")
    assert ids(hits)[:2] == [ELECTRICIAN, DOMESTIC]
    assert len(ids(hits)) == len(set(ids(hits)))
    assert hits[0].matched_label == "electrician" and hits[0].preferred


def test_prefix_of_the_last_word_matches_type_ahead():
    index = LabelIndex(ROWS)
    assert ids(index.search("elec"))[0] == ELECTRICIAN
    assert ids(index.search("plu")) == [PLUMBER]
    assert ids(index.search("technical dir")) == [TECH_DIRECTOR]


def test_one_or_two_letters_find_labels_that_start_with_them():
    index = LabelIndex(ROWS)
    assert ids(index.search("p")) == [PLUMBER]
    assert ids(index.search("ho")) == [HOUSEKEEPER, DOMESTIC]


def test_typos_are_tolerated():
    index = LabelIndex(ROWS)
    assert ids(index.search("electrcian"))[0] == ELECTRICIAN
    assert ids(index.search("plumbr"))[0] == PLUMBER
    assert ids(index.search("nurce"))[0] == NURSE
    # A typo while typing the beginning of a word.
    assert ids(index.search("electrc"))[0] == ELECTRICIAN


def test_short_words_must_match_exactly():
    index = LabelIndex(ROWS)
    assert index.search("xyz") == []


def test_alternative_labels_count_and_are_reported():
    index = LabelIndex(ROWS)
    hits = index.search("pipe fitter")
    assert ids(hits)[0] == PLUMBER
    assert hits[0].matched_label == "pipe fitter" and not hits[0].preferred


def test_labels_matching_every_word_beat_labels_matching_some():
    index = LabelIndex(ROWS)
    hits = index.search("general nurse care")
    assert ids(hits) == [NURSE]
    # No label has every word: the best partial matches still come back.
    assert NURSE in ids(index.search("nurse astronaut"))


def test_match_at_label_start_and_shorter_labels_rank_higher():
    index = LabelIndex(
        [
            (10, "assistant electrician", True),
            (11, "electrician assistant", True),
            (12, "electrician", True),
        ]
    )
    assert ids(index.search("electrician")) == [12, 11, 10]


def test_preferred_label_wins_a_tie():
    index = LabelIndex([(20, "cook", False), (21, "cook", True)])
    assert ids(index.search("cook")) == [21, 20]


def test_words_typed_apart_find_a_compound():
    index = LabelIndex(ROWS)
    assert ids(index.search("house keeper"))[0] == HOUSEKEEPER


def test_accents_and_case_do_not_matter():
    index = LabelIndex([(30, "électricien/électricienne", True), (31, "plombier", True)])
    assert ids(index.search("ELECTRICIEN")) == [30]
    assert ids(index.search("Électricienne")) == [30]
    assert ids(index.search("plomber")) == [31]


def test_scores_are_between_zero_and_one_and_sorted():
    index = LabelIndex(ROWS)
    hits = index.search("electric", limit=5)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


def test_limit_and_empty_queries():
    index = LabelIndex(ROWS)
    assert len(index.search("e", limit=1)) == 1
    assert index.search("") == []
    assert index.search("  -- ") == []
    assert index.search("nurse", limit=0) == []
    assert LabelIndex([]).search("nurse") == []


def test_duplicate_labels_are_indexed_once():
    index = LabelIndex([(40, "welder", False), (40, "Welder", True), (41, "welding", True)])
    assert len(index) == 2
    hit = index.search("welder")[0]
    assert hit.concept_id == 40 and hit.preferred
    assert index.preferred_label[40] == "Welder"
