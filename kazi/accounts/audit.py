"""The audit log of access to a worker's personal data by someone else."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from .models import AuditEvent, User


def record_access(actor: User | AnonymousUser, subject: User, action: str, detail: str = "") -> None:
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
