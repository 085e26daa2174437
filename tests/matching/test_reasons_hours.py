"""The hours sentence writes hours as people do (45, not 45.0), in the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


def test_hours_in_the_reason_are_whole_or_localised_numbers(client):
    _employer, org = make_employer("KE")
    make_vacancy(org, title="Long shifts", hours_per_week=Decimal("45"))
    make_vacancy(org, title="Odd shifts", hours_per_week=Decimal("37.5"))
    worker = make_worker()
    WorkerProfile.objects.filter(user=worker).update(max_hours_per_week=20)
    login(client, worker)
    english = client.get("/api/v1/workers/me/matches").json()["items"]
    reasons = {item["vacancy"]["title"]: item["reason"] for item in english}
    assert "It asks 45 hours a week; you can work up to 20." in reasons["Long shifts"]
    assert "It asks 37.5 hours a week; you can work up to 20." in reasons["Odd shifts"]
    french = client.get("/api/v1/workers/me/matches?lang=fr").json()["items"]
    odd = next(item for item in french if item["vacancy"]["title"] == "Odd shifts")
    assert "37,5 heures par semaine" in odd["reason"]
    assert "jusqu’à 20." in odd["reason"]
