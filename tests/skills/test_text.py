"""Folding, tokens with offsets, light stemming and function words (kazi/skills/text.py)."""

from __future__ import annotations

import pytest

from kazi.skills.text import STOPWORDS, content_stems, fold, stem, tokenise


def stems_of(text: str) -> list[str]:
    return [t.stem for t in tokenise(text)]


def test_fold_case_and_latin_accents() -> None:
    assert fold("ÉCOLE Ménage") == "ecole menage"
    assert fold("Ça") == fold("ca")
    # A decomposed accent (e + combining acute) folds like the composed one.
    assert fold("cafe\u0301") == fold("café") == "cafe"


def test_fold_arabic_hamza_forms_and_short_vowels() -> None:
    assert fold("أحمد") == fold("إحمد") == fold("آحمد") == fold("احمد")
    assert fold("بِنَاء") == fold("بناء")  # harakat dropped
    assert fold("مدرسة") == fold("مدرسه")  # taa marbuta


def test_fold_turns_punctuation_into_spaces() -> None:
    assert fold("cleaning/cooking, driving!").split() == ["cleaning", "cooking", "driving"]
    assert fold("...!?") == ""


@pytest.mark.parametrize(
    "text",
    [
        "I fixed phones in my uncle's shop.",
        "j'ai gardé des enfants et fait le ménage",
        "Reparé teléfonos móviles",
        "عملت في البناء، والطبخ؟",
        "كَتَبَ البناء",  # short vowels inside the words
        "cafe\u0301 Straße ŒUVRE",
        "C++ and C# on .NET",
        "  tabs\tand\nnewlines  ",
        "",
    ],
)
def test_token_offsets_point_into_the_input(text: str) -> None:
    tokens = tokenise(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
    starts = [t.start for t in tokens]
    assert starts == sorted(starts)


def test_token_forms() -> None:
    [token] = tokenise("  Ménage ")
    assert (token.text, token.norm, token.start, token.end) == ("Ménage", "menage", 2, 8)
    # Arabic words keep their harakat in the text, not in the folded form.
    [word] = tokenise("كَتَبَ")
    assert word.text == "كَتَبَ" and word.norm == "كتب"


def test_light_stemming_makes_word_forms_meet() -> None:
    assert len(set(stems_of("clean cleaning cleaned cleans"))) == 1
    assert stem(fold("enfants")) == stem(fold("enfant"))
    assert stem(fold("gardé")) == stem(fold("garder"))  # "j'ai gardé" meets "garder"
    assert stem(fold("managing")) == stem(fold("manage"))
    # The Arabic article and conjunction-plus-article go.
    assert stem(fold("البناء")) == stem(fold("والبناء")) == stem(fold("بناء"))


def test_stemming_keeps_short_words_and_numbers() -> None:
    assert stem("cars") == "cars"  # four letters or fewer stay as they are
    assert stem("2024") == "2024"
    assert stem("") == ""
    # Different words stay different.
    assert stem(fold("cooking")) != stem(fold("cleaning"))


def test_stopwords_are_not_content() -> None:
    assert content_stems("I worked in the kitchen") == ("kitchen",)
    assert content_stems("j'ai fait le ménage") == (stem("menage"),)
    assert content_stems("limpié la cocina con mis amigos") == tuple(
        stem(fold(w)) for w in ("limpié", "cocina", "amigos")
    )
    assert content_stems("the and of it was") == ()
    assert all(t.is_stopword for t in tokenise("I and the of a"))
    # Numbers are content even when short.
    assert not tokenise("5")[0].is_stopword


def test_arabic_and_swahili_function_words_are_not_content() -> None:
    assert content_stems("عملت في البناء") == (stem(fold("عملت")), stem(fold("البناء")))
    assert content_stems("Nilifanya kazi katika hoteli na mgahawa") == tuple(
        stem(fold(w)) for w in ("Nilifanya", "kazi", "hoteli", "mgahawa")
    )


def test_every_stopword_is_recognised_after_folding() -> None:
    """Tokens are compared to the list by their folded form, so a listed word whose folded
    form is not listed (an Arabic word with a hamza or alif maqsura) is never recognised."""
    unreachable = sorted(w for w in STOPWORDS if fold(w) not in STOPWORDS)
    assert unreachable == []


def test_programming_languages_with_symbols_stay_distinct() -> None:
    """The word pattern keeps "C++" and "C#" whole, as its comment says, so that the ESCO
    skills "C++" and "C#" can be found word for word and are not the same word."""
    cpp, csharp = content_stems("C++"), content_stems("C#")
    assert cpp and csharp
    assert cpp != csharp
