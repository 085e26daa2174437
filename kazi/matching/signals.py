"""Journal entries for the vector indexes (``kazi/matching/index.py``), written when an
object that decides an index entry is saved or deleted: vacancies and their skills;
worker profiles, their skills, occupations and experiences; consents; user accounts
(role, active).

Connected in ``MatchingConfig.ready``. Entries are written in the transaction of the
change. Bulk writes (``bulk_create``, ``QuerySet.update``) send no signal: code that uses
them calls :func:`kazi.matching.index.record_change` itself, or saves the parent object
(a vacancy, a profile) in the same transaction, which records the change as well.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from kazi.accounts.constants import Role
from kazi.accounts.models import Consent, User
from kazi.opportunities.models import Vacancy, VacancySkill
from kazi.profiles.models import Experience, ProfileOccupation, ProfileSkill, WorkerProfile

from .index import OPPORTUNITIES, WORKERS, record_change

DISPATCH = "kazi.matching.index"


def _vacancy(sender: type, instance: Vacancy, **kwargs: Any) -> None:
    record_change(OPPORTUNITIES, instance.pk)


def _vacancy_skill(sender: type, instance: VacancySkill, **kwargs: Any) -> None:
    record_change(OPPORTUNITIES, instance.vacancy_id)


def _profile(sender: type, instance: WorkerProfile, **kwargs: Any) -> None:
    record_change(WORKERS, instance.user_id)


def _profile_child(
    sender: type, instance: ProfileSkill | ProfileOccupation | Experience, **kwargs: Any
) -> None:
    # The index is keyed by user id; when the profile itself is being deleted, its own
    # signal records the change.
    user_id = (
        WorkerProfile.objects.filter(pk=instance.profile_id)
        .values_list("user_id", flat=True)
        .first()
    )
    if user_id is not None:
        record_change(WORKERS, user_id)


def _consent(sender: type, instance: Consent, **kwargs: Any) -> None:
    record_change(WORKERS, instance.user_id)


def _user(sender: type, instance: User, **kwargs: Any) -> None:
    """Role and active state decide whether a worker is indexed. Saves that only touch
    the last sign-in or the interface language (every sign-in) are not journalled."""
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) <= {"last_login", "language"}:
        return
    if instance.role == Role.WORKER or fields is None or "role" in fields:
        record_change(WORKERS, instance.pk)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_vacancy, sender=Vacancy, dispatch_uid=f"{DISPATCH}.vacancy")
        signal.connect(_vacancy_skill, sender=VacancySkill, dispatch_uid=f"{DISPATCH}.vskill")
        signal.connect(_profile, sender=WorkerProfile, dispatch_uid=f"{DISPATCH}.profile")
        for model in (ProfileSkill, ProfileOccupation, Experience):
            signal.connect(
                _profile_child, sender=model, dispatch_uid=f"{DISPATCH}.{model.__name__}"
            )
        signal.connect(_consent, sender=Consent, dispatch_uid=f"{DISPATCH}.consent")
    post_save.connect(_user, sender=User, dispatch_uid=f"{DISPATCH}.user")
