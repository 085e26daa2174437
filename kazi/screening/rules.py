"""The screening rules: answers in, a risk level with its reasons out.

Framework-free (no Django import): plain ids in, plain results out. The Django layer
(``questions.py``, ``services.py``) gives every id its wording in the person's language.

The rules follow the ILO's way of recognising forced labour: work is forced when it is
*involuntary* (the person did not freely agree to it, or cannot leave it) and done *under
the menace of a penalty* (coercion: violence, threats, documents or pay kept back, ...).
Each answer may signal one or more of the 11 ILO indicators, as an indicator of
involuntariness or of coercion, with a strength (strong or medium). There is no score and
no weight: the level is the first of these rules that holds (docs/screening.md).

1. URGENT   — an answer says the person is hurt or confined *now* (``danger_now``).
2. HIGH     — at least one involuntariness signal (any strength) together with at least
              one STRONG coercion signal.
3. ELEVATED — any strong signal (involuntariness alone, or coercion alone), or medium
              signals for two or more different indicators.
4. LOW      — nothing else: no signal, or medium signals of one single indicator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Indicator(StrEnum):
    """The 11 ILO indicators of forced labour (ILO, *Indicators of forced labour*, 2012)."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    DECEPTION = "deception"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement"
    ISOLATION = "isolation"
    VIOLENCE = "violence"
    INTIMIDATION = "intimidation"
    DOCUMENTS = "retention_of_documents"
    WAGES = "withholding_of_wages"
    DEBT = "debt_bondage"
    CONDITIONS = "abusive_conditions"
    OVERTIME = "excessive_overtime"


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"


class Kind(StrEnum):
    """The two elements of forced labour an indicator may show."""

    INVOLUNTARINESS = "involuntariness"  # not freely chosen, or no way to leave
    COERCION = "coercion"  # under the menace of a penalty


class Level(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    ELEVATED = "elevated"
    LOW = "low"


# From the most to the least serious.
LEVEL_ORDER: tuple[Level, ...] = (Level.URGENT, Level.HIGH, Level.ELEVATED, Level.LOW)


def level_rank(level: str) -> int:
    """0 for LOW up to 3 for URGENT (for comparisons in tests and sorting)."""
    return len(LEVEL_ORDER) - 1 - LEVEL_ORDER.index(Level(level))


class Rule(StrEnum):
    """Which rule decided the level (each result names exactly one)."""

    DANGER_NOW = "urgent_danger_now"
    INVOLUNTARY_AND_COERCED = "high_involuntariness_and_strong_coercion"
    STRONG_SIGNAL = "elevated_strong_signal"
    TWO_MEDIUM = "elevated_two_medium_indicators"
    ONE_MEDIUM = "low_one_medium_indicator"
    NOTHING = "low_no_signal"


@dataclass(frozen=True)
class Signal:
    """What one answer to one question signals."""

    indicator: Indicator
    kind: Kind
    strength: Strength
    danger_now: bool = False  # violence or confinement happening now


# question id -> answer id -> the signals of that answer (answers with none may be absent).
SignalTable = Mapping[str, Mapping[str, tuple[Signal, ...]]]


@dataclass(frozen=True)
class Finding:
    """One signal found, with the question and answer that gave it."""

    question: str
    answer: str
    signal: Signal


# Next steps per level (ids; the Django layer words them and adds links).
NEXT_STEPS: dict[Level, tuple[str, ...]] = {
    Level.URGENT: ("call_for_help_now", "leave_when_safe", "contact_partner"),
    Level.HIGH: ("contact_partner", "file_grievance", "keep_copies", "helplines"),
    Level.ELEVATED: ("know_your_rights", "check_agency", "keep_copies", "file_grievance"),
    Level.LOW: ("know_your_rights", "come_back"),
}


@dataclass(frozen=True)
class Assessment:
    level: Level
    rule: Rule
    # Every signal found, in question order.
    findings: tuple[Finding, ...]
    # The findings that make the rule hold (a subset of ``findings``).
    triggers: tuple[Finding, ...]
    next_steps: tuple[str, ...]
    # Questions asked but not answered, and those answered "prefer not to say".
    unanswered: tuple[str, ...] = field(default=())
    declined: tuple[str, ...] = field(default=())

    @property
    def indicators(self) -> tuple[str, ...]:
        """The distinct indicators found, in the order of ``Indicator``."""
        found = {f.signal.indicator for f in self.findings}
        return tuple(i.value for i in Indicator if i in found)


DECLINED = "prefer_not"


class UnknownAnswerError(ValueError):
    """An answer id that the question does not offer, or a question not in the table."""


def assess(answers: Mapping[str, str], table: SignalTable) -> Assessment:
    """Apply the rules to ``answers`` (question id -> answer id) for the questions of
    ``table`` (question id -> answer id -> signals).

    Questions of ``table`` missing from ``answers`` (or answered "") count as unanswered.
    An answer id that ``table`` does not know for its question raises
    ``UnknownAnswerError``: the caller validates against the question's own answers.
    """
    unknown = [q for q in answers if q not in table]
    if unknown:
        raise UnknownAnswerError(f"unknown questions: {sorted(unknown)}")
    findings: list[Finding] = []
    unanswered: list[str] = []
    declined: list[str] = []
    for question, by_answer in table.items():
        answer = answers.get(question, "")
        if not answer:
            unanswered.append(question)
            continue
        if answer == DECLINED:
            declined.append(question)
        for signal in by_answer.get(answer, ()):
            findings.append(Finding(question, answer, signal))
    level, rule, triggers = _decide(findings)
    return Assessment(
        level=level,
        rule=rule,
        findings=tuple(findings),
        triggers=triggers,
        next_steps=NEXT_STEPS[level],
        unanswered=tuple(unanswered),
        declined=tuple(declined),
    )


def _decide(findings: list[Finding]) -> tuple[Level, Rule, tuple[Finding, ...]]:
    danger = [f for f in findings if f.signal.danger_now]
    if danger:
        return Level.URGENT, Rule.DANGER_NOW, tuple(danger)
    involuntary = [f for f in findings if f.signal.kind == Kind.INVOLUNTARINESS]
    strong_coercion = [
        f
        for f in findings
        if f.signal.kind == Kind.COERCION and f.signal.strength == Strength.STRONG
    ]
    if involuntary and strong_coercion:
        chosen = {id(f) for f in (*involuntary, *strong_coercion)}
        return (
            Level.HIGH,
            Rule.INVOLUNTARY_AND_COERCED,
            tuple(f for f in findings if id(f) in chosen),
        )
    strong = [f for f in findings if f.signal.strength == Strength.STRONG]
    if strong:
        return Level.ELEVATED, Rule.STRONG_SIGNAL, tuple(strong)
    if len({f.signal.indicator for f in findings}) >= 2:
        return Level.ELEVATED, Rule.TWO_MEDIUM, tuple(findings)
    if findings:
        return Level.LOW, Rule.ONE_MEDIUM, tuple(findings)
    return Level.LOW, Rule.NOTHING, ()


def worst_answer(by_answer: Mapping[str, tuple[Signal, ...]]) -> str | None:
    """The answer of a question that signals the most (most signals, strongest first), or
    None when no answer signals anything."""
    best: tuple[int, int, int] | None = None
    chosen = None
    for answer, signals in by_answer.items():
        key = (
            sum(s.danger_now for s in signals),
            sum(s.strength == Strength.STRONG for s in signals),
            len(signals),
        )
        if signals and (best is None or key > best):
            best, chosen = key, answer
    return chosen
