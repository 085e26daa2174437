from __future__ import annotations

import pytest

from kazi.accounts.constants import ConsentPurpose
from kazi.screening.demo import load_demo
from kazi.screening.models import SavedScreening
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def test_demo_worker_gets_one_shared_screening_once():
    load_demo()  # no demo worker yet: nothing
    assert not SavedScreening.objects.exists()
    worker = make_worker(email="worker@kazi.demo", consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    load_demo()
    load_demo()
    saved = SavedScreening.objects.get()
    assert (saved.owner, saved.level, saved.shared_with_counsellor) == (worker, "elevated", True)
    assert saved.indicators == ["deception", "withholding_of_wages", "excessive_overtime"]


def test_not_shared_without_counsellor_consent():
    make_worker(email="worker@kazi.demo", consents=())
    load_demo()
    assert SavedScreening.objects.get().shared_with_counsellor is False
