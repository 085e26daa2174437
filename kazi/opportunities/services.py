"""Writes for vacancies: create, edit, skills, the moderation state machine, expiry, import.

Every business action runs in one transaction and raises ``DomainError`` (with the form
field it belongs to) when a rule refuses it. Every status change goes through
:func:`_transition`, which checks ``VACANCY_TRANSITIONS`` and records who, when and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kazi.accounts.models import Organisation, User
from kazi.core import codes
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.validation import is_db_id
from kazi.profiles.constants import PayPeriod
from kazi.taxonomy.models import Occupation, Skill
from kazi.wages.paycheck import BELOW_MINIMUM
from kazi.wages.services import PayCheck, check_pay

from .constants import (
    EDITABLE_STATUSES,
    VACANCY_TRANSITIONS,
    ContractType,
    VacancyKind,
    VacancyStatus,
)
from .models import Vacancy, VacancySkill, VacancyTransition

MAX_PAY = Decimal("9999999999.99")  # the model stores 12 digits, 2 after the point
MIN_PAY = Decimal("0.01")  # less is stored as 0.00
MAX_CLOSING_DAYS = 366
MAX_START_DAYS = 2 * 366
MAX_POSITIONS = 1000
MAX_LANGUAGES = 10
MAX_SKILLS = 100
MAX_REASON = 2000


@dataclass
class VacancyInput:
    """Everything an employer states about a vacancy (skills are set separately)."""

    title: str
    description: str
    country: str
    pay_min: Decimal
    currency: str
    pay_period: str
    contract_type: str
    kind: str = VacancyKind.JOB
    occupation_id: int | None = None
    city: str = ""
    remote: bool = False
    pay_max: Decimal | None = None
    hours_per_week: Decimal | None = None
    start_date: date | None = None
    closing_date: date | None = None
    positions: int = 1
    languages: list[str] = field(default_factory=list)
    source_url: str = ""

    @classmethod
    def from_vacancy(cls, vacancy: Vacancy) -> VacancyInput:
        return cls(**{f.name: getattr(vacancy, f.name) for f in fields(cls)})


def vacancy_problems(data: VacancyInput, today: date | None = None) -> list[tuple[str, str]]:
    """Every rule the input breaks, as (field, message) pairs; empty when all is well."""
    today = today or timezone.localdate()
    problems: list[tuple[str, str]] = []

    def problem(name: str, message: str) -> None:
        problems.append((name, message))

    if not data.title.strip():
        problem("title", _("Give the job a title."))
    elif len(data.title) > 200:
        problem("title", _("The title is too long (200 characters at most)."))
    if not data.description.strip():
        problem("description", _("Describe the work."))
    elif len(data.description) > 10000:
        problem("description", _("The description is too long (10,000 characters at most)."))
    if data.kind not in VacancyKind.values:
        problem("kind", _("Choose the type of work."))
    if data.contract_type not in ContractType.values:
        problem("contract_type", _("Choose a contract type."))
    if not codes.is_country(data.country):
        problem("country", _("Choose the country of work (an ISO 3166 country code)."))
    if len(data.city) > 120:
        problem("city", _("The city name is too long."))
    if data.pay_min is None or not data.pay_min.is_finite() or data.pay_min < MIN_PAY:
        problem("pay_min", _("The pay must be more than zero."))
    elif data.pay_min > MAX_PAY:
        problem("pay_min", _("The pay is too large."))
    if data.pay_max is not None:
        if not data.pay_max.is_finite() or data.pay_max > MAX_PAY:
            problem("pay_max", _("The pay is too large."))
        elif data.pay_min is not None and data.pay_min.is_finite() and data.pay_max < data.pay_min:
            problem("pay_max", _("The highest pay cannot be lower than the lowest pay."))
    if not codes.is_currency(data.currency):
        problem("currency", _("Give the currency as an ISO 4217 code, for example KES or EUR."))
    if data.pay_period not in PayPeriod.values:
        problem("pay_period", _("Choose the pay period (hour, day, week, month or year)."))
    if data.hours_per_week is not None and not (1 <= data.hours_per_week <= 80):
        problem("hours_per_week", _("Hours per week must be between 1 and 80."))
    if data.closing_date is None:
        problem("closing_date", _("Give a closing date."))
    elif data.closing_date < today:
        problem("closing_date", _("The closing date is in the past."))
    elif data.closing_date > today + timedelta(days=MAX_CLOSING_DAYS):
        problem("closing_date", _("The closing date must be within one year."))
    if data.start_date is not None:
        if data.start_date < today:
            problem("start_date", _("The start date is in the past."))
        elif data.start_date > today + timedelta(days=MAX_START_DAYS):
            problem("start_date", _("The start date must be within two years."))
    if not (1 <= data.positions <= MAX_POSITIONS):
        problem("positions", _("The number of positions must be between 1 and 1,000."))
    bad = [code for code in data.languages if not codes.is_language(code)]
    if bad:
        problem(
            "languages",
            _("Unknown language code(s): %(codes)s. Use ISO 639-1 codes such as en or sw.")
            % {"codes": ", ".join(bad)},
        )
    elif len(data.languages) > MAX_LANGUAGES:
        problem("languages", _("Choose at most 10 languages."))
    if (
        data.occupation_id is not None
        and not Occupation.objects.filter(pk=data.occupation_id).exists()
    ):
        problem("occupation", _("This occupation does not exist."))
    if len(data.source_url) > 500:
        problem("source_url", _("The link is too long."))
    return problems


def _validate(data: VacancyInput) -> None:
    problems = vacancy_problems(data)
    if problems:
        name, message = problems[0]
        raise DomainError(message, field=name)


# --- authorisation -------------------------------------------------------------------------


def is_member(user: User | None, organisation: Organisation) -> bool:
    return user is not None and organisation.members.filter(pk=user.pk).exists()


def _require_employer(actor: User, organisation: Organisation) -> None:
    if not (actor.is_employer and is_member(actor, organisation)):
        raise PermissionDeniedError(
            gettext_lazy("Only employer members of %(name)s can do this.")
            % {"name": organisation.name}
        )


def _require_moderator(actor: User) -> None:
    if not actor.is_moderator:
        raise PermissionDeniedError(gettext_lazy("Only moderators can do this."))


def _lock(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().select_related("organisation").get(pk=vacancy.pk)


# --- the state machine ---------------------------------------------------------------------


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in VACANCY_TRANSITIONS.get(from_status, frozenset())


def _check_transition(vacancy: Vacancy, to_status: str) -> None:
    if not can_transition(vacancy.status, to_status):
        raise DomainError(
            _("A vacancy that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": VacancyStatus(vacancy.status).label,
                "to": VacancyStatus(to_status).label,
            },
            code="illegal_transition",
        )


def _transition(
    vacancy: Vacancy, to_status: str, actor: User | None, reason: str = ""
) -> VacancyTransition:
    """The only way a vacancy changes status: checked against the table and recorded."""
    from_status = vacancy.status
    _check_transition(vacancy, to_status)
    vacancy.status = to_status
    vacancy.status_reason = reason
    update = ["status", "status_reason", "updated_at"]
    if to_status == VacancyStatus.PUBLISHED:
        vacancy.published_at = timezone.now()
        update.append("published_at")
    vacancy.save(update_fields=update)
    return VacancyTransition.objects.create(
        vacancy=vacancy, from_status=from_status, to_status=to_status, actor=actor, reason=reason
    )


def _apply(vacancy: Vacancy, data: VacancyInput) -> None:
    for name in (f.name for f in fields(VacancyInput)):
        setattr(vacancy, name, getattr(data, name))
    # One line each: a title is also the subject of e-mails, where a line break is refused.
    vacancy.title = " ".join(vacancy.title.split())
    vacancy.city = " ".join(vacancy.city.split())


# --- creating and editing ------------------------------------------------------------------


def create_vacancy(
    actor: User | None,
    organisation: Organisation,
    data: VacancyInput,
    *,
    prefill_skills: bool = True,
) -> Vacancy:
    """A new draft for ``organisation``; skills pre-filled from the occupation.

    ``actor`` None is an operator import (``kazi vacancies import``).
    """
    if actor is not None:
        _require_employer(actor, organisation)
    _validate(data)
    with transaction.atomic():
        vacancy = Vacancy(organisation=organisation, created_by=actor)
        _apply(vacancy, data)
        vacancy.save()
        VacancyTransition.objects.create(
            vacancy=vacancy,
            from_status="",
            to_status=VacancyStatus.DRAFT,
            actor=actor,
            reason=_("Created."),
        )
        if prefill_skills and data.occupation_id:
            _prefill(vacancy, data.occupation_id)
    return vacancy


def _prefill_pairs(occupation_id: int) -> list[tuple[int, bool]]:
    """(skill id, essential) pairs an occupation pre-fills: essential first, then optional."""
    from kazi.taxonomy.selectors import occupation_skill_ids

    essential, optional = occupation_skill_ids(occupation_id)
    essential_set = set(essential)
    pairs = [(pk, True) for pk in essential]
    pairs += [(pk, False) for pk in optional if pk not in essential_set]
    return pairs[:MAX_SKILLS]


def _prefill(vacancy: Vacancy, occupation_id: int) -> None:
    VacancySkill.objects.bulk_create(
        VacancySkill(vacancy=vacancy, skill_id=pk, essential=essential)
        for pk, essential in _prefill_pairs(occupation_id)
    )


def _skills_as_prefilled(vacancy: Vacancy, occupation_id: int | None) -> bool:
    """True when the vacancy's skills are exactly the occupation's (not edited by hand)."""
    current = set(vacancy.skill_requirements.values_list("skill_id", "essential"))
    if not current:
        return True
    if occupation_id is None:
        return False
    return current == set(_prefill_pairs(occupation_id))


def _require_editable(vacancy: Vacancy) -> None:
    if vacancy.status not in EDITABLE_STATUSES:
        raise DomainError(
            _("A vacancy that is “%(status)s” can no longer be changed.")
            % {"status": VacancyStatus(vacancy.status).label},
            code="not_editable",
        )


def _reopen_if_rejected(vacancy: Vacancy, actor: User) -> None:
    if vacancy.status == VacancyStatus.REJECTED:
        _transition(vacancy, VacancyStatus.DRAFT, actor, _("Edited after the rejection."))


def update_vacancy(actor: User, vacancy: Vacancy, data: VacancyInput) -> Vacancy:
    """Edit a draft (or a rejected vacancy, which goes back to draft).

    When the occupation changes and the skills were not edited by hand, the skills are
    pre-filled again from the new occupation.
    """
    _validate(data)
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        _require_editable(vacancy)
        previous_occupation = vacancy.occupation_id
        replace_skills = data.occupation_id != previous_occupation and _skills_as_prefilled(
            vacancy, previous_occupation
        )
        _reopen_if_rejected(vacancy, actor)
        _apply(vacancy, data)
        vacancy.save()
        if replace_skills:
            vacancy.skill_requirements.all().delete()
            if data.occupation_id:
                _prefill(vacancy, data.occupation_id)
    return vacancy


# --- skills --------------------------------------------------------------------------------


def _existing_skill_ids(ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not all(is_db_id(pk) for pk in wanted):  # cannot exist (and would overflow the query)
        raise DomainError(_("This skill does not exist."), field="skills", code="unknown_skill")
    found = set(Skill.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise DomainError(_("This skill does not exist."), field="skills", code="unknown_skill")
    return found


def set_required_skills(
    actor: User, vacancy: Vacancy, essential: Sequence[int], optional: Sequence[int] = ()
) -> None:
    """Replace the vacancy's skills (a skill in both lists counts as essential)."""
    essential_ids = _existing_skill_ids(essential)
    optional_ids = _existing_skill_ids(optional) - essential_ids
    if len(essential_ids) + len(optional_ids) > MAX_SKILLS:
        raise DomainError(_("A vacancy can list at most 100 skills."), field="skills")
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        _require_editable(vacancy)
        _reopen_if_rejected(vacancy, actor)
        vacancy.skill_requirements.all().delete()
        VacancySkill.objects.bulk_create(
            [
                VacancySkill(vacancy=vacancy, skill_id=pk, essential=True)
                for pk in sorted(essential_ids)
            ]
            + [
                VacancySkill(vacancy=vacancy, skill_id=pk, essential=False)
                for pk in sorted(optional_ids)
            ]
        )


