"""Worker profile API (`/api/v1/workers/`): a worker's own profile (read and change), and
a worker's profile for counsellors the worker allowed to help them (every read audited).

Session authentication; unsafe methods need the CSRF token (ninja's ``django_auth``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, cast

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.security import django_auth

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction
from kazi.accounts.models import User
from kazi.core.errors import PermissionDeniedError

from . import selectors, services
from .models import WorkerProfile

router = Router(tags=["profiles"], auth=django_auth)


class ConceptOut(Schema):
    uri: str
    label: str


class SkillOut(ConceptOut):
    type: str
    level: str


class PayOut(Schema):
    amount: Decimal
    currency: str
    period: str


class ExperienceOut(Schema):
    title: str
    description: str
    place: str
    paid: bool
    formal: bool
    start_year: int | None
    end_year: int | None


class EducationOut(Schema):
    level: str
    title: str
    institution: str
    year: int | None


class ProfileOut(Schema):
    worker_id: int
    name: str
    language: str = Field(description="language of the labels in this answer")
    languages: list[str] = Field(description="ISO 639-1 codes")
    country: str = Field(description="ISO 3166-1 alpha-2")
    city: str
    origin_country: str
    summary: str
    work_types: list[str]
    accepts_remote: bool
    min_pay: PayOut | None
    availability: str
    max_hours_per_week: int | None
    right_to_work: str | None
    occupations: list[ConceptOut]
    skills: list[SkillOut]
    experiences: list[ExperienceOut]
    education: list[EducationOut]
    completeness: int = Field(description="percentage of the profile steps filled in")
    updated_at: datetime


Code2 = Annotated[str, Field(max_length=2)]


class ProfilePatch(Schema):
    """Basic fields; leave out what should not change."""

    languages: list[Annotated[str, Field(max_length=3)]] | None = Field(None, max_length=50)
    country: Code2 | None = None
    city: Annotated[str, Field(max_length=120)] | None = None
    origin_country: Code2 | None = None
    summary: Annotated[str, Field(max_length=2000)] | None = None
    work_types: list[Annotated[str, Field(max_length=20)]] | None = Field(None, max_length=10)
    accepts_remote: bool | None = None
    min_pay_amount: Decimal | None = None
    min_pay_currency: Annotated[str, Field(max_length=3)] | None = None
    min_pay_period: Annotated[str, Field(max_length=10)] | None = None
    availability: Annotated[str, Field(max_length=12)] | None = None
    max_hours_per_week: int | None = None
    right_to_work: Annotated[str, Field(max_length=10)] | None = None


def _language(requested: str | None) -> str:
    enabled = {code for code, _name in settings.LANGUAGES}
    if requested and requested[:2] in enabled:
        return requested[:2]
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _out(profile: WorkerProfile, language: str | None = None) -> ProfileOut:
    language = _language(language)
    view = selectors.profile_view(profile, language)
    pay = None
    if profile.min_pay_amount is not None:
        pay = PayOut(
            amount=profile.min_pay_amount,
            currency=profile.min_pay_currency,
            period=profile.min_pay_period,
        )
    return ProfileOut(
        worker_id=profile.user_id,
        name=view.name,
        language=language,
        languages=list(profile.languages),
        country=profile.country,
        city=profile.city,
        origin_country=profile.origin_country,
        summary=profile.summary,
        work_types=list(profile.work_types),
        accepts_remote=profile.accepts_remote,
        min_pay=pay,
        availability=profile.availability,
        max_hours_per_week=profile.max_hours_per_week,
        right_to_work=profile.right_to_work if settings.KAZI_ASK_RIGHT_TO_WORK else None,
        occupations=[ConceptOut(uri=o.uri, label=o.label) for o in view.occupations],
        skills=[
            SkillOut(
                uri=s.uri,
                label=s.label,
                type="knowledge" if s.knowledge else "skill/competence",
                level=s.level,
            )
            for s in view.skills
        ],
        experiences=[
            ExperienceOut(
                title=e.title,
                description=e.description,
                place=e.place,
                paid=e.paid,
                formal=e.formal,
                start_year=e.start_year,
                end_year=e.end_year,
            )
            for e in view.experiences
        ],
        education=[
            EducationOut(level=e.level, title=e.title, institution=e.institution, year=e.year)
            for e in view.education
        ],
        completeness=selectors.completeness(profile).percent,
        updated_at=profile.updated_at,
    )


def _own_profile(request: HttpRequest) -> tuple[User, WorkerProfile]:
    user = cast(User, request.user)
    if not user.is_worker:
        raise PermissionDeniedError(_("Only workers have a profile."), code="not_a_worker")
    return user, services.get_or_create_profile(user)


@router.get("/me/profile", response=ProfileOut, summary="My profile")
def my_profile(request: HttpRequest, lang: str | None = None) -> ProfileOut:
    """``lang`` picks the language of ESCO labels (default: the interface language)."""
    _user, profile = _own_profile(request)
    return _out(profile, lang)


@router.patch("/me/profile", response=ProfileOut, summary="Change my profile")
def patch_my_profile(request: HttpRequest, payload: ProfilePatch) -> ProfileOut:
    user, profile = _own_profile(request)
    data = payload.dict(exclude_unset=True)
    with transaction.atomic():  # both parts or neither: a refused wish undoes the rest
        _patch(user, profile, data)
    profile.refresh_from_db()
    return _out(profile)


def _patch(user: User, profile: WorkerProfile, data: dict[str, Any]) -> None:
    about = {"languages", "country", "city", "origin_country", "summary"}
    if about & data.keys():
        services.update_about(
            profile,
            actor=user,
            languages=(data["languages"] or []) if "languages" in data else profile.languages,
            country=_given(data, "country", profile.country),
            city=_given(data, "city", profile.city),
            origin_country=_given(data, "origin_country", profile.origin_country),
            summary=_given(data, "summary", profile.summary),
        )
    wishes = {
        "work_types",
        "accepts_remote",
        "min_pay_amount",
        "min_pay_currency",
        "min_pay_period",
        "availability",
        "max_hours_per_week",
        "right_to_work",
    }
    if wishes & data.keys():
        amount = data.get("min_pay_amount", profile.min_pay_amount)
        services.update_wishes(
            profile,
            actor=user,
            work_types=(data["work_types"] or []) if "work_types" in data else profile.work_types,
            accepts_remote=bool(data.get("accepts_remote", profile.accepts_remote)),
            min_pay_amount=amount,
            min_pay_currency=_given(data, "min_pay_currency", profile.min_pay_currency),
            min_pay_period=_given(data, "min_pay_period", profile.min_pay_period),
            availability=_given(data, "availability", profile.availability),
            max_hours_per_week=cast(
                "int | None", data.get("max_hours_per_week", profile.max_hours_per_week)
            ),
            right_to_work=(data["right_to_work"] or "") if "right_to_work" in data else None,
        )


def _given(data: dict[str, object], name: str, current: object) -> str:
    """The new value if the caller sent one (``null`` clears it), else the current one."""
    if name not in data:
        return cast(str, current)
    value = data[name]
    return "" if value is None else cast(str, value)


@router.get("/{int:user_id}/profile", response=ProfileOut, summary="A worker's profile")
def worker_profile(request: HttpRequest, user_id: int, lang: str | None = None) -> ProfileOut:
    """For counsellors, when the worker allowed counsellor contact; 404 otherwise."""
    actor = cast(User, request.user)
    if actor.pk == user_id and actor.is_worker:
        return _out(services.get_or_create_profile(actor), lang)
    worker = selectors.worker_for_counsellor(actor, user_id)
    if worker is None:
        raise Http404
    profile = selectors.profile_for(worker)
    if profile is None:
        raise Http404
    record_access(actor, worker, AuditAction.VIEW_PROFILE, "api")
    return _out(profile, lang)
