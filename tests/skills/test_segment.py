"""Sentences and phrases with offsets (kazi/skills/segment.py)."""

from __future__ import annotations

import random

import pytest

from kazi.skills.segment import MAX_SPANS, Span, phrases, sentences, spans

STORY = "I cleaned rooms. I cooked meals!\n- drove cars\n- sold phones"
AD = "Strong knowledge of HTML and CSS; solid understanding of Angular or React."


def texts(found: list[Span]) -> list[str]:
    return [s.text for s in found]


def assert_offsets(text: str, found: list[Span]) -> None:
    for span in found:
        assert span.text
        assert text[span.start : span.end] == span.text


def test_sentences_split_at_end_punctuation_and_list_items() -> None:
    found = sentences(STORY)
    assert texts(found) == ["I cleaned rooms.", "I cooked meals!", "drove cars", "sold phones"]
    assert {s.kind for s in found} == {"sentence"}
    assert_offsets(STORY, found)


def test_arabic_question_mark_and_semicolon_end_sentences() -> None:
    text = "نظفت البيوت؟ طبخت الطعام؛ قدت السيارات"
    assert texts(sentences(text)) == ["نظفت البيوت؟", "طبخت الطعام؛", "قدت السيارات"]


def test_phrases_split_at_punctuation_and_coordination() -> None:
    found = spans(AD)
    assert texts(found) == [
        "Strong knowledge of HTML and CSS;",
        "Strong knowledge of HTML",
        "CSS",
        "solid understanding of Angular or React.",
        "solid understanding of Angular",
        "React.",
    ]
    assert [s.kind for s in found] == ["sentence", "phrase", "phrase"] * 2
    assert_offsets(AD, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j'ai gardé des enfants et fait le ménage", ["j'ai gardé des enfants", "fait le ménage"]),
        ("limpieza, cocina y jardinería", ["limpieza", "cocina", "jardinería"]),
        ("usafi na upishi", ["usafi", "upishi"]),
        ("عملت في البناء، والطبخ", ["عملت", "البناء", "والطبخ"]),
        ("I fixed phones in my uncle's shop", ["I fixed phones", "my uncle's shop"]),
    ],
)
def test_phrases_in_the_languages_kazi_serves(text: str, expected: list[str]) -> None:
    [sentence] = sentences(text)
    found = phrases(sentence)
    assert texts(found) == expected
    assert_offsets(text, found)


def test_a_single_phrase_sentence_has_no_phrases() -> None:
    [sentence] = sentences("I repaired mobile phones")
    assert phrases(sentence) == []


def test_repeated_sentences_get_their_own_offsets() -> None:
    text = "Clean rooms. Clean rooms."
    assert [(s.start, s.end) for s in spans(text)] == [(0, 12), (13, 25)]


def test_windows_line_ends_and_blank_lines() -> None:
    text = "cleaning rooms\r\n\r\ncooking, driving\r\n"
    found = spans(text)
    assert texts(found) == ["cleaning rooms", "cooking, driving", "cooking", "driving"]
    assert_offsets(text, found)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "...!?", "- * •", "the and of", "؟،؛"])
def test_nothing_to_read_gives_no_spans(text: str) -> None:
    assert spans(text) == []


def test_spans_are_bounded() -> None:
    text = " ".join(f"I cleaned room {i}, cooked meal {i} and drove car {i}." for i in range(200))
    found = spans(text)
    assert len(found) == MAX_SPANS
    assert_offsets(text, found)
    assert len(spans(text, max_spans=3)) == 3


def test_offsets_hold_for_arbitrary_text() -> None:
    pieces = [
        "clean", "rooms", " ", ". ", "!", "\n", "\n\n", "\r\n", "- ", "• ", ";", ", ", " and ",
        " et ", "(", ")", "/", "e\u0301", "ménage", "البناء", "،", "؟", " و ", "\t", "\u00a0",
        " - ", "C++", "'", "\u200b", "ß",
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(40)))
        found = spans(text)
        assert len(found) <= MAX_SPANS
        assert_offsets(text, found)
