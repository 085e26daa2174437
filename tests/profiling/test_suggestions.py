"""Highlighting the supporting words, and reading a long text up to the engine's limit."""

from __future__ import annotations

from kazi.profiling.suggestions import MAX_TEXT_CHARS, fit_text, highlight


def test_spans_are_marked_and_everything_else_escaped():
    text = "<b>Tom & Jerry</b>: I cook food\nand clean rooms"
    cook = text.index("cook food")
    clean = text.index("clean rooms")
    html = highlight(text, [(clean, clean + 11), (cook, cook + 9)])
    assert html == (
        "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;: I <mark>cook food</mark><br>"
        "and <mark>clean rooms</mark>"
    )


def test_overlapping_and_out_of_range_spans_are_merged_and_clipped():
    text = "gardé des enfants"
    assert highlight(text, [(0, 5), (3, 9), (10, 99), (4, 4)]) == (
        "<mark>gardé des</mark> <mark>enfants</mark>"
    )
    assert highlight(text, []) == "gardé des enfants"
    assert highlight("a<b", [(1, 2)]) == "a<mark>&lt;</mark>b"


def test_long_texts_are_cut_at_a_space_before_the_limit():
    short = "I cook food"
    assert fit_text(short) == short
    long = "word " * 2000
    cut = fit_text(long)
    assert len(cut) <= MAX_TEXT_CHARS and long.startswith(cut) and cut.endswith("word")
    unbroken = "x" * (MAX_TEXT_CHARS + 10)
    assert fit_text(unbroken) == "x" * MAX_TEXT_CHARS
