"""The language a request is being served in."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def active_language() -> str:
    """The base code of the active interface language (``fr-ca`` → ``fr``)."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]
