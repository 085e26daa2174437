"""The rules (kazi/screening/rules.py) on their own and with the real question banks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kazi.screening.questions import (
    GENERAL,
    SECTOR_BANKS,
    all_questions,
    questions_for,
    signal_table,
)
from kazi.screening.rules import (
    NEXT_STEPS,
    Indicator,
    Kind,
    Level,
    Rule,
    Signal,
    Strength,
    UnknownAnswerError,
    assess,
    level_rank,
    worst_answer,
)

S, M = Strength.STRONG, Strength.MEDIUM
INV, COE = Kind.INVOLUNTARINESS, Kind.COERCION

# A small synthetic table: one question per kind of signal.
TABLE = {
    "now": {"yes": (Signal(Indicator.VIOLENCE, COE, S, danger_now=True),)},
    "inv_medium": {"yes": (Signal(Indicator.DECEPTION, INV, M),)},
    "inv_strong": {"no": (Signal(Indicator.DEBT, INV, S),)},
    "coe_strong": {"yes": (Signal(Indicator.DOCUMENTS, COE, S),)},
    "coe_medium_a": {"yes": (Signal(Indicator.ISOLATION, COE, M),)},
    "coe_medium_a2": {"yes": (Signal(Indicator.ISOLATION, COE, M),)},
    "coe_medium_b": {"yes": (Signal(Indicator.WAGES, COE, M),)},
}


def run(**answers: str):  # type: ignore[no-untyped-def]
    return assess(answers, TABLE)


def test_nothing_answered_or_all_no_is_low_with_no_reasons():
    assert run().level == Level.LOW
    result = run(**{q: "no" for q in TABLE if q != "inv_strong"})
    assert (result.level, result.rule, result.triggers) == (Level.LOW, Rule.NOTHING, ())
    assert result.next_steps == NEXT_STEPS[Level.LOW]


def test_danger_now_is_urgent_whatever_else():
    result = run(now="yes")
    assert (result.level, result.rule) == (Level.URGENT, Rule.DANGER_NOW)
    assert [t.question for t in result.triggers] == ["now"]
    assert "call_for_help_now" in result.next_steps
    assert run(now="yes", inv_medium="yes", coe_strong="yes").level == Level.URGENT


def test_involuntariness_with_strong_coercion_is_high_and_names_both_questions():
    result = run(inv_medium="yes", coe_strong="yes", coe_medium_b="yes")
    assert (result.level, result.rule) == (Level.HIGH, Rule.INVOLUNTARY_AND_COERCED)
    # The medium coercion answer is found but is not what makes the rule hold.
    assert [t.question for t in result.triggers] == ["inv_medium", "coe_strong"]
    assert [f.question for f in result.findings] == ["inv_medium", "coe_strong", "coe_medium_b"]
    assert result.indicators == ("deception", "retention_of_documents", "withholding_of_wages")


def test_involuntariness_with_only_medium_coercion_is_not_high():
    result = run(inv_strong="no", coe_medium_a="yes")
    assert (result.level, result.rule) == (Level.ELEVATED, Rule.STRONG_SIGNAL)
    assert [t.question for t in result.triggers] == ["inv_strong"]


def test_strong_coercion_alone_is_elevated():
    result = run(coe_strong="yes")
    assert (result.level, result.rule) == (Level.ELEVATED, Rule.STRONG_SIGNAL)


def test_strong_involuntariness_alone_is_elevated():
    assert run(inv_strong="no").level == Level.ELEVATED


def test_two_medium_indicators_are_elevated_but_one_is_low():
    assert run(coe_medium_a="yes").rule == Rule.ONE_MEDIUM
    assert run(coe_medium_a="yes").level == Level.LOW
    # Two questions about the same indicator are still one indicator.
    assert run(coe_medium_a="yes", coe_medium_a2="yes").level == Level.LOW
    result = run(coe_medium_a="yes", coe_medium_b="yes")
    assert (result.level, result.rule) == (Level.ELEVATED, Rule.TWO_MEDIUM)
    assert [t.question for t in result.triggers] == ["coe_medium_a", "coe_medium_b"]
    # A medium involuntariness signal on its own is one medium indicator.
    assert run(inv_medium="yes").level == Level.LOW


def test_unanswered_and_declined_questions_are_listed():
    result = run(now="prefer_not", coe_strong="no")
    assert result.declined == ("now",)
    assert "inv_medium" in result.unanswered and "coe_strong" not in result.unanswered
    assert result.level == Level.LOW


def test_unknown_question_is_refused():
    with pytest.raises(UnknownAnswerError):
        assess({"nope": "yes"}, TABLE)


# The real banks --------------------------------------------------------------------------


def test_every_indicator_is_asked_about_and_ids_are_unique():
    questions = all_questions()
    assert len({q.id for q in questions}) == len(questions)
    asked = {s.indicator for q in questions for sigs in q.signals.values() for s in sigs}
    assert asked == set(Indicator)


def test_every_sector_bank_adds_questions_and_answers_are_offered():
    for sector, bank in SECTOR_BANKS.items():
        assert len(bank) >= 3
        assert questions_for(sector)[: len(GENERAL)] == GENERAL
    for question in all_questions():
        assert set(question.signals) <= set(question.answers), question.id
        assert "prefer_not" in question.answers
        assert "prefer_not" not in question.signals


def test_sometimes_never_signals_more_than_the_worst_answer():
    """ "Sometimes" is a softer "yes" (or "no"): what it signals the worst answer signals too,
    at least as strongly — so that moving to the worst answer never lowers the level."""
    for question in all_questions():
        worst = worst_answer(question.signals)
        assert worst is not None, question.id
        for answer, signals in question.signals.items():
            for signal in signals:
                assert any(
                    w.indicator == signal.indicator
                    and w.kind == signal.kind
                    and (w.strength == S or signal.strength == M)
                    and (w.danger_now or not signal.danger_now)
                    for w in question.signals[worst]
                ), (question.id, answer)


def test_domestic_worker_hurt_now_is_urgent():
    result = assess({"hurt_now": "yes", "domestic_day_off": "yes"}, signal_table("domestic"))
    assert result.level == Level.URGENT
    assert [t.question for t in result.triggers] == ["hurt_now"]


def test_passport_kept_and_cannot_leave_is_high():
    result = assess({"documents_kept": "yes", "can_quit": "no"}, signal_table("other"))
    assert result.level == Level.HIGH
    assert {t.question for t in result.triggers} == {"documents_kept", "can_quit"}


def test_fishing_months_at_sea_with_deception_is_high():
    table = signal_table("fishing")
    assert assess({"fishing_months_at_sea": "yes"}, table).level == Level.ELEVATED
    both = assess({"fishing_months_at_sea": "yes", "promised": "yes"}, table)
    assert both.level == Level.HIGH


@st.composite
def answers_and_change(draw):  # type: ignore[no-untyped-def]
    sector = draw(st.sampled_from(["other", *SECTOR_BANKS]))
    questions = questions_for(sector)
    answers = {q.id: draw(st.sampled_from(("", *q.answers))) for q in questions}
    changed = draw(st.sampled_from(questions))
    return sector, answers, changed


@settings(max_examples=300, deadline=None)
@given(answers_and_change())
def test_answering_yes_to_an_indicator_never_lowers_the_level(case):  # type: ignore[no-untyped-def]
    sector, answers, question = case
    table = signal_table(sector)
    before = assess(answers, table)
    worst = worst_answer(question.signals)
    assert worst is not None
    after = assess({**answers, question.id: worst}, table)
    assert level_rank(after.level) >= level_rank(before.level)
    assert set(before.indicators) - {
        f.signal.indicator for f in before.findings if f.question == question.id
    } <= set(after.indicators)
