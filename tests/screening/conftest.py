from __future__ import annotations

from typing import Any

import pytest

from kazi.screening.models import SavedScreening

# A domestic worker's answers: passport kept and not free to leave (HIGH).
HIGH_ANSWERS = {"documents_kept": "yes", "can_quit": "no", "domestic_day_off": "sometimes"}
URGENT_ANSWERS = {"hurt_now": "yes", "domestic_phone_taken": "yes"}


def post_data(sector: str = "domestic", country: str = "", **answers: str) -> dict[str, Any]:
    return {"sector": sector, "country": country, **answers}


@pytest.fixture(autouse=True)
def _audio_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.KAZI_SCREENING_AUDIO_DIR = tmp_path / "audio"


def make_saved(owner, *, shared: bool = False, level: str = "high") -> SavedScreening:  # type: ignore[no-untyped-def]
    return SavedScreening.objects.create(
        owner=owner,
        sector="domestic",
        language="en",
        answers=HIGH_ANSWERS,
        level=level,
        indicators=["retention_of_documents", "restriction_of_movement"],
        shared_with_counsellor=shared,
    )
