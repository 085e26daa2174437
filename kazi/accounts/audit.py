"""The audit log of access to a worker's personal data by someone else."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from .models import AuditEvent, User


def record_access(
    actor: User | AnonymousUser, subject: User, action: str, detail: str = ""
) -> None:
    """Log that ``actor`` read or changed ``subject``'s personal data.

    A worker looking at their own data is not logged; everyone else is.
    """
    if isinstance(actor, User) and actor.pk == subject.pk:
        return
    AuditEvent.objects.create(
        actor=actor if isinstance(actor, User) else None,
        subject=subject,
        action=action,
        detail=detail[:300],
    )


def record_access_many(
    actor: User | AnonymousUser, subject_ids: Iterable[int], action: str, detail: str = ""
) -> int:
    """Batch form of :func:`record_access` for pages that show many workers at once.

    One INSERT instead of one per worker, with exactly the same records. Returns the
    number of events recorded.
    """
    actor_user = actor if isinstance(actor, User) else None
    events = [
        AuditEvent(actor=actor_user, subject_id=pk, action=action, detail=detail[:300])
        for pk in dict.fromkeys(subject_ids)
        if actor_user is None or pk != actor_user.pk
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
