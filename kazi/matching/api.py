"""Recommendations API: a worker's ranked matches; an employer's ranked candidates."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import Field

from kazi.accounts.audit import record_access
from kazi.accounts.consent import has_consent
from kazi.accounts.constants import AuditAction, ConsentPurpose
from kazi.accounts.models import User
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.profiles.models import WorkerProfile
from kazi.profiles.selectors import worker_for_counsellor

from . import selectors, services
from .engine import Ranked
from .reasons import FactorReason

router = Router(tags=["matching"])


class SkillOut(Schema):
    uri: str
    label: str


class FactorOut(Schema):
    name: str = Field(
        description="skill_fit, occupation_fit, pay, hours, start, language, "
        "right_to_work or freshness (see docs/matching.md)"
    )
    value: float = Field(description="0..1; the score is fit × the other factors")
    weight: float = Field(description="share within fit (skill and occupation fit); 1 otherwise")
    reason: str
    params: dict[str, object]


class VacancyRef(Schema):
    id: int
    title: str
    organisation: str
    kind: str
    country: str
    city: str
    remote: bool
    closing_date: str | None


class OverrideOut(Schema):
    action: str = Field(description="pin, boost or hide")
    reason: str


class MatchOut(Schema):
    vacancy: VacancyRef
    score: float
    factors: list[FactorOut]
    flags: list[str] = Field(
        description="rotated (today's rotation among near-equal scores), capped (moved down "
        "by an exposure cap), pinned/boosted (by a counsellor)"
    )
    override: OverrideOut | None = Field(None, description="A counsellor's override in force")
    reason: str
    matched_skills: list[SkillOut]
    missing_skills: list[SkillOut]


class TrainingOut(Schema):
    id: int
    title: str
    provider: str
    mode: str
    country: str
    url: str
    teaches: list[SkillOut]


class MatchesOut(Schema):
    total: int
    language: str
    items: list[MatchOut]
    training: list[TrainingOut]


class CandidateOut(Schema):
    candidate_number: int
    identified: bool
    name: str | None = Field(None, description="Only once the worker has applied")
    application_id: int | None = None
    city: str
    country: str
    languages: list[str]
    score: float
    factors: list[FactorOut]
    reason: str
    matched_skills: list[SkillOut]
    missing_skills: list[SkillOut]


class CandidatesOut(Schema):
    total: int
    language: str
    items: list[CandidateOut]


def _language(lang: str | None) -> str:
    if lang:
        if lang not in dict(settings.LANGUAGES):
            raise DomainError(
                _("Unknown language. Use one of: %(codes)s.")
                % {"codes": ", ".join(dict(settings.LANGUAGES))},
                field="lang",
                code="unknown_language",
            )
        return lang
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


# Parameters an employer must not read: they would tell the worker's lowest acceptable
# pay, the date they become available, or which other occupation they want.
HIDDEN_FROM_EMPLOYERS = frozenset({"ratio", "available", "closest"})


def _factors(
    item: Ranked, why: list[FactorReason], *, for_employer: bool = False
) -> list[FactorOut]:
    texts = {reason.name: reason.text for reason in why}
    hidden = HIDDEN_FROM_EMPLOYERS if for_employer else frozenset()
    return [
        FactorOut(
            name=f.name,
            value=round(f.value, 4),
            weight=f.weight,
            reason=texts.get(f.name, ""),
            params={key: value for key, value in f.params.items() if key not in hidden},
        )
        for f in item.factors
    ]


def _skills(tags: list[selectors.SkillTag]) -> list[SkillOut]:
    return [SkillOut(uri=t.uri, label=t.label) for t in tags]


def _page(offset: int, limit: int) -> tuple[int, int]:
    if offset < 0:
        raise DomainError(_("offset cannot be negative."), field="offset", code="invalid")
    if not 1 <= limit <= 100:
        raise DomainError(_("limit must be between 1 and 100."), field="limit", code="invalid")
    return offset, limit


@router.get("workers/me/matches", response=MatchesOut, auth=django_auth)
def my_matches(
    request: HttpRequest, lang: str | None = None, offset: int = 0, limit: int = 20
) -> MatchesOut:
    """Open opportunities ranked for the signed-in worker, each with its score, named
    factors (value, weight, plain-language reason), reason and matched/missing skills (ESCO
    URIs and labels), plus training that teaches the skills missing from the top results."""
    user = request.user
    assert isinstance(user, User)
    if not user.is_worker:
        raise PermissionDeniedError(_("Only workers have matches."))
    return _matches(user, lang, offset, limit)


@router.get("workers/{int:worker_id}/matches", response=MatchesOut, auth=django_auth)
def worker_matches(
    request: HttpRequest,
    worker_id: int,
    lang: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> MatchesOut:
    """A worker's matches: for the worker themselves, or for a counsellor the worker allows
    to help them (the access is written in the worker's audit log). 404 for anyone else."""
    user = request.user
    assert isinstance(user, User)
    if user.is_worker and user.pk == worker_id:
        return _matches(user, lang, offset, limit)
    worker = worker_for_counsellor(user, worker_id) if user.is_counsellor else None
    if worker is None:
        raise Http404
    found = _matches(worker, lang, offset, limit, show_hidden=True)
    record_access(user, worker, AuditAction.API_READ, "matches")
    return found


def _matches(
    worker: User, lang: str | None, offset: int, limit: int, *, show_hidden: bool = False
) -> MatchesOut:
    offset, limit = _page(offset, limit)
    language = _language(lang)
    profile = WorkerProfile.objects.filter(user=worker).first()
    if profile is None:
        raise DomainError(_("Create your profile first."), code="no_profile")
    if not has_consent(worker, ConsentPurpose.MATCHING):
        raise PermissionDeniedError(
            _("You have not allowed Kazi to match your profile. Change it in your account."),
            code="no_consent",
        )
    found = selectors.recommend_vacancies(
        profile, language, offset=offset, limit=limit, show_hidden=show_hidden
    )
    return MatchesOut(
        total=found.total,
        language=language,
        items=[
            MatchOut(
                vacancy=VacancyRef(
                    id=r.vacancy.pk,
                    title=r.vacancy.title,
                    organisation=r.vacancy.organisation.name,
                    kind=r.vacancy.kind,
                    country=r.vacancy.country,
                    city=r.vacancy.city,
                    remote=r.vacancy.remote,
                    closing_date=r.vacancy.closing_date.isoformat()
                    if r.vacancy.closing_date
                    else None,
                ),
                score=round(r.ranked.score, 4),
                factors=_factors(r.ranked, r.why),
                flags=sorted(r.ranked.flags),
                override=OverrideOut(action=r.override.action, reason=r.override.reason)
                if r.override
                else None,
                reason=r.reason,
                matched_skills=_skills(r.matched),
                missing_skills=_skills(r.missing),
            )
            for r in found.items
        ],
        training=[
            TrainingOut(
                id=t.offer.pk,
                title=t.offer.title,
                provider=t.offer.provider.name,
                mode=t.offer.mode,
                country=t.offer.country,
                url=t.offer.url,
                teaches=_skills(t.teaches),
            )
            for t in found.training
        ],
    )


@router.get("opportunities/{int:vacancy_id}/candidates", response=CandidatesOut, auth=django_auth)
def vacancy_candidates(
    request: HttpRequest,
    vacancy_id: int,
    lang: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> CandidatesOut:
    """Consenting workers ranked for a vacancy of the signed-in employer's organisation.
    Identities stay hidden (a per-vacancy candidate number) until the worker applies."""
    user = request.user
    assert isinstance(user, User)
    if not user.is_employer:
        raise PermissionDeniedError(_("Only employers can see candidates."))
    offset, limit = _page(offset, limit)
    language = _language(lang)
    vacancy = selectors.employer_vacancy(user, vacancy_id)
    if vacancy is None:
        raise Http404
    found = selectors.candidates_for_vacancy(vacancy, language, offset=offset, limit=limit)
    services.record_candidates_shown(
        user, vacancy, [c.worker.pk for c in found.items], AuditAction.VIEW_CANDIDATE
    )
    return CandidatesOut(
        total=found.total,
        language=language,
        items=[
            CandidateOut(
                candidate_number=c.number,
                identified=c.identified,
                name=c.worker.display_name if c.identified else None,
                application_id=c.application.pk if c.application else None,
                city=c.profile.city,
                country=c.profile.country,
                languages=[str(code) for code in (c.profile.languages or [])],
                score=round(c.ranked.score, 4),
                factors=_factors(c.ranked, c.why, for_employer=True),
                reason=c.reason,
                matched_skills=_skills(c.matched),
                missing_skills=_skills(c.missing),
            )
            for c in found.items
        ],
    )
