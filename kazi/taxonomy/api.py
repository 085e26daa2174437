"""ESCO taxonomy API (`/api/v1/taxonomy/`): public, read-only.

Search occupations and skills by label in a language (type-ahead: prefixes, accents and
typos tolerated) and read one occupation (with its essential and optional skills) or one
skill. Every answer carries the ESCO credit line in ``credit``.
"""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from kazi import ESCO_CREDIT
from kazi.core.errors import DomainError

from . import selectors
from .constants import TAXONOMY_LANGUAGES

router = Router(tags=["taxonomy"])

MAX_QUERY_LENGTH = 200


class ConceptHitOut(Schema):
    id: int
    uri: str
    label: str
    matched_label: str
    score: float


class SearchOut(Schema):
    query: str
    language: str
    results: list[ConceptHitOut]
    credit: str


class SkillRefOut(Schema):
    id: int
    uri: str
    label: str


class RelatedSkillOut(SkillRefOut):
    essential: bool


class OccupationRefOut(Schema):
    id: int
    label: str


class IscoGroupOut(Schema):
    code: str
    label: str


class OccupationOut(Schema):
    id: int
    uri: str
    code: str
    language: str
    label: str
    labels: dict[str, str]
    alternative_labels: list[str]
    description: str
    isco_group: IscoGroupOut | None
    parent: OccupationRefOut | None
    essential_skills: list[SkillRefOut]
    optional_skills: list[SkillRefOut]
    credit: str


class SkillOut(Schema):
    id: int
    uri: str
    language: str
    label: str
    labels: dict[str, str]
    alternative_labels: list[str]
    description: str
    skill_type: str
    reuse_level: str
    related_skills: list[RelatedSkillOut]
    occupations_count: int
    credit: str


Limit = Annotated[int, Field(ge=1, le=selectors.MAX_LIMIT)]
QueryText = Annotated[str, Field(max_length=MAX_QUERY_LENGTH)]


class SearchParams(Schema):
    q: QueryText = ""
    lang: str | None = None
    limit: Limit = 10


class LanguageParams(Schema):
    lang: str | None = None


def allowed_languages() -> list[str]:
    """Languages with ESCO labels plus the interface languages (those fall back to English)."""
    return sorted({*TAXONOMY_LANGUAGES, *(code for code, _name in settings.LANGUAGES)})


def resolve_language(request: HttpRequest, lang: str | None) -> str:
    """``lang`` if given (and known), else the request's language."""
    if lang is None or lang == "":
        return selectors.normalise_language(getattr(request, "LANGUAGE_CODE", None))
    allowed = allowed_languages()
    code = lang.strip().lower()
    if code not in allowed:
        raise DomainError(
            _("Unknown language “%(lang)s”. Use one of: %(allowed)s.")
            % {"lang": lang[:20], "allowed": ", ".join(allowed)},
            field="lang",
            code="unknown_language",
        )
    return code


def _search_out(hits: list[selectors.ConceptHit], query: str, language: str) -> dict[str, object]:
    return {
        "query": query,
        "language": language,
        "results": [hit.__dict__ for hit in hits],
        "credit": ESCO_CREDIT,
    }


@router.get("/occupations", response=SearchOut, summary="Search occupations by label")
def search_occupations(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    """Occupations whose preferred or alternative labels match ``q`` in ``lang`` (default:
    the request language), best first. English labels also count, ranked lower."""
    language = resolve_language(request, params.lang)
    hits = selectors.search_occupations(params.q, language, params.limit)
    return _search_out(hits, params.q, language)


@router.get("/skills", response=SearchOut, summary="Search skills by label")
def search_skills(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    """Skills and knowledge whose labels match ``q`` in ``lang``, best first."""
    language = resolve_language(request, params.lang)
    hits = selectors.search_skills(params.q, language, params.limit)
    return _search_out(hits, params.q, language)


@router.get("/occupations/{occupation_id}", response=OccupationOut, summary="One occupation")
def occupation(
    request: HttpRequest, occupation_id: int, params: Query[LanguageParams]
) -> dict[str, object]:
    """An occupation with its ISCO-08 group and its essential and optional skills."""
    language = resolve_language(request, params.lang)
    detail = selectors.occupation_detail(occupation_id, language)
    if detail is None:
        raise HttpError(404, _("There is no occupation with this id."))
    occ = detail.occupation
    return {
        "id": occ.pk,
        "uri": occ.uri,
        "code": occ.code,
        "language": language,
        "label": detail.label,
        "labels": occ.labels,
        "alternative_labels": detail.alternative_labels,
        "description": detail.description,
        "isco_group": {"code": detail.isco_code, "label": detail.isco_label}
        if detail.isco_code
        else None,
        "parent": {"id": detail.parent[0], "label": detail.parent[1]} if detail.parent else None,
        "essential_skills": [ref.__dict__ for ref in detail.essential_skills],
        "optional_skills": [ref.__dict__ for ref in detail.optional_skills],
        "credit": ESCO_CREDIT,
    }


@router.get("/skills/{skill_id}", response=SkillOut, summary="One skill")
def skill(request: HttpRequest, skill_id: int, params: Query[LanguageParams]) -> dict[str, object]:
    """A skill with its related skills and the number of occupations that ask for it."""
    language = resolve_language(request, params.lang)
    detail = selectors.skill_detail(skill_id, language, occupations_shown=0)
    if detail is None:
        raise HttpError(404, _("There is no skill with this id."))
    sk = detail.skill
    return {
        "id": sk.pk,
        "uri": sk.uri,
        "language": language,
        "label": detail.label,
        "labels": sk.labels,
        "alternative_labels": detail.alternative_labels,
        "description": detail.description,
        "skill_type": sk.skill_type,
        "reuse_level": sk.reuse_level,
        "related_skills": [
            {**ref.__dict__, "essential": essential} for ref, essential in detail.related_skills
        ],
        "occupations_count": detail.occupations_count,
        "credit": ESCO_CREDIT,
    }
