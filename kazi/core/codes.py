"""ISO codes (ISO 3166-1 alpha-2 countries, ISO 4217 currencies, ISO 639-1 languages) with
names in any interface language, from Babel's CLDR data: the one place that says which
codes are valid, so sign-up, profiles, vacancies and wages accept the same ones.

Framework-free: the caller passes the language (``get_language()`` or a user's language);
nothing here imports Django.
"""

from __future__ import annotations

import unicodedata
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
    """The Babel locale for ``language``, else its base language, else English."""
    code = (language or "en").replace("-", "_")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(code.split("_")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


def babel_locale(language: str) -> Locale:
    """The Babel locale for names, dates and lists in ``language`` (a Django language code).

    Plain ``en`` becomes ``en_GB``: "1 May 2017", the order used by most countries Kazi
    serves; unknown languages fall back to their base language, then to ``en_GB``.
    """
    locale = _locale(language)
    return _locale("en_GB") if str(locale) == "en" else locale


def locale_code(language: str) -> str:
    """A locale identifier Babel accepts for ``language`` (``en`` when unknown), for
    formatting numbers and money."""
    return str(_locale(language))


def fold(text: str) -> str:
    """Lower-case, accent-free text for comparing and sorting names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Code sets -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """CLDR territories with an ISO 3166-1 alpha-2 code, without the non-country codes."""
    territories = get_global("territory_currencies")
    english = _locale("en").territories
    return frozenset(
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES and code in english
    )


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes of currencies legal tender somewhere today (USD and EUR always)."""
    codes: set[str] = {"USD", "EUR"}
    for country in country_codes():
        codes.update(get_territory_currencies(country))
    return frozenset(codes)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639-1 language codes known to CLDR (two letters)."""
    names = _locale("en").languages
    return frozenset(c for c in names if isinstance(c, str) and len(c) == 2 and c.isalpha())


def is_country(code: str) -> bool:
    return code in country_codes()


def is_currency(code: str) -> bool:
    return code in currency_codes()


def is_language(code: str) -> bool:
    return code in language_codes()


def default_currency(country: str, fallback: str = "") -> str:
    """The currency in use in ``country`` today (``KES`` for ``KE``), or ``fallback``."""
    currencies = get_territory_currencies(country) if is_country(country) else []
    return currencies[0] if currencies else fallback


# Names ---------------------------------------------------------------------------------


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (the code itself when unknown)."""
    return str(babel_locale(language).territories.get(code) or code) if code else ""


def language_name(code: str, language: str) -> str:
    return str(babel_locale(language).languages.get(code) or code) if code else ""


def language_autonym(code: str) -> str:
    """The language's name for itself (``Kiswahili``), or ``""`` when Babel does not know."""
    try:
        return str(Locale.parse(code).languages.get(code, ""))
    except (UnknownLocaleError, ValueError):
        return ""


def currency_name(code: str, language: str) -> str:
    return str(babel_locale(language).currencies.get(code) or code) if code else ""


@lru_cache(maxsize=32)
def country_choices(language: str) -> tuple[tuple[str, str], ...]:
    """``(code, name)`` for every valid country, sorted by name in ``language``."""
    pairs = ((code, country_name(code, language)) for code in country_codes())
    return tuple(sorted(pairs, key=lambda pair: fold(pair[1])))


@lru_cache(maxsize=32)
def currency_choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((c, f"{c} · {currency_name(c, language)}") for c in sorted(currency_codes()))


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


def list_text(items: list[str], language: str) -> str:
    """``a, b and c`` in ``language`` (``a، b و c`` in Arabic)."""
    return format_list(items, style="standard", locale=babel_locale(language)) if items else ""
