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
MAX_EVIDENCE = 5  # word spans kept per hit ("word " * 1000 must not return 1000 spans)


@dataclass(frozen=True, slots=True)
class LexicalHit:
    concept: int
    score: float  # 0..1
    label: int  # the label row that matched best
    evidence: tuple[tuple[int, int], ...]  # character offsets in the input


class LexicalIndex:
    """Labels by their content words: exact word sequences and IDF-weighted postings.

    The postings are plain arrays (`to_arrays`) that `kazi taxonomy embed` stores in the
    cache, so that loading 215,672 labels takes a fraction of a second."""

    def __init__(
        self,
        table: ConceptTable,
        label_stems: Sequence[str] | None = None,
        arrays: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.table = table
        if label_stems is None:
            label_stems = [" ".join(content_stems(text)) for text in table.label_text]
        self.label_stems = list(label_stems)
        self.arrays = arrays if arrays is not None else self._postings(self.label_stems)
        vocabulary = self.arrays["vocabulary"].tobytes().decode().split("\n")
        starts, rows = self.arrays["starts"], self.arrays["rows"]
        idf = self.arrays["idf"]
        self.lengths = self.arrays["lengths"]
        self.idf = dict(zip(vocabulary, idf.tolist(), strict=True))
        self.postings = {word: rows[starts[i] : starts[i + 1]] for i, word in enumerate(vocabulary)}
        self.total_idf = self.arrays["total_idf"]
        self.exact: dict[str, list[int]] = {}  # content stems joined by spaces -> rows
        for row in np.flatnonzero(self.lengths).tolist():
            self.exact.setdefault(self.label_stems[row], []).append(row)

    @staticmethod
    def _postings(label_stems: Sequence[str]) -> dict[str, np.ndarray]:
        vocabulary: dict[str, int] = {}
        word_ids: list[int] = []
        word_rows: list[int] = []
        lengths = np.zeros(len(label_stems), dtype=np.int32)
        for row, joined in enumerate(label_stems):
            words = joined.split()
            if not words or len(words) > MAX_LABEL_WORDS:
                continue
            lengths[row] = len(words)
            for word in set(words):
                word_ids.append(vocabulary.setdefault(word, len(vocabulary)))
                word_rows.append(row)
        ids = np.array(word_ids, dtype=np.int32)
        rows = np.array(word_rows, dtype=np.int32)
        order = np.argsort(ids, kind="stable")
        ids, rows = ids[order], rows[order]
        frequency = np.bincount(ids, minlength=len(vocabulary))
        n = max(len(label_stems), 1)
        idf = np.log1p(n / np.maximum(frequency, 1)).astype(np.float32)
        return {
            "vocabulary": np.frombuffer("\n".join(vocabulary).encode(), dtype=np.uint8),
            "starts": np.concatenate(([0], np.cumsum(frequency))).astype(np.int64),
            "rows": rows,
            "idf": idf,
            "lengths": lengths,
            "total_idf": np.bincount(rows, weights=idf[ids], minlength=n).astype(np.float32),
        }

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
                rows = self.exact.get(" ".join(stems[i : i + size]))
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
            evidence = tuple(sorted(o for s in words for o in offsets.get(s, [])))[:MAX_EVIDENCE]
            hits[concept] = LexicalHit(concept, score, row, evidence)
        return hits
