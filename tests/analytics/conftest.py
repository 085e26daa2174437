from __future__ import annotations

import pytest

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose
from kazi.analytics.services import record_audit_facts
from tests.factories import make_occupation, make_skill, make_worker


@pytest.fixture(autouse=True)
def reports_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Every test writes its reports to a fresh directory of its own."""
    settings.KAZI_REPORTS_DIR = tmp_path / "reports"
    return settings.KAZI_REPORTS_DIR


@pytest.fixture
def taxonomy(db):  # type: ignore[no-untyped-def]
    return make_taxonomy()


def make_taxonomy():  # type: ignore[no-untyped-def]
    """Ten small ESCO-like occupations with six essential and three optional skills each."""
    occupations = []
    for n in range(10):
        essential = tuple(make_skill(f"skill {n}-{k}") for k in range(6))
        optional = tuple(make_skill(f"optional skill {n}-{k}") for k in range(3))
        occupations.append(
            make_occupation(f"occupation {n}", essential=essential, optional=optional)
        )
    return occupations


def audited_worker(skills=(), *, facts=None, consents=None, **extra):  # type: ignore[no-untyped-def]
    """A worker who allows matching and employers' view, and gave audit facts."""
    kwargs = {"consents": consents} if consents is not None else {}
    worker = make_worker(skills=tuple(skills), **kwargs, **extra)
    record_audit_facts(worker, **(facts or {"gender": "woman"}))
    return worker


def grant(user, purpose: str, granted: bool = True) -> None:  # type: ignore[no-untyped-def]
    record_consents(user, {purpose: granted})


__all__ = ["ConsentPurpose", "audited_worker", "grant"]
