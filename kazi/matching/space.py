"""The skill space: vectors of ESCO skills and occupations, and the links between skills.

Framework-free. The matching engine uses it for three things:

- partial credit for a missing skill that is close to one the worker has (an ESCO
  skill–skill relation, a broader/narrower link, or embedding similarity);
- closeness of occupations (same occupation, same ISCO unit group, embedding similarity);
- one vector per worker and per opportunity, for retrieval in the vector index.

Vectors come from the skills core (the e5 summary vector of each ESCO concept, see
``kazi/skills/dense.py``) when its cache is built. Without it, each concept gets a fixed
pseudo-random unit vector derived from its URI ("hashed" space): retrieval then still works
on shared skills and occupations, and similarity-based credit is simply absent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .facts import OpportunityFacts, WorkerFacts

DEFAULT_DIM = 384

# Weights of the parts of a vector (retrieval only; they do not enter the score).
ESSENTIAL_WEIGHT = 1.0
OPTIONAL_WEIGHT = 0.4
OCCUPATION_WEIGHT = 0.6


def hashed_vector(key: str, dim: int = DEFAULT_DIM) -> np.ndarray:
    """A fixed unit vector for ``key`` (the same on every machine and in every run)."""
    seed = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little")
    vector = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


def normalised(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    if norm < 1e-9:
        return np.zeros_like(vector, dtype=np.float32)
    return (vector / norm).astype(np.float32)


@dataclass
class SkillSpace:
    """Vectors and links of ESCO concepts, keyed by database ids.

    ``skill_matrix[skill_rows[id]]`` is the unit vector of a skill (likewise occupations).
    ``related`` links skills both ways (ESCO skill–skill relations and broader/narrower).
    ``occupation_group`` gives each occupation its ISCO unit group (any hashable id).
    ``source`` is "e5" (vectors from the skills core) or "hashed".
    """

    dim: int
    skill_rows: Mapping[int, int]
    skill_matrix: np.ndarray
    occupation_rows: Mapping[int, int]
    occupation_matrix: np.ndarray
    related: Mapping[int, frozenset[int]] = field(default_factory=dict)
    occupation_group: Mapping[int, int] = field(default_factory=dict)
    source: str = "hashed"

    @classmethod
    def hashed(
        cls,
        skill_uris: Mapping[int, str],
        occupation_uris: Mapping[int, str],
        related: Mapping[int, frozenset[int]] | None = None,
        occupation_group: Mapping[int, int] | None = None,
        dim: int = DEFAULT_DIM,
    ) -> SkillSpace:
        skill_ids = sorted(skill_uris)
        occupation_ids = sorted(occupation_uris)
        return cls(
            dim=dim,
            skill_rows={pk: row for row, pk in enumerate(skill_ids)},
            skill_matrix=_stack([hashed_vector(skill_uris[pk], dim) for pk in skill_ids], dim),
            occupation_rows={pk: row for row, pk in enumerate(occupation_ids)},
            occupation_matrix=_stack(
                [hashed_vector(occupation_uris[pk], dim) for pk in occupation_ids], dim
            ),
            related=related or {},
            occupation_group=occupation_group or {},
            source="hashed",
        )

    @property
    def semantic(self) -> bool:
        """True when similarity between vectors means closeness of meaning."""
        return self.source != "hashed"

    # ------------------------------------------------------------------ vectors

    def skill_vectors(self, skill_ids: Iterable[int]) -> np.ndarray:
        rows = [self.skill_rows[pk] for pk in skill_ids if pk in self.skill_rows]
        return self.skill_matrix[rows] if rows else np.zeros((0, self.dim), np.float32)

    def occupation_vectors(self, occupation_ids: Iterable[int]) -> np.ndarray:
        rows = [self.occupation_rows[pk] for pk in occupation_ids if pk in self.occupation_rows]
        return self.occupation_matrix[rows] if rows else np.zeros((0, self.dim), np.float32)

    def _mean(self, matrix: np.ndarray) -> np.ndarray:
        return matrix.mean(axis=0) if len(matrix) else np.zeros(self.dim, np.float32)

    def worker_vector(self, worker: WorkerFacts) -> np.ndarray:
        """Where the worker sits: their skills, and the occupations they want or did."""
        vector = ESSENTIAL_WEIGHT * self._mean(self.skill_vectors(sorted(worker.skill_ids)))
        vector = vector + OCCUPATION_WEIGHT * self._mean(
            self.occupation_vectors(sorted(worker.occupation_ids))
        )
        return normalised(vector)

    def opportunity_vector(self, opportunity: OpportunityFacts) -> np.ndarray:
        """Where the opportunity sits: essential skills first, optional skills, occupation."""
        vector = ESSENTIAL_WEIGHT * self._mean(
            self.skill_vectors(sorted(opportunity.essential_skill_ids))
        )
        vector = vector + OPTIONAL_WEIGHT * self._mean(
            self.skill_vectors(sorted(opportunity.optional_skill_ids))
        )
        if opportunity.occupation_id is not None:
            vector = vector + OCCUPATION_WEIGHT * self._mean(
                self.occupation_vectors([opportunity.occupation_id])
            )
        return normalised(vector)

    # --------------------------------------------------------------- closeness

    def related_to(self, skill_ids: Collection[int]) -> frozenset[int]:
        """Every skill linked in ESCO to one of ``skill_ids``."""
        found: set[int] = set()
        for pk in skill_ids:
            found.update(self.related.get(pk, ()))
        return frozenset(found)

    def closest_skill(
        self, skill_id: int, among: np.ndarray, among_ids: list[int]
    ) -> tuple[int, float]:
        """The skill of ``among_ids`` (rows of ``among``) closest to ``skill_id``, with the
        cosine similarity; (-1, 0.0) when there is nothing to compare."""
        row = self.skill_rows.get(skill_id)
        if row is None or not len(among):
            return -1, 0.0
        similarities = among @ self.skill_matrix[row]
        best = int(np.argmax(similarities))
        return among_ids[best], float(similarities[best])

    def occupation_similarity(self, a: int, b: int) -> float:
        ra, rb = self.occupation_rows.get(a), self.occupation_rows.get(b)
        if ra is None or rb is None:
            return 0.0
        return float(self.occupation_matrix[ra] @ self.occupation_matrix[rb])


def _stack(vectors: list[np.ndarray], dim: int) -> np.ndarray:
    return np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32)


def empty_space(dim: int = DEFAULT_DIM) -> SkillSpace:
    """A space that knows no concept (engine defaults and unit tests of single factors)."""
    return SkillSpace(dim, {}, np.zeros((0, dim), np.float32), {}, np.zeros((0, dim), np.float32))
