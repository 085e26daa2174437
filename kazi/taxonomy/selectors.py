"""Reads of the ESCO taxonomy: label search (type-ahead) and concept details.

Search runs on in-memory ``LabelIndex`` objects (``label_search.py``) built from the
``Label`` table, one per (kind, language), cached per process. A cheap signature is checked
on every search (well under a millisecond: no row count, which costs 20+ ms on the full
table): the lowest and highest Label id, the imported ESCO release, and a counter bumped
whenever a Label is saved in this process. When it changes, the cached indexes are dropped
and rebuilt on the next search. (Deleting a few labels in another process without adding
any is not noticed until the next import or restart; nothing in Kazi does that.)
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min
from django.db.models.signals import post_save
from django.dispatch import receiver

from .constants import ConceptKind
from .label_search import LabelHit, LabelIndex
from .models import EscoRelease, IscoGroup, Label, Occupation, OccupationSkill, Skill, SkillRelation

FALLBACK_LANGUAGE = "en"
FALLBACK_FACTOR = 0.8  # English hits when searching another language rank lower
MAX_LIMIT = 50


@dataclass(frozen=True)
class ConceptHit:
    id: int  # Skill.pk or Occupation.pk
    uri: str
    label: str  # preferred label in the requested language (fallback English)
    matched_label: str  # the label text that matched (may be an alternative label)
    score: float


# --- the per-process index cache ---------------------------------------------------------

_lock = threading.Lock()
_indexes: dict[tuple[str, str], LabelIndex] = {}
_signature: tuple[Any, ...] | None = None
_generation = 0
build_seconds: dict[tuple[str, str], float] = {}


@receiver(post_save, sender=Label, dispatch_uid="taxonomy_label_saved")
def _label_saved(**kwargs: Any) -> None:
    global _generation
    _generation += 1


def invalidate_search_index() -> None:
    """Drop the cached indexes of this process (other processes notice by themselves)."""
    global _signature
    with _lock:
        _indexes.clear()
        _signature = None


def _table_signature() -> tuple[Any, ...]:
    # Separate MIN and MAX queries: each alone is answered from the primary key index
    # (together in one query SQLite scans the table).
    first = Label.objects.aggregate(value=Min("id"))["value"]
    last = Label.objects.aggregate(value=Max("id"))["value"]
    release = EscoRelease.objects.order_by("-imported_at").values_list("pk", "imported_at").first()
    return (_generation, first, last, release)


def _fresh() -> None:
    global _signature
    signature = _table_signature()
    if signature != _signature:
        with _lock:
            _indexes.clear()
            _signature = signature


def _index(kind: str, language: str) -> LabelIndex:
    key = (kind, language)
    index = _indexes.get(key)
    if index is None:
        with _lock:
            index = _indexes.get(key)
            if index is None:
                started = time.perf_counter()
                rows = (
                    Label.objects.filter(kind=kind, language=language)
                    .order_by("id")
                    .values_list("concept_id", "text", "preferred")
                    .iterator(chunk_size=10000)
                )
                index = LabelIndex(rows)
                build_seconds[key] = time.perf_counter() - started
                _indexes[key] = index
    return index


def warm_search_index(languages: tuple[str, ...] = ("en",)) -> float:
    """Build the indexes of both kinds for ``languages`` now; return the seconds taken."""
    started = time.perf_counter()
    _fresh()
    for language in languages:
        for kind in (ConceptKind.OCCUPATION, ConceptKind.SKILL):
            _index(kind, normalise_language(language))
    return time.perf_counter() - started


def normalise_language(language: str | None) -> str:
    """'fr-CA' → 'fr'; empty → English."""
    return (language or FALLBACK_LANGUAGE).lower().replace("_", "-").split("-")[0]


# --- search ------------------------------------------------------------------------------


def _search(kind: str, query: str, language: str, limit: int) -> list[ConceptHit]:
    limit = max(1, min(int(limit), MAX_LIMIT))
    language = normalise_language(language)
    if not query.strip():
        return []
    _fresh()
    index = _index(kind, language)
    scored: dict[int, tuple[float, LabelHit]] = {
        hit.concept_id: (hit.score, hit) for hit in index.search(query, limit)
    }
    fallback: LabelIndex | None = None
    if language != FALLBACK_LANGUAGE:
        fallback = _index(kind, FALLBACK_LANGUAGE)
        for hit in fallback.search(query, limit):
            score = hit.score * FALLBACK_FACTOR
            current = scored.get(hit.concept_id)
            if current is None or current[0] < score:
                scored[hit.concept_id] = (score, hit)
    ranked = sorted(
        scored.items(), key=lambda item: (-item[1][0], len(item[1][1].matched_label), item[0])
    )[:limit]
    model = Occupation if kind == ConceptKind.OCCUPATION else Skill
    uris: dict[int, str] = dict(
        model.objects.filter(pk__in=[concept for concept, _ in ranked]).values_list("pk", "uri")
    )
    hits = []
    for concept, (score, hit) in ranked:
        if concept not in uris:  # a label left behind by a deleted concept
            continue
        label = (
            index.preferred_label.get(concept)
            or (fallback.preferred_label.get(concept) if fallback else None)
            or hit.matched_label
        )
        hits.append(
            ConceptHit(
                id=concept,
                uri=uris[concept],
                label=label,
                matched_label=hit.matched_label,
                score=round(score, 4),
            )
        )
    return hits


def search_skills(query: str, language: str, limit: int = 10) -> list[ConceptHit]:
    """Skills whose labels match ``query`` (type-ahead: prefix, accents, typos), best first.

    Labels in ``language`` come first; English labels count too, ranked lower, so concepts
    without a label in that language are still found.
    """
    return _search(ConceptKind.SKILL, query, language, limit)


def search_occupations(query: str, language: str, limit: int = 10) -> list[ConceptHit]:
    """Occupations whose labels match ``query``; see ``search_skills``."""
    return _search(ConceptKind.OCCUPATION, query, language, limit)


# --- concepts ----------------------------------------------------------------------------


def occupation_skill_ids(occupation_id: int) -> tuple[list[int], list[int]]:
    """(essential, optional) skill ids of an occupation."""
    essential: list[int] = []
    optional: list[int] = []
    rows = OccupationSkill.objects.filter(occupation_id=occupation_id).order_by("skill_id")
    for skill_id, is_essential in rows.values_list("skill_id", "essential"):
        (essential if is_essential else optional).append(skill_id)
    return essential, optional


def skill_labels(skill_ids: list[int], language: str) -> dict[int, str]:
    """Preferred labels of skills in ``language`` (English when missing), by id."""
    language = normalise_language(language)
    return {
        skill.pk: skill.label(language)
        for skill in Skill.objects.filter(pk__in=skill_ids).only("id", "labels")
    }


def occupation_labels(occupation_ids: list[int], language: str) -> dict[int, str]:
    """Preferred labels of occupations in ``language`` (English when missing), by id."""
    language = normalise_language(language)
    return {
        occupation.pk: occupation.label(language)
        for occupation in Occupation.objects.filter(pk__in=occupation_ids).only("id", "labels")
    }


def alternative_labels(kind: str, concept_id: int, language: str) -> list[str]:
    return list(
        Label.objects.filter(
            kind=kind, concept_id=concept_id, language=normalise_language(language), preferred=False
        )
        .order_by("text")
        .values_list("text", flat=True)
    )


@dataclass(frozen=True)
class SkillRef:
    id: int
    uri: str
    label: str
    skill_type: str = ""


@dataclass(frozen=True)
class OccupationDetail:
    occupation: Occupation
    label: str
    description: str
    alternative_labels: list[str]
    isco_code: str
    isco_label: str
    parent: tuple[int, str] | None
    essential_skills: list[SkillRef]
    optional_skills: list[SkillRef]


@dataclass(frozen=True)
class SkillDetail:
    skill: Skill
    label: str
    description: str
    alternative_labels: list[str]
    related_skills: list[tuple[SkillRef, bool]]  # (skill, essential)
    occupations_count: int
    essential_for: list[tuple[int, str]]  # a few occupations that need it (id, label)


def _skill_refs(skills: list[Skill], language: str) -> list[SkillRef]:
    refs = [SkillRef(s.pk, s.uri, s.label(language), s.skill_type) for s in skills]
    return sorted(refs, key=lambda ref: ref.label.casefold())


def occupation_detail(occupation_id: int, language: str) -> OccupationDetail | None:
    language = normalise_language(language)
    occupation = (
        Occupation.objects.select_related("isco_group", "parent").filter(pk=occupation_id).first()
    )
    if occupation is None:
        return None
    links = OccupationSkill.objects.filter(occupation=occupation).select_related("skill")
    essential = [link.skill for link in links if link.essential]
    optional = [link.skill for link in links if not link.essential]
    group: IscoGroup | None = occupation.isco_group
    return OccupationDetail(
        occupation=occupation,
        label=occupation.label(language),
        description=occupation.description(language),
        alternative_labels=alternative_labels(ConceptKind.OCCUPATION, occupation.pk, language),
        isco_code=group.code if group else "",
        isco_label=(group.labels.get(language) or group.labels.get("en", "")) if group else "",
        parent=(occupation.parent.pk, occupation.parent.label(language))
        if occupation.parent
        else None,
        essential_skills=_skill_refs(essential, language),
        optional_skills=_skill_refs(optional, language),
    )


def skill_detail(skill_id: int, language: str, occupations_shown: int = 20) -> SkillDetail | None:
    language = normalise_language(language)
    skill = Skill.objects.filter(pk=skill_id).first()
    if skill is None:
        return None
    relations = SkillRelation.objects.filter(skill=skill).select_related("related")
    related = sorted(
        (
            (SkillRef(r.related.pk, r.related.uri, r.related.label(language)), r.essential)
            for r in relations
        ),
        key=lambda pair: (not pair[1], pair[0].label.casefold()),
    )
    links = OccupationSkill.objects.filter(skill=skill)
    essential_for = [
        (link.occupation.pk, link.occupation.label(language))
        for link in links.filter(essential=True).select_related("occupation")[:occupations_shown]
    ]
    return SkillDetail(
        skill=skill,
        label=skill.label(language),
        description=skill.description(language),
        alternative_labels=alternative_labels(ConceptKind.SKILL, skill.pk, language),
        related_skills=related,
        occupations_count=links.count(),
        essential_for=sorted(essential_for, key=lambda pair: pair[1].casefold()),
    )
