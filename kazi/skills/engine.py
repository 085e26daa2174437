"""The two operations: skills in a text, occupations for a title or a text.

Pipeline for one text (each step measured in docs/skills.md):

1. **Spans**: sentences and the phrases inside them (`segment`).
2. **Dense**: every span is embedded with each configured encoder; a concept's dense score
   is its best label cosine over the spans, standardised per text (z-score over all
   concepts), so that encoders with different score ranges can be added.
3. **Lexical**: labels found word for word in a span (`lexical`), in any loaded language.
4. **Fusion**: a weighted sum of the standardised dense scores and the lexical score.
5. **Relations** (skills only): the occupations the same span vectors point to lend weight
   to their essential and optional ESCO skills; skills related (ESCO skill–skill) to a
   skill found word for word get a little too.
6. **Bands**: a calibrated score in 0..1; at or above ``confident`` a result is
   "confident", above ``floor`` a "suggestion", and below it is not returned: a text with
   nothing recognisable returns an empty list, honestly.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .concepts import ConceptTable, Taxonomy
from .dense import DenseIndex
from .lexical import LexicalHit, LexicalIndex
from .memory import TitleMemory
from .segment import MAX_SPANS, Span, spans
from .text import Token, tokenise

__all__ = [
    "MAX_TEXT_CHARS",
    "Evidence",
    "Match",
    "OccupationRanker",
    "Settings",
    "SkillExtractor",
    "TextTooLongError",
]

MAX_TEXT_CHARS = 5000  # a long experience story or a full job ad; longer is refused


class TextTooLongError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(f"The text has {length} characters; the limit is {MAX_TEXT_CHARS}.")
        self.length = length


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    uri: str
    label: str
    score: float  # 0..1, calibrated on the development sets
    confidence: str  # "confident" or "suggested"
    evidence: tuple[Evidence, ...]
    how: str  # "words" (lexical), "meaning" (dense), or "both"


# Languages the Universal Sentence Encoder was trained on; for a text said to be in another
# language (Swahili, for instance) its vectors are noise and it is left out.
USE_LANGUAGES = frozenset(
    ["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"]
)


@dataclass(frozen=True)
class Settings:
    """Weights and thresholds (tuned on the development sets only; see docs/skills.md)."""

    # Shares of each encoder in the dense score.
    dense_weights: dict[str, float] = field(default_factory=lambda: {"e5": 1.0, "use": 0.3})
    dense_languages: dict[str, frozenset[str]] = field(
        default_factory=lambda: {"use": USE_LANGUAGES}
    )
    # Typical spread of each encoder's cosines over ESCO labels. A concept's dense score
    # is its cosine minus the text's mean cosine over all concepts, in units of this fixed
    # spread: a text whose words resemble everything (gibberish) gains nothing, and a
    # score means the same whatever the taxonomy's size.
    dense_spread: dict[str, float] = field(default_factory=lambda: {"e5": 0.0217, "use": 0.105})
    lexical_weight: float = 1.5  # times the lexical score (1 exact, 0.8 bag, less partial)
    relation_weight: float = 0.4  # skills of the occupations the text points to
    related_skill_weight: float = 0.2  # ESCO skill–skill neighbours of exact matches
    relation_occupations: int = 5
    # Encoders that read whole sentences only (not the phrases inside them): e5 is slow
    # (one sentence costs what USE spends on twenty phrases) and measured better on the
    # whole sentence than as the best of its phrases.
    sentences_only: frozenset[str] = frozenset({"e5"})
    shortlist: int | None = 300  # concepts scored label by label per span (None: all)
    # Title memory (occupations): votes of the nearest confirmed titles, counted in full
    # when the nearest is at cosine 1 and not at all at ``memory_gate`` or below.
    memory_encoder: str = "use"
    memory_weight: float = 0.0
    memory_gate: float = 0.6
    # Calibration, fitted by logistic regression on the top 10 of every development case:
    # score = sigmoid(scale * (fused - offset)) estimates the chance that a result is one
    # the annotators named (a lower bound: annotations are incomplete).
    scale: float = 1.070
    offset: float = 6.257
    confident: float = 0.3  # 4 in 10 confident results were annotated (a lower bound)
    floor: float = 0.03  # below this a result is not shown (the command line keeps it)


Vectors = dict[str, tuple[np.ndarray, np.ndarray]]  # encoder -> (span vectors, span indices)


@dataclass(frozen=True)
class Reading:
    """A text segmented and tokenised once, shared by every matcher that reads it."""

    text: str
    spans: list[Span]  # every sentence and phrase, in reading order
    tokens: list[list[Token]]  # the tokens inside each span


def read(text: str) -> Reading:
    """Spans and their tokens; refuses texts over `MAX_TEXT_CHARS`."""
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLongError(len(text))
    every = spans(text, max_spans=None)
    tokens = tokenise(text)
    starts = [t.start for t in tokens]
    inside = [
        [
            t
            for t in tokens[bisect_left(starts, piece.start) : bisect_left(starts, piece.end)]
            if t.end <= piece.end
        ]
        for piece in every
    ]
    return Reading(text, every, inside)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class _Ranker:
    """Shared machinery of the two operations over one concept table."""

    def __init__(
        self,
        table: ConceptTable,
        lexical: LexicalIndex,
        dense: Sequence[DenseIndex],
        settings: Settings,
    ) -> None:
        self.table = table
        self.lexical = lexical
        self.dense = {index.encoder.name: index for index in dense}
        self.settings = settings

    def _budget(self, reading: Reading, named: set[int]) -> list[Span]:
        """The spans to embed: all of them up to `MAX_SPANS`; in a longer text, sentences
        (with their phrases) where a label appears word for word (``named``: span indexes)
        come first, then the others in reading order, so that what the words found is also
        weighed by meaning."""
        if len(reading.spans) <= MAX_SPANS:
            return reading.spans
        groups: list[list[int]] = []
        for i, piece in enumerate(reading.spans):
            if piece.kind == "sentence" or not groups:
                groups.append([])
            groups[-1].append(i)
        ordered = sorted(groups, key=lambda group: not named & set(group))  # stable
        chosen: list[int] = []
        for group in ordered:
            if len(chosen) + len(group) <= MAX_SPANS:
                chosen.extend(group)
        return [reading.spans[i] for i in sorted(chosen)]

    def _weights(self, language: str | None) -> dict[str, float]:
        """Dense weights for a text in ``language`` (encoders that cannot read it drop out;
        all take part when the language is not known)."""
        s = self.settings
        return {
            name: weight
            for name, weight in s.dense_weights.items()
            if weight
            and name in self.dense
            and (
                language is None
                or name not in s.dense_languages
                or language in s.dense_languages[name]
            )
        }

    def _dense_scores(self, pieces: list[Span], vectors: Vectors) -> tuple[np.ndarray, np.ndarray]:
        """Fused dense score per concept and, per concept, the span that scored best."""
        total = np.zeros(len(self.table), dtype=np.float32)
        best_span = np.zeros(len(self.table), dtype=np.int32)
        best_value = np.full(len(self.table), -np.inf, dtype=np.float32)
        active = {
            name: weight
            for name, weight in self.settings.dense_weights.items()
            if weight and name in vectors and name in self.dense
        }
        # Weights are shares: the fused dense score keeps its scale (a z-score) whichever
        # encoders take part, so calibration holds when one drops out for a language.
        share = sum(active.values()) or 1.0
        for name, weight in active.items():
            index = self.dense[name]
            weight = weight / share
            matrix, which = vectors[name]
            per_span = index.concept_scores(matrix, self.settings.shortlist)
            # Each span against its own mean: a second sentence that resembles nothing in
            # particular neither helps nor hurts the first one's findings.
            valid = per_span > -1.0
            counts = np.maximum(valid.sum(axis=1, keepdims=True), 1)
            means = np.where(valid, per_span, 0.0).sum(axis=1, keepdims=True) / counts
            spread = self.settings.dense_spread.get(name, 1.0)
            standard = np.where(valid, (per_span - means) / spread, 0.0)
            total += weight * standard.max(axis=0)
            weighted = weight * standard
            arg = weighted.argmax(axis=0)
            better = weighted[arg, np.arange(len(self.table))] > best_value
            best_span[better] = which[arg[better]]
            best_value = np.maximum(best_value, weighted.max(axis=0))
        return total, best_span

    def lexical_hits(self, reading: Reading) -> tuple[dict[int, LexicalHit], set[int]]:
        """Word-for-word hits in every span of the whole text (matching words is cheap, so
        unlike the embeddings it reads everything), and the spans with an exact hit."""
        hits: dict[int, LexicalHit] = {}
        named: set[int] = set()
        for i, tokens in enumerate(reading.tokens):
            for concept, hit in self.lexical.match(tokens).items():
                if hit.score >= 1.0:
                    named.add(i)
                old = hits.get(concept)
                if old is None or hit.score > old.score:
                    hits[concept] = hit
        return hits, named

    def encode(self, pieces: list[Span], language: str | None) -> Vectors:
        """Span vectors per encoder, with the index in ``pieces`` of every row."""
        out: Vectors = {}
        for name in self._weights(language):
            which = np.array(
                [
                    i
                    for i, piece in enumerate(pieces)
                    if piece.kind == "sentence" or name not in self.settings.sentences_only
                ],
                dtype=np.int64,
            )
            out[name] = (self.dense[name].encoder.encode([pieces[i].text for i in which]), which)
        return out

    def _rank(
        self,
        text: str,
        pieces: list[Span],
        fused: np.ndarray,
        lexical: dict[int, LexicalHit],
        best_span: np.ndarray,
        language: str,
        top: int,
        allowed: np.ndarray | None,
        floor: bool,
    ) -> list[Match]:
        s = self.settings
        scores = _sigmoid(s.scale * (fused - s.offset))
        if allowed is not None:
            scores = np.where(allowed, scores, -1.0)
        order = np.argsort(-scores, kind="stable")[: max(top, 0)]
        out: list[Match] = []
        for concept in order.tolist():
            score = float(scores[concept])
            if score < 0 or (floor and score < s.floor):
                break
            hit = lexical.get(concept)
            if hit is not None:
                evidence = tuple(Evidence(a, b, text[a:b]) for a, b in hit.evidence)
            else:
                piece = pieces[int(best_span[concept])]
                evidence = (Evidence(piece.start, piece.end, piece.text),)
            dense_part = fused[concept] - (s.lexical_weight * hit.score if hit else 0.0)
            how = "words" if hit and dense_part <= 0 else "both" if hit else "meaning"
            out.append(
                Match(
                    uri=self.table.uris[concept],
                    label=self.table.preferred_label(concept, language),
                    score=round(score, 4),
                    confidence="confident" if score >= s.confident else "suggested",
                    evidence=evidence,
                    how=how,
                )
            )
        return out


class OccupationRanker(_Ranker):
    """Occupations for a job title or a text (ISCO groups only when asked for)."""

    def __init__(
        self,
        table: ConceptTable,
        lexical: LexicalIndex,
        dense: Sequence[DenseIndex],
        settings: Settings,
    ) -> None:
        super().__init__(table, lexical, dense, settings)
        self.is_occupation = np.array([g == "occupation" for g in table.groups], dtype=bool)
        self.memory: TitleMemory | None = None

    def scores(
        self,
        pieces: list[Span],
        vectors: Vectors,
        lexical: dict[int, LexicalHit],
        exclude_memory: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fused scores of every occupation, and the span each one's dense score came from."""
        s = self.settings
        fused, best_span = self._dense_scores(pieces, vectors)
        for concept, hit in lexical.items():
            fused[concept] += s.lexical_weight * hit.score
        if self.memory is not None and s.memory_weight and s.memory_encoder in vectors:
            matrix, _ = vectors[s.memory_encoder]
            votes, best = self.memory.votes(
                s.memory_encoder, matrix[:1], len(self.table), exclude_memory
            )
            trust = min(1.0, max(0.0, (best - s.memory_gate) / (1.0 - s.memory_gate)))
            fused += s.memory_weight * trust * votes
        return fused, best_span

    def rank(
        self,
        text: str,
        language: str = "en",
        top: int = 10,
        candidates: Sequence[str] | None = None,
        floor: bool = True,
        exclude_memory: np.ndarray | None = None,
        text_language: str | None = None,
    ) -> list[Match]:
        """Ranked occupations; ``candidates`` restricts to those URIs (ISCO groups allowed).
        ``floor`` as for `SkillExtractor.extract`; ``exclude_memory`` masks title-memory
        rows (cross-validated evaluation). ``language`` is the language of the labels;
        ``text_language``, when known, the text's (an encoder that cannot read it drops out)."""
        reading = read(text)
        if not reading.spans:
            return []
        lexical, named = self.lexical_hits(reading)
        pieces = self._budget(reading, named)
        vectors = self.encode(pieces, text_language)
        fused, best_span = self.scores(pieces, vectors, lexical, exclude_memory)
        if candidates is None:
            allowed = self.is_occupation
        else:
            allowed = np.zeros(len(self.table), dtype=bool)
            for uri in candidates:
                i = self.table.index_of(uri)
                if i is not None:
                    allowed[i] = True
        return self._rank(text, pieces, fused, lexical, best_span, language, top, allowed, floor)


