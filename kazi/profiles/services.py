"""Writes to worker profiles. Each function is one business action in one transaction;
bad input raises DomainError with a message for the person and the field it belongs to.

``actor`` is who acts: the worker, or a counsellor the worker allowed to help them (every
change by someone else is written to the audit log).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kazi.accounts.audit import record_access
from kazi.accounts.consent import has_consent, record_consents
from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import User
from kazi.accounts.phone import normalise_phone
from kazi.core import codes
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.validation import is_db_id
from kazi.taxonomy.models import Occupation, Skill

from .constants import (
    EARLIEST_YEAR,
    Availability,
    EducationLevel,
    PayPeriod,
    RightToWork,
    SkillLevel,
    WorkType,
)
from .models import (
    CounsellorNote,
    Education,
    Experience,
    ProfileOccupation,
    ProfileSkill,
    WorkerProfile,
)

MAX_PAY = Decimal("9999999999.99")


# --- who may change a profile ----------------------------------------------------------


def can_manage(actor: User, worker: User) -> bool:
    """The worker themself, or a counsellor the worker allowed to help them."""
    if not worker.is_worker or not worker.is_active:
        return False
    if actor.pk == worker.pk:
        return True
    return actor.is_counsellor and has_consent(worker, ConsentPurpose.COUNSELLOR_CONTACT)


def _authorise(actor: User, profile: WorkerProfile) -> None:
    if not can_manage(actor, profile.user):
        raise PermissionDeniedError(_("You may not change this profile."))


def _changed(actor: User, profile: WorkerProfile, what: str) -> None:
    """Mark the profile as updated and log a change made by someone else."""
    profile.save(update_fields=["updated_at"])
    record_access(actor, profile.user, AuditAction.EDIT_PROFILE, what)


# --- small validators --------------------------------------------------------------------


def _text(value: str | None, field: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("Please fill this in."), field=field, code="required")
    if len(text) > max_length:
        raise DomainError(
            _("Please keep this under %(n)d characters.") % {"n": max_length},
            field=field,
            code="too_long",
        )
    return text


def _year(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    this_year = date.today().year
    if not EARLIEST_YEAR <= value <= this_year:
        raise DomainError(
            _("Please give a year between %(first)d and %(last)d.")
            % {"first": EARLIEST_YEAR, "last": this_year},
            field=field,
            code="bad_year",
        )
    return value


def _years(start: int | None, end: int | None) -> tuple[int | None, int | None]:
    start = _year(start, "start_year")
    end = _year(end, "end_year")
    if start is not None and end is not None and end < start:
        raise DomainError(
            _("The end year cannot be before the start year."), field="end_year", code="bad_year"
        )
    return start, end


def _country(code: str | None, field: str) -> str:
    code = (code or "").strip().upper()
    if code and not codes.is_country(code):
        raise DomainError(_("Please choose a country from the list."), field=field, code="country")
    return code


def _choice(value: str | None, choices: Iterable[str], field: str) -> str:
    value = (value or "").strip()
    if value and value not in set(choices):
        raise DomainError(_("Please choose a value from the list."), field=field, code="choice")
    return value


# --- the profile itself ------------------------------------------------------------------


def get_or_create_profile(worker: User, *, actor: User | None = None) -> WorkerProfile:
    """The worker's profile, created empty the first time (by the worker or a counsellor)."""
    actor = actor or worker
    if not can_manage(actor, worker):
        raise PermissionDeniedError(_("You may not change this profile."))
    with transaction.atomic():
        profile, created = WorkerProfile.objects.get_or_create(
            user=worker, defaults={"created_by": actor}
        )
        if created:
            record_access(actor, worker, AuditAction.EDIT_PROFILE, "created profile")
    return profile


def update_about(
    profile: WorkerProfile,
    *,
    actor: User,
    languages: Iterable[str],
    country: str,
    city: str = "",
    origin_country: str = "",
    summary: str = "",
) -> WorkerProfile:
    _authorise(actor, profile)
    chosen: list[str] = []
    for code in languages:
        code = (code or "").strip().lower()
        if not codes.is_language(code):
            raise DomainError(
                _("“%(code)s” is not a language code we know.") % {"code": code},
                field="languages",
                code="language",
            )
        if code not in chosen:
            chosen.append(code)
    values = {
        "languages": chosen,
        "country": _country(country, "country"),
        "city": _text(city, "city", 120),
        "origin_country": _country(origin_country, "origin_country"),
        "summary": _text(summary, "summary", 2000),
    }
    for name, value in values.items():  # only once everything is valid
        setattr(profile, name, value)
    with transaction.atomic():
        profile.save()
        record_access(actor, profile.user, AuditAction.EDIT_PROFILE, "about")
    return profile


