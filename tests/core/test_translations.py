"""Every interface string is translated in every shipped catalogue, and the pages use them."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))


def test_french_and_arabic_catalogues_ship():
    assert {path.parts[-3] for path in CATALOGUES} >= {"fr", "ar"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_is_complete(path):
    catalogue = read_po(path.open("rb"), locale=path.parts[-3])
    missing = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert missing == [], f"untranslated or fuzzy in {path}: {missing[:10]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Créer un compte"), ("ar", "إنشاء حساب")],
)
def test_pages_are_served_in_the_chosen_language(client, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/accounts/signup/").content.decode()
    assert f'lang="{language}"' in html
    assert expected in html
