"""Reads: a worker's saved screenings, and those a counsellor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from kazi.accounts.consent import has_consent
from kazi.accounts.constants import ConsentPurpose
from kazi.accounts.models import User

from .models import SavedScreening


def screenings_of(worker: User) -> QuerySet[SavedScreening]:
    return SavedScreening.objects.filter(owner=worker)


def counsellor_may_see(counsellor: object, worker: User) -> bool:
    """A counsellor sees a worker's shared screenings only while the worker allows
    counsellors to help them (consent COUNSELLOR_CONTACT)."""
    return (
        isinstance(counsellor, User)
        and counsellor.is_active
        and counsellor.is_counsellor
        and has_consent(worker, ConsentPurpose.COUNSELLOR_CONTACT)
    )


def shared_with(counsellor: object, worker: User) -> QuerySet[SavedScreening]:
    """The worker's screenings shared with counsellors, if ``counsellor`` may see them."""
    if not counsellor_may_see(counsellor, worker):
        return SavedScreening.objects.none()
    return SavedScreening.objects.filter(owner=worker, shared_with_counsellor=True)


def visible_screening(viewer: object, pk: int) -> SavedScreening | None:
    """One screening for its owner, or for a counsellor it is shared with; else None."""
    screening = SavedScreening.objects.select_related("owner").filter(pk=pk).first()
    if screening is None or not isinstance(viewer, User):
        return None
    if screening.owner_id == viewer.pk:
        return screening
    if screening.shared_with_counsellor and counsellor_may_see(viewer, screening.owner):
        return screening
    return None
