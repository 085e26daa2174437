"""ESCO reference data, keyed by ESCO URI. Labels live per language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

from .constants import ConceptKind, SkillType


def label_in(labels: dict[str, str], language: str | None = None) -> str:
    """The label in ``language`` (or the active one), falling back to English."""
    lang = (language or get_language() or "en")[:2]
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "")


class EscoRelease(models.Model):
    version = models.CharField(max_length=20, unique=True)
    source_fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"ESCO {self.version}"


class IscoGroup(models.Model):
    uri = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=8, db_index=True)
    labels = models.JSONField(default=dict)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"{self.code} {label_in(self.labels)}"


class Occupation(models.Model):
    uri = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=40, blank=True)
    isco_group = models.ForeignKey(IscoGroup, null=True, on_delete=models.SET_NULL)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    labels = models.JSONField(default=dict)
    descriptions = models.JSONField(default=dict)
    skills: models.ManyToManyField[Skill, OccupationSkill] = models.ManyToManyField(
        "Skill", through="OccupationSkill", related_name="occupations"
    )

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        return label_in(self.labels, language)

    def description(self, language: str | None = None) -> str:
        return label_in(self.descriptions, language)


class Skill(models.Model):
    uri = models.CharField(max_length=200, unique=True)
    skill_type = models.CharField(max_length=20, choices=SkillType.choices, blank=True)
    reuse_level = models.CharField(max_length=30, blank=True)
    labels = models.JSONField(default=dict)
    descriptions = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        return label_in(self.labels, language)

    def description(self, language: str | None = None) -> str:
        return label_in(self.descriptions, language)


class SkillGroup(models.Model):
    uri = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=40, blank=True)
    labels = models.JSONField(default=dict)

    def __str__(self) -> str:
        return label_in(self.labels)


class SkillBroader(models.Model):
    """Skill pillar hierarchy: a skill or skill group and its broader concept (by URI)."""

    concept_uri = models.CharField(max_length=200, db_index=True)
    broader_uri = models.CharField(max_length=200, db_index=True)

    def __str__(self) -> str:
        return f"{self.concept_uri} → {self.broader_uri}"


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)
    essential = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="uniq_occupation_skill")
        ]

    def __str__(self) -> str:
        kind = "essential" if self.essential else "optional"
        return f"{self.occupation_id} → {self.skill_id} ({kind})"


class SkillRelation(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    essential = models.BooleanField()

    def __str__(self) -> str:
        kind = "essential" if self.essential else "optional"
        return f"{self.skill_id} → {self.related_id} ({kind})"


class Label(models.Model):
    """Every preferred and alternative label of a concept in one language (for search)."""

    kind = models.CharField(max_length=12, choices=ConceptKind.choices)
    concept_id = models.BigIntegerField()
    language = models.CharField(max_length=8)
    text = models.CharField(max_length=400)
    preferred = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["kind", "language"])]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"
