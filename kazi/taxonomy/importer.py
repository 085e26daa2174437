"""Import the ESCO 1.1.1 classification from ``KAZI_DATA_DIR/esco``.

Sources (see ``../shared/data/SOURCES.md``):

* ``v1.1.1/esco-v1.1.1-classification-en-csv.zip``: English occupations, skills, ISCO-08
  groups and skill groups (read straight from the zip);
* ``v1.1.1/esco-v1.1.1-relations-csv.zip``: hierarchies, occupation–skill and skill–skill
  relations (language independent);
* ``v1.1.1/fr/*.csv``: French occupations, ISCO groups and skill groups;
* ``v1.0/fr/skills_fr.csv``: French skill labels, joined on the concept URI;
* ``v1.0/es/*.csv``: Spanish occupation and skill labels, where present.

Concepts are keyed by ESCO URI: a re-import updates rows in place (primary keys stay, so
profiles and vacancies keep pointing at the same skills) and replaces the relation and label
tables. Everything happens in one transaction. An ``EscoRelease`` row records the version,
a fingerprint of the source files and the counts; when the same release is already in the
database the import returns at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from django.db import connection, models, transaction
from tqdm import tqdm

from .constants import ConceptKind, SkillType
from .models import (
    EscoRelease,
    IscoGroup,
    Label,
    Occupation,
    OccupationSkill,
    Skill,
    SkillBroader,
    SkillGroup,
    SkillRelation,
)

ESCO_VERSION = "1.1.1"
CLASSIFICATION_ZIP = "v1.1.1/esco-v1.1.1-classification-en-csv.zip"
RELATIONS_ZIP = "v1.1.1/esco-v1.1.1-relations-csv.zip"
FR_OCCUPATIONS = "v1.1.1/fr/occupations_fr.csv"
FR_ISCO_GROUPS = "v1.1.1/fr/ISCOGroups_fr.csv"
FR_SKILL_GROUPS = "v1.1.1/fr/skillGroups_fr.csv"
FR_SKILLS = "v1.0/fr/skills_fr.csv"
ES_OCCUPATIONS = "v1.0/es/occupations_es.csv"
ES_SKILLS = "v1.0/es/skills_es.csv"
REQUIRED_FILES = (
    CLASSIFICATION_ZIP,
    RELATIONS_ZIP,
    FR_OCCUPATIONS,
    FR_ISCO_GROUPS,
    FR_SKILL_GROUPS,
    FR_SKILLS,
)
OPTIONAL_FILES = (ES_OCCUPATIONS, ES_SKILLS)
IMPORTED_LANGUAGES = ("en", "fr", "es")
CHUNK = 5000
SKILL_TYPES = {choice.value for choice in SkillType}

M = TypeVar("M", bound=models.Model)


class EscoDataMissingError(Exception):
    """The ESCO data folder or one of its files is not where it should be."""


@dataclass
class ImportResult:
    version: str
    skipped: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def missing_data_message(path: Path, data_dir: Path) -> str:
    return (
        f"ESCO data not found: {path} does not exist. Kazi reads ESCO from <data dir>/esco, "
        f"where the data dir is the KAZI_DATA_DIR environment variable or --data-dir (here: "
        f"{data_dir}). Point KAZI_DATA_DIR at the folder that holds esco/: the data ships in "
        "../shared/data next to the project, and its SOURCES.md says where each file comes "
        "from."
    )


def source_files(data_dir: Path) -> list[Path]:
    """The files the import reads, in a fixed order; raises if a required one is missing."""
    esco = data_dir / "esco"
    if not esco.is_dir():
        raise EscoDataMissingError(missing_data_message(esco, data_dir))
    files = []
    for name in REQUIRED_FILES:
        path = esco / name
        if not path.is_file():
            raise EscoDataMissingError(missing_data_message(path, data_dir))
        files.append(path)
    files.extend(esco / name for name in OPTIONAL_FILES if (esco / name).is_file())
    return files


def fingerprint(files: Sequence[Path], root: Path) -> str:
    """SHA-256 over the names and contents of the source files (about 0.1 s for all)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def is_imported(data_dir: Path) -> bool:
    files = source_files(data_dir)
    return _current_release(fingerprint(files, data_dir / "esco")) is not None


def _current_release(source_fingerprint: str) -> EscoRelease | None:
    release = EscoRelease.objects.filter(
        version=ESCO_VERSION, source_fingerprint=source_fingerprint
    ).first()
    if release is None:
        return None
    # The release row alone is not proof: the tables may have been emptied since.
    counts = release.counts
    if (
        Occupation.objects.count() < counts.get("occupations", 1)
        or Skill.objects.count() < counts.get("skills", 1)
        or Label.objects.filter(language="en").count() < counts.get("labels_en", 1)
    ):
        return None
    return release