def add_required_skill(actor: User, vacancy: Vacancy, skill_id: int, *, essential: bool) -> None:
    """Add a skill, or move it between essential and optional."""
    _existing_skill_ids([skill_id])
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        _require_editable(vacancy)
        exists = vacancy.skill_requirements.filter(skill_id=skill_id).exists()
        if not exists and vacancy.skill_requirements.count() >= MAX_SKILLS:
            raise DomainError(_("A vacancy can list at most 100 skills."), field="skills")
        _reopen_if_rejected(vacancy, actor)
        VacancySkill.objects.update_or_create(
            vacancy=vacancy, skill_id=skill_id, defaults={"essential": essential}
        )


def remove_required_skill(actor: User, vacancy: Vacancy, skill_id: int) -> None:
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        _require_editable(vacancy)
        _reopen_if_rejected(vacancy, actor)
        if is_db_id(skill_id):  # a larger number names no skill (and would overflow)
            vacancy.skill_requirements.filter(skill_id=skill_id).delete()


def reset_required_skills(actor: User, vacancy: Vacancy) -> None:
    """Pre-fill the skills again from the vacancy's occupation."""
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        _require_editable(vacancy)
        _reopen_if_rejected(vacancy, actor)
        vacancy.skill_requirements.all().delete()
        if vacancy.occupation_id:
            _prefill(vacancy, vacancy.occupation_id)


