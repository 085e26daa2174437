"""The screening API (mounted under /api/v1/).

GET /screening/questions and POST /screening/assess are public and stateless: the
assessment stores nothing. Saved screenings are the signed-in worker's own.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from kazi.accounts.models import User
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.i18n import active_language

from . import audio, selectors, services
from .constants import Answer, Sector
from .models import SavedScreening
from .questions import INDICATORS, questions_for

router = Router(tags=["screening"])


class AnswerOut(Schema):
    id: str
    label: str


class QuestionOut(Schema):
    id: str
    text: str
    sector: str = Field(description='"" for the general bank asked in every sector')
    answers: list[AnswerOut]
    audio_url: str = Field(description='"" when audio is not available')


class IndicatorOut(Schema):
    id: str
    name: str
    explanation: str


class QuestionsOut(Schema):
    sector: str
    language: str
    questions: list[QuestionOut]
    indicators: list[IndicatorOut]


class AssessIn(Schema):
    sector: Sector
    country: str = Field("", max_length=2, description="ISO 3166 code of the place of work")
    answers: dict[str, str] = Field(description="question id -> answer id")
    language: str = Field("", description="Language of the wording (default: the request's)")


class ReasonOut(Schema):
    question_id: str
    question: str
    answer: str
    answer_label: str
    indicator: str
    indicator_name: str
    kind: str = Field(description="involuntariness or coercion")
    strength: str = Field(description="strong or medium")
    danger_now: bool
    meaning: str
    triggered: bool = Field(description="Part of what makes the level's rule hold")


class HelplineOut(Schema):
    name: str
    phone: str
    note: str


class PartnerOut(Schema):
    name: str
    kind: str
    city: str
    website: str


class NextStepOut(Schema):
    id: str
    title: str
    text: str
    url: str
    empty_text: str = Field(description="Said when no helpline or partner is known")
    helplines: list[HelplineOut]
    partners: list[PartnerOut]


class AssessmentOut(Schema):
    level: str = Field(description="urgent, high, elevated or low")
    level_label: str
    rule: str
    rule_text: str
    indicators: list[str]
    reasons: list[ReasonOut]
    next_steps: list[NextStepOut]
    unanswered: list[str]
    declined: list[str]


class SaveIn(Schema):
    sector: Sector
    answers: dict[str, str]
    share: bool = Field(False, description="Share with counsellors the worker allows")


class SavedOut(Schema):
    id: int
    sector: str
    language: str
    level: str
    level_label: str
    indicators: list[str]
    answers: dict[str, str]
    shared_with_counsellor: bool
    created_at: datetime


def _language(requested: str) -> str:
    return requested if requested in dict(settings.LANGUAGES) else active_language()


@router.get("/screening/questions", response=QuestionsOut)
def list_questions(request: HttpRequest, sector: str = "other", language: str = "") -> QuestionsOut:
    """The questions for a sector (the general bank first), worded in ``language``."""
    if sector not in Sector.values:
        raise DomainError(_("Choose the kind of work you do."), field="sector", code="sector")
    language = _language(language)
    speaks = audio.espeak() is not None and language in audio.languages()
    with translation.override(language):
        labels = dict(Answer.choices)
        return QuestionsOut(
            sector=sector,
            language=language,
            questions=[
                QuestionOut(
                    id=q.id,
                    text=str(q.text),
                    sector=q.sector,
                    answers=[AnswerOut(id=a, label=str(labels[a])) for a in q.answers],
                    audio_url=reverse("screening:audio", args=[language, q.id])
                    + f"?v={audio.version(q, language)}"
                    if speaks
                    else "",
                )
                for q in questions_for(sector)
            ],
            indicators=[
                IndicatorOut(id=key, name=str(info.name), explanation=str(info.explanation))
                for key, info in INDICATORS.items()
            ],
        )


def _refuse_unknown(sector: str, answers: dict[str, str]) -> None:
    unknown = sorted(set(answers) - {q.id for q in questions_for(sector)})
    if unknown:
        raise DomainError(
            _("These questions are not asked for this kind of work: %(ids)s.")
            % {"ids": ", ".join(unknown)},
            field="answers",
            code="unknown_question",
        )


def _assessment_out(result: services.Result) -> AssessmentOut:
    return AssessmentOut(
        level=result.level,
        level_label=result.level_label,
        rule=result.assessment.rule.value,
        rule_text=result.rule_text,
        indicators=list(result.assessment.indicators),
        reasons=[
            ReasonOut(
                question_id=r.question_id,
                question=r.question,
                answer=r.answer,
                answer_label=r.answer_label,
                indicator=r.indicator,
                indicator_name=r.indicator_name,
                kind=r.kind,
                strength=r.strength,
                danger_now=r.danger_now,
                meaning=r.meaning,
                triggered=r.triggered,
            )
            for r in result.reasons
        ],
        next_steps=[
            NextStepOut(
                id=s.id,
                title=s.title,
                text=s.text,
                empty_text=s.empty_text if not (s.helplines or s.partners) else "",
                url=s.url,
                helplines=[
                    HelplineOut(name=h.name, phone=h.phone, note=h.note) for h in s.helplines
                ],
                partners=[
                    PartnerOut(name=o.name, kind=o.kind, city=o.city, website=o.website)
                    for o in s.partners
                ],
            )
            for s in result.next_steps
        ],
        unanswered=list(result.assessment.unanswered),
        declined=list(result.assessment.declined),
    )


@router.post("/screening/assess", response=AssessmentOut)
def assess(request: HttpRequest, payload: AssessIn) -> AssessmentOut:
    """Assess answers: level, reasons and next steps. Public and stateless: nothing is
    stored. Unknown question ids are refused; questions left out count as unanswered."""
    sector = str(payload.sector)
    _refuse_unknown(sector, payload.answers)
    with translation.override(_language(payload.language)):
        answers = services.clean_answers(sector, payload.answers)
        return _assessment_out(services.assess_answers(sector, answers, payload.country))


def _worker(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not user.is_worker:
        raise PermissionDeniedError(_("Only workers can save a screening."))
    return user


def _saved_out(screening: SavedScreening) -> SavedOut:
    return SavedOut(
        id=screening.pk,
        sector=screening.sector,
        language=screening.language,
        level=screening.level,
        level_label=screening.level_label,
        indicators=list(screening.indicators),
        answers=dict(screening.answers),
        shared_with_counsellor=screening.shared_with_counsellor,
        created_at=screening.created_at,
    )


@router.post("/screening/saved", response={201: SavedOut}, auth=django_auth)
def save(request: HttpRequest, payload: SaveIn) -> Status[SavedOut]:
    """The signed-in worker keeps a screening (optionally shared with counsellors)."""
    worker = _worker(request)
    sector = str(payload.sector)
    _refuse_unknown(sector, payload.answers)
    screening = services.save_screening(
        worker, sector, payload.answers, language=active_language(), share=payload.share
    )
    return Status(201, _saved_out(screening))


@router.get("/screening/saved", response=list[SavedOut], auth=django_auth)
def list_saved(request: HttpRequest) -> list[SavedOut]:
    """The signed-in worker's own saved screenings, newest first."""
    return [_saved_out(s) for s in selectors.screenings_of(_worker(request))]


@router.delete("/screening/saved/{screening_id}", response={204: None}, auth=django_auth)
def delete_saved(request: HttpRequest, screening_id: int) -> Status[None]:
    """Delete one of the worker's screenings (404 for anyone else's)."""
    worker = _worker(request)
    screening = selectors.screenings_of(worker).filter(pk=screening_id).first()
    if screening is None:
        raise Http404
    services.delete_screening(worker, screening)
    return Status(204, None)
