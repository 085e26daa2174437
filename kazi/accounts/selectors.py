"""Reads for the accounts pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from .constants import AuditAction, Role
from .models import AuditEvent, Consent, Organisation, User


def consent_history(user: User) -> QuerySet[Consent]:
    """Every consent record of ``user``, newest first."""
    return (
        Consent.objects.filter(user=user)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-pk")
    )


@dataclass(frozen=True)
class AccessLine:
    who: str
    role: str
    organisation: str
    what: str
    detail: str
    at: datetime


def describe_actor(actor: User | None) -> tuple[str, str, str]:
    """(name, role label, organisations) of whoever read the data."""
    if actor is None:
        return _("A person whose account has since been closed"), "", ""
    organisations = ""
    if actor.role == Role.EMPLOYER:
        organisations = ", ".join(org.name for org in actor.organisations.all())
    return str(actor), str(Role(actor.role).label), organisations


def audit_events_about(user: User) -> QuerySet[AuditEvent]:
    """Events where someone else read or changed ``user``'s data, newest first."""
    return (
        AuditEvent.objects.filter(subject=user)
        .select_related("actor")
        .prefetch_related(
            Prefetch("actor__organisations", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("-at", "-pk")
    )


def access_lines(events: list[AuditEvent]) -> list[AccessLine]:
    lines = []
    for event in events:
        who, role, organisation = describe_actor(event.actor)
        what = (
            AuditAction(event.action).label if event.action in AuditAction.values else event.action
        )
        lines.append(
            AccessLine(
                who=who,
                role=str(role),
                organisation=organisation,
                what=str(what),
                detail=event.detail,
                at=event.at,
            )
        )
    return lines
