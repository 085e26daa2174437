"""Build the skills core's `Taxonomy` (plain arrays) from the imported ESCO tables."""

from __future__ import annotations

import numpy as np

from kazi.skills.concepts import ConceptTable, LabelRow, Relations, Taxonomy
from kazi.taxonomy.constants import ConceptKind
from kazi.taxonomy.models import (
    EscoRelease,
    IscoGroup,
    Label,
    Occupation,
    OccupationSkill,
    Skill,
    SkillRelation,
)


class TaxonomyNotImportedError(RuntimeError):
    def __init__(self) -> None:
        super().__init__("ESCO is not imported yet. Run `kazi taxonomy import` first.")


def esco_version() -> str:
    release = EscoRelease.objects.order_by("-imported_at").first()
    if release is None:
        raise TaxonomyNotImportedError()
    return release.version


def _label_rows(kind: str, index: dict[int, int]) -> list[LabelRow]:
    """The labels of one kind of concept, with database ids turned into table indexes."""
    return [
        LabelRow(index[concept], text, language, preferred)
        for concept, text, language, preferred in Label.objects.filter(kind=kind).values_list(
            "concept_id", "text", "language", "preferred"
        )
        if concept in index
    ]


def taxonomy_from_db() -> Taxonomy:
    """Every skill, occupation and ISCO-08 group with all their labels and relations."""
    version = esco_version()
    skill_ids = list(Skill.objects.order_by("id").values_list("id", "uri", "skill_type"))
    skill_index = {pk: i for i, (pk, _, _) in enumerate(skill_ids)}
    occupations = list(Occupation.objects.order_by("id").values_list("id", "uri"))
    occ_index = {pk: i for i, (pk, _) in enumerate(occupations)}
    groups = list(IscoGroup.objects.order_by("code").values_list("uri", "labels"))

    skill_labels = _label_rows(ConceptKind.SKILL, skill_index)
    occ_labels = _label_rows(ConceptKind.OCCUPATION, occ_index)
    offset = len(occupations)
    for i, (_, labels) in enumerate(groups):
        for language, text in (labels or {}).items():
            occ_labels.append(LabelRow(offset + i, text, language, True))

    links = list(OccupationSkill.objects.values_list("occupation_id", "skill_id", "essential"))
    pairs = list(SkillRelation.objects.values_list("skill_id", "related_id"))
    relations = Relations(
        occupation_skill=np.array(
            [(occ_index[o], skill_index[s]) for o, s, _ in links], dtype=np.int32
        ).reshape(-1, 2),
        occupation_skill_essential=np.array([e for _, _, e in links], dtype=bool),
        skill_skill=np.array(
            [(skill_index[a], skill_index[b]) for a, b in pairs], dtype=np.int32
        ).reshape(-1, 2),
    )
    return Taxonomy(
        version=version,
        skills=ConceptTable.build(
            "skills", [u for _, u, _ in skill_ids], [t for _, _, t in skill_ids], skill_labels
        ),
        occupations=ConceptTable.build(
            "occupations",
            [u for _, u in occupations] + [u for u, _ in groups],
            ["occupation"] * len(occupations) + ["isco"] * len(groups),
            occ_labels,
        ),
        relations=relations,
    )