# --- moderation ----------------------------------------------------------------------------


def _pay_check(vacancy: Vacancy) -> PayCheck:
    return check_pay(vacancy.country, vacancy.pay_min, vacancy.currency, vacancy.pay_period)


def _refuse_if_below_minimum(check: PayCheck) -> None:
    if check.status == BELOW_MINIMUM:
        raise DomainError(check.message, field="pay_min", code="below_minimum_wage")


def _refuse_if_unlicensed(vacancy: Vacancy) -> None:
    """A recruitment agency without a valid licence in a loaded official list (of its own
    country or of the country of work) cannot publish (``docs/recruitment.md``)."""
    from kazi.recruitment.selectors import licence_verdict

    verdict = licence_verdict(vacancy.organisation, vacancy.country)
    if not verdict.allows_publishing:
        raise DomainError(
            _("This vacancy cannot be published: %(reason)s") % {"reason": verdict.message},
            code="agency_not_licensed",
        )


def submit_for_review(actor: User, vacancy: Vacancy, reason: str = "") -> PayCheck:
    """Check the vacancy (rules, the agency's licence, pay) and send it to the moderators.

    A recruitment agency whose licence is not valid in a loaded official list is refused
    (``DomainError`` code ``agency_not_licensed``), before any change.

    Pay below the statutory minimum wage is refused (``DomainError`` on ``pay_min`` with the
    explanation); nothing changes, the draft stays as it is. Without minimum-wage data or
    an exchange rate the vacancy is accepted and the notice is stored in ``pay_check``.
    """
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        if vacancy.status not in EDITABLE_STATUSES:
            raise DomainError(
                _("Only a draft can be submitted for review; this vacancy is “%(status)s”.")
                % {"status": VacancyStatus(vacancy.status).label},
                code="illegal_transition",
            )
        _validate(VacancyInput.from_vacancy(vacancy))
        _refuse_if_unlicensed(vacancy)
        check = _pay_check(vacancy)
        _refuse_if_below_minimum(check)
        _reopen_if_rejected(vacancy, actor)
        vacancy.pay_check = check.as_dict()
        vacancy.save(update_fields=["pay_check", "updated_at"])
        _transition(vacancy, VacancyStatus.PENDING, actor, reason[:MAX_REASON])
    return check


