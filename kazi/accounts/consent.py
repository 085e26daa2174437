"""Consent per purpose: append-only records, the latest one is in force."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .constants import ConsentPurpose
from .models import Consent, User


def has_consent(user: User, purpose: str) -> bool:
    latest = (
        Consent.objects.filter(user=user, purpose=purpose).order_by("-recorded_at", "-pk").first()
    )
    return bool(latest and latest.granted)


def current_consents(user: User) -> dict[str, bool]:
    state = {purpose.value: False for purpose in ConsentPurpose}
    for record in Consent.objects.filter(user=user).order_by("recorded_at", "pk"):
        state[record.purpose] = record.granted
    return state


def record_consents(
    user: User, choices: dict[str, bool], *, recorded_by: User | None = None
) -> None:
    """Record a new consent record for every purpose whose state changes."""
    state = current_consents(user)
    for purpose, granted in choices.items():
        if purpose not in state:
            raise ValueError(f"unknown consent purpose {purpose!r}")
        if (
            state[purpose] != granted
            or not Consent.objects.filter(user=user, purpose=purpose).exists()
        ):
            Consent.objects.create(
                user=user, purpose=purpose, granted=granted, recorded_by=recorded_by or user
            )


def users_with_consent(purpose: str, users: QuerySet[User] | None = None) -> QuerySet[User]:
    """Users whose latest record for ``purpose`` grants it (one query, any database)."""
    from django.db.models import OuterRef, Subquery

    latest = (
        Consent.objects.filter(user=OuterRef("pk"), purpose=purpose)
        .order_by("-recorded_at", "-pk")
        .values("granted")[:1]
    )
    base = users if users is not None else User.objects.all()
    return base.annotate(_consent=Subquery(latest)).filter(_consent=True)


def purposes(values: Iterable[str]) -> list[str]:
    valid = {p.value for p in ConsentPurpose}
    return [v for v in values if v in valid]
