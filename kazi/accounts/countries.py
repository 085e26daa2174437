"""Country names (ISO 3166-1 alpha-2) in the interface language, for form choices."""

from __future__ import annotations

from functools import lru_cache

import babel
import phonenumbers
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    try:
        locale = babel.Locale.parse(language.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        locale = babel.Locale("en")
    names = locale.territories
    english = babel.Locale("en").territories
    codes = {code for code in phonenumbers.SUPPORTED_REGIONS if len(code) == 2 and code.isalpha()}
    pairs = [(code, names.get(code) or english.get(code) or code) for code in codes]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """``[(code, name)]`` sorted by name in ``language`` (default: the active language)."""
    return list(_choices((language or get_language() or "en").lower()))


def country_name(code: str, language: str | None = None) -> str:
    return dict(_choices((language or get_language() or "en").lower())).get(code.upper(), code)
