"""Automatic checks of a review before a moderator reads it.

Framework-free (no Django import). Finds what could identify a person or take readers
elsewhere: e-mail addresses, phone numbers (the ``phonenumbers`` matcher, for the review's
countries and for international numbers), passport or identity-card-like numbers, links;
and stories that are nearly the same as another review of the same agency or employer
(rapidfuzz ratio ≥ 90 on stories of 40 characters or more).

Nothing is removed automatically: each finding becomes a flag with the places in the text
(start, end), and the moderator decides (and may edit the story before approving).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import phonenumbers
from rapidfuzz import fuzz

EMAIL = "email"
PHONE = "phone"
ID_NUMBER = "id_number"
URL = "url"
DUPLICATE = "duplicate"
SAME_AUTHOR = "same_author"

DUPLICATE_RATIO = 90
DUPLICATE_MIN_LENGTH = 40
# Regions tried for numbers written without the international prefix, besides the review's
# own countries: the main origin and destination countries of labour migration corridors.
DEFAULT_REGIONS = ("NP", "PH", "IN", "BD", "LK", "KE", "UG", "ET", "AE", "SA", "QA", "KW", "MY")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|biz|io|co|me|np|ph|in|bd|lk|ke|ae|sa|qa|kw"
    r"|my|fr|uk|us)\b(?:/\S*)?",
    re.IGNORECASE | re.UNICODE,
)
# Passport and identity-card numbers: one or two letters then 6-9 digits (PA1234567,
# P1234567A), or any run of 8 or more digits (national identity numbers) that is not a
# phone number.
_ID_LETTERS = re.compile(r"\b[A-Za-z]{1,2}\d{6,9}[A-Za-z]?\b")
_LONG_NUMBER = re.compile(r"(?<![\d.,])\d(?:[ -]?\d){7,}(?!\d|[.,]\d)")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


def _ascii_digits(text: str) -> str:
    """The text with every decimal digit of any script as 0-9 (same length, same offsets)."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _phones(text: str, regions: Sequence[str]) -> list[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for region in dict.fromkeys([*regions, *DEFAULT_REGIONS]):
        try:
            matcher = phonenumbers.PhoneNumberMatcher(
                text, region, leniency=phonenumbers.Leniency.VALID
            )
            for match in matcher:
                spans.add((match.start, match.end))
        except Exception:  # noqa: S112 - a region the library does not know
            continue
    return sorted(spans)


def find_personal_data(text: str, regions: Sequence[str] = ()) -> list[Finding]:
    """E-mail addresses, links, phone and passport/ID-like numbers in ``text``, without
    overlaps (an e-mail address is not also a link), in the order they appear."""
    if not text:
        return []
    plain = _ascii_digits(text)
    # (priority, kind, start, end): an earlier kind wins where two overlap.
    candidates: list[tuple[int, str, int, int]] = []
    candidates += [(0, EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(plain)]
    for m in _URL.finditer(plain):
        end = m.end()
        while end > m.start() and plain[end - 1] in ".,;:!?)»”'\"":
            end -= 1
        candidates.append((1, URL, m.start(), end))
    candidates += [(2, ID_NUMBER, m.start(), m.end()) for m in _ID_LETTERS.finditer(plain)]
    candidates += [(3, PHONE, start, end) for start, end in _phones(plain, regions)]
    candidates += [(4, ID_NUMBER, m.start(), m.end()) for m in _LONG_NUMBER.finditer(plain)]
    candidates.sort()
    taken: list[Finding] = []
    for _priority, kind, start, end in candidates:
        if any(start < f.end and f.start < end for f in taken):
            continue
        taken.append(Finding(kind, start, end, text[start:end]))
    return sorted(taken, key=lambda f: f.start)


def _comparable(story: str) -> str:
    folded = unicodedata.normalize("NFKC", story).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def near_duplicate(
    story: str, others: Iterable[tuple[str, str]], threshold: int = DUPLICATE_RATIO
) -> tuple[str, int] | None:
    """(id, score) of the other story most like ``story`` when the score is at least
    ``threshold`` (stories shorter than 40 characters are never compared)."""
    mine = _comparable(story)
    if len(mine) < DUPLICATE_MIN_LENGTH:
        return None
    best: tuple[str, int] | None = None
    for other_id, other_story in others:
        theirs = _comparable(other_story)
        if len(theirs) < DUPLICATE_MIN_LENGTH:
            continue
        score = round(fuzz.ratio(mine, theirs))
        if score >= threshold and (best is None or score > best[1]):
            best = (other_id, score)
    return best


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The text cut into (piece, kind) pairs, kind "" for plain text: for highlighting the
    findings on the moderation page."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for start, end, kind in sorted(spans):
        if start < position or end > len(text) or start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], ""))
        pieces.append((text[start:end], kind))
        position = end
    if position < len(text):
        pieces.append((text[position:], ""))
    return pieces
