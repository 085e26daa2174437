"""Text handling for skills recognition: tokens with offsets, folding, light stemming.

Every token keeps the character offsets of the original text, so that whatever the
matchers find can be shown to the user as the words that support it. Folding is the one
the taxonomy search uses (`kazi.taxonomy.label_search.normalise`): case, Latin accents,
Arabic hamza forms and short vowels. Stemming is deliberately light and the same for every
language: it only has to make "cleaning", "cleaned" and "cleans" meet, and "enfants" meet
"enfant"; both sides (the ESCO labels and the input) go through the same function, so
consistency matters more than linguistic accuracy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kazi.taxonomy.label_search import normalise

__all__ = ["STOPWORDS", "Token", "content_stems", "fold", "stem", "tokenise"]

# Letters, digits and the combining marks that belong to a word (accents in decomposed
# text, Arabic short vowels). "C++", "C#" and ".NET" keep their symbols.
_WORD = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670]+(?:[+#]+)?|\.net\b", re.IGNORECASE)

# Function words of the languages ESCO labels come in (en, fr, es) and of the languages
# Kazi's users write in most (ar, sw). They never make a match on their own.
_STOPWORDS = """
    a an and or the of to in on for with by at from as into about over under via per
    is are be been was were i my me we our you your he she they it its this that these those
    have has had do did does will would can could should may might must not no yes
    etc other others such also using use used work worked working job jobs year years
    le la les l un une des de du d et ou en au aux pour par avec sur dans sans a chez
    je j ai mon ma mes nous vous il elle ils elles ce cet cette ces qui que qu est sont
    ete etais avoir etre fait faire tres plus
    el los las lo unos unas del al y o e u con por para sin sobre entre como su sus yo mi
    mis he ha es son fue era trabaje trabajo
    في من على الى إلى عن مع و او أو ثم انا أنا كان كنت هذا هذه ذلك التي الذي ال
    na ya wa za la kwa katika ni kama pia au lakini mimi nili ali
    """


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    norm: str  # folded
    stem: str  # folded and lightly stemmed
    start: int  # offsets in the original text
    end: int

    @property
    def is_stopword(self) -> bool:
        return self.norm in STOPWORDS or (len(self.norm) < 2 and not self.norm.isdigit())


def fold(text: str) -> str:
    """Case, accent and script folding, punctuation to spaces (see label_search)."""
    return normalise(text)


# Compared after folding, so stored folded ("على" folds to "علي").
STOPWORDS = frozenset(fold(word) for word in _STOPWORDS.split())


# Suffixes stripped once, longest first, when at least four characters remain.
_SUFFIXES = (
    "ations",
    "ation",
    "ements",
    "ement",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ers",
    "er",
    "ed",
    "es",
    "s",
    "e",
)
_INFLECTIONS = frozenset({"ing", "ed", "es", "s"})
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, language-blind stem of a folded word.

    >>> [stem(w) for w in ["cleaning", "cleaned", "cleans", "enfants", "enfant", "البناء"]]
    ['clean', 'clean', 'clean', 'enfant', 'enfant', 'بناء']
    """
    if not word or word.isdigit():
        return word
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    if len(word) <= 4 or not word.isascii():
        return word
    for suffix in _SUFFIXES:
        # Inflections leave short verbs ("fixed" -> "fix"); derivations need a longer stem.
        shortest = 3 if suffix in _INFLECTIONS else 4
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            break
    # "manag-e" / "manag-ing", "runn-ing" / "run": undo a doubled final consonant.
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def tokenise(text: str) -> list[Token]:
    """Words of ``text`` with their offsets, folded and stemmed forms."""
    out = []
    for match in _WORD.finditer(text):
        raw = match.group(0)
        folded = fold(raw)
        if not folded:
            continue
        # Folding turns symbols into spaces; "C++" and "C#" keep theirs (ESCO has both).
        norm = folded.replace(" ", "") + "".join(c for c in raw if c in "+#")
        out.append(Token(raw, norm, stem(norm), match.start(), match.end()))
    return out


def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the words of ``text`` that are not function words, in order."""
    return tuple(t.stem for t in tokenise(text) if not t.is_stopword)
