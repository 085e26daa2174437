"""The word-for-word matcher (kazi/skills/lexical.py) on the fixture taxonomy's labels."""

from __future__ import annotations

import pytest

from kazi.skills.concepts import Taxonomy
from kazi.skills.lexical import BAG_SCORE, LexicalHit, LexicalIndex
from kazi.skills.text import tokenise
from tests.skills_fixture import skill_uri


@pytest.fixture(scope="module")
def index(taxonomy: Taxonomy) -> LexicalIndex:
    return LexicalIndex(taxonomy.skills)


def hits(index: LexicalIndex, text: str) -> dict[str, LexicalHit]:
    return {index.table.uris[c]: hit for c, hit in index.match(tokenise(text)).items()}


def evidence(text: str, hit: LexicalHit) -> list[str]:
    return [text[a:b] for a, b in hit.evidence]


def test_a_label_given_verbatim_scores_one_with_the_words_as_evidence(
    index: LexicalIndex,
) -> None:
    text = "Yesterday I repair mobile devices."
    hit = hits(index, text)[skill_uri("repair-phones")]
    assert hit.score == 1.0
    assert hit.evidence == ((12, 33),)
    assert evidence(text, hit) == ["repair mobile devices"]
    assert index.table.label_text[hit.label] == "repair mobile devices"


def test_word_forms_and_function_words_do_not_prevent_an_exact_match(
    index: LexicalIndex,
) -> None:
    text = "I cleaned the rooms and can care for elderly people"
    found = hits(index, text)
    assert found[skill_uri("cleaning")].score == 1.0  # "clean rooms"
    assert found[skill_uri("elderly")].score == 1.0  # "care for the elderly"
    assert evidence(text, found[skill_uri("cleaning")]) == ["cleaned the rooms"]


def test_reordered_words_score_lower_than_the_exact_label(index: LexicalIndex) -> None:
    text = "devices: mobile ones, I repair them"
    hit = hits(index, text)[skill_uri("repair-phones")]
    assert hit.score == BAG_SCORE < 1.0
    assert sorted(evidence(text, hit)) == ["devices", "mobile", "repair"]


def test_some_words_of_a_label_score_lower_still(index: LexicalIndex) -> None:
    text = "mobile devices"
    hit = hits(index, text)[skill_uri("repair-phones")]
    assert 0 < hit.score < BAG_SCORE
    assert evidence(text, hit) == ["mobile", "devices"]


def test_one_common_word_is_not_a_match(index: LexicalIndex) -> None:
    assert hits(index, "I have a mobile") == {}


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("Je sais garder des enfants", "childcare", "garder des enfants"),
        ("j'ai fait le ménage", "cleaning", "ménage"),
        ("Sé realizar tareas de limpieza", "cleaning", "realizar tareas de limpieza"),
        ("Puedo colocar ladrillos", "bricks", "colocar ladrillos"),
        ("babysitting", "childcare", "babysitting"),
        ("HTML", "html", "HTML"),
    ],
)
def test_labels_of_every_language_match(
    index: LexicalIndex, text: str, key: str, words: str
) -> None:
    hit = hits(index, text)[skill_uri(key)]
    assert hit.score == 1.0
    assert evidence(text, hit) == [words]


@pytest.mark.parametrize("text", ["", "the and of it was", "...", "je j ai de la"])
def test_function_words_alone_give_nothing(index: LexicalIndex, text: str) -> None:
    assert hits(index, text) == {}


def test_each_concept_keeps_its_best_label(index: LexicalIndex) -> None:
    text = "I do mobile phone repair and fix mobile phones"
    hit = hits(index, text)[skill_uri("repair-phones")]
    assert hit.score == 1.0
    assert evidence(text, hit) in (["mobile phone repair"], ["fix mobile phones"])