def publish_vacancy(moderator: User, vacancy: Vacancy, reason: str = "") -> Vacancy:
    """A moderator publishes a pending vacancy (the pay is checked again)."""
    _require_moderator(moderator)
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _check_transition(vacancy, VacancyStatus.PUBLISHED)
        if vacancy.closing_date is not None and vacancy.closing_date < timezone.localdate():
            raise DomainError(
                _("The closing date has passed: reject the vacancy so the employer can update it."),
                field="closing_date",
            )
        _refuse_if_unlicensed(vacancy)
        check = _pay_check(vacancy)
        _refuse_if_below_minimum(check)
        vacancy.pay_check = check.as_dict()
        vacancy.save(update_fields=["pay_check", "updated_at"])
        _transition(vacancy, VacancyStatus.PUBLISHED, moderator, reason[:MAX_REASON])
    return vacancy


def reject_vacancy(moderator: User, vacancy: Vacancy, reason: str) -> Vacancy:
    """A moderator rejects a pending vacancy; the reason is required and shown to the employer."""
    _require_moderator(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the employer a reason for the rejection."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("The reason is too long (2,000 characters at most)."), field="reason")
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _transition(vacancy, VacancyStatus.REJECTED, moderator, reason)
    return vacancy


def withdraw_vacancy(actor: User, vacancy: Vacancy, reason: str = "") -> Vacancy:
    """The employer takes the vacancy down (from any status that allows it)."""
    with transaction.atomic():
        vacancy = _lock(vacancy)
        _require_employer(actor, vacancy.organisation)
        _transition(vacancy, VacancyStatus.WITHDRAWN, actor, (reason or "").strip()[:MAX_REASON])
    return vacancy


def expire_due_vacancies(today: date | None = None) -> int:
    """Published vacancies whose closing date has passed become expired; returns how many."""
    today = today or timezone.localdate()
    count = 0
    due = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__lt=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=pk)
            if (
                vacancy.status == VacancyStatus.PUBLISHED
                and vacancy.closing_date
                and vacancy.closing_date < today
            ):
                _transition(vacancy, VacancyStatus.EXPIRED, None, _("The closing date has passed."))
                count += 1
    return count


