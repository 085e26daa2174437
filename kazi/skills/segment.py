"""Candidate spans: sentences, then phrases inside each sentence, with offsets.

A sentence of a job ad or of a worker's story usually names several skills ("Strong
knowledge of HTML and CSS; solid understanding of Angular or React"). Embedding the whole
sentence finds its main topic; embedding each phrase finds the others. Phrases are cut at
punctuation and at coordinating words in the languages Kazi serves, and kept when they hold
at least one content word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import STOPWORDS, fold

__all__ = ["MAX_SPANS", "Span", "phrases", "sentences", "spans"]

MAX_SPANS = 24  # per text: bounds the work for any input

_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+|\n\s*\n|\n(?=\s*[-*•·▪●]\s)|[\r\n]+|(?<=[;؛])\s+")
_PHRASE_BREAK = re.compile(
    r"\s*[,;:()\[\]/|•·▪●–—،؛]\s*|\s+-\s+|\s+(?:and|or|as well as|et|ou|ainsi que|y|o|e|u"
    r"|na|au|pamoja na|و|او|أو"
    # Places and circumstances ("I fixed phones | in my uncle's shop | in Kakuma").
    r"|in|at|for|from|during|dans|chez|pour|pendant|en|à|para|durante|con|katika|kwa|في)\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # "sentence" or "phrase"


def _content_words(text: str) -> int:
    return sum(1 for word in fold(text).split() if word not in STOPWORDS and len(word) > 1)


def sentences(text: str) -> list[Span]:
    out: list[Span] = []
    position = 0
    for piece in [*_SENTENCE_END.split(text)]:
        start = text.find(piece, position)
        if start < 0:
            continue
        position = start + len(piece)
        stripped = piece.strip(" \t-*•·▪●")
        if not stripped or not _content_words(stripped):
            continue
        offset = start + piece.find(stripped)
        out.append(Span(offset, offset + len(stripped), stripped, "sentence"))
    return out


def phrases(sentence: Span) -> list[Span]:
    """Phrases of one sentence (none when the sentence is a single phrase)."""
    out: list[Span] = []
    position = 0
    text = sentence.text
    for match in [*_PHRASE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end].strip()
        if piece and _content_words(piece):
            offset = sentence.start + text.find(piece, position)
            out.append(Span(offset, offset + len(piece), piece, "phrase"))
        if match:
            position = match.end()
    if len(out) == 1 and out[0].text == text:
        return []
    return out


def spans(text: str, max_spans: int | None = MAX_SPANS) -> list[Span]:
    """Sentences and their phrases in reading order, at most ``max_spans`` (None: all)."""
    out: list[Span] = []
    for sentence in sentences(text):
        out.append(sentence)
        out.extend(phrases(sentence))
        if max_spans is not None and len(out) >= max_spans:
            break
    return out if max_spans is None else out[:max_spans]