# --- reading -----------------------------------------------------------------------------


def _rows_from(stream: io.TextIOBase | TextIO) -> Iterator[dict[str, str]]:
    for row in csv.DictReader(stream):
        yield {key: (value or "").strip() for key, value in row.items() if key}


def _zip_rows(path: Path, member: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        if member not in archive.namelist():
            raise EscoDataMissingError(f"ESCO data incomplete: {path} has no {member}.")
        with archive.open(member) as raw:
            return list(_rows_from(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(_rows_from(stream))


def _clean(text: str) -> str:
    return " ".join(text.split())[:400]


def gender_halves(text: str) -> list[str]:
    """ESCO writes gendered titles as "directeur technique/directrice technique" or
    "waiter/waitress": each half is a label people search for."""
    if text.count("/") != 1:
        return []
    halves = [_clean(half) for half in text.split("/")]
    if all(len(half) >= 3 for half in halves):
        return halves
    return []


def label_texts(preferred: str, alternatives: str, *, split_gender: bool) -> list[tuple[str, bool]]:
    """(text, preferred) for the preferred label and the newline-separated alternatives,
    without repeats (case-insensitive); for occupations also each half of "a/b" titles."""
    result: list[tuple[str, bool]] = []
    seen: set[str] = set()

    def add(text: str, is_preferred: bool) -> None:
        text = _clean(text)
        key = text.casefold()
        if text and key not in seen:
            seen.add(key)
            result.append((text, is_preferred))

    add(preferred, True)
    for alternative in alternatives.split("\n"):
        add(alternative, False)
    if split_gender:
        for text, _ in list(result):
            for half in gender_halves(text):
                add(half, False)
    return result


@dataclass
class _Concept:
    uri: str
    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    label_rows: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class _Source:
    isco: dict[str, _Concept]
    occupations: dict[str, _Concept]
    skills: dict[str, _Concept]
    skill_groups: dict[str, _Concept]
    occ_broader: list[dict[str, str]]
    skill_broader: list[dict[str, str]]
    occupation_skills: list[dict[str, str]]
    skill_relations: list[dict[str, str]]


def _add_language(
    concepts: dict[str, _Concept],
    rows: Iterable[dict[str, str]],
    language: str,
    *,
    with_labels: bool,
    split_gender: bool = False,
) -> None:
    for row in rows:
        concept = concepts.get(row.get("conceptUri", ""))
        if concept is None or not row.get("preferredLabel"):
            continue
        concept.labels[language] = _clean(row["preferredLabel"])
        description = row.get("description", "")
        if description:
            concept.descriptions[language] = description
        if with_labels:
            concept.label_rows[language] = label_texts(
                row["preferredLabel"], row.get("altLabels", ""), split_gender=split_gender
            )


def _read(esco: Path) -> _Source:
    classification = esco / CLASSIFICATION_ZIP
    relations = esco / RELATIONS_ZIP

    isco_rows = _zip_rows(classification, "ISCOGroups_en.csv")
    isco = {
        row["conceptUri"]: _Concept(row["conceptUri"], extra={"code": row["code"]})
        for row in isco_rows
    }
    _add_language(isco, isco_rows, "en", with_labels=False)
    _add_language(isco, _csv_rows(esco / FR_ISCO_GROUPS), "fr", with_labels=False)

    occupation_rows = _zip_rows(classification, "occupations_en.csv")
    occupations = {
        row["conceptUri"]: _Concept(
            row["conceptUri"], extra={"code": row["code"], "isco": row["iscoGroup"]}
        )
        for row in occupation_rows
    }
    _add_language(occupations, occupation_rows, "en", with_labels=True, split_gender=True)
    _add_language(
        occupations, _csv_rows(esco / FR_OCCUPATIONS), "fr", with_labels=True, split_gender=True
    )
    _add_language(
        occupations, _csv_rows(esco / ES_OCCUPATIONS), "es", with_labels=True, split_gender=True
    )

    skill_rows = _zip_rows(classification, "skills_en.csv")
    skills = {
        row["conceptUri"]: _Concept(
            row["conceptUri"],
            extra={"type": row["skillType"], "reuse": row["reuseLevel"]},
        )
        for row in skill_rows
    }
    _add_language(skills, skill_rows, "en", with_labels=True)
    _add_language(skills, _csv_rows(esco / FR_SKILLS), "fr", with_labels=True)
    _add_language(skills, _csv_rows(esco / ES_SKILLS), "es", with_labels=True)

    group_rows = _zip_rows(classification, "skillGroups_en.csv")
    groups = {
        row["conceptUri"]: _Concept(row["conceptUri"], extra={"code": row.get("code", "")})
        for row in group_rows
    }
    _add_language(groups, group_rows, "en", with_labels=False)
    _add_language(groups, _csv_rows(esco / FR_SKILL_GROUPS), "fr", with_labels=False)

    return _Source(
        isco=isco,
        occupations=occupations,
        skills=skills,
        skill_groups=groups,
        occ_broader=_zip_rows(relations, "broaderRelationsOccPillar.csv"),
        skill_broader=_zip_rows(relations, "broaderRelationsSkillPillar.csv"),
        occupation_skills=_zip_rows(relations, "occupationSkillRelations.csv"),
        skill_relations=_zip_rows(relations, "skillSkillRelations.csv"),
    )


# --- writing -----------------------------------------------------------------------------


class _Progress:
    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def bar(self, description: str, total: int) -> tqdm[Any]:
        return tqdm(
            total=total,
            desc=description.ljust(26),
            unit=" rows",
            file=self.stream,
            disable=self.stream is None,
            leave=True,
            dynamic_ncols=True,
            mininterval=0.2,
        )


def _create(
    progress: _Progress,
    description: str,
    model: type[M],
    objects: Sequence[M],
    **upsert: Any,
) -> None:
    with progress.bar(description, len(objects)) as bar:
        for start in range(0, len(objects), CHUNK):
            chunk = objects[start : start + CHUNK]
            model._default_manager.bulk_create(chunk, **upsert)
            bar.update(len(chunk))


def _insert(
    progress: _Progress,
    description: str,
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Plain parametrised INSERTs with executemany: the big link and label tables go in
    several times faster than through model instances (same SQL on SQLite and PostgreSQL)."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in columns]
    names = ", ".join(quote(f.column or f.name) for f in fields if isinstance(f, models.Field))
    table = quote(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 - no user input
    with progress.bar(description, len(rows)) as bar, connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            cursor.executemany(sql, chunk)
            bar.update(len(chunk))


def _upsert(
    progress: _Progress,
    description: str,
    model: type[M],
    objects: Sequence[M],
    update_fields: list[str],
) -> dict[str, int]:
    """Insert or update rows by ``uri``; return the URI → primary key map."""
    _create(
        progress,
        description,
        model,
        objects,
        update_conflicts=True,
        unique_fields=["uri"],
        update_fields=update_fields,
    )
    return dict(model._default_manager.values_list("uri", "pk"))


def _write(source: _Source, progress: _Progress) -> dict[str, int]:
    counts: dict[str, int] = {}

    # ISCO-08 groups and their hierarchy.
    isco_pk = _upsert(
        progress,
        "ISCO-08 groups",
        IscoGroup,
        [IscoGroup(uri=c.uri, code=c.extra["code"], labels=c.labels) for c in source.isco.values()],
        ["code", "labels"],
    )
    isco_parent = {
        row["conceptUri"]: row["broaderUri"]
        for row in source.occ_broader
        if row["conceptType"] == "ISCOGroup" and row["broaderType"] == "ISCOGroup"
    }
    IscoGroup.objects.bulk_update(
        [
            IscoGroup(pk=isco_pk[uri], parent_id=isco_pk.get(isco_parent.get(uri, "")))
            for uri in source.isco
        ],
        ["parent"],
        batch_size=1000,
    )
    counts["isco_groups"] = len(source.isco)
    isco_by_code = {c.extra["code"]: isco_pk[c.uri] for c in source.isco.values()}

    # Occupations and the occupation hierarchy (narrower ESCO occupations).
    occupation_pk = _upsert(
        progress,
        "Occupations",
        Occupation,
        [
            Occupation(
                uri=c.uri,
                code=c.extra["code"],
                isco_group_id=isco_by_code.get(c.extra["isco"]),
                labels=c.labels,
                descriptions=c.descriptions,
            )
            for c in source.occupations.values()
        ],
        ["code", "isco_group", "labels", "descriptions"],
    )
    occupation_parent = {
        row["conceptUri"]: row["broaderUri"]
        for row in source.occ_broader
        if row["conceptType"] == "Occupation" and row["broaderType"] == "Occupation"
    }
    Occupation.objects.bulk_update(
        [
            Occupation(
                pk=occupation_pk[uri],
                parent_id=occupation_pk.get(occupation_parent.get(uri, "")),
            )
            for uri in source.occupations
        ],
        ["parent"],
        batch_size=1000,
    )
    counts["occupations"] = len(source.occupations)
    counts["occupation_parents"] = sum(1 for uri in occupation_parent if uri in occupation_pk)

    # Skills and skill groups.
    skill_pk = _upsert(
        progress,
        "Skills",
        Skill,
        [
            Skill(
                uri=c.uri,
                skill_type=c.extra["type"] if c.extra["type"] in SKILL_TYPES else "",
                reuse_level=c.extra["reuse"],
                labels=c.labels,
                descriptions=c.descriptions,
            )
            for c in source.skills.values()
        ],
        ["skill_type", "reuse_level", "labels", "descriptions"],
    )
    counts["skills"] = len(source.skills)
    _upsert(
        progress,
        "Skill groups",
        SkillGroup,
        [
            SkillGroup(uri=c.uri, code=c.extra["code"], labels=c.labels)
            for c in source.skill_groups.values()
        ],
        ["code", "labels"],
    )
    counts["skill_groups"] = len(source.skill_groups)

    # Relations: replaced as a whole.
    SkillBroader.objects.all().delete()
    _insert(
        progress,
        "Skill hierarchy",
        SkillBroader,
        ["concept_uri", "broader_uri"],
        [(row["conceptUri"], row["broaderUri"]) for row in source.skill_broader],
    )
    counts["skill_broader"] = len(source.skill_broader)

    OccupationSkill.objects.all().delete()
    pairs: dict[tuple[int, int], bool] = {}
    for row in source.occupation_skills:
        occupation = occupation_pk.get(row["occupationUri"])
        skill = skill_pk.get(row["skillUri"])
        if occupation is None or skill is None:
            continue
        essential = row["relationType"] == "essential"
        # A pair listed twice keeps "essential" if either row says so.
        pairs[(occupation, skill)] = pairs.get((occupation, skill), False) or essential
    _insert(
        progress,
        "Occupation–skill links",
        OccupationSkill,
        ["occupation", "skill", "essential"],
        [(o, s, e) for (o, s), e in pairs.items()],
    )
    counts["occupation_skill_rows_in_source"] = len(source.occupation_skills)
    counts["occupation_skills"] = len(pairs)
    counts["occupation_skills_essential"] = sum(pairs.values())

    SkillRelation.objects.all().delete()
    relations = [
        (
            skill_pk[row["originalSkillUri"]],
            skill_pk[row["relatedSkillUri"]],
            row["relationType"] == "essential",
        )
        for row in source.skill_relations
        if row["originalSkillUri"] in skill_pk and row["relatedSkillUri"] in skill_pk
    ]
    _insert(
        progress,
        "Skill–skill relations",
        SkillRelation,
        ["skill", "related", "essential"],
        relations,
    )
    counts["skill_relations"] = len(relations)

    # Labels for search: every preferred and alternative label per language.
    Label.objects.filter(
        kind__in=[ConceptKind.OCCUPATION, ConceptKind.SKILL], language__in=IMPORTED_LANGUAGES
    ).delete()
    labels: list[tuple[str, int, str, str, bool]] = []
    for kind, concepts, pks in (
        (ConceptKind.OCCUPATION.value, source.occupations, occupation_pk),
        (ConceptKind.SKILL.value, source.skills, skill_pk),
    ):
        for concept in concepts.values():
            concept_id = pks[concept.uri]
            for language, rows in concept.label_rows.items():
                labels.extend((kind, concept_id, language, text, pref) for text, pref in rows)
    _insert(
        progress,
        "Labels",
        Label,
        ["kind", "concept_id", "language", "text", "preferred"],
        labels,
    )
    counts["labels"] = len(labels)
    for language in IMPORTED_LANGUAGES:
        counts[f"labels_{language}"] = sum(1 for label in labels if label[2] == language)
    return counts


def import_esco(
    data_dir: Path, *, force: bool = False, progress: TextIO | None = None
) -> ImportResult:
    """Import ESCO from ``data_dir/esco`` unless the same release is already imported.

    ``progress`` is the stream for the progress bars (``None``: no bars).
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    files = source_files(data_dir)
    source_fingerprint = fingerprint(files, data_dir / "esco")
    if not force:
        release = _current_release(source_fingerprint)
        if release is not None:
            return ImportResult(
                ESCO_VERSION, skipped=True, counts=release.counts,
                seconds=time.perf_counter() - started,
            )  # fmt: skip
    source = _read(data_dir / "esco")
    with transaction.atomic():
        counts = _write(source, _Progress(progress))
        EscoRelease.objects.update_or_create(
            version=ESCO_VERSION,
            defaults={"source_fingerprint": source_fingerprint, "counts": counts},
        )
        transaction.on_commit(_invalidate_search_index)
    return ImportResult(
        ESCO_VERSION, skipped=False, counts=counts, seconds=time.perf_counter() - started
    )


def _invalidate_search_index() -> None:
    from .selectors import invalidate_search_index

    invalidate_search_index()
