"""Reads of worker profiles: the profile as plain strings in one language (for pages, the
CV, the side-by-side view and the API), completeness, search and skill suggestions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.numbers import format_currency
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation

from kazi.accounts.consent import users_with_consent
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.accounts.models import User
from kazi.core import codes
from kazi.taxonomy.constants import SkillType
from kazi.taxonomy.models import Occupation, Skill

from .constants import (
    PROFILE_STEPS,
    Availability,
    EducationLevel,
    PayPeriod,
    RightToWork,
    SkillLevel,
    WorkType,
)
from .models import CounsellorNote, ProfileOccupation, ProfileSkill, WorkerProfile

if TYPE_CHECKING:
    from kazi.profiling.suggestions import Suggestion


@dataclass(frozen=True)
class Concept:
    id: int
    uri: str
    label: str


@dataclass(frozen=True)
class SkillItem:
    id: int
    uri: str
    label: str
    knowledge: bool
    level: str
    level_label: str
    added_by_counsellor: bool


@dataclass(frozen=True)
class ExperienceItem:
    id: int
    title: str
    description: str
    place: str
    paid: bool
    formal: bool
    start_year: int | None
    end_year: int | None


@dataclass(frozen=True)
class EducationItem:
    id: int
    level: str
    level_label: str
    title: str
    institution: str
    year: int | None


@dataclass
class ProfileView:
    """Everything in a profile, as text in one language."""

    language: str
    worker_id: int
    name: str
    email: str
    phone: str
    languages: list[tuple[str, str]]
    country: str
    country_name: str
    city: str
    origin_country: str
    origin_country_name: str
    summary: str
    work_types: list[tuple[str, str]]
    accepts_remote: bool
    min_pay_amount: Decimal | None
    min_pay_currency: str
    min_pay_period: str
    min_pay: str
    availability: str
    availability_label: str
    max_hours_per_week: int | None
    right_to_work: str
    right_to_work_label: str
    languages_text: str = ""
    occupations: list[Concept] = field(default_factory=list)
    occupations_text: str = ""
    skills: list[SkillItem] = field(default_factory=list)
    experiences: list[ExperienceItem] = field(default_factory=list)
    education: list[EducationItem] = field(default_factory=list)

    @property
    def competences(self) -> list[SkillItem]:
        return [s for s in self.skills if not s.knowledge]

    @property
    def knowledge(self) -> list[SkillItem]:
        return [s for s in self.skills if s.knowledge]


def _lang(language: str | None) -> str:
    return (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _label(choices: type, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def profile_for(user: User) -> WorkerProfile | None:
    return WorkerProfile.objects.filter(user=user).first()


def profile_view(profile: WorkerProfile, language: str | None = None) -> ProfileView:
    """The profile rendered as plain strings in ``language`` (default: the active one)."""
    lang = _lang(language)
    user = profile.user
    with translation.override(lang):
        pay = ""
        if profile.min_pay_amount is not None and profile.min_pay_currency:
            amount = format_currency(
                profile.min_pay_amount, profile.min_pay_currency, locale=codes.locale_code(lang)
            )
            pay = f"{amount} {_label(PayPeriod, profile.min_pay_period)}".strip()
        links = ProfileOccupation.objects.filter(profile=profile).select_related("occupation")
        items = ProfileSkill.objects.filter(profile=profile).select_related("skill", "added_by")
        skills = sorted(
            (
                SkillItem(
                    id=i.skill_id,
                    uri=i.skill.uri,
                    label=i.skill.label(lang),
                    knowledge=i.skill.skill_type == SkillType.KNOWLEDGE,
                    level=i.level,
                    level_label=_label(SkillLevel, i.level) if i.level else "",
                    added_by_counsellor=bool(i.added_by and i.added_by.role == Role.COUNSELLOR),
                )
                for i in items
            ),
            key=lambda s: s.label.lower(),
        )
        occupations = sorted(
            (
                Concept(link.occupation_id, link.occupation.uri, link.occupation.label(lang))
                for link in links
            ),
            key=lambda c: c.label.lower(),
        )
        language_names = [codes.language_name(c, lang) for c in profile.languages]
        return ProfileView(
            language=lang,
            worker_id=user.pk,
            name=user.display_name,
            email=user.email or "",
            phone=user.phone or "",
            languages=list(zip(profile.languages, language_names, strict=True)),
            country=profile.country,
            country_name=codes.country_name(profile.country, lang),
            city=profile.city,
            origin_country=profile.origin_country,
            origin_country_name=codes.country_name(profile.origin_country, lang),
            summary=profile.summary,
            work_types=[(w, _label(WorkType, w)) for w in profile.work_types],
            accepts_remote=profile.accepts_remote,
            min_pay_amount=profile.min_pay_amount,
            min_pay_currency=profile.min_pay_currency,
            min_pay_period=profile.min_pay_period,
            min_pay=pay,
            availability=profile.availability,
            availability_label=_label(Availability, profile.availability),
            max_hours_per_week=profile.max_hours_per_week,
            right_to_work=profile.right_to_work if settings.KAZI_ASK_RIGHT_TO_WORK else "",
            right_to_work_label=(
                _label(RightToWork, profile.right_to_work)
                if settings.KAZI_ASK_RIGHT_TO_WORK
                else ""
            ),
            languages_text=codes.list_text(language_names, lang),
            occupations=occupations,
            occupations_text=codes.list_text([o.label for o in occupations], lang),
            skills=skills,
            experiences=[
                ExperienceItem(
                    e.pk,
                    e.title,
                    e.description,
                    e.place,
                    e.paid,
                    e.formal,
                    e.start_year,
                    e.end_year,
                )
                for e in profile.experiences.all()
            ],
            education=[
                EducationItem(
                    e.pk, e.level, _label(EducationLevel, e.level), e.title, e.institution, e.year
                )
                for e in profile.education.all()
            ],
        )


@dataclass(frozen=True)
class Completeness:
    done: dict[str, bool]

    @property
    def percent(self) -> int:
        return round(100 * sum(self.done.values()) / len(self.done))

    @property
    def missing(self) -> list[str]:
        return [step for step, ok in self.done.items() if not ok]


def completeness(profile: WorkerProfile) -> Completeness:
    done = {
        "about": bool(profile.languages and profile.country),
        "wishes": bool(profile.work_types),
        "experience": profile.experiences.exists(),
        "education": profile.education.exists(),
        "skills": profile.skills.exists(),
    }
    return Completeness({step: done[step] for step in PROFILE_STEPS})


def pay_hint(profile: WorkerProfile) -> str:
    """A plain-words note when the lowest pay the worker accepts is below the statutory
    minimum wage of the country where they are (``""`` otherwise)."""
    from django.utils.translation import gettext as _

    from kazi.wages.services import check_pay, friendly_money, money

    if profile.min_pay_amount is None or not profile.country or not profile.min_pay_period:
        return ""
    check = check_pay(
        profile.country, profile.min_pay_amount, profile.min_pay_currency, profile.min_pay_period
    )
    if check.status != "below_minimum":
        return ""
    return _(
        "Good to know: the statutory minimum wage in %(country)s is %(minimum)s %(mcur)s per "
        "hour: paid %(period)s, that is at least about %(suggested)s %(currency)s. You have the "
        "right to be paid at least that."
    ) % {
        "country": codes.country_name(profile.country, _lang(None)),
        "minimum": money(check.minimum_hourly),
        "mcur": check.minimum_currency,
        "period": _label(PayPeriod, profile.min_pay_period),
        "suggested": friendly_money(check.suggested_amount),
        "currency": profile.min_pay_currency,
    }


# --- search and suggestions --------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    id: int
    label: str
    matched_label: str
    chosen: bool


def search_skills_for(profile: WorkerProfile, query: str, language: str) -> list[SearchResult]:
    from kazi.taxonomy.selectors import search_skills

    query = query.strip()
    if not query:
        return []
    held = set(ProfileSkill.objects.filter(profile=profile).values_list("skill_id", flat=True))
    return [
        SearchResult(h.id, h.label, h.matched_label, h.id in held)
        for h in search_skills(query, language, limit=10)
    ]


def search_occupations_for(profile: WorkerProfile, query: str, language: str) -> list[SearchResult]:
    from kazi.taxonomy.selectors import search_occupations

    query = query.strip()
    if not query:
        return []
    held = set(
        ProfileOccupation.objects.filter(profile=profile).values_list("occupation_id", flat=True)
    )
    return [
        SearchResult(h.id, h.label, h.matched_label, h.id in held)
        for h in search_occupations(query, language, limit=10)
    ]


@dataclass(frozen=True)
class SkillSuggestion:
    occupation: Concept
    skills: list[Concept]


def skill_suggestions(
    profile: WorkerProfile, language: str, per_occupation: int = 8
) -> list[SkillSuggestion]:
    """For each occupation of interest, its ESCO essential skills the worker has not added."""
    from kazi.taxonomy.selectors import occupation_skill_ids

    lang = _lang(language)
    held = set(ProfileSkill.objects.filter(profile=profile).values_list("skill_id", flat=True))
    suggestions = []
    occupations = Occupation.objects.filter(
        pk__in=ProfileOccupation.objects.filter(profile=profile).values("occupation_id")
    )
    for occupation in occupations:
        essential, _optional = occupation_skill_ids(occupation.pk)
        wanted = [pk for pk in essential if pk not in held]
        if not wanted:
            continue
        skills = sorted(
            (Concept(s.pk, s.uri, s.label(lang)) for s in Skill.objects.filter(pk__in=wanted)),
            key=lambda c: c.label.lower(),
        )[:per_occupation]
        suggestions.append(
            SkillSuggestion(Concept(occupation.pk, occupation.uri, occupation.label(lang)), skills)
        )
    return sorted(suggestions, key=lambda s: s.occupation.label.lower())


# --- counsellors -------------------------------------------------------------------------


def consenting_workers() -> QuerySet[User]:
    """Active workers whose latest choice allows counsellor contact."""
    return users_with_consent(
        ConsentPurpose.COUNSELLOR_CONTACT, User.objects.filter(role=Role.WORKER, is_active=True)
    )


def caseload(query: str = "", limit: int = 50) -> list[User]:
    """Workers a counsellor may help, found by name, e-mail or mobile number."""
    workers = consenting_workers()
    query = query.strip()
    if query:
        condition = Q(display_name__icontains=query) | Q(email__icontains=query)
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 3:
            condition |= Q(phone__contains=digits)
        workers = workers.filter(condition)
    return list(workers.select_related("profile").order_by("display_name", "pk")[:limit])


def worker_for_counsellor(counsellor: User, user_id: int) -> User | None:
    """The worker, if ``counsellor`` may help them (the worker consented); else ``None``."""
    if not counsellor.is_counsellor:
        return None
    return consenting_workers().filter(pk=user_id).first()


def notes_for(profile: WorkerProfile) -> QuerySet[CounsellorNote]:
    return CounsellorNote.objects.filter(profile=profile).select_related("author")


# --- skills found in an experience (the skills engine) --------------------------------------


@dataclass(frozen=True)
class ExperienceSuggestions:
    """What the skills engine found in one experience, for the experience step.

    ``available`` is False when the engine is not (the skills cache is not built): the page
    then says so and stays usable.
    """

    experience: ExperienceItem
    available: bool
    text_html: str = ""  # the text read, escaped, with the supporting words in <mark>
    skills: list[Suggestion] = field(default_factory=list)
    occupations: list[Suggestion] = field(default_factory=list)


def experience_suggestions(
    profile: WorkerProfile,
    experience_id: int,
    language: str,
    *,
    hidden_skills: Collection[int] = (),
    hidden_occupations: Collection[int] = (),
) -> ExperienceSuggestions | None:
    """Skills (from the description, else the title) and occupations (from both) suggested
    for one of the profile's experiences; ``None`` when it is not one of them. Skills and
    occupations the worker has are marked as added; hidden ones (dismissed) are left out."""
    from kazi.profiling.suggestions import (
        SkillsUnavailableError,
        fit_text,
        highlight,
        occupation_suggestions,
        skill_suggestions,
    )

    experience = profile.experiences.filter(pk=experience_id).first()
    if experience is None:
        return None
    item = ExperienceItem(
        experience.pk,
        experience.title,
        experience.description,
        experience.place,
        experience.paid,
        experience.formal,
        experience.start_year,
        experience.end_year,
    )
    text = fit_text(experience.description.strip() or experience.title.strip())
    held_skills = set(
        ProfileSkill.objects.filter(profile=profile).values_list("skill_id", flat=True)
    )
    held_occupations = set(
        ProfileOccupation.objects.filter(profile=profile).values_list("occupation_id", flat=True)
    )
    lang = _lang(language)
    try:
        skills = skill_suggestions(text, lang, top=8, held=held_skills, hidden=hidden_skills)
        occupations = occupation_suggestions(
            fit_text(f"{experience.title.strip()}\n{experience.description.strip()}".strip()),
            lang,
            top=3,
            held=held_occupations,
            hidden=hidden_occupations,
        )
    except SkillsUnavailableError:
        return ExperienceSuggestions(item, available=False)
    # Mark the words that matched; a skill found by meaning alone has a whole sentence or
    # phrase as evidence, which would mark everything (it is quoted next to the skill).
    spans = [(e.start, e.end) for s in skills if s.how != "meaning" for e in s.evidence]
    return ExperienceSuggestions(
        item,
        available=True,
        text_html=highlight(text, spans),
        skills=skills,
        occupations=occupations,
    )