class SkillExtractor(_Ranker):
    """ESCO skills in a text, with the words that support each."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        lexical: LexicalIndex,
        dense: Sequence[DenseIndex],
        occupations: OccupationRanker | None,
        settings: Settings,
    ) -> None:
        super().__init__(taxonomy.skills, lexical, dense, settings)
        self.occupations = occupations
        relations = taxonomy.relations
        n_occ, n_skill = len(taxonomy.occupations), len(taxonomy.skills)
        # Occupation → skill weights (essential 1, optional 0.5) as a dense-on-demand lookup.
        self._occ_rows = relations.occupation_skill[:, 0]
        self._occ_cols = relations.occupation_skill[:, 1]
        self._occ_weights = np.where(relations.occupation_skill_essential, 1.0, 0.5).astype(
            np.float32
        )
        order = np.argsort(self._occ_rows, kind="stable")
        self._occ_rows, self._occ_cols = self._occ_rows[order], self._occ_cols[order]
        self._occ_weights = self._occ_weights[order]
        self._occ_starts = np.searchsorted(self._occ_rows, np.arange(n_occ + 1))
        related: dict[int, list[int]] = {}
        for a, b in relations.skill_skill.tolist():
            related.setdefault(a, []).append(b)
            related.setdefault(b, []).append(a)
        self._related = related
        self._n_skill = n_skill

    def _relation_prior(self, occupation_scores: np.ndarray) -> np.ndarray:
        prior = np.zeros(self._n_skill, dtype=np.float32)
        k = self.settings.relation_occupations
        if k <= 0:
            return prior
        top = np.argsort(-occupation_scores)[:k]
        weights = np.exp(occupation_scores[top] - occupation_scores[top].max())
        weights /= weights.sum()
        for occupation, weight in zip(top.tolist(), weights.tolist(), strict=True):
            a, b = self._occ_starts[occupation], self._occ_starts[occupation + 1]
            np.maximum.at(prior, self._occ_cols[a:b], weight * self._occ_weights[a:b])
        return prior

    def extract(
        self,
        text: str,
        language: str = "en",
        top: int = 10,
        floor: bool = True,
        text_language: str | None = None,
    ) -> list[Match]:
        """Skills in ``text``, best first. With ``floor``, results under the floor are left
        out (an empty list means nothing was recognised); without, exactly ``top`` results
        come back for any text with words (the ranking contract of `kazi skills rank`).
        ``language`` is the language of the labels; ``text_language`` as for occupations."""
        reading = read(text)
        if not reading.spans:
            return []
        s = self.settings
        lexical, named = self.lexical_hits(reading)
        pieces = self._budget(reading, named)
        vectors = self.encode(pieces, text_language)
        fused, best_span = self._dense_scores(pieces, vectors)
        for concept, hit in lexical.items():
            fused[concept] += s.lexical_weight * hit.score
        if self.occupations is not None and s.relation_weight:
            # The occupation pass reads the first encoder's vectors only (e5 when present):
            # the prior is a soft hint, and a second encoder here cost 15 ms a sentence.
            first = next(iter(vectors), None)
            occ_vectors = {first: vectors[first]} if first else {}
            occ_lexical, _ = self.occupations.lexical_hits(reading)
            occ_scores, _ = self.occupations.scores(pieces, occ_vectors, occ_lexical)
            occ_scores = np.where(self.occupations.is_occupation, occ_scores, -math.inf)
            fused += s.relation_weight * self._relation_prior(occ_scores)
        if s.related_skill_weight:
            for concept, hit in lexical.items():
                if hit.score >= 1.0:
                    for other in self._related.get(concept, []):
                        fused[other] += s.related_skill_weight
        return self._rank(text, pieces, fused, lexical, best_span, language, top, None, floor)
