"""The taxonomy as plain data: concepts, their labels and the relations between them.

The skills core never reads the database. The platform (or a test) builds a `Taxonomy`
from whatever holds ESCO — the Django models, a fixture — and the core works on arrays.
`save`/`load` keep a snapshot in one compressed file next to the embedding cache so that a
command-line run starts in about a second without touching the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["ConceptTable", "LabelRow", "Relations", "Taxonomy"]


@dataclass(frozen=True, slots=True)
class LabelRow:
    concept: int  # index into the table's uris
    text: str
    language: str
    preferred: bool


@dataclass
class ConceptTable:
    """Concepts of one kind (skills, or occupations and ISCO groups) and all their labels.

    Labels are sorted by concept, so that per-concept maxima are one ``np.maximum.reduceat``.
    """

    kind: str
    uris: list[str]
    groups: list[str]  # per concept: "occupation" / "isco" for occupations, skill type for skills
    label_text: list[str]
    label_concept: np.ndarray  # int32, non-decreasing
    label_language: list[str]
    label_preferred: np.ndarray  # bool
    descriptions: dict[str, list[str]] = field(default_factory=dict)  # language -> per concept
    _preferred: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        kind: str,
        uris: Sequence[str],
        groups: Sequence[str],
        labels: Iterable[LabelRow],
        descriptions: dict[str, list[str]] | None = None,
    ) -> ConceptTable:
        rows = sorted(
            {
                (r.concept, r.text.strip(), r.language, r.preferred)
                for r in labels
                if r.text.strip()
            },
            key=lambda r: (r[0], not r[3], r[2], r[1]),
        )
        covered = {r[0] for r in rows}
        missing = [uris[i] for i in range(len(uris)) if i not in covered]
        if missing:
            raise ValueError(f"{len(missing)} concepts have no label, for example {missing[0]}")
        return cls(
            kind=kind,
            uris=list(uris),
            groups=list(groups),
            label_text=[r[1] for r in rows],
            label_concept=np.array([r[0] for r in rows], dtype=np.int32),
            label_language=[r[2] for r in rows],
            label_preferred=np.array([r[3] for r in rows], dtype=bool),
            descriptions=descriptions or {},
        )

    def __len__(self) -> int:
        return len(self.uris)

    @property
    def languages(self) -> list[str]:
        return sorted(set(self.label_language))

    def index_of(self, uri: str) -> int | None:
        if not self._index:
            self._index = {u: i for i, u in enumerate(self.uris)}
        return self._index.get(uri)

    def labels(self) -> Iterator[LabelRow]:
        """Every label row, in table order."""
        for text, concept, language, preferred in zip(
            self.label_text,
            self.label_concept.tolist(),
            self.label_language,
            self.label_preferred.tolist(),
            strict=True,
        ):
            yield LabelRow(concept, text, language, preferred)

    def preferred_label(self, concept: int, language: str) -> str:
        """The preferred label in ``language``, else English, else any label."""
        if not self._preferred:
            table: dict[str, list[str]] = {}
            for row in self.labels():
                if row.preferred:
                    table.setdefault(row.language, [""] * len(self.uris))[row.concept] = row.text
            self._preferred = table
        for lang in (language, "en"):
            labels = self._preferred.get(lang, [])
            if labels and labels[concept]:
                return labels[concept]
        first = int(np.searchsorted(self.label_concept, concept))
        return self.label_text[first]

    def concept_starts(self) -> np.ndarray:
        """Index of the first label of every concept (for ``reduceat``)."""
        return np.searchsorted(self.label_concept, np.arange(len(self.uris))).astype(np.int64)

    # --- persistence ------------------------------------------------------------------

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}meta": _text_array(
                json.dumps({"kind": self.kind, "descriptions": self.descriptions})
            ),
            f"{prefix}uris": _text_array("\n".join(self.uris)),
            f"{prefix}groups": _text_array("\n".join(self.groups)),
            f"{prefix}label_text": _text_array(
                "\n".join(t.replace("\n", " ") for t in self.label_text)
            ),
            f"{prefix}label_language": _text_array("\n".join(self.label_language)),
            f"{prefix}label_concept": self.label_concept,
            f"{prefix}label_preferred": self.label_preferred,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> ConceptTable:
        meta = json.loads(_array_text(arrays[f"{prefix}meta"]))
        return cls(
            kind=meta["kind"],
            uris=_array_text(arrays[f"{prefix}uris"]).split("\n"),
            groups=_array_text(arrays[f"{prefix}groups"]).split("\n"),
            label_text=_array_text(arrays[f"{prefix}label_text"]).split("\n"),
            label_concept=arrays[f"{prefix}label_concept"],
            label_language=_array_text(arrays[f"{prefix}label_language"]).split("\n"),
            label_preferred=arrays[f"{prefix}label_preferred"],
            descriptions=meta["descriptions"],
        )


@dataclass
class Relations:
    """Occupation → skill links (essential or optional) and skill → skill links, as pairs."""

    occupation_skill: np.ndarray  # (n, 2) int32: occupation index, skill index
    occupation_skill_essential: np.ndarray  # (n,) bool
    skill_skill: np.ndarray  # (m, 2) int32

    def skills_of(self, occupation: int, essential_only: bool = False) -> np.ndarray:
        mask = self.occupation_skill[:, 0] == occupation
        if essential_only:
            mask &= self.occupation_skill_essential
        return self.occupation_skill[mask, 1]


@dataclass
class Taxonomy:
    version: str
    skills: ConceptTable
    occupations: ConceptTable
    relations: Relations

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            "version": _text_array(self.version),
            **self.skills.to_arrays("skills_"),
            **self.occupations.to_arrays("occupations_"),
            "occupation_skill": self.relations.occupation_skill,
            "occupation_skill_essential": self.relations.occupation_skill_essential,
            "skill_skill": self.relations.skill_skill,
        }
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Taxonomy:
        with np.load(path) as data:
            arrays = {key: data[key] for key in data.files}
        return cls(
            version=_array_text(arrays["version"]),
            skills=ConceptTable.from_arrays(arrays, "skills_"),
            occupations=ConceptTable.from_arrays(arrays, "occupations_"),
            relations=Relations(
                arrays["occupation_skill"],
                arrays["occupation_skill_essential"],
                arrays["skill_skill"],
            ),
        )


def _text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _array_text(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")
