"""Skills intelligence API (`/api/v1/skills/extract`, `/api/v1/occupations/suggest`).

Give a text in any language (an experience in a worker's own words, a job title, a job ad):
get the ESCO skills it shows, or the occupations it points to, each with a score, a
confidence band, the words that support it (offsets into the text) and how it was found.
Labels are in ``language`` when given, else in the interface language of the request
(English where ESCO has no label in that language).

Who may call: signed-in users of any role (session authentication; unsafe methods need the
CSRF token, as ninja's ``django_auth`` checks). The answers reveal no personal data, but each
call costs a fraction of a second to a few seconds of CPU; keeping the endpoints to
signed-in users keeps anonymous traffic off them without a rate limiter.

Nothing is stored: a text sent here is not saved and not logged.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.skills.engine import Match

from .suggestions import (
    MAX_TEXT_CHARS,
    SkillsUnavailableError,
    TextTooLongError,
    occupation_matches,
    skill_matches,
)

router = Router(tags=["skills"], auth=django_auth)

MAX_TOP = 50


class TextIn(Schema):
    text: str = Field(description=f"The text to read, at most {MAX_TEXT_CHARS} characters.")
    language: str | None = Field(
        None,
        description="ISO 639-1 code of the language for the labels (default: the "
        "interface language). The text itself may be in any language.",
    )
    top: Annotated[int, Field(ge=1, le=MAX_TOP)] = 10


class EvidenceOut(Schema):
    start: int
    end: int
    text: str


class MatchOut(Schema):
    uri: str
    label: str
    score: float
    confidence: str
    evidence: list[EvidenceOut]
    how: str


class SkillsOut(Schema):
    skills: list[MatchOut]
    language: str


class OccupationsOut(Schema):
    occupations: list[MatchOut]
    language: str


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("body", "payload", field), "msg": message}])


def _too_long(length: int) -> ValidationError:
    return _invalid(
        "text",
        _("The text is too long: %(length)d characters; the limit is %(limit)d.")
        % {"length": length, "limit": MAX_TEXT_CHARS},
    )


def _checked(request: HttpRequest, payload: TextIn) -> tuple[str, str]:
    """The text and the label language, or a 422 naming the field. The text's length is
    checked here, before the model runs."""
    text = payload.text
    if not text.strip():
        raise _invalid("text", _("Please give a text to read: it is empty."))
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long(len(text))
    if payload.language is None or not payload.language.strip():
        return text, active_language()
    language = payload.language.strip().lower()
    if not codes.is_language(language):
        raise _invalid(
            "language",
            _("Unknown language code “%(code)s”: give a two-letter ISO 639-1 code, like fr.")
            % {"code": payload.language[:20]},
        )
    return text, language


def _unavailable() -> HttpError:
    return HttpError(
        503, _("Skill suggestions are not available at the moment. Please try again later.")
    )


def _out(matches: list[Match]) -> list[MatchOut]:
    return [
        MatchOut(
            uri=m.uri,
            label=m.label,
            score=m.score,
            confidence=m.confidence,
            evidence=[EvidenceOut(start=e.start, end=e.end, text=e.text) for e in m.evidence],
            how=m.how,
        )
        for m in matches
    ]


@router.post("skills/extract", response=SkillsOut, summary="ESCO skills in a text")
def extract_skills(request: HttpRequest, payload: TextIn) -> SkillsOut:
    """The ESCO skills a text shows, best first (an empty list when nothing is recognised).

    ``confidence`` is ``confident`` or ``suggested``; ``how`` says whether the skill was
    found word for word (``words``), by meaning (``meaning``) or both; ``evidence`` gives
    the supporting words as offsets into ``text`` (``text[start:end]``)."""
    text, language = _checked(request, payload)
    try:
        matches = skill_matches(text, language, payload.top)
    except SkillsUnavailableError as error:
        raise _unavailable() from error
    except TextTooLongError as error:  # the engine's own check, should it count differently
        raise _too_long(error.length) from error
    return SkillsOut(skills=_out(matches), language=language)


@router.post("occupations/suggest", response=OccupationsOut, summary="Occupations for a text")
def suggest_occupations(request: HttpRequest, payload: TextIn) -> OccupationsOut:
    """ESCO occupations a job title or a text points to, best first (same fields as
    ``skills/extract``)."""
    text, language = _checked(request, payload)
    try:
        matches = occupation_matches(text, language, payload.top)
    except SkillsUnavailableError as error:
        raise _unavailable() from error
    except TextTooLongError as error:
        raise _too_long(error.length) from error
    return OccupationsOut(occupations=_out(matches), language=language)