# --- import from schema.org JobPosting -----------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    index: int
    field: str
    message: str


class ImportRejected(DomainError):
    """Some items are invalid; nothing was imported. ``problems`` lists them all."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(
            _("Nothing was imported: %(count)d posting(s) have problems.")
            % {"count": len({p.index for p in problems})},
            code="invalid_job_postings",
        )
        self.problems = problems


MAX_IMPORTED_POSTINGS = 500


def import_job_postings(
    actor: User | None, organisation: Organisation, items: Any
) -> list[Vacancy]:
    """Create drafts from schema.org JobPosting objects; all of them or none.

    ``items`` is one JSON-LD object, a list of them, or an object with an ``@graph`` list.
    """
    from . import jsonld

    if actor is not None:
        _require_employer(actor, organisation)
    postings = jsonld.postings_in(items)
    problems: list[ImportProblem] = []
    prepared: list[tuple[VacancyInput, list[int], bool]] = []
    if not postings:
        raise ImportRejected([ImportProblem(0, "", _("No JobPosting object was found."))])
    if len(postings) > MAX_IMPORTED_POSTINGS:
        message = _("Import at most %(max)d job postings at a time.") % {
            "max": MAX_IMPORTED_POSTINGS
        }
        raise ImportRejected([ImportProblem(MAX_IMPORTED_POSTINGS, "", message)])
    for index, item in enumerate(postings):
        parsed, errors = jsonld.parse_job_posting(item, today=timezone.localdate())
        problems += [ImportProblem(index, name, message) for name, message in errors]
        if parsed is None:
            continue
        occupation_id, skill_ids, resolve_errors = _resolve_concepts(parsed)
        problems += [ImportProblem(index, name, message) for name, message in resolve_errors]
        data = VacancyInput(**parsed.values, occupation_id=occupation_id)
        reported = {name.split(".")[0] for name, _message in errors + resolve_errors}
        for name, message in vacancy_problems(data):
            prop = jsonld.PROPERTY_FOR_FIELD.get(name, name)
            if prop.split(".")[0] not in reported:
                problems.append(ImportProblem(index, prop, message))
        prepared.append((data, skill_ids, not parsed.skill_uris and not parsed.skill_names))
    if problems:
        raise ImportRejected(problems)
    vacancies = []
    with transaction.atomic():
        for data, skill_ids, prefill in prepared:
            vacancy = create_vacancy(actor, organisation, data, prefill_skills=prefill)
            VacancySkill.objects.bulk_create(
                [VacancySkill(vacancy=vacancy, skill_id=pk, essential=True) for pk in skill_ids]
            )
            vacancies.append(vacancy)
    return vacancies


def _resolve_concepts(parsed: Any) -> tuple[int | None, list[int], list[tuple[str, str]]]:
    """ESCO occupation (URI or ISCO code) and skills (URIs or exact labels) to ids."""
    errors: list[tuple[str, str]] = []
    occupation_id: int | None = None
    if parsed.occupation_uri:
        occupation_id = (
            Occupation.objects.filter(uri=parsed.occupation_uri)
            .values_list("pk", flat=True)
            .first()
        )
        if occupation_id is None:
            errors.append(
                (
                    "occupationalCategory",
                    _("Unknown ESCO occupation %(uri)s.") % {"uri": parsed.occupation_uri},
                )
            )
    elif parsed.isco_code:
        occupation_id = _occupation_for_isco(parsed.isco_code, parsed.values.get("title", ""))
        if occupation_id is None:
            errors.append(
                (
                    "occupationalCategory",
                    _("Unknown ISCO-08 code %(code)s.") % {"code": parsed.isco_code},
                )
            )
    skill_ids: list[int] = []
    if parsed.skill_uris:
        found = dict(Skill.objects.filter(uri__in=parsed.skill_uris).values_list("uri", "pk"))
        unknown = [uri for uri in parsed.skill_uris if uri not in found]
        if unknown:
            errors.append(
                ("skills", _("Unknown ESCO skill(s): %(uris)s.") % {"uris": ", ".join(unknown)})
            )
        for uri in parsed.skill_uris:  # a skill named twice is listed once
            if uri in found and found[uri] not in skill_ids:
                skill_ids.append(found[uri])
    if parsed.skill_names:
        from kazi.taxonomy.models import Label

        for name in parsed.skill_names:
            match = (
                Label.objects.filter(kind="skill", text__iexact=name.strip())
                .order_by("-preferred", "pk")
                .values_list("concept_id", flat=True)
                .first()
            )
            if match is not None and match not in skill_ids:
                skill_ids.append(int(match))
    return occupation_id, skill_ids[:MAX_SKILLS], errors


def _occupation_for_isco(code: str, title: str) -> int | None:
    """The ESCO occupation in ISCO group ``code`` that best matches ``title``."""
    in_group = list(
        Occupation.objects.filter(isco_group__code=code)
        .order_by("code", "pk")
        .values_list("pk", flat=True)
    )
    if not in_group:
        return None
    if title and len(in_group) > 1:
        from kazi.taxonomy.selectors import search_occupations

        for hit in search_occupations(title, "en", limit=50):
            if hit.id in in_group:
                return hit.id
    return in_group[0]
