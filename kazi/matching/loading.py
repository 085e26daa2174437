"""Build the process-wide :class:`~kazi.matching.space.SkillSpace` from the database and,
when it is built, the skills cache (e5 vectors of every ESCO skill and occupation).

The space is rebuilt when the taxonomy in the database changes (new import, or concepts
added) or when ``kazi taxonomy embed`` rebuilds the cache.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict

import numpy as np
from django.db import connection

from kazi.profiling.engine import SkillsUnavailableError, get_engine
from kazi.skills.dense import DenseIndex
from kazi.taxonomy.models import Occupation, Skill, SkillBroader, SkillRelation

from .space import DEFAULT_DIM, SkillSpace, hashed_vector

log = logging.getLogger(__name__)

_lock = threading.Lock()
_space: SkillSpace | None = None
_space_key: tuple[object, ...] | None = None

SPACE_ENCODER = "e5"


def _taxonomy_key() -> tuple[object, ...]:
    """Highest id and row count of each taxonomy table the space is built from, in one
    query (this runs before every ranking, to notice a new import or new concepts)."""
    parts = []
    for model in (Skill, Occupation, SkillRelation, SkillBroader):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT MAX(id) FROM {table}), (SELECT COUNT(*) FROM {table})")  # noqa: S608 - table names of our models
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return tuple(row)


def _related() -> dict[int, frozenset[int]]:
    """ESCO skill–skill relations and broader/narrower links, both ways."""
    links: dict[int, set[int]] = defaultdict(set)
    for a, b in SkillRelation.objects.values_list("skill_id", "related_id").iterator():
        if a != b:
            links[a].add(b)
            links[b].add(a)
    by_uri: dict[str, int] = dict(Skill.objects.values_list("uri", "pk"))
    for narrower, broader in SkillBroader.objects.values_list("concept_uri", "broader_uri"):
        low, high = by_uri.get(narrower), by_uri.get(broader)
        if low is not None and high is not None and low != high:
            links[low].add(high)
            links[high].add(low)
    return {pk: frozenset(values) for pk, values in links.items()}


def _dense(
    kind_index: DenseIndex, uris: dict[str, int], dim: int
) -> tuple[dict[int, int], np.ndarray]:
    """Rows of the e5 summary vectors for concepts that are in the database."""
    assert kind_index.summary is not None
    rows: dict[int, int] = {}
    chosen: list[int] = []
    for position, concept in enumerate(kind_index.concepts.tolist()):
        pk = uris.get(kind_index.table.uris[concept])
        if pk is not None:
            rows[pk] = len(chosen)
            chosen.append(position)
    matrix = np.ascontiguousarray(kind_index.summary[chosen], dtype=np.float32)
    return rows, matrix.reshape(len(chosen), dim)


def _add_hashed(
    rows: dict[int, int], matrix: np.ndarray, uris: dict[int, str], dim: int
) -> np.ndarray:
    """``matrix`` with a hashed vector appended for each concept of ``uris`` that has no
    row yet (``rows`` is completed in place)."""
    extra = [pk for pk in uris if pk not in rows]
    if not extra:
        return matrix
    for pk in extra:
        rows[pk] = len(rows)
    return np.vstack([matrix, *[hashed_vector(uris[pk], dim)[None] for pk in extra]])


def build_space() -> SkillSpace:
    """A fresh space: e5 vectors when the skills cache is there, hashed vectors otherwise."""
    skill_uris = dict(Skill.objects.values_list("pk", "uri"))
    occupations = list(Occupation.objects.values_list("pk", "uri", "isco_group_id"))
    occupation_uris = {pk: uri for pk, uri, _ in occupations}
    groups = {pk: group for pk, _, group in occupations if group is not None}
    related = _related()
    try:
        engine = get_engine()
        skills_index = engine.skills.dense[SPACE_ENCODER]
        occupations_index = engine.occupations.dense[SPACE_ENCODER]
    except (SkillsUnavailableError, KeyError, AttributeError) as error:
        log.info("Matching uses hashed concept vectors (skills cache unavailable: %s)", error)
        return SkillSpace.hashed(skill_uris, occupation_uris, related, groups)
    dim = int(skills_index.vectors.shape[1])
    skill_rows, skill_matrix = _dense(skills_index, {u: pk for pk, u in skill_uris.items()}, dim)
    occ_rows, occ_matrix = _dense(
        occupations_index, {u: pk for pk, u in occupation_uris.items()}, dim
    )
    # Concepts of the database that the cache does not know (added since it was built).
    skill_matrix = _add_hashed(skill_rows, skill_matrix, skill_uris, dim)
    occ_matrix = _add_hashed(occ_rows, occ_matrix, occupation_uris, dim)
    return SkillSpace(
        dim=dim,
        skill_rows=skill_rows,
        skill_matrix=skill_matrix,
        occupation_rows=occ_rows,
        occupation_matrix=occ_matrix,
        related=related,
        occupation_group=groups,
        source=SPACE_ENCODER,
    )


def _cache_key() -> tuple[object, ...]:
    try:
        engine_key: object = id(get_engine())
    except SkillsUnavailableError:
        engine_key = None
    return (*_taxonomy_key(), engine_key)


def get_space() -> SkillSpace:
    """The process's space, rebuilt when the taxonomy or the skills cache changed."""
    global _space, _space_key
    key = _cache_key()
    with _lock:
        if _space is None or _space_key != key:
            _space, _space_key = build_space(), key
        return _space


def reset_space() -> None:
    global _space, _space_key
    with _lock:
        _space, _space_key = None, None


__all__ = ["DEFAULT_DIM", "build_space", "get_space", "reset_space"]
