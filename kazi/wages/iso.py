"""ISO codes through Babel (CLDR): countries (ISO 3166-1 alpha-2), currencies (ISO 4217)
and languages (ISO 639). Framework-free; used by the wage importers and by vacancy checks.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_territory_currencies

# CLDR region codes that are not countries or territories a person can work in.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "XA", "XB", "ZZ", "QO"})


def babel_locale(language: str | None) -> Locale:
    """The Babel locale for a Django language code (``en`` → British-style dates)."""
    code = (language or "en").replace("-", "_")
    if code == "en":
        code = "en_GB"  # "1 May 2017": the order used by most countries Kazi serves
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


@cache
def country_codes() -> frozenset[str]:
    territories: dict[str, str] = dict(Locale.parse("en").territories)
    return frozenset(
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def is_country(code: str) -> bool:
    return code in country_codes()


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (falls back to the code itself)."""
    return babel_locale(language).territories.get(code) or code


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in ``language``."""
    names = babel_locale(language).territories
    pairs = [(code, names.get(code, code)) for code in country_codes()]
    return sorted(pairs, key=lambda pair: _fold(pair[1]))


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes of currencies legal tender today somewhere (plus USD and EUR)."""
    codes: set[str] = {"USD", "EUR"}
    for country in country_codes():
        codes.update(get_territory_currencies(country))
    return frozenset(codes)


def is_currency(code: str) -> bool:
    return code in currency_codes()


def default_currency(country: str) -> str:
    currencies = get_territory_currencies(country) if is_country(country) else []
    return currencies[0] if currencies else "USD"


@cache
def language_codes() -> frozenset[str]:
    """ISO 639-1 language codes known to CLDR (two letters, as in worker profiles)."""
    languages: dict[str, str] = dict(Locale.parse("en").languages)
    return frozenset(code for code in languages if code.isalpha() and len(code) == 2)


def is_language(code: str) -> bool:
    return code in language_codes()


def language_name(code: str, language: str | None = None) -> str:
    return babel_locale(language).languages.get(code) or code


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold(text: str) -> str:
    """Lower-case, accent-free text for comparing names."""
    return _fold(text)
