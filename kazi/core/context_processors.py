from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from kazi import ESCO_CREDIT


def kazi(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.KAZI_SITE_NAME,
        "ESCO_CREDIT": gettext(ESCO_CREDIT),
        "LANGUAGES_ENABLED": settings.LANGUAGES,
    }
