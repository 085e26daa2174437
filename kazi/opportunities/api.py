"""Opportunities API (/api/v1/opportunities/): published vacancies with ESCO URIs, a
schema.org JobPosting JSON-LD feed, and import of JobPosting JSON-LD as drafts."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from kazi.accounts.models import Organisation, User
from kazi.core import codes
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.i18n import active_language
from kazi.core.validation import nul_path

from . import jsonld, selectors, services
from .models import Vacancy

router = Router(tags=["opportunities"])

FEED_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # a larger one overflows the database's OFFSET


class ConceptOut(Schema):
    uri: str
    label: str


class SkillRequirementOut(Schema):
    uri: str
    label: str
    essential: bool


class OrganisationOut(Schema):
    id: int
    name: str


class PayOut(Schema):
    min: Decimal
    max: Decimal | None
    currency: str
    period: str


class PayCheckOut(Schema):
    status: str
    message: str


class LicenceListOut(Schema):
    country: str
    authority: str
    date: str
    source_url: str


class LicenceOut(Schema):
    """The recruitment licence of the posting agency (kazi.recruitment); null for
    organisations that are not recruitment agencies."""

    state: str
    label: str
    message: str
    agency_id: int | None
    licence_number: str | None
    valid_until: str | None
    list: LicenceListOut | None


class VacancyOut(Schema):
    id: int
    url: str
    status: str
    title: str
    kind: str
    description: str
    organisation: OrganisationOut
    country: str
    city: str
    remote: bool
    pay: PayOut
    pay_check: PayCheckOut | None
    contract_type: str
    hours_per_week: Decimal | None
    start_date: str | None
    closing_date: str | None
    positions: int
    languages: list[str]
    occupation: ConceptOut | None
    skills: list[SkillRequirementOut]
    published_at: str | None
    licence: LicenceOut | None = None


class VacancyPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[VacancyOut]


class FiltersIn(Schema):
    country: str | None = Field(None, description="ISO 3166 alpha-2 code of the country of work")
    occupation: str | None = Field(None, description="ESCO occupation URI or Kazi id")
    skill: str | None = Field(None, description="ESCO skill URI or Kazi id")
    remote: bool | None = Field(None, description="true: only work that can be done remotely")
    kind: Literal["job", "gig", "microtask"] | None = Field(None, description="type of work")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ImportProblemOut(Schema):
    index: int
    field: str
    message: str


class ImportErrorOut(Schema):
    detail: str
    code: str
    errors: list[ImportProblemOut]


class ImportOut(Schema):
    created: list[int]
    items: list[VacancyOut]


class ErrorOut(Schema):
    detail: str
    code: str | None = None
    field: str | None = None


def _vacancy_url(request: HttpRequest, vacancy: Vacancy) -> str:
    return request.build_absolute_uri(reverse("opportunities:detail", args=[vacancy.pk]))


def vacancy_out(
    request: HttpRequest,
    vacancy: Vacancy,
    licences: dict[tuple[int, str], dict[str, Any] | None] | None = None,
) -> dict[str, Any]:
    """One vacancy for the API. ``licences`` memoises licence verdicts across a list (one
    check per agency and country of work, not one per vacancy)."""
    from kazi.wages.services import PayCheck

    language = active_language()
    check = PayCheck.from_dict(vacancy.pay_check) if vacancy.pay_check else None
    return {
        "id": vacancy.pk,
        "url": _vacancy_url(request, vacancy),
        "status": vacancy.status,
        "title": vacancy.title,
        "kind": vacancy.kind,
        "description": vacancy.description,
        "organisation": {"id": vacancy.organisation_id, "name": vacancy.organisation.name},
        "country": vacancy.country,
        "city": vacancy.city,
        "remote": vacancy.remote,
        "pay": {
            "min": vacancy.pay_min,
            "max": vacancy.pay_max,
            "currency": vacancy.currency,
            "period": vacancy.pay_period,
        },
        "pay_check": {"status": check.status, "message": check.message} if check else None,
        "contract_type": vacancy.contract_type,
        "hours_per_week": vacancy.hours_per_week,
        "start_date": vacancy.start_date.isoformat() if vacancy.start_date else None,
        "closing_date": vacancy.closing_date.isoformat() if vacancy.closing_date else None,
        "positions": vacancy.positions,
        "languages": list(vacancy.languages or []),
        "occupation": (
            {"uri": vacancy.occupation.uri, "label": vacancy.occupation.label(language)}
            if vacancy.occupation
            else None
        ),
        "skills": [
            {"uri": r.skill.uri, "label": r.skill.label(language), "essential": r.essential}
            for r in vacancy.skill_requirements.all()
        ],
        "published_at": vacancy.published_at.isoformat() if vacancy.published_at else None,
        "licence": _licence_out(vacancy, {} if licences is None else licences),
    }


def _licence_out(
    vacancy: Vacancy, seen: dict[tuple[int, str], dict[str, Any] | None]
) -> dict[str, Any] | None:
    from kazi.accounts.constants import OrganisationKind
    from kazi.recruitment.selectors import licence_verdict

    if vacancy.organisation.kind != OrganisationKind.AGENCY:
        return None
    key = (vacancy.organisation_id, vacancy.country)
    if key not in seen:
        seen[key] = licence_verdict(vacancy.organisation, vacancy.country).as_dict()
    return seen[key]


def _filters(params: FiltersIn) -> selectors.OpportunityFilters:
    filters = selectors.OpportunityFilters(remote=bool(params.remote), kind=params.kind or "")
    if params.country:
        country = params.country.strip().upper()
        if not codes.is_country(country):
            raise DomainError(
                _("Unknown country code (use ISO 3166 alpha-2, e.g. KE)."), field="country"
            )
        filters.country = country
    if params.occupation:
        occupation = selectors.occupation_by_ref(params.occupation)
        if occupation is None:
            raise DomainError(
                _("Unknown occupation (give an ESCO URI or an id)."), field="occupation"
            )
        filters.occupation_ids = [occupation.pk]
    if params.skill:
        skill = selectors.skill_by_ref(params.skill)
        if skill is None:
            raise DomainError(_("Unknown skill (give an ESCO URI or an id)."), field="skill")
        filters.skill_ids = [skill.pk]
    return filters


@router.get("", response={200: VacancyPage, 400: ErrorOut}, summary="List open vacancies")
def list_vacancies(request: HttpRequest, params: Query[FiltersIn]) -> dict[str, Any]:
    queryset = selectors.search_vacancies(_filters(params))
    items = list(queryset[params.offset : params.offset + params.limit])
    licences: dict[tuple[int, str], dict[str, Any] | None] = {}
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [vacancy_out(request, v, licences) for v in items],
    }


@router.get("/feed.jsonld", summary="All open vacancies as schema.org JobPosting JSON-LD")
def feed(request: HttpRequest) -> HttpResponse:
    language = active_language()
    postings = [
        jsonld.job_posting(v, url=_vacancy_url(request, v), language=language)
        for v in selectors.search_vacancies(selectors.OpportunityFilters())[:FEED_LIMIT]
    ]
    body = json.dumps(jsonld.graph(postings), ensure_ascii=False)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@router.get("/{int:vacancy_id}", response={200: VacancyOut, 404: ErrorOut}, summary="One vacancy")
def get_vacancy(request: HttpRequest, vacancy_id: int) -> dict[str, Any]:
    user = request.user if isinstance(request.user, User) else None
    vacancy = None
    if user is not None and user.is_employer:
        vacancy = selectors.managed_vacancies(user).filter(pk=vacancy_id).first()
    if vacancy is None:
        vacancy = (
            selectors.search_vacancies(selectors.OpportunityFilters()).filter(pk=vacancy_id).first()
        )
    if vacancy is None:
        raise Http404
    return vacancy_out(request, vacancy)


@router.post(
    "/import",
    auth=django_auth,
    response={201: ImportOut, 400: ImportErrorOut, 403: ErrorOut},
    summary="Import schema.org JobPosting JSON-LD as drafts",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/ld+json": {"schema": {"type": "object"}},
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"type": "object", "description": "one JobPosting or an @graph"},
                            {"type": "array", "items": {"type": "object"}},
                        ]
                    }
                },
            },
        }
    },
)
def import_postings(
    request: HttpRequest, organisation: int | None = None
) -> Status[dict[str, Any]]:
    """Creates one draft per JobPosting for the caller's organisation (``?organisation=``
    when the caller belongs to several); all postings or none."""
    user = request.user
    assert isinstance(user, User)
    if not user.is_employer:
        raise PermissionDeniedError(_("Only employers can import vacancies."))
    organisations = Organisation.objects.filter(members=user).order_by("name", "pk")
    target = (
        organisations.filter(pk=organisation).first() if organisation else organisations.first()
    )
    if target is None:
        raise PermissionDeniedError(_("You are not a member of this organisation."))
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        return Status(
            400, {"detail": _("The body is not valid JSON."), "code": "invalid_json", "errors": []}
        )
    nul_at = nul_path(payload)
    if nul_at is not None:
        return Status(
            400,
            {
                "detail": _("Text cannot contain the NUL character (U+0000)."),
                "code": "nul_character",
                "errors": [],
            },
        )
    try:
        created = services.import_job_postings(user, target, payload)
    except services.ImportRejected as error:
        return Status(
            400,
            {
                "detail": str(error.message),
                "code": error.code,
                "errors": [
                    {"index": p.index, "field": p.field, "message": p.message}
                    for p in error.problems
                ],
            },
        )
    fresh = selectors.managed_vacancies(user).filter(pk__in=[v.pk for v in created]).order_by("pk")
    return Status(
        201, {"created": [v.pk for v in created], "items": [vacancy_out(request, v) for v in fresh]}
    )
