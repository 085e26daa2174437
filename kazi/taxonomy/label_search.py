"""Label search: find concepts (occupations, skills) by any of their labels.

A framework-free core (no Django import). ``LabelIndex`` is built once from
``(concept_id, label text, preferred)`` rows of one kind and one language and then answers
type-ahead queries in memory:

* **Normalisation** folds case and Latin accents, turns punctuation into spaces and keeps
  every other script (Arabic, Devanagari, ...) as it is.
* **Tokens** of every label go into a vocabulary with postings (which labels contain the
  token, and where).
* **Query tokens** are expanded to vocabulary tokens: the exact token; for the last token
  (the one being typed) every token that starts with it; tokens within one or two typing
  errors (rapidfuzz optimal string alignment distance); and for the last token, tokens
  whose beginning is within one error of it ("electrc" finds "electrician").
* **Scoring** rewards labels that match every query token, strong token matches (exact
  over prefix over fuzzy), a match at the start of the label, an exact label match,
  preferred labels and short labels. Each concept appears once, with its best label.
"""

from __future__ import annotations

import bisect
import heapq
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["LabelHit", "LabelIndex", "normalise", "tokens"]

# --- normalisation ---------------------------------------------------------------------

_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}
_ARABIC_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}


def _is_dropped_mark(char: str) -> bool:
    code = ord(char)
    # Combining diacritical marks (Latin, Greek, Cyrillic accents after NFKD) and Arabic
    # short vowels (harakat), superscript alef and tatweel. Marks of other scripts (for
    # example Devanagari vowel signs) are letters of the word and are kept.
    return (
        0x0300 <= code <= 0x036F
        or 0x1AB0 <= code <= 0x1AFF
        or 0x1DC0 <= code <= 0x1DFF
        or 0x064B <= code <= 0x065F
        or code in (0x0670, 0x0640)
    )


