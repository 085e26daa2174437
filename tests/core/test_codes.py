"""kazi.core.codes: the one definition of valid ISO country, currency and language codes,
and their names in the interface language."""

import pytest

from kazi.core import codes

VALID = ["KE", "JO", "PH", "FR", "BD", "SS", "XK"]
INVALID = ["EU", "ZZ", "XX", "UN", "AC", "", "ke", "KEN"]


@pytest.mark.parametrize("code", VALID)
def test_real_countries_are_accepted_at_sign_up_in_profiles_and_in_vacancies(code):
    # Sign-up, profile and vacancy forms offer country_choices; services check is_country.
    for language in ("en", "fr", "ar", "sw"):
        assert code in dict(codes.country_choices(language))
    assert codes.is_country(code)


@pytest.mark.parametrize("code", INVALID)
def test_non_countries_are_refused_everywhere(code):
    for language in ("en", "fr", "ar"):
        assert code not in dict(codes.country_choices(language))
    assert not codes.is_country(code)


def test_the_choices_offer_exactly_the_valid_countries():
    assert {c for c, _ in codes.country_choices("en")} == set(codes.country_codes())
    assert 240 < len(codes.country_codes()) < 260


def test_country_choices_are_sorted_by_name_ignoring_accents():
    names = [name for _, name in codes.country_choices("fr")]
    assert names == sorted(names, key=codes.fold)
    assert names.index("Égypte") < names.index("Espagne")


def test_country_names_follow_the_language_and_fall_back_to_the_code():
    assert codes.country_name("KE", "en") == "Kenya"
    assert codes.country_name("DE", "fr") == "Allemagne"
    assert codes.country_name("JO", "ar") == "الأردن"
    assert codes.country_name("KE", "pt-br") == "Quênia"
    assert codes.country_name("KE", "xx") == "Kenya"
    assert codes.country_name("QQ", "en") == "QQ"
    assert codes.country_name("", "en") == ""


def test_currencies():
    assert codes.is_currency("KES") and codes.is_currency("USD") and codes.is_currency("EUR")
    assert not codes.is_currency("XXX") and not codes.is_currency("kes")
    assert ("KES", "KES · Kenyan Shilling") in codes.currency_choices("en")
    assert codes.currency_name("JOD", "en") == "Jordanian Dinar"


def test_default_currency_keeps_each_callers_fallback():
    assert codes.default_currency("KE") == "KES"
    assert codes.default_currency("FR") == "EUR"
    assert codes.default_currency("ZZ") == ""  # profiles: no guess
    assert codes.default_currency("ZZ", fallback="USD") == "USD"  # vacancies
    assert codes.default_currency("", fallback="USD") == "USD"


def test_languages():
    assert codes.is_language("sw") and codes.is_language("ar")
    assert not codes.is_language("swa") and not codes.is_language("zz")
    assert codes.language_name("sw", "en") == "Swahili"
    assert codes.language_name("ar", "fr") == "arabe"
    assert codes.language_autonym("sw") == "Kiswahili"
    assert codes.language_choices("en", ("sw", "en")) == (
        ("sw", "Swahili", "Kiswahili"),
        ("en", "English", ""),
    )


def test_babel_locale_gives_british_dates_for_english():
    assert str(codes.babel_locale("en")) == "en_GB"
    assert str(codes.babel_locale("xx")) == "en_GB"
    assert str(codes.babel_locale("fr")) == "fr"
    assert str(codes.babel_locale("pt-br")) == "pt_BR"
    assert str(codes.babel_locale("en-us")) == "en_US"
    assert codes.locale_code("sw-KE") == "sw_KE"
    assert codes.locale_code("xx") == "en"


def test_list_text():
    assert codes.list_text(["a", "b", "c"], "en") == "a, b and c"
    assert codes.list_text([], "en") == ""
    assert codes.list_text(["a", "b"], "fr") == "a et b"


def test_fold():
    assert codes.fold("Côte d’Ivoire") == "cote d’ivoire"
    assert codes.fold("ÅLAND") == "aland"


def test_codes_module_does_not_import_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(codes.__file__).read_text())
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    ]
    assert not [n for n in imported if n.split(".")[0] == "django"]
