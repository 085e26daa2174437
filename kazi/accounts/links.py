"""Absolute links sent to people in messages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.urls import reverse


def reset_url_builder(request: HttpRequest) -> Callable[[str, str], str]:
    """Builds the absolute link of the page where a password is chosen."""

    def build_url(uidb64: str, token: str) -> str:
        path = reverse("accounts:password_reset_confirm", args=[uidb64, token])
        return request.build_absolute_uri(path)

    return build_url
