"""The versioned REST API (`/api/v1/`), one router per domain app."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.validation import nul_path

NUL_MESSAGE = gettext_lazy("Text cannot contain the NUL character (U+0000).")


class NulCharacterError(ValueError):
    """A JSON body holds a string with the NUL character (PostgreSQL cannot store it)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class KaziParser(Parser):
    """Ninja's JSON parser, refusing NUL characters in bodies and query strings, which
    would otherwise reach the database and fail there (a 500 on PostgreSQL)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        path = nul_path(data)
        if path is not None:
            raise NulCharacterError(path)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if nul_path([key, *values]) is not None:
                raise ValidationError(
                    [{"loc": ("query", key.replace("\x00", "")), "msg": str(NUL_MESSAGE)}]
                )
        return super().parse_querydict(data, list_fields, request)


api = NinjaAPI(
    title="Kazi API",
    version="1",
    description="Kazi: jobs, skills and protection for workers. ESCO content: "
    "This service uses the ESCO classification of the European Commission.",
    urls_namespace="api-v1",
    parser=KaziParser(),
)


@api.exception_handler(PermissionDeniedError)
def on_forbidden(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=403)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"detail": str(exc.message), "code": exc.code, "field": exc.field}
    return api.create_response(request, body, status=400)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    return api.create_response(request, {"detail": _("Please sign in.")}, status=401)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("Some values are not valid."), "errors": errors}, status=422
    )


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: Django would answer a bare HTML 400."""
    from django.utils.translation import gettext as _

    body = {
        "detail": _("The request is too large: the limit is %(size)s.")
        % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        "code": "too_large",
    }
    return api.create_response(request, body, status=413)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja reports a body it could not parse as a bare 400; say what is wrong."""
    from django.utils.translation import gettext as _

    cause = exc.__cause__
    if isinstance(cause, NulCharacterError):
        errors = [
            {"field": f"body.{cause.path}" if cause.path else "body", "message": str(NUL_MESSAGE)}
        ]
        return api.create_response(
            request, {"detail": _("Some values are not valid."), "errors": errors}, status=422
        )
    if exc.status_code == 400 and isinstance(cause, UnicodeDecodeError):
        return api.create_response(
            request,
            {"detail": _("The body is not valid UTF-8 text."), "code": "invalid_encoding"},
            status=400,
        )
    if exc.status_code == 400 and cause is not None:
        return api.create_response(
            request,
            {"detail": _("The body is not valid JSON."), "code": "invalid_json"},
            status=400,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _register_routers() -> None:
    from kazi.applications.api import router as applications_router
    from kazi.contracts.api import router as contracts_router
    from kazi.grievances.api import router as grievances_router
    from kazi.matching.api import router as matching_router
    from kazi.opportunities.api import router as opportunities_router
    from kazi.profiles.api import router as profiles_router
    from kazi.profiling.api import router as profiling_router
    from kazi.recruitment.api import router as recruitment_router
    from kazi.screening.api import router as screening_router
    from kazi.taxonomy.api import router as taxonomy_router

    api.add_router("/taxonomy/", taxonomy_router)
    api.add_router("/opportunities/", opportunities_router)
    api.add_router("/workers/", profiles_router)
    api.add_router("/", matching_router)
    api.add_router("/applications/", applications_router)
    api.add_router("/", profiling_router)
    api.add_router("/", recruitment_router)
    api.add_router("/", contracts_router)
    api.add_router("/", grievances_router)
    api.add_router("/", screening_router)


_register_routers()

__all__ = ["api", "django_auth"]
