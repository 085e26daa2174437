"""The lexical matcher: ESCO labels found word for word (after folding and stemming).

Two kinds of evidence, per span of the input:

* **Exact**: the content words of a label appear in the span in the same order, next to
  each other ("repair mobile devices" in "I repair mobile devices"). Score 1.
* **Bag**: the label's content words all appear in the span, in any order or with other
  words between them; or most of them do, weighted by how rare each word is (IDF over all
  labels), so "mobile phone repair" still points to "repair mobile devices" a little.

A concept's lexical score is the best score over its labels (any loaded language) and
spans; the evidence is the matched words' offsets in the input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .concepts import ConceptTable
from .text import Token, content_stems

__all__ = ["LexicalHit", "LexicalIndex"]

MAX_LABEL_WORDS = 8
BAG_SCORE = 0.8  # all content words of a label, not next to each other
PARTIAL_WEIGHT = 0.6  # times coverage² for labels with some of their words present
MIN_PARTIAL_COVERAGE = 0.5


@dataclass(frozen=True, slots=True)
class LexicalHit:
    concept: int
    score: float  # 0..1
    label: int  # the label row that matched best
    evidence: tuple[tuple[int, int], ...]  # character offsets in the input


class LexicalIndex:
    def __init__(self, table: ConceptTable, label_stems: Sequence[str] | None = None) -> None:
        self.table = table
        if label_stems is None:
            label_stems = [" ".join(content_stems(text)) for text in table.label_text]
        self.label_stems = list(label_stems)
        self.exact: dict[tuple[str, ...], list[int]] = {}
        postings: dict[str, list[int]] = {}
        lengths = np.zeros(len(self.label_stems), dtype=np.int32)
        for row, joined in enumerate(self.label_stems):
            words = tuple(joined.split())
            if not words or len(words) > MAX_LABEL_WORDS:
                continue
            lengths[row] = len(words)
            self.exact.setdefault(words, []).append(row)
            for word in set(words):
                postings.setdefault(word, []).append(row)
        n = max(len(self.label_stems), 1)
        self.idf = {w: math.log(1 + n / len(rows)) for w, rows in postings.items()}
        self.postings = {w: np.array(rows, dtype=np.int32) for w, rows in postings.items()}
        total = np.zeros(len(self.label_stems), dtype=np.float32)
        for word, rows in self.postings.items():
            total[rows] += self.idf[word]
        self.total_idf = total
        self.lengths = lengths

    def match(self, tokens: Sequence[Token]) -> dict[int, LexicalHit]:
        """Best lexical hit per concept for one span's tokens."""
        content = [t for t in tokens if not t.is_stopword]
        hits: dict[int, LexicalHit] = {}
        if not content:
            return hits
        concepts = self.table.label_concept

        def keep(hit: LexicalHit) -> None:
            old = hits.get(hit.concept)
            if old is None or hit.score > old.score:
                hits[hit.concept] = hit

        stems = [t.stem for t in content]
        for size in range(min(len(stems), MAX_LABEL_WORDS), 0, -1):
            for i in range(len(stems) - size + 1):
                rows = self.exact.get(tuple(stems[i : i + size]))
                if rows:
                    span = ((content[i].start, content[i + size - 1].end),)
                    for row in rows:
                        keep(LexicalHit(int(concepts[row]), 1.0, row, span))

        present = sorted({s for s in stems if s in self.postings})
        if not present:
            return hits
        ids = np.concatenate([self.postings[s] for s in present])
        weights = np.concatenate(
            [np.full(len(self.postings[s]), self.idf[s], dtype=np.float32) for s in present]
        )
        unique, inverse = np.unique(ids, return_inverse=True)
        matched = np.bincount(inverse, weights=weights).astype(np.float32)
        coverage = matched / self.total_idf[unique]
        strong = coverage >= MIN_PARTIAL_COVERAGE
        # A one-word partial match is only a hit when it covers the whole label.
        strong &= (self.lengths[unique] >= 2) | (coverage >= 0.999)
        offsets: dict[str, list[tuple[int, int]]] = {}
        for t in content:
            offsets.setdefault(t.stem, []).append((t.start, t.end))
        for row, cov in zip(unique[strong].tolist(), coverage[strong].tolist(), strict=True):
            concept = int(concepts[row])
            score = BAG_SCORE if cov >= 0.999 else PARTIAL_WEIGHT * cov * cov
            old = hits.get(concept)
            if old is not None and old.score >= score:
                continue
            words = set(self.label_stems[row].split())
            evidence = tuple(sorted(o for s in words for o in offsets.get(s, [])))
            hits[concept] = LexicalHit(concept, score, row, evidence)
        return hits