MAX_HOURS_PER_WEEK = 100


def update_wishes(
    profile: WorkerProfile,
    *,
    actor: User,
    work_types: Iterable[str],
    accepts_remote: bool,
    min_pay_amount: Decimal | str | None = None,
    min_pay_currency: str = "",
    min_pay_period: str = "",
    availability: str = "",
    right_to_work: str | None = None,
    max_hours_per_week: int | str | None = None,
) -> WorkerProfile:
    """Save what work the worker wants. ``right_to_work=None`` leaves it unchanged (it is
    only asked where the deployment asks for it)."""
    _authorise(actor, profile)
    types: list[str] = []
    for raw in work_types:
        value = _choice(raw, WorkType.values, "work_types")
        if not value:
            raise DomainError(
                _("Please choose a value from the list."), field="work_types", code="choice"
            )
        if value not in types:
            types.append(value)

    amount: Decimal | None = None
    if min_pay_amount not in (None, ""):
        try:
            amount = Decimal(str(min_pay_amount))
        except InvalidOperation:
            raise DomainError(
                _("Please give the amount as a number."), field="min_pay_amount", code="amount"
            ) from None
        if not amount.is_finite() or amount < Decimal("0.01"):  # less is stored as 0.00
            raise DomainError(
                _("The lowest pay must be more than zero."), field="min_pay_amount", code="amount"
            )
        if amount > MAX_PAY:
            raise DomainError(_("This amount is too large."), field="min_pay_amount", code="amount")
        amount = amount.quantize(Decimal("0.01"))
    currency = (min_pay_currency or "").strip().upper()
    if currency and not codes.is_currency(currency):
        raise DomainError(
            _("Please choose a currency from the list."), field="min_pay_currency", code="currency"
        )
    period = _choice(min_pay_period, PayPeriod.values, "min_pay_period")
    if amount is not None and not currency:
        raise DomainError(
            _("Please choose the currency of this amount."),
            field="min_pay_currency",
            code="required",
        )
    if amount is not None and not period:
        raise DomainError(
            _("Please say if this amount is per hour, day, week, month or year."),
            field="min_pay_period",
            code="required",
        )

    hours: int | None = None
    if max_hours_per_week not in (None, ""):
        try:
            hours = int(str(max_hours_per_week))
        except ValueError:
            hours = 0
        if not 1 <= hours <= MAX_HOURS_PER_WEEK:
            raise DomainError(
                _("Give a number of hours between 1 and %(most)d.") % {"most": MAX_HOURS_PER_WEEK},
                field="max_hours_per_week",
                code="hours",
            )
    when = _choice(availability, Availability.values, "availability")
    asked = right_to_work is not None and settings.KAZI_ASK_RIGHT_TO_WORK
    status = _choice(right_to_work, RightToWork.values, "right_to_work") if asked else ""

    profile.work_types = types  # only once everything is valid
    profile.accepts_remote = bool(accepts_remote)
    profile.min_pay_amount = amount
    profile.min_pay_currency = currency
    profile.min_pay_period = period
    profile.availability = when
    profile.max_hours_per_week = hours
    if asked:
        profile.right_to_work = status
    with transaction.atomic():
        profile.save()
        record_access(actor, profile.user, AuditAction.EDIT_PROFILE, "wishes")
    return profile


# --- experience and education ------------------------------------------------------------


def _experience_fields(
    title: str,
    description: str,
    place: str,
    paid: bool,
    formal: bool,
    start_year: int | None,
    end_year: int | None,
) -> dict[str, object]:
    start, end = _years(start_year, end_year)
    return {
        "title": _text(title, "title", 200, required=True),
        "description": _text(description, "description", 4000),
        "place": _text(place, "place", 200),
        "paid": bool(paid),
        "formal": bool(formal),
        "start_year": start,
        "end_year": end,
    }


