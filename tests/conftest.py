from __future__ import annotations

import pytest
from django.test import Client

from kazi.settings import PASSWORD_HASHERS as REAL_HASHERS
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Tests start in English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests that check it switch back with `real_hashers`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *REAL_HASHERS]


@pytest.fixture
def real_hashers(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = list(REAL_HASHERS)


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user, backend="kazi.accounts.backends.EmailOrPhoneBackend")
    return client


__all__ = ["PASSWORD", "login"]
