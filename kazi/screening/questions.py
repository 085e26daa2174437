"""The screening questions: a general bank asked in every sector, plus a few questions per
sector. Declarative data: ``docs/screening.md`` and the tests list them from here
(``kazi screening questions --markdown`` prints the table).

Each question has a stable id (never reuse or renumber one: saved screenings keep them),
short plain wording, the answers it offers and, for each answer, what it signals (rules.py):
which ILO indicator, as involuntariness or coercion, strong or medium, and whether it is a
danger happening now. "I prefer not to say" never signals anything.

The questions are Kazi's own, written for people with little schooling; the indicators and
the involuntariness / menace-of-penalty frame come from the ILO's *Indicators of forced
labour* (2012) and *Hard to see, harder to count* (2012).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .constants import Answer, Sector
from .rules import Indicator, Kind, Signal, SignalTable, Strength

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class IndicatorInfo:
    id: Indicator
    name: StrOrPromise
    # What it means, in plain words (shown with the result).
    explanation: StrOrPromise


INDICATORS: dict[str, IndicatorInfo] = {
    info.id.value: info
    for info in (
        IndicatorInfo(
            Indicator.ABUSE_OF_VULNERABILITY,
            _("Abuse of vulnerability"),
            _(
                "Someone uses your weak position against you: no papers, not speaking the "
                "language, nowhere else to go."
            ),
        ),
        IndicatorInfo(
            Indicator.DECEPTION,
            _("Deception"),
            _("The job, the pay or the place is not what you were promised."),
        ),
        IndicatorInfo(
            Indicator.RESTRICTION_OF_MOVEMENT,
            _("Restriction of movement"),
            _("You are not free to go out, to move or to leave the job."),
        ),
        IndicatorInfo(
            Indicator.ISOLATION,
            _("Isolation"),
            _("You are cut off from your family, friends or help."),
        ),
        IndicatorInfo(
            Indicator.VIOLENCE,
            _("Physical and sexual violence"),
            _("Someone hurts you, or touches you or forces you into sex against your will."),
        ),
        IndicatorInfo(
            Indicator.INTIMIDATION,
            _("Intimidation and threats"),
            _("Someone threatens you or your family to make you work or keep quiet."),
        ),
        IndicatorInfo(
            Indicator.DOCUMENTS,
            _("Retention of identity documents"),
            _("Someone keeps your passport or ID card and does not give it back."),
        ),
        IndicatorInfo(
            Indicator.WAGES,
            _("Withholding of wages"),
            _("Your pay is kept back, cut or delayed to keep you in the job."),
        ),
        IndicatorInfo(
            Indicator.DEBT,
            _("Debt bondage"),
            _("You must work to pay back a debt that keeps growing or never ends."),
        ),
        IndicatorInfo(
            Indicator.CONDITIONS,
            _("Abusive working and living conditions"),
            _("Dangerous, dirty or degrading work or housing that you did not accept."),
        ),
        IndicatorInfo(
            Indicator.OVERTIME,
            _("Excessive overtime"),
            _("Very long hours or no rest days, more than the law allows."),
        ),
    )
}


@dataclass(frozen=True)
class Question:
    id: str
    text: StrOrPromise
    answers: tuple[str, ...]  # Answer values, in the order shown
    signals: dict[str, tuple[Signal, ...]]  # answer -> what it signals
    sector: str = ""  # "" for the general bank


YES_NO = (Answer.YES.value, Answer.NO.value, Answer.PREFER_NOT.value)
YES_SOMETIMES_NO = (
    Answer.YES.value,
    Answer.SOMETIMES.value,
    Answer.NO.value,
    Answer.PREFER_NOT.value,
)

S, M = Strength.STRONG, Strength.MEDIUM
INV, COE = Kind.INVOLUNTARINESS, Kind.COERCION


def _sig(indicator: Indicator, kind: Kind, strength: Strength, now: bool = False) -> Signal:
    return Signal(indicator, kind, strength, danger_now=now)


# The general bank, asked in every sector. The two "now" questions come first: if the
# person is in danger, the result says so whatever the other answers.
GENERAL: tuple[Question, ...] = (
    Question(
        "hurt_now",
        _("Right now, is someone hurting you, or forcing you to do sexual things?"),
        YES_NO,
        {"yes": (_sig(Indicator.VIOLENCE, COE, S, now=True),)},
    ),
    Question(
        "locked_now",
        _("Right now, are you locked in, or kept in a place you cannot leave?"),
        YES_NO,
        {"yes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, COE, S, now=True),)},
    ),
    Question(
        "hurt_before",
        _(
            "Has your employer, your agent or someone working for them ever hit you, hurt "
            "you, or touched you in a sexual way you did not want?"
        ),
        YES_NO,
        {
            "yes": (_sig(Indicator.VIOLENCE, COE, S),),
        },
    ),
    Question(
        "threats",
        _(
            "Has someone threatened you, or your family, to make you keep working? For "
            "example: to hurt you, to call the police, or to send you home."
        ),
        YES_NO,
        {
            "yes": (_sig(Indicator.INTIMIDATION, COE, S),),
        },
    ),
    Question(
        "documents_kept",
        _(
            "Does your employer or agent keep your passport or ID card, and refuse to give "
            "it back when you ask?"
        ),
        YES_NO,
        {"yes": (_sig(Indicator.DOCUMENTS, COE, S),)},
    ),
    Question(
        "wages_kept",
        _("Does your employer keep back your pay, or pay you months late?"),
        YES_SOMETIMES_NO,
        {
            "yes": (_sig(Indicator.WAGES, COE, S),),
            "sometimes": (_sig(Indicator.WAGES, COE, M),),
        },
    ),
    Question(
        "debt",
        _(
            "Do you owe money to your employer or agent (for fees, travel, food or a room) "
            "that you must pay back by working before you can leave?"
        ),
        YES_NO,
        {"yes": (_sig(Indicator.DEBT, INV, S),)},
    ),
    Question(
        "can_quit",
        _("If you wanted to stop this job, could you leave?"),
        YES_NO,
        {
            "no": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, S),),
        },
    ),
    Question(
        "promised",
        _("Is your job, your pay or your place of work different from what you were promised?"),
        YES_NO,
        {
            "yes": (_sig(Indicator.DECEPTION, INV, M),),
        },
    ),
    Question(
        "go_out",
        _("When you are not working, are you free to go out (to a shop, to see friends)?"),
        YES_SOMETIMES_NO,
        {
            "no": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, S),),
            "sometimes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, M),),
        },
    ),
    Question(
        "contact_family",
        _("Can you talk to your family or friends when you want, by phone or in person?"),
        YES_SOMETIMES_NO,
        {
            "no": (_sig(Indicator.ISOLATION, COE, S),),
            "sometimes": (_sig(Indicator.ISOLATION, COE, M),),
        },
    ),
    Question(
        "used_situation",
        _(
            "Does your employer use your situation against you? For example: that you have "
            "no papers, do not speak the language, or have nowhere else to go."
        ),
        YES_SOMETIMES_NO,
        {
            "yes": (_sig(Indicator.ABUSE_OF_VULNERABILITY, COE, M),),
            "sometimes": (_sig(Indicator.ABUSE_OF_VULNERABILITY, COE, M),),
        },
    ),
    Question(
        "long_hours",
        _("Do you often work more than 12 hours a day, or 7 days a week with no day off?"),
        YES_SOMETIMES_NO,
        {
            "yes": (_sig(Indicator.OVERTIME, INV, M),),
            "sometimes": (_sig(Indicator.OVERTIME, INV, M),),
        },
    ),
    Question(
        "punished_refusal",
        _(
            "If you say no to extra hours or extra work, are you punished (pay cut, shouting, "
            "threats)?"
        ),
        YES_SOMETIMES_NO,
        {
            "yes": (_sig(Indicator.OVERTIME, INV, S), _sig(Indicator.INTIMIDATION, COE, M)),
            "sometimes": (
                _sig(Indicator.OVERTIME, INV, S),
                _sig(Indicator.INTIMIDATION, COE, M),
            ),
        },
    ),
    Question(
        "living_conditions",
        _("Where you sleep, is it unsafe or very crowded, or do you lack food or clean water?"),
        YES_SOMETIMES_NO,
        {
            "yes": (_sig(Indicator.CONDITIONS, INV, M),),
            "sometimes": (_sig(Indicator.CONDITIONS, INV, M),),
        },
    ),
)

SECTOR_BANKS: dict[str, tuple[Question, ...]] = {
    Sector.DOMESTIC: (
        Question(
            "domestic_day_off",
            _("Are you allowed to leave the house on your day off?"),
            YES_SOMETIMES_NO,
            {
                "no": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, S),),
                "sometimes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, M),),
            },
            Sector.DOMESTIC,
        ),
        Question(
            "domestic_phone_taken",
            _("Has the family you work for taken your phone away?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.ISOLATION, COE, S),),
                "sometimes": (_sig(Indicator.ISOLATION, COE, M),),
            },
            Sector.DOMESTIC,
        ),
        Question(
            "domestic_own_room",
            _("Do you have your own place to sleep, with a door you can close?"),
            YES_NO,
            {"no": (_sig(Indicator.CONDITIONS, INV, M),)},
            Sector.DOMESTIC,
        ),
        Question(
            "domestic_on_call",
            _("Must you be ready to work at any time, day and night?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.OVERTIME, INV, M),),
                "sometimes": (_sig(Indicator.OVERTIME, INV, M),),
            },
            Sector.DOMESTIC,
        ),
    ),
    Sector.CONSTRUCTION: (
        Question(
            "construction_camp",
            _("Do you live in a camp or on the site, and are you not allowed to leave it?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, S),),
                "sometimes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, M),),
            },
            Sector.CONSTRUCTION,
        ),
        Question(
            "construction_safety",
            _("Are you made to work at heights or with machines without safety equipment?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.CONDITIONS, INV, M),),
                "sometimes": (_sig(Indicator.CONDITIONS, INV, M),),
            },
            Sector.CONSTRUCTION,
        ),
        Question(
            "construction_middleman",
            _("Does a middleman or sub-contractor take part of your pay?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.WAGES, COE, M),),
                "sometimes": (_sig(Indicator.WAGES, COE, M),),
            },
            Sector.CONSTRUCTION,
        ),
    ),
    Sector.FISHING: (
        Question(
            "fishing_months_at_sea",
            _("Are you kept at sea for months without coming back to port?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.ISOLATION, COE, S),),
                "sometimes": (_sig(Indicator.ISOLATION, COE, M),),
            },
            Sector.FISHING,
        ),
        Question(
            "fishing_transshipment",
            _("Are you moved from one boat to another at sea, without going to land?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, M),),
                "sometimes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, INV, M),),
            },
            Sector.FISHING,
        ),
        Question(
            "fishing_rest",
            _("At sea, do you get at least 10 hours of rest in every day?"),
            YES_SOMETIMES_NO,
            {
                "no": (_sig(Indicator.OVERTIME, INV, M),),
                "sometimes": (_sig(Indicator.OVERTIME, INV, M),),
            },
            Sector.FISHING,
        ),
    ),
    Sector.AGRICULTURE: (
        Question(
            "agriculture_quota",
            _("Must you reach a quota (for example kilos picked) before you are paid at all?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.WAGES, COE, M),),
                "sometimes": (_sig(Indicator.WAGES, COE, M),),
            },
            Sector.AGRICULTURE,
        ),
        Question(
            "agriculture_chemicals",
            _("Are you made to spray pesticides or chemicals without protection?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.CONDITIONS, INV, M),),
                "sometimes": (_sig(Indicator.CONDITIONS, INV, M),),
            },
            Sector.AGRICULTURE,
        ),
        Question(
            "agriculture_housing_debt",
            _(
                "Does the farm take money from your pay for your room or food, so that you "
                "owe more every month?"
            ),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.DEBT, INV, M),),
                "sometimes": (_sig(Indicator.DEBT, INV, M),),
            },
            Sector.AGRICULTURE,
        ),
    ),
    Sector.FACTORY: (
        Question(
            "factory_locked",
            _("Are the doors of the factory or of your dormitory locked while you are inside?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, COE, S),),
                "sometimes": (_sig(Indicator.RESTRICTION_OF_MOVEMENT, COE, S),),
            },
            Sector.FACTORY,
        ),
        Question(
            "factory_unpaid_overtime",
            _("If you do not reach your target, must you work extra hours without pay?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.OVERTIME, INV, S),),
                "sometimes": (_sig(Indicator.OVERTIME, INV, M),),
            },
            Sector.FACTORY,
        ),
        Question(
            "factory_fines",
            _("Is money taken from your pay for mistakes, toilet breaks or being sick?"),
            YES_SOMETIMES_NO,
            {
                "yes": (_sig(Indicator.WAGES, COE, M),),
                "sometimes": (_sig(Indicator.WAGES, COE, M),),
            },
            Sector.FACTORY,
        ),
    ),
}


def questions_for(sector: str) -> tuple[Question, ...]:
    """The general bank followed by the sector's questions (none for "other")."""
    return GENERAL + SECTOR_BANKS.get(sector, ())


def all_questions() -> tuple[Question, ...]:
    return GENERAL + tuple(q for bank in SECTOR_BANKS.values() for q in bank)


@cache
def _by_id() -> dict[str, Question]:
    return {q.id: q for q in all_questions()}


def get_question(question_id: str) -> Question | None:
    return _by_id().get(question_id)


def signal_table(sector: str) -> SignalTable:
    """What rules.assess needs: question id -> answer -> signals."""
    return {q.id: q.signals for q in questions_for(sector)}
