"""Screening: answers checked and assessed (nothing stored), results worded in the person's
language, and the few writes a worker asks for (save, share, delete)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kazi.accounts.constants import OrganisationKind
from kazi.accounts.models import Organisation, User
from kazi.core.errors import DomainError, PermissionDeniedError

from .constants import Answer, Level, Sector
from .helplines import Helpline, HelplineConfigError, helplines_for, parse_helplines
from .models import SavedScreening
from .questions import INDICATORS, get_question, questions_for, signal_table
from .rules import Assessment, Finding, Kind, Rule, Strength, assess

RULE_TEXT = {
    Rule.DANGER_NOW: gettext_lazy("You said that you are being hurt, or kept locked in, now."),
    Rule.INVOLUNTARY_AND_COERCED: gettext_lazy(
        "Your answers show that you did not freely choose this work or cannot leave it, "
        "together with a strong sign of threats or punishment. Together, these are the "
        "signs of forced labour."
    ),
    Rule.STRONG_SIGNAL: gettext_lazy("One or more of your answers is a strong sign of risk."),
    Rule.TWO_MEDIUM: gettext_lazy("Your answers show signs of two or more different problems."),
    Rule.ONE_MEDIUM: gettext_lazy("Your answers show one sign of a problem."),
    Rule.NOTHING: gettext_lazy("Your answers show no sign of forced labour."),
}

KIND_TEXT = {
    (Kind.INVOLUNTARINESS, Strength.STRONG): gettext_lazy(
        "a strong sign that this work is not your free choice"
    ),
    (Kind.INVOLUNTARINESS, Strength.MEDIUM): gettext_lazy(
        "a sign that this work may not be your free choice"
    ),
    (Kind.COERCION, Strength.STRONG): gettext_lazy("a strong sign of threats or punishment"),
    (Kind.COERCION, Strength.MEDIUM): gettext_lazy("a sign of pressure on you"),
}

STEP_TITLES = {
    "call_for_help_now": gettext_lazy("Call for help now"),
    "leave_when_safe": gettext_lazy("Leave only when it is safe"),
    "contact_partner": gettext_lazy("Talk to an organisation that helps workers"),
    "file_grievance": gettext_lazy("Report what is happening"),
    "keep_copies": gettext_lazy("Keep copies of your documents"),
    "helplines": gettext_lazy("Helplines"),
    "know_your_rights": gettext_lazy("Know your rights"),
    "check_agency": gettext_lazy("Check your recruitment agency"),
    "come_back": gettext_lazy("Come back if things change"),
}

STEP_TEXTS = {
    "call_for_help_now": gettext_lazy(
        "If you are in danger, call the police or the emergency number of the country where "
        "you are, or one of the helplines below."
    ),
    "leave_when_safe": gettext_lazy(
        "Leave only when you can do it safely. If you can, take your passport, your phone "
        "and some money, and tell someone you trust where you are going."
    ),
    "contact_partner": gettext_lazy(
        "A legal-aid organisation or a trade union can advise you for free and help you get "
        "your documents and your pay back."
    ),
    "file_grievance": gettext_lazy(
        "You can report it to a counsellor who will follow it up. You do not have to give "
        "your name."
    ),
    "keep_copies": gettext_lazy(
        "Take photos of your passport, your contract and your pay slips, and keep them "
        "somewhere safe or send them to someone you trust."
    ),
    "helplines": gettext_lazy("You can call a helpline to talk about what is happening."),
    "know_your_rights": gettext_lazy(
        "Nobody may keep your passport, keep back your pay, or stop you from leaving a job. "
        "Recruitment fees should be paid by the employer, not by you."
    ),
    "check_agency": gettext_lazy(
        "Check that your recruitment agency has a valid licence, and read what other workers "
        "say about it."
    ),
    "come_back": gettext_lazy(
        "You can do this check again at any time, for example if your work changes."
    ),
}

NO_HELPLINE_TEXT = gettext_lazy(
    "This site has no helpline numbers for your country yet. Ask the organisation that runs "
    "this site to add them. If you are in danger, call the police or the emergency number "
    "of the country where you are."
)
NO_PARTNER_TEXT = gettext_lazy(
    "We do not know a legal-aid organisation or a union for this country yet. A counsellor "
    "can help you find one."
)

ANSWER_LABELS = dict(Answer.choices)


@dataclass(frozen=True)
class Reason:
    question_id: str
    question: str
    answer: str
    answer_label: str
    indicator: str
    indicator_name: str
    indicator_explanation: str
    kind: str
    strength: str
    danger_now: bool
    meaning: str
    triggered: bool  # part of what makes the level's rule hold


@dataclass(frozen=True)
class NextStep:
    id: str
    title: str
    text: str
    url: str = ""  # a page to go to (GET)
    helplines: tuple[Helpline, ...] = ()
    partners: tuple[Organisation, ...] = ()
    empty_text: str = ""


@dataclass(frozen=True)
class Result:
    sector: str
    country: str
    answers: dict[str, str]
    assessment: Assessment
    level_label: str
    rule_text: str
    reasons: tuple[Reason, ...]
    next_steps: tuple[NextStep, ...]
    helplines: tuple[Helpline, ...] = field(default=())

    @property
    def level(self) -> str:
        return self.assessment.level.value


def clean_answers(sector: str, raw: Mapping[str, Any]) -> dict[str, str]:
    """The answers of ``raw`` that belong to the sector's questions ("" ones dropped);
    raises DomainError for an unknown sector or an answer a question does not offer."""
    if sector not in Sector.values:
        raise DomainError(_("Choose the kind of work you do."), field="sector", code="sector")
    answers: dict[str, str] = {}
    for question in questions_for(sector):
        value = raw.get(question.id) or ""
        if not value:
            continue
        if not isinstance(value, str) or value not in question.answers:
            raise DomainError(
                _("This answer is not one of the choices."), field=question.id, code="answer"
            )
        answers[question.id] = value
    return answers


def assess_answers(sector: str, answers: Mapping[str, str], country: str = "") -> Result:
    """Assess checked answers and word the result in the active language. Stores nothing."""
    assessment = assess(answers, signal_table(sector))
    triggered = {id(t) for t in assessment.triggers}
    reasons = tuple(_reason(f, id(f) in triggered) for f in assessment.findings)
    country = (country or "").upper()
    lines = configured_helplines(country)
    steps = tuple(_step(step, country, lines) for step in assessment.next_steps)
    return Result(
        sector=sector,
        country=country,
        answers=dict(answers),
        assessment=assessment,
        level_label=str(Level(assessment.level.value).label),
        rule_text=str(RULE_TEXT[assessment.rule]),
        reasons=reasons,
        next_steps=steps,
        helplines=lines,
    )


def _reason(finding: Finding, triggered: bool) -> Reason:
    question = get_question(finding.question)
    assert question is not None
    info = INDICATORS[finding.signal.indicator.value]
    return Reason(
        question_id=question.id,
        question=str(question.text),
        answer=finding.answer,
        answer_label=str(ANSWER_LABELS.get(finding.answer, finding.answer)),
        indicator=info.id.value,
        indicator_name=str(info.name),
        indicator_explanation=str(info.explanation),
        kind=finding.signal.kind.value,
        strength=finding.signal.strength.value,
        danger_now=finding.signal.danger_now,
        meaning=str(KIND_TEXT[(finding.signal.kind, finding.signal.strength)]),
        triggered=triggered,
    )


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the app that provides it is not installed in this deployment
        return ""


def _step(step: str, country: str, lines: tuple[Helpline, ...]) -> NextStep:
    title, text = str(STEP_TITLES[step]), str(STEP_TEXTS[step])
    if step in ("call_for_help_now", "helplines"):
        return NextStep(step, title, text, helplines=lines, empty_text=str(NO_HELPLINE_TEXT))
    if step == "contact_partner":
        return NextStep(
            step, title, text, partners=partners_in(country), empty_text=str(NO_PARTNER_TEXT)
        )
    if step == "check_agency":
        return NextStep(step, title, text, url=_url("recruitment:search"))
    if step == "come_back":
        return NextStep(step, title, text, url=reverse("screening:start"))
    return NextStep(step, title, text)


@lru_cache(maxsize=4)
def _parsed(value: str) -> dict[str, tuple[Helpline, ...]]:
    try:
        return parse_helplines(value)
    except HelplineConfigError as error:
        raise ImproperlyConfigured(str(error)) from error


def configured_helplines(country: str) -> tuple[Helpline, ...]:
    return helplines_for(_parsed(settings.KAZI_HELPLINES), country)


def partners_in(country: str) -> tuple[Organisation, ...]:
    """Legal-aid organisations and unions of the country (none when it is not given)."""
    if not country:
        return ()
    return tuple(
        Organisation.objects.filter(
            kind__in=(OrganisationKind.LEGAL_AID, OrganisationKind.UNION), country=country
        ).order_by("name", "pk")[:10]
    )


def grievance_description(result: Result) -> str:
    """What a pre-filled grievance says (in the active language): the signs found."""
    lines = [_("A screening found these signs of forced labour:")]
    for reason in result.reasons:
        lines.append(f"- {reason.indicator_name}: {reason.question} — {reason.answer_label}")
    if not result.reasons:
        lines.append("- " + _("none"))
    return "\n".join(lines)


# Writes -----------------------------------------------------------------------------------


def _known(answers: Mapping[str, str], sector: str) -> dict[str, str]:
    """Stored answers restricted to the questions that still exist (ids are never reused)."""
    ids = {q.id for q in questions_for(sector)}
    return {k: v for k, v in answers.items() if k in ids}


@transaction.atomic
def save_screening(
    worker: User,
    sector: str,
    raw_answers: Mapping[str, Any],
    *,
    language: str,
    share: bool = False,
) -> SavedScreening:
    """The worker keeps a screening in their account (optionally shared with counsellors)."""
    if not worker.is_worker:
        raise PermissionDeniedError(_("Only workers can save a screening."))
    answers = clean_answers(sector, raw_answers)
    assessment = assess(answers, signal_table(sector))
    return SavedScreening.objects.create(
        owner=worker,
        sector=sector,
        language=language[:8],
        answers=answers,
        level=assessment.level.value,
        indicators=list(assessment.indicators),
        shared_with_counsellor=share,
    )


@transaction.atomic
def set_shared(worker: User, screening: SavedScreening, shared: bool) -> SavedScreening:
    if screening.owner_id != worker.pk:
        raise PermissionDeniedError(_("This is not your screening."))
    screening.shared_with_counsellor = shared
    screening.save(update_fields=["shared_with_counsellor"])
    return screening


@transaction.atomic
def delete_screening(worker: User, screening: SavedScreening) -> None:
    if screening.owner_id != worker.pk:
        raise PermissionDeniedError(_("This is not your screening."))
    screening.delete()


def result_of(screening: SavedScreening, country: str = "") -> Result:
    """A saved screening worded again in the active language."""
    return assess_answers(screening.sector, _known(screening.answers, screening.sector), country)