class _FoldTable(dict[int, str | None]):
    """A lazily filled ``str.translate`` table: accents dropped, punctuation to space."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value: str | None
        if char in _LIGATURES:
            value = _LIGATURES[char]
        elif char in _ARABIC_FOLDS:
            value = _ARABIC_FOLDS[char]
        elif _is_dropped_mark(char):
            value = None
        else:
            # Punctuation, symbols, separators and controls separate words.
            value = " " if unicodedata.category(char)[0] in "PSZC" else char
        self[code] = value
        return value


_FOLD = _FoldTable()


def normalise(text: str) -> str:
    """Case-folded, accent-folded text with punctuation replaced by single spaces.

    >>> normalise("Électricien/Électricienne (bâtiment)")
    'electricien electricienne batiment'
    """
    folded = unicodedata.normalize("NFKD", text).translate(_FOLD).casefold()
    return unicodedata.normalize("NFC", " ".join(folded.split()))


def tokens(text: str) -> list[str]:
    return normalise(text).split()


# --- index -----------------------------------------------------------------------------

_HIGHEST = "\U0010ffff"  # sorts after every character: the end of a prefix range
_MAX_QUERY_TOKENS = 8
_COMMON = 2500  # a query token matching more labels than this only filters candidates

# Weights of a query token matching a label token.
W_EXACT = 1.0
W_PREFIX = 0.9  # minus up to 0.15 for long completions
W_FUZZY_1 = 0.78  # one typing error
W_FUZZY_2 = 0.62  # two typing errors
W_FUZZY_PREFIX = 0.7  # the typed beginning is one error away from a token's beginning
W_SHORT_PREFIX = 0.8  # a one- or two-letter beginning of a word
# Bonuses added to the coverage (0..1) of a label.
B_EXACT_LABEL = 0.3
B_LABEL_PREFIX = 0.12  # the label starts with the whole query
B_START = 0.1  # the first query token matches the first label token
B_PREFERRED = 0.05
B_SHORT = 0.2  # times the share of label tokens that the query matched
PARTIAL_PENALTY = 0.6  # labels that miss a query token are multiplied by this
MAX_SCORE = 1.0 + B_EXACT_LABEL + B_START + B_PREFERRED + B_SHORT  # an exact preferred label


def _max_errors(token: str) -> int:
    if len(token) <= 3:
        return 0
    if len(token) <= 7:
        return 1
    return 2


@dataclass(frozen=True, slots=True)
class LabelHit:
    concept_id: int
    matched_label: str
    preferred: bool
    score: float  # 0..1


class LabelIndex:
    """An in-memory search index over the labels of one kind of concept in one language."""

    def __init__(self, rows: Iterable[tuple[int, str, bool]]) -> None:
        self.concepts = array("q")
        self.texts: list[str] = []
        self.norms: list[str] = []
        self.preferred = bytearray()
        self.lengths = bytearray()  # number of tokens, capped at 255
        self.preferred_label: dict[int, str] = {}
        labels_of: dict[str, list[int]] = {}
        starts_of: dict[str, list[int]] = {}
        seen: dict[tuple[int, str], int] = {}
        for concept_id, text, is_preferred in rows:
            norm = normalise(text)
            if not norm:
                continue
            if is_preferred:
                self.preferred_label.setdefault(concept_id, text)
            key = (concept_id, norm)
            if key in seen:  # the same label twice (often the preferred label repeated)
                if is_preferred:
                    number = seen[key]
                    self.preferred[number] = 1
                    self.texts[number] = text
                continue
            number = len(self.texts)
            seen[key] = number
            self.concepts.append(concept_id)
            self.texts.append(text)
            self.norms.append(norm)
            self.preferred.append(1 if is_preferred else 0)
            words = norm.split()
            self.lengths.append(min(len(words), 255))
            starts_of.setdefault(words[0], []).append(number)
            for word in set(words):
                labels_of.setdefault(word, []).append(number)
        # word -> label numbers that contain it / that start with it
        self.labels_of: dict[str, array[int]] = {w: array("q", n) for w, n in labels_of.items()}
        self.starts_of: dict[str, array[int]] = {w: array("q", n) for w, n in starts_of.items()}
        self.vocabulary: list[str] = sorted(self.labels_of)
        self._by_length: dict[int, list[str]] = {}
        for word in self.vocabulary:
            self._by_length.setdefault(len(word), []).append(word)
        self._prefixes: dict[int, list[str]] = {}
        # Labels sorted by normalised text, for "the label starts with ..." look-ups.
        self._sorted_norms: list[tuple[str, int]] = sorted(
            (norm, number) for number, norm in enumerate(self.norms)
        )
        # The part of a label's score that does not depend on the query.
        self._static = array(
            "d",
            (
                B_PREFERRED * self.preferred[n] + B_SHORT / self.lengths[n]
                for n in range(len(self.texts))
            ),
        )
        self._short_cache: dict[tuple[str, int], list[LabelHit]] = {}

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def concept_count(self) -> int:
        return len(set(self.concepts))

    # -- expansion of query tokens to vocabulary tokens --

    def _prefix_range(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + _HIGHEST, lo=start)
        return self.vocabulary[start:end]

    def _fuzzy(self, token: str, max_errors: int) -> list[tuple[str, int]]:
        choices: list[str] = []
        for length in range(len(token) - max_errors, len(token) + max_errors + 1):
            choices.extend(self._by_length.get(length, ()))
        found = process.extract(
            token, choices, scorer=OSA.distance, score_cutoff=max_errors, limit=None
        )
        return [(word, int(distance)) for word, distance, _ in found if distance > 0]

    def _prefixes_of_length(self, length: int) -> list[str]:
        prefixes = self._prefixes.get(length)
        if prefixes is None:
            prefixes = sorted({w[:length] for w in self.vocabulary if len(w) > length})
            self._prefixes[length] = prefixes
        return prefixes

    def _expand(self, token: str, last: bool) -> dict[str, float]:
        """Vocabulary words a query token stands for, with the strength of each match."""
        weights: dict[str, float] = {}
        if token in self.labels_of:
            weights[token] = W_EXACT
        if last:
            for word in self._prefix_range(token):
                if word != token:
                    completion = 1 - len(token) / len(word)
                    weights[word] = W_PREFIX - 0.15 * completion
        errors = _max_errors(token)
        if errors:
            for word, distance in self._fuzzy(token, errors):
                weight = W_FUZZY_1 if distance == 1 else W_FUZZY_2
                # Between equally close words, the more common one is the likelier intent.
                weight += 0.002 * min(len(self.labels_of[word]), 10)
                if weights.get(word, 0.0) < weight:
                    weights[word] = weight
            if last and len(token) >= 4:
                close = process.extract(
                    token,
                    self._prefixes_of_length(len(token)),
                    scorer=OSA.distance,
                    score_cutoff=1,
                    limit=12,
                )
                for prefix, distance, _ in close:
                    if distance == 0:
                        continue
                    for word in self._prefix_range(prefix):
                        if weights.get(word, 0.0) < W_FUZZY_PREFIX:
                            weights[word] = W_FUZZY_PREFIX
        return weights

    # -- search --

    def search(self, query: str, limit: int = 10) -> list[LabelHit]:
        """The best ``limit`` concepts for ``query``, one hit per concept, best first."""
        words = normalise(query).split()[:_MAX_QUERY_TOKENS]
        if not words or limit <= 0 or not self.texts:
            return []
        if len(words) == 1 and len(words[0]) < 3:
            return self._search_short(words[0], limit)
        hits = self._search_words(words, limit)
        # "house keeper" should also find "housekeeper": try one pair of words joined.
        for i in range(len(words) - 1):
            joined = words[i] + words[i + 1]
            last_pair = i == len(words) - 2
            if joined in self.labels_of or (last_pair and self._prefix_range(joined)):
                variant = [*words[:i], joined, *words[i + 2 :]]
                hits = _merge(hits, self._search_words(variant, limit), limit)
                break
        return hits

    def _search_words(self, words: list[str], limit: int) -> list[LabelHit]:
        count = len(words)
        # Expand every query token; a one- or two-letter last token only narrows.
        expansions: list[dict[str, float] | None] = []
        sizes: list[int] = []
        for i, word in enumerate(words):
            last = i == count - 1
            if last and len(word) < 3:
                expansions.append(None)
                sizes.append(-1)
            else:
                expansion = self._expand(word, last)
                expansions.append(expansion)
                sizes.append(sum(len(self.labels_of[w]) for w in expansion))
        # Rare tokens generate the candidate labels; common ones ("de", "manage") only
        # check the candidates, which keeps long queries fast.
        order = sorted((i for i in range(count) if sizes[i] > 0), key=lambda i: sizes[i])
        generators = {i for i in order if sizes[i] <= _COMMON} or set(order[:1])
        total: dict[int, float] = {}  # label number -> sum of the query tokens' weights
        matches: dict[int, int] = {}  # label number -> number of query tokens matched
        starts: set[int] = set()  # labels whose first word matches the first query token
        for i in sorted(generators):
            expansion = expansions[i] or {}
            weights: dict[int, float] = {}
            # Weakest first, so a label keeps the weight of its strongest match.
            for word in sorted(expansion, key=expansion.__getitem__):
                weights.update(dict.fromkeys(self.labels_of[word], expansion[word]))
            if i == 0:
                for word in expansion:
                    starts.update(self.starts_of.get(word, ()))
            if not total:
                total = weights
                matches = dict.fromkeys(weights, 1)
            else:
                for number, weight in weights.items():
                    total[number] = total.get(number, 0.0) + weight
                    matches[number] = matches.get(number, 0) + 1
        for i in range(count):
            if i in generators or not total:
                continue
            pending = expansions[i]
            if pending is None:
                found = self._narrow(words[i], total, starts if i == 0 else None)
            elif pending:
                found = self._filter(pending, total, starts if i == 0 else None)
            else:
                continue
            for number, weight in found.items():
                total[number] += weight
                matches[number] += 1
        return self._rank(total, matches, starts, count, " ".join(words), limit)

    def _filter(
        self, expansion: dict[str, float], candidates: dict[int, float], starts: set[int] | None
    ) -> dict[int, float]:
        """Check a common query token against the candidate labels only."""
        norms = self.norms
        found: dict[int, float] = {}
        for number in candidates:
            best = 0.0
            for position, word in enumerate(norms[number].split()):
                weight = expansion.get(word, 0.0)
                if weight > best:
                    best = weight
                    if starts is not None and position == 0:
                        starts.add(number)
            if best:
                found[number] = best
        return found

    def _narrow(
        self, word: str, candidates: dict[int, float], starts: set[int] | None
    ) -> dict[int, float]:
        """A last token of one or two letters after other tokens: too common to expand over
        the whole vocabulary, so it only narrows the labels the other tokens found."""
        needle = " " + word
        found: dict[int, float] = {}
        for number in candidates:
            haystack = " " + self.norms[number]
            at = haystack.find(needle)
            if at < 0:
                continue
            end = at + len(needle)
            whole = end == len(haystack) or haystack[end] == " "
            found[number] = W_EXACT if whole else W_SHORT_PREFIX
            if starts is not None and at == 0:
                starts.add(number)
        return found

    def _label_bonus(self, query_norm: str) -> dict[int, float]:
        """Labels equal to the query, or starting with it, and their bonus."""
        bonus: dict[int, float] = {}
        sorted_norms = self._sorted_norms
        position = bisect.bisect_left(sorted_norms, (query_norm,))
        end = bisect.bisect_left(sorted_norms, (query_norm + _HIGHEST,), lo=position)
        for norm, number in sorted_norms[position:end]:
            bonus[number] = B_EXACT_LABEL if norm == query_norm else B_LABEL_PREFIX
        return bonus

    def _search_short(self, word: str, limit: int) -> list[LabelHit]:
        """A query of one or two letters: labels that start with it, short ones first.
        Computed once per index and prefix (there are few such queries)."""
        key = (word, limit)
        cached = self._short_cache.get(key)
        if cached is not None:
            return cached
        concepts = self.concepts
        static = self._static
        sorted_norms = self._sorted_norms
        best: dict[int, tuple[float, int]] = {}
        whole_word = word + " "
        position = bisect.bisect_left(sorted_norms, (word,))
        end = bisect.bisect_left(sorted_norms, (word + _HIGHEST,), lo=position)
        for norm, number in sorted_norms[position:end]:
            if norm == word:
                score = W_EXACT + B_EXACT_LABEL
            elif norm.startswith(whole_word):
                score = W_EXACT + B_LABEL_PREFIX
            else:
                score = W_SHORT_PREFIX + B_LABEL_PREFIX
            score += B_START + static[number]
            concept = concepts[number]
            current = best.get(concept)
            if current is None or score > current[0]:
                best[concept] = (score, number)
        hits = self._hits(best, limit)
        if len(self._short_cache) < 4096:
            self._short_cache[key] = hits
        return hits

    def _rank(
        self,
        total: dict[int, float],
        matches: dict[int, int],
        starts: set[int],
        count: int,
        query_norm: str,
        limit: int,
    ) -> list[LabelHit]:
        if not total:
            return []
        concepts = self.concepts
        static = self._static
        bonus = self._label_bonus(query_norm)
        best: dict[int, tuple[float, int]] = {}
        if count == 1:
            for number, weight in total.items():
                score = weight + static[number] + bonus.get(number, 0.0)
                if number in starts:
                    score += B_START
                concept = concepts[number]
                current = best.get(concept)
                if current is None or score > current[0]:
                    best[concept] = (score, number)
            return self._hits(best, limit)
        lengths = self.lengths
        preferred = self.preferred
        most = max(matches.values())
        for number, weight in total.items():
            matched = matches[number]
            if matched < most:  # when some labels match more tokens, ignore the others
                continue
            score = weight / count
            if matched < count:
                score *= PARTIAL_PENALTY
            length = lengths[number]
            score += (
                B_PREFERRED * preferred[number]
                + B_SHORT * min(matched, length) / length
                + bonus.get(number, 0.0)
            )
            if number in starts:
                score += B_START
            concept = concepts[number]
            current = best.get(concept)
            if current is None or score > current[0]:
                best[concept] = (score, number)
        return self._hits(best, limit)

    def _hits(self, best: dict[int, tuple[float, int]], limit: int) -> list[LabelHit]:
        norms = self.norms
        preferred = self.preferred
        top = heapq.nsmallest(
            limit,
            best.items(),
            key=lambda item: (
                -item[1][0],
                -preferred[item[1][1]],
                len(norms[item[1][1]]),
                item[0],
            ),
        )
        return [
            LabelHit(
                concept_id=concept,
                matched_label=self.texts[number],
                preferred=bool(preferred[number]),
                score=round(min(score / MAX_SCORE, 1.0), 4),
            )
            for concept, (score, number) in top
        ]


def _merge(first: list[LabelHit], second: list[LabelHit], limit: int) -> list[LabelHit]:
    """Two result lists as one: the better hit of each concept, best first."""
    best: dict[int, LabelHit] = {}
    for hit in (*first, *second):
        current = best.get(hit.concept_id)
        if current is None or hit.score > current.score:
            best[hit.concept_id] = hit
    ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.matched_label), h.concept_id))
    return ranked[:limit]
