from __future__ import annotations

import pytest

from kazi.matching.engine import MatchEngine
from kazi.matching.facts import OpportunityFacts, WorkerFacts
from kazi.matching.reasons import Audience, explain, reason_for
from tests.factories import make_skill


def ranked(worker_skills: set[int], essential: set[int], optional: set[int] = frozenset()):  # type: ignore[assignment, no-untyped-def]
    opportunity = OpportunityFacts(
        id=1,
        kind="job",
        country="KE",
        remote=False,
        essential_skill_ids=frozenset(essential),
        optional_skill_ids=frozenset(optional),
    )
    worker = WorkerFacts(id=7, skill_ids=frozenset(worker_skills))
    return MatchEngine().score(worker, opportunity)


LABELS = {1: "wiring", 2: "safety rules", 3: "testing circuits", 4: "customer care",
          5: "welding", 6: "reading blueprints", 7: "driving", 8: "first aid"}  # fmt: skip


def test_some_essential_skills_missing_are_named():
    item = ranked({1, 2, 3, 4}, {1, 2, 3, 4, 5, 6})
    assert reason_for(item, LABELS) == (
        "You have 4 of 6 essential skills; missing: welding, reading blueprints."
    )


def test_all_essential_skills():
    assert reason_for(ranked({1, 2, 3}, {1, 2, 3}), LABELS) == "You have all 3 essential skills."
    assert reason_for(ranked({1}, {1}), LABELS) == "You have the essential skill."


def test_no_essential_skill_yet():
    assert reason_for(ranked(set(), {5, 6}), LABELS) == (
        "You have none of the 2 essential skills yet; missing: welding, reading blueprints."
    )


def test_opportunity_without_required_skills():
    assert reason_for(ranked({1}, set()), LABELS) == "This opportunity lists no required skills."
    assert reason_for(ranked({7}, set(), {7, 8}), LABELS) == (
        "This opportunity lists no required skills. You have 1 of 2 useful skills it lists."
    )


def test_matched_optional_skills_are_mentioned():
    assert reason_for(ranked({1, 7}, {1}, {7, 8}), LABELS) == (
        "You have the essential skill. You also have 1 of 2 optional skills."
    )


def test_long_lists_of_missing_skills_are_shortened():
    text = reason_for(ranked(set(), {1, 2, 3, 4, 5, 6, 7}), LABELS)
    assert text.endswith(
        "missing: wiring, safety rules, testing circuits, customer care, welding and 2 more."
    )


def test_employer_wording():
    item = ranked({1, 2, 3, 4}, {1, 2, 3, 4, 5, 6})
    assert reason_for(item, LABELS, Audience.EMPLOYER) == (
        "Has 4 of 6 essential skills; missing: welding, reading blueprints."
    )
    assert reason_for(ranked({1}, set()), LABELS, Audience.EMPLOYER) == (
        "The vacancy lists no required skills."
    )


@pytest.mark.django_db
def test_explain_names_skills_in_the_readers_language():
    welding = make_skill("welding", fr="soudage")
    wiring = make_skill("wiring", fr="câblage")
    untranslated = make_skill("reading blueprints")
    item = ranked({wiring.pk}, {wiring.pk, welding.pk, untranslated.pk})
    french = explain(item, "fr")
    assert "soudage" in french and "reading blueprints" in french  # English fallback
    assert "welding" in explain(item, "en")