def add_experience(
    profile: WorkerProfile,
    *,
    actor: User,
    title: str,
    description: str = "",
    place: str = "",
    paid: bool = True,
    formal: bool = False,
    start_year: int | None = None,
    end_year: int | None = None,
) -> Experience:
    _authorise(actor, profile)
    fields = _experience_fields(title, description, place, paid, formal, start_year, end_year)
    with transaction.atomic():
        experience = Experience.objects.create(profile=profile, **fields)
        _changed(actor, profile, "experience added")
    return experience


def update_experience(
    experience: Experience,
    *,
    actor: User,
    title: str,
    description: str = "",
    place: str = "",
    paid: bool = True,
    formal: bool = False,
    start_year: int | None = None,
    end_year: int | None = None,
) -> Experience:
    _authorise(actor, experience.profile)
    fields = _experience_fields(title, description, place, paid, formal, start_year, end_year)
    for name, value in fields.items():
        setattr(experience, name, value)
    with transaction.atomic():
        experience.save()
        _changed(actor, experience.profile, "experience changed")
    return experience


def delete_experience(experience: Experience, *, actor: User) -> None:
    profile = experience.profile
    _authorise(actor, profile)
    with transaction.atomic():
        experience.delete()
        _changed(actor, profile, "experience deleted")


def add_education(
    profile: WorkerProfile,
    *,
    actor: User,
    level: str,
    title: str = "",
    institution: str = "",
    year: int | None = None,
) -> Education:
    _authorise(actor, profile)
    if not level:
        raise DomainError(_("Please choose a level."), field="level", code="required")
    fields = {
        "level": _choice(level, EducationLevel.values, "level"),
        "title": _text(title, "title", 200),
        "institution": _text(institution, "institution", 200),
        "year": _year(year, "year"),
    }
    with transaction.atomic():
        education = Education.objects.create(profile=profile, **fields)
        _changed(actor, profile, "education added")
    return education


def delete_education(education: Education, *, actor: User) -> None:
    profile = education.profile
    _authorise(actor, profile)
    with transaction.atomic():
        education.delete()
        _changed(actor, profile, "education deleted")


# --- skills and occupations (ESCO) -------------------------------------------------------


def add_skill(
    profile: WorkerProfile, skill_id: int, *, actor: User, level: str = ""
) -> ProfileSkill:
    """Add an ESCO skill. Adding one the worker already has changes nothing (but a level
    given here is saved)."""
    _authorise(actor, profile)
    level = _choice(level, SkillLevel.values, "level")
    skill = Skill.objects.filter(pk=skill_id).first()
    if skill is None:
        raise DomainError(
            _("This skill is not in the list of skills. Please search again."),
            field="skill",
            code="unknown_skill",
        )
    with transaction.atomic():
        existing = ProfileSkill.objects.filter(profile=profile, skill=skill).first()
        if existing is not None:
            if level and existing.level != level:
                existing.level = level
                existing.save(update_fields=["level"])
                _changed(actor, profile, f"skill level {skill.uri}")
            return existing
        try:
            with transaction.atomic():
                item = ProfileSkill.objects.create(
                    profile=profile, skill=skill, level=level, added_by=actor
                )
        except IntegrityError:  # added at the same moment elsewhere
            return ProfileSkill.objects.get(profile=profile, skill=skill)
        _changed(actor, profile, f"skill added {skill.uri}")
    return item


def set_skill_level(profile: WorkerProfile, skill_id: int, level: str, *, actor: User) -> None:
    _authorise(actor, profile)
    level = _choice(level, SkillLevel.values, "level")
    with transaction.atomic():
        updated = (
            ProfileSkill.objects.filter(profile=profile, skill_id=skill_id).update(level=level)
            if is_db_id(skill_id)  # a larger number names no skill (and would overflow)
            else 0
        )
        if not updated:
            raise DomainError(
                _("This skill is not in the profile."), field="skill", code="unknown_skill"
            )
        _changed(actor, profile, f"skill level {skill_id}")


def remove_skill(profile: WorkerProfile, skill_id: int, *, actor: User) -> bool:
    """Remove a skill; removing one that is not there is not an error (returns False)."""
    _authorise(actor, profile)
    if not is_db_id(skill_id):  # names no skill (and would overflow the query)
        return False
    with transaction.atomic():
        deleted, _rows = ProfileSkill.objects.filter(profile=profile, skill_id=skill_id).delete()
        if deleted:
            _changed(actor, profile, f"skill removed {skill_id}")
    return bool(deleted)


