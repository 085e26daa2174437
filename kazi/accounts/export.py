"""Everything Kazi holds about a person, as one JSON document ("export my data").

Rows are serialised field by field from the models themselves, so that a field added to a
model later appears in the export without a change here. References to ESCO skills and
occupations carry their URI and labels; references to other people carry only their name
and role. Any other table that belongs to the person (deleted with their account) is
included under ``other_records``, so later apps are covered too.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .constants import Role
from .models import AuditEvent, Consent, Organisation, OutboxMessage, User

FORMAT_VERSION = 1
_USER_FIELDS_HIDDEN = {"password"}


def _taxonomy_ref(obj: models.Model) -> dict[str, Any]:
    return {"id": obj.pk, "uri": getattr(obj, "uri", ""), "labels": getattr(obj, "labels", {})}


def _person_ref(person: User, subject: User) -> dict[str, Any]:
    if person.pk == subject.pk:
        return {"id": person.pk, "name": str(person), "role": person.role, "is_you": True}
    ref: dict[str, Any] = {"name": str(person), "role": person.role}
    if person.role == Role.EMPLOYER:
        ref["organisations"] = [org.name for org in person.organisations.all()]
    return ref


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date | Decimal):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return value


def row(obj: models.Model, subject: User, *, skip: set[str] | None = None) -> dict[str, Any]:
    """All concrete fields of ``obj``; foreign keys become small readable references."""
    from kazi.taxonomy.models import Occupation, Skill

    skip = skip or set()
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        if isinstance(field, models.ForeignKey):
            target = getattr(obj, field.name)
            if target is None:
                data[field.name] = None
            elif isinstance(target, Skill | Occupation):
                data[field.name] = _taxonomy_ref(target)
            elif isinstance(target, User):
                data[field.name] = _person_ref(target, subject)
            else:
                data[field.name] = {"id": target.pk, "text": str(target)}
        else:
            data[field.name] = _value(field.value_from_object(obj))
    return data


def _reverse_one_to_many(obj: models.Model) -> list[models.ManyToOneRel]:
    return [
        rel
        for rel in obj._meta.related_objects
        if rel.one_to_many and isinstance(rel, models.ManyToOneRel)
    ]


def _children(obj: models.Model, subject: User) -> dict[str, list[Any]]:
    """Rows of every table that points at ``obj`` (one level deep)."""
    out: dict[str, list[Any]] = {}
    for rel in _reverse_one_to_many(obj):
        manager = rel.related_model._default_manager
        rows = manager.filter(**{rel.field.name: obj}).order_by("pk")
        name = rel.get_accessor_name() or rel.related_model._meta.model_name
        out[str(name)] = [row(child, subject, skip={rel.field.name}) for child in rows]
    return out


def _profile(user: User) -> dict[str, Any] | None:
    from kazi.profiles.models import WorkerProfile

    profile = WorkerProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = row(profile, user, skip={"user"})
    data["occupations"] = [_taxonomy_ref(occ) for occ in profile.occupations.order_by("pk")]
    data.update(_children(profile, user))
    return data


def _applications(user: User) -> list[dict[str, Any]]:
    from kazi.applications.models import Application

    applications = Application.objects.filter(worker=user).select_related(
        "vacancy", "vacancy__organisation"
    )
    out = []
    for application in applications.order_by("created_at", "pk"):
        data = row(application, user, skip={"worker"})
        vacancy = application.vacancy
        data["vacancy"] = {
            "id": vacancy.pk,
            "title": vacancy.title,
            "organisation": vacancy.organisation.name,
            "country": vacancy.country,
            "city": vacancy.city,
        }
        data.update(_children(application, user))
        out.append(data)
    return out


def _other_records(user: User, covered: set[type[models.Model]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for rel in User._meta.related_objects:
        model = rel.related_model
        if not isinstance(model, type) or model in covered:
            continue
        if not (rel.one_to_many or rel.one_to_one):
            continue
        if getattr(rel, "on_delete", None) is not models.CASCADE:
            continue
        rows = model._default_manager.filter(**{rel.field.name: user}).order_by("pk")
        if rows.exists():
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            out[label] = [row(item, user, skip={rel.field.name}) for item in rows]
    return out


def build_export(user: User) -> dict[str, Any]:
    """The whole export document for ``user`` (JSON-ready)."""
    from kazi.applications.models import Application
    from kazi.profiles.models import WorkerProfile

    account = row(user, user, skip=_USER_FIELDS_HIDDEN)
    account.pop("id", None)
    account["id"] = user.pk
    organisations = [
        row(org, user) for org in Organisation.objects.filter(members=user).order_by("pk")
    ]
    consents = [
        row(record, user, skip={"user"})
        for record in Consent.objects.filter(user=user).order_by("recorded_at", "pk")
    ]
    audit = [
        row(event, user, skip={"subject"})
        for event in AuditEvent.objects.filter(subject=user)
        .select_related("actor")
        .order_by("at", "pk")
    ]
    messages = [
        row(message, user, skip={"user", "body"})
        for message in OutboxMessage.objects.filter(user=user).order_by("created_at", "pk")
    ]
    covered: set[type[models.Model]] = {
        Consent,
        AuditEvent,
        OutboxMessage,
        WorkerProfile,
        Application,
    }
    return {
        "format": "kazi-personal-data-export",
        "format_version": FORMAT_VERSION,
        "exported_at": _value(timezone.now()),
        "account": account,
        "organisations": organisations,
        "consents": consents,
        "profile": _profile(user),
        "applications": _applications(user),
        "access_log": audit,
        "messages": messages,
        "other_records": _other_records(user, covered),
    }


def export_json(user: User) -> str:
    return json.dumps(build_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
