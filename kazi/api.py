"""The versioned REST API (`/api/v1/`), one router per domain app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from kazi.core.errors import DomainError, PermissionDeniedError

api = NinjaAPI(
    title="Kazi API",
    version="1",
    description="Kazi: jobs, skills and protection for workers. ESCO content: "
    "This service uses the ESCO classification of the European Commission.",
    urls_namespace="api-v1",
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


def _register_routers() -> None:
    from kazi.applications.api import router as applications_router
    from kazi.matching.api import router as matching_router
    from kazi.opportunities.api import router as opportunities_router
    from kazi.profiles.api import router as profiles_router
    from kazi.taxonomy.api import router as taxonomy_router

    api.add_router("/taxonomy/", taxonomy_router)
    api.add_router("/opportunities/", opportunities_router)
    api.add_router("/workers/", profiles_router)
    api.add_router("/", matching_router)
    api.add_router("/applications/", applications_router)


_register_routers()

__all__ = ["api", "django_auth"]