def add_occupation(profile: WorkerProfile, occupation_id: int, *, actor: User) -> Occupation:
    _authorise(actor, profile)
    occupation = Occupation.objects.filter(pk=occupation_id).first()
    if occupation is None:
        raise DomainError(
            _("This occupation is not in the list of occupations. Please search again."),
            field="occupation",
            code="unknown_occupation",
        )
    with transaction.atomic():
        _link, created = ProfileOccupation.objects.get_or_create(
            profile=profile, occupation=occupation, defaults={"added_by": actor}
        )
        if created:
            _changed(actor, profile, f"occupation added {occupation.uri}")
    return occupation


def remove_occupation(profile: WorkerProfile, occupation_id: int, *, actor: User) -> bool:
    _authorise(actor, profile)
    if not is_db_id(occupation_id):  # names no occupation (and would overflow the query)
        return False
    with transaction.atomic():
        deleted, _rows = ProfileOccupation.objects.filter(
            profile=profile, occupation_id=occupation_id
        ).delete()
        if deleted:
            _changed(actor, profile, f"occupation removed {occupation_id}")
    return bool(deleted)


# --- counsellors -------------------------------------------------------------------------


def add_note(profile: WorkerProfile, *, author: User, text: str) -> CounsellorNote:
    if not author.is_counsellor or not can_manage(author, profile.user):
        raise PermissionDeniedError(_("Only a counsellor helping this worker can add notes."))
    body = _text(text, "text", 4000, required=True)
    with transaction.atomic():
        note = CounsellorNote.objects.create(profile=profile, author=author, text=body)
        record_access(author, profile.user, AuditAction.EDIT_PROFILE, "note added")
    return note


def register_worker(
    counsellor: User,
    *,
    display_name: str,
    email: str = "",
    phone: str = "",
    language: str = "",
    country: str = "",
    consents: dict[str, bool],
) -> User:
    """A counsellor creates an account for a worker who is with them.

    The worker's consents, given aloud, are recorded with the counsellor as recorder;
    counsellor contact is required (otherwise the counsellor could not help). The account has
    no password: the worker sets one later with the password reset.
    """
    if not counsellor.is_counsellor:
        raise PermissionDeniedError(_("Only counsellors can register workers."))
    name = _text(display_name, "display_name", 120, required=True)
    country = _country(country, "country")
    address = (email or "").strip()
    if address:
        try:
            validate_email(address)
        except ValidationError:
            raise DomainError(
                _("Please check the e-mail address."), field="email", code="email"
            ) from None
        address = User.objects.normalize_email(address)
        if User.objects.filter(email__iexact=address).exists():
            raise DomainError(
                _("An account with this e-mail address already exists."),
                field="email",
                code="taken",
            )
    number: str | None = None
    if (phone or "").strip():
        number = normalise_phone(phone, country or None)
        if number is None:
            raise DomainError(
                _("Please check the mobile number, with its country code (for example +254…)."),
                field="phone",
                code="phone",
            )
        if User.objects.filter(phone=number).exists():
            raise DomainError(
                _("An account with this mobile number already exists."),
                field="phone",
                code="taken",
            )
    if not address and not number:
        raise DomainError(
            _("Please give an e-mail address or a mobile number."), field="phone", code="required"
        )
    enabled = [code for code, _name in settings.LANGUAGES]
    language = language or settings.LANGUAGE_CODE
    if language not in enabled:
        raise DomainError(_("Please choose a language from the list."), field="language")
    known = set(ConsentPurpose.values)
    unknown = set(consents) - known
    if unknown:
        raise DomainError(_("Unknown consent purpose."), field="consents", code="consent")
    if not consents.get(ConsentPurpose.COUNSELLOR_CONTACT):
        raise DomainError(
            _(
                "The worker must agree that a counsellor may see their profile and help them; "
                "without it you cannot register them."
            ),
            field="consents",
            code="consent_required",
        )
    with transaction.atomic():
        worker = User.objects.create_user(
            address or None,
            None,
            phone=number,
            display_name=name,
            role=Role.WORKER,
            language=language,
        )
        record_consents(
            worker, {p: bool(consents.get(p, False)) for p in known}, recorded_by=counsellor
        )
        WorkerProfile.objects.create(user=worker, country=country, created_by=counsellor)
        record_access(counsellor, worker, AuditAction.EDIT_PROFILE, "registered the worker")
    return worker
