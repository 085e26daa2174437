"""Cross-cutting middleware: security headers and the per-user interface language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy: no third-party asset can load."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/") and not request.path.startswith("/api/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=()")
        return response


class UserLanguageMiddleware:
    """Uses the signed-in user's chosen language unless the language cookie overrides it.

    Runs before Django's LocaleMiddleware, which reads the cookie; we set the cookie value
    on the request so that a user's saved preference follows them to any device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = settings.LANGUAGE_COOKIE_NAME
        if cookie not in request.COOKIES:
            user_id = request.session.get("_auth_user_id") if hasattr(request, "session") else None
            if user_id:
                from kazi.accounts.models import User

                language = (
                    User.objects.filter(pk=user_id).values_list("language", flat=True).first()
                )
                if language and translation.check_for_language(language):
                    request.COOKIES[cookie] = language
        return self.get_response(request)
