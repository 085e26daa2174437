"""Reads of the analytics app: who is audited, with which group labels, and the ESCO
occupations a generated population is drawn from.

Audit facts are read here and nowhere else; they are turned into group labels and joined
to what the ranking did only after the ranking has run (``kazi/analytics/audit.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from kazi.accounts.consent import users_with_consent
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.accounts.models import User
from kazi.profiles.models import WorkerProfile
from kazi.taxonomy.models import OccupationSkill

from .constants import Attribute
from .models import AuditFacts
from .synthetic import OccupationSpec


def facts_of(user: User) -> AuditFacts | None:
    """The worker's own facts (for their own page only)."""
    return AuditFacts.objects.filter(user=user).first()


def labels_of(facts: AuditFacts) -> dict[str, str]:
    """Group label per audited attribute ("" when the worker did not say)."""
    return {
        Attribute.GENDER: facts.gender,
        Attribute.AGE_BAND: facts.age_band,
        Attribute.NATIONALITY: facts.nationality,
        Attribute.DISABILITY: facts.disability,
    }


def audited_users() -> QuerySet[User]:
    """Active workers who let Kazi match them *and* use their facts for the audit (the
    latest record of both consents grants it), and who gave facts."""
    matching = users_with_consent(ConsentPurpose.MATCHING).values("pk")
    workers = User.objects.filter(
        role=Role.WORKER, is_active=True, pk__in=matching, audit_facts__isnull=False
    )
    return users_with_consent(ConsentPurpose.FAIRNESS_AUDIT, workers)


@dataclass(frozen=True)
class AuditedWorker:
    profile: WorkerProfile
    labels: dict[str, str]


def audited_workers() -> Iterator[AuditedWorker]:
    """The live population of the audit: audited users who have a profile."""
    users = audited_users().values("pk")
    profiles = WorkerProfile.objects.filter(user__in=users).select_related("user").order_by("pk")
    facts = {f.user_id: f for f in AuditFacts.objects.filter(user__in=users)}
    for profile in profiles.iterator(chunk_size=500):
        found = facts.get(profile.user_id)
        if found is not None:
            yield AuditedWorker(profile=profile, labels=labels_of(found))


def occupation_specs(limit: int | None = None) -> list[OccupationSpec]:
    """ESCO occupations of the database with their essential and optional skills (those
    with at least one essential skill), in a stable order."""
    essential: dict[int, list[int]] = {}
    optional: dict[int, list[int]] = {}
    rows = OccupationSkill.objects.order_by("occupation_id", "skill_id").values_list(
        "occupation_id", "skill_id", "essential"
    )
    for occupation_id, skill_id, is_essential in rows.iterator(chunk_size=5000):
        (essential if is_essential else optional).setdefault(occupation_id, []).append(skill_id)
    specs = [
        OccupationSpec(pk, tuple(skills), tuple(optional.get(pk, ())))
        for pk, skills in sorted(essential.items())
    ]
    return specs[:limit] if limit is not None else specs
