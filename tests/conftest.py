from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Tests start in English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user, backend="kazi.accounts.backends.EmailOrPhoneBackend")
    return client


__all__ = ["PASSWORD", "login"]
