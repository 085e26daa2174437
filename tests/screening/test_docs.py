"""docs/screening.md documents every question, and its examples are what the rules say."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kazi.screening.questions import all_questions, signal_table
from kazi.screening.rules import Level, assess

DOC = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def test_every_question_id_is_in_the_doc():
    text = DOC.read_text("utf-8")
    missing = [q.id for q in all_questions() if f"`{q.id}`" not in text]
    assert missing == []


def test_the_doc_table_is_the_commands_output():
    out = StringIO()
    call_command("screening_questions", markdown=True, stdout=out)
    assert out.getvalue().strip() in DOC.read_text("utf-8")


@pytest.mark.parametrize(
    "sector, answers, level",
    [
        ("other", {"hurt_now": "yes", "can_quit": "yes"}, Level.URGENT),
        ("other", {"documents_kept": "yes", "can_quit": "no"}, Level.HIGH),
        ("other", {"threats": "yes", "promised": "yes"}, Level.HIGH),
        ("fishing", {"fishing_months_at_sea": "yes"}, Level.ELEVATED),
        ("other", {"debt": "yes"}, Level.ELEVATED),
        ("other", {"wages_kept": "sometimes", "long_hours": "yes"}, Level.ELEVATED),
        (
            "domestic",
            {"contact_family": "sometimes", "domestic_phone_taken": "sometimes"},
            Level.LOW,
        ),
        (
            "other",
            {
                q.id: "no"
                for q in all_questions()[:15]
                if q.id not in ("can_quit", "go_out", "contact_family")
            },
            Level.LOW,
        ),
    ],
)
def test_the_docs_examples_hold(sector, answers, level):  # type: ignore[no-untyped-def]
    assert assess(answers, signal_table(sector)).level == level
