from __future__ import annotations

import os
import shutil
from typing import Any

import pytest
from django.test import Client

from kazi.settings import PASSWORD_HASHERS as REAL_HASHERS
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the browser tests still talk to
# the database synchronously between browser steps, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Tests start in English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _private_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Private files (evidence, contract documents) go to a fresh folder per test."""
    settings.KAZI_PRIVATE_DIR = tmp_path / "private"
    return settings.KAZI_PRIVATE_DIR


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


# Browser tests: pytest-playwright's `page` fixture, driving Debian's chromium (never a
# downloaded browser) on a phone-sized screen.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is missing: run `make install-test` (it installs it).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}, "locale": "en-GB"}


__all__ = ["PASSWORD", "login"]


@pytest.fixture
def skills_engine(db):  # type: ignore[no-untyped-def]
    """The fixture taxonomy (tests/skills_fixture.py) in the database, its skills cache built
    by the real `kazi taxonomy embed` with the real models, and the engine loaded from it."""
    from django.core.management import call_command

    from kazi.profiling.engine import get_engine, reset_engine
    from tests.skills_fixture import create_fixture_taxonomy

    create_fixture_taxonomy()
    with open(os.devnull, "w") as quiet:
        call_command("taxonomy_embed", no_progress=True, stdout=quiet)
    reset_engine()
    yield get_engine()
    reset_engine()
