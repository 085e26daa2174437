from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from kazi.accounts.models import Organisation, User
from kazi.opportunities.services import VacancyInput
from kazi.taxonomy.models import Occupation, Skill
from tests.factories import (
    make_exchange_rate,
    make_minimum_wage,
    make_occupation,
    make_skill,
)


@dataclass
class Taxonomy:
    wiring: Skill
    safety: Skill
    testing: Skill
    welding: Skill
    electrician: Occupation


@pytest.fixture
def wages() -> None:
    """Kenya: 0.28 USD per hour, 52-hour week; 1 USD = 109.6 KES (as in the real data)."""
    make_minimum_wage("KE", "0.28", "52")
    make_exchange_rate("KES", "109.6")


@pytest.fixture
def taxonomy() -> Taxonomy:
    wiring = make_skill("install electric wiring", fr="installer le câblage électrique")
    safety = make_skill("apply health and safety standards")
    testing = make_skill("test electrical equipment")
    welding = make_skill("weld metal parts")
    electrician = make_occupation(
        "electrician", fr="électricien", essential=(wiring, safety), optional=(testing,)
    )
    return Taxonomy(wiring, safety, testing, welding, electrician)


def vacancy_input(**overrides: Any) -> VacancyInput:
    values: dict[str, Any] = {
        "title": "Electrician",
        "description": "Install and repair wiring in new houses.",
        "country": "KE",
        "city": "Nairobi",
        "pay_min": Decimal("30000"),
        "currency": "KES",
        "pay_period": "month",
        "contract_type": "permanent",
        "hours_per_week": Decimal("45"),
        "closing_date": timezone.localdate() + timedelta(days=30),
        "languages": ["en", "sw"],
    }
    values.update(overrides)
    return VacancyInput(**values)


def form_data(org: Organisation, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": str(org.pk),
        "title": "Electrician",
        "kind": "job",
        "description": "Install and repair wiring in new houses.",
        "country": "KE",
        "city": "Nairobi",
        "pay_min": "30000",
        "pay_max": "",
        "currency": "KES",
        "pay_period": "month",
        "contract_type": "permanent",
        "hours_per_week": "45",
        "start_date": "",
        "closing_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "positions": "2",
        "languages": ["en", "sw"],
        "action": "save",
    }
    data.update(overrides)
    return data


__all__ = ["Taxonomy", "User", "form_data", "vacancy_input"]
