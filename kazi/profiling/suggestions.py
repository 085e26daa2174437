"""The skills engine as pages and the API use it: ESCO skills and occupations suggested for
a text, with their database ids, labels in one language and the words that support them.

Reads only: a text given here is neither logged nor stored. When the skills cache is not
built, `SkillsUnavailableError` (from `kazi.profiling.engine`) tells the caller to show that
suggestions are unavailable.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from kazi.skills.engine import MAX_TEXT_CHARS, Evidence, Match, TextTooLongError
from kazi.taxonomy.models import Occupation, Skill

from .engine import SkillsUnavailableError, get_engine

__all__ = [
    "MAX_TEXT_CHARS",
    "SkillsUnavailableError",
    "Suggestion",
    "TextTooLongError",
    "fit_text",
    "highlight",
    "occupation_matches",
    "occupation_suggestions",
    "skill_matches",
    "skill_suggestions",
]

QUOTE_CHARS = 80  # longer evidence (a whole sentence matched by meaning) is shortened


@dataclass(frozen=True)
class Suggestion:
    """A suggested skill or occupation, ready for a page."""

    id: int
    uri: str
    label: str
    score: float
    confident: bool
    how: str
    evidence: tuple[Evidence, ...]
    added: bool = False

    @property
    def quotes(self) -> list[str]:
        """The supporting words, each once, shortened when long."""
        seen: list[str] = []
        for item in self.evidence:
            text = " ".join(item.text.split())
            if len(text) > QUOTE_CHARS:
                text = text[: QUOTE_CHARS - 1].rstrip() + "…"
            if text and text not in seen:
                seen.append(text)
        return seen


def skill_matches(text: str, language: str, top: int = 10) -> list[Match]:
    """Skills in ``text``, labels in ``language``. Raises `SkillsUnavailableError` and
    `TextTooLongError` (above `MAX_TEXT_CHARS`)."""
    if len(text) > MAX_TEXT_CHARS:  # before loading anything
        raise TextTooLongError(len(text))
    return get_engine().skills.extract(text, language=language, top=top)


def occupation_matches(text: str, language: str, top: int = 10) -> list[Match]:
    """Occupations for ``text`` (a job title, an experience, a job ad)."""
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLongError(len(text))
    return get_engine().occupations.rank(text, language=language, top=top)


def fit_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` cut to the engine's limit, at a space when there is one near the end (a long
    job ad is read up to there). Offsets into the result are offsets into ``text``."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - 200, limit)
    return text[: cut if cut > 0 else limit]


def _suggestions(
    matches: Sequence[Match],
    ids: dict[str, int],
    held: Collection[int],
    hidden: Collection[int],
    top: int,
) -> list[Suggestion]:
    out: list[Suggestion] = []
    for match in matches:
        pk = ids.get(match.uri)
        if pk is None or pk in hidden:  # not in the database (stale cache) or dismissed
            continue
        out.append(
            Suggestion(
                id=pk,
                uri=match.uri,
                label=match.label,
                score=match.score,
                confident=match.confidence == "confident",
                how=match.how,
                evidence=match.evidence,
                added=pk in held,
            )
        )
    return out[:top]


def skill_suggestions(
    text: str,
    language: str,
    *,
    top: int = 8,
    held: Collection[int] = (),
    hidden: Collection[int] = (),
) -> list[Suggestion]:
    """Skills for ``text``: those in ``held`` marked as added, those in ``hidden`` left out."""
    matches = skill_matches(text, language, top + min(len(hidden), 20))
    ids = dict(Skill.objects.filter(uri__in=[m.uri for m in matches]).values_list("uri", "pk"))
    return _suggestions(matches, ids, held, hidden, top)


def occupation_suggestions(
    text: str,
    language: str,
    *,
    top: int = 5,
    held: Collection[int] = (),
    hidden: Collection[int] = (),
) -> list[Suggestion]:
    matches = occupation_matches(text, language, top + min(len(hidden), 20))
    ids = dict(Occupation.objects.filter(uri__in=[m.uri for m in matches]).values_list("uri", "pk"))
    return _suggestions(matches, ids, held, hidden, top)


def _plain(text: str) -> SafeString:
    return linebreaksbr(text, autoescape=True)


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """``text`` as HTML (escaped, line breaks kept) with ``<mark>`` around the spans."""
    ranges = sorted((max(0, start), min(len(text), end)) for start, end in spans if start < end)
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    pieces = []
    position = 0
    for start, end in merged:
        pieces.append((_plain(text[position:start]), _plain(text[start:end])))
        position = end
    return format_html(
        "{}{}",
        format_html_join("", "{}<mark>{}</mark>", pieces),
        _plain(text[position:]),
    )
