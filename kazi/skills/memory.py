"""The title memory: job titles whose ESCO occupation a person confirmed.

Job titles are short, noisy and repetitive ("Care Assistant - Nights", "Senior Care
Assistant"): only about one in twelve matches an ESCO label even after normalisation, but
most resemble a title someone has already classified. The memory holds such pairs — the
titles employers confirmed for their vacancies on this platform, and seed files of
annotated titles a deployment provides — and lets the nearest titles vote: each of the
``k`` most similar titles votes for its occupation with weight ``exp(sharpness · cosine)``;
an occupation's memory score is its share of the votes (0..1).

Measured on JobBERT validation with 5-fold cross-validation (the votes for a title never
come from its own fold): see docs/skills.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["TitleMemory"]

K = 20
SHARPNESS = 10.0


@dataclass
class TitleMemory:
    titles: list[str]
    concepts: np.ndarray  # int32: occupation index in the occupations table
    folds: np.ndarray  # int8: cross-validation fold of seed titles (row % 5), -1 otherwise
    sources: list[str]  # per title: where it comes from ("vacancy", a seed file name)
    vectors: dict[str, np.ndarray]  # encoder -> (len(titles), dim) float32

    def __len__(self) -> int:
        return len(self.titles)

    def votes(
        self,
        encoder: str,
        queries: np.ndarray,
        size: int,
        exclude: np.ndarray | None = None,
    ) -> tuple[np.ndarray, float]:
        """Vote share per concept (``size`` concepts) from the ``K`` nearest titles of any
        query vector, and the best cosine; ``exclude`` masks memory rows (cross-validation)."""
        out = np.zeros(size, dtype=np.float32)
        vectors = self.vectors.get(encoder)
        if vectors is None or len(self) == 0 or len(queries) == 0:
            return out, -1.0
        similarities = (queries.astype(np.float32) @ vectors.T).max(axis=0)
        if exclude is not None:
            similarities = np.where(exclude, -np.inf, similarities)
        k = min(K, len(similarities))
        nearest = np.argpartition(-similarities, k - 1)[:k]
        nearest = nearest[np.isfinite(similarities[nearest])]
        if len(nearest) == 0:
            return out, -1.0
        best = float(similarities[nearest].max())
        weights = np.exp(SHARPNESS * (similarities[nearest] - best))
        np.add.at(out, self.concepts[nearest], weights)
        return out / weights.sum(), best

    def exclusion(self, source: str, fold: int) -> np.ndarray:
        """Rows of ``source`` in cross-validation ``fold`` (to leave out when evaluating)."""
        return np.array([s == source for s in self.sources]) & (self.folds == fold)

    def save(self, path: Path, encoder: str, version: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(
            tmp,
            titles=np.array(self.titles, dtype=object).astype(str),
            concepts=self.concepts,
            folds=self.folds,
            sources=np.array(self.sources, dtype=str),
            vectors=self.vectors[encoder].astype(np.float16),
            encoder=np.array(encoder),
            version=np.array(version),
        )
        tmp.replace(path)

    @classmethod
    def load(
        cls, paths: dict[str, Path], version: str, concepts: int | None = None
    ) -> TitleMemory | None:
        """The memory from one file per encoder (same titles in each), or None; with
        ``concepts`` (the occupation table's size), a file pointing past it is refused."""
        memory: TitleMemory | None = None
        for encoder, path in paths.items():
            if not path.exists():
                continue
            with np.load(path) as data:
                if str(data["version"]) != version:
                    continue
                if memory is None:
                    memory = cls(
                        titles=[str(t) for t in data["titles"]],
                        concepts=data["concepts"],
                        folds=data["folds"],
                        sources=[str(s) for s in data["sources"]],
                        vectors={},
                    )
                if len(data["concepts"]) == len(memory.concepts):
                    memory.vectors[encoder] = data["vectors"].astype(np.float32)
        if (
            memory is not None
            and concepts is not None
            and len(memory.concepts)
            and int(memory.concepts.max()) >= concepts
        ):
            raise ValueError("the title memory points past the occupations it was built for")
        return memory
