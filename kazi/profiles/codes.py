"""ISO codes for the profile (ISO 639-1 languages, ISO 3166-1 countries, ISO 4217
currencies) with names in any interface language, from Babel's CLDR data.

Framework-free: the caller passes the language; nothing here imports Django.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.lists import format_list
from babel.numbers import get_territory_currencies

# CLDR territory codes that are not ISO 3166-1 countries (XK, Kosovo, is kept: it is the
# code in common use, including by the European Commission).
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "ZZ"})


@lru_cache(maxsize=32)
def _locale(language: str) -> Locale:
    code = (language or "en").replace("-", "_")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(code.split("_")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    territories = get_global("territory_currencies")
    english = _locale("en").territories
    return frozenset(
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES and code in english
    )


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """Currencies legal tender somewhere today."""
    codes: set[str] = set()
    for country in country_codes():
        codes.update(get_territory_currencies(country))
    return frozenset(codes)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    names = _locale("en").languages
    return frozenset(c for c in names if isinstance(c, str) and len(c) == 2 and c.isalpha())


def locale_code(language: str) -> str:
    """A locale identifier Babel accepts for ``language`` (``en`` when unknown)."""
    return str(_locale(language))


def is_country(code: str) -> bool:
    return code in country_codes()


def is_currency(code: str) -> bool:
    return code in currency_codes()


def is_language(code: str) -> bool:
    return code in language_codes()


def country_name(code: str, language: str) -> str:
    return str(_locale(language).territories.get(code, code)) if code else ""


def language_name(code: str, language: str) -> str:
    return str(_locale(language).languages.get(code, code)) if code else ""


def language_autonym(code: str) -> str:
    """The language's name for itself (``Kiswahili``), or ``""`` when Babel does not know."""
    try:
        return str(Locale.parse(code).languages.get(code, ""))
    except (UnknownLocaleError, ValueError):
        return ""


def currency_name(code: str, language: str) -> str:
    return str(_locale(language).currencies.get(code, code)) if code else ""


@lru_cache(maxsize=32)
def country_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = _locale(language).territories
    return tuple(sorted(((c, str(names[c])) for c in country_codes()), key=lambda p: p[1]))


@lru_cache(maxsize=32)
def currency_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = _locale(language).currencies
    return tuple((c, f"{c} · {names.get(c, c)}") for c in sorted(currency_codes()))


@lru_cache(maxsize=64)
def language_choices(language: str, codes: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """``(code, name, own name)`` for each code in the order given, e.g.
    ``("sw", "Swahili", "Kiswahili")``; the own name is ``""`` when it is the same."""
    choices = []
    for code in codes:
        name = _capitalised(language_name(code, language))
        own = _capitalised(language_autonym(code))
        choices.append((code, name, "" if own.lower() == name.lower() else own))
    return tuple(choices)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def default_currency(country: str) -> str:
    """The currency in use in ``country`` today (``KES`` for ``KE``), or ``""``."""
    if not is_country(country):
        return ""
    currencies = get_territory_currencies(country)
    return currencies[0] if currencies else ""


def list_text(items: list[str], language: str) -> str:
    """``a, b and c`` in ``language`` (``a، b و c`` in Arabic)."""
    return format_list(items, style="standard", locale=_locale(language)) if items else ""
