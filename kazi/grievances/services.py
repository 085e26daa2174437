"""Grievance actions: file, open with code and PIN, reply, add evidence; assign, move,
refer, note, message; escalate missed deadlines.

Each function is one business action in one transaction; a refused action raises
``DomainError`` (or ``PermissionDeniedError``) with a message the person can act on, and
nothing is saved half-way (files written before a failure are deleted again). A case's
state changes only here, and every change is a ``CaseEvent`` (who, when, why).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kazi.accounts.constants import OrganisationKind, OutboxKind, Role
from kazi.accounts.models import Organisation, OutboxMessage, User
from kazi.accounts.outbox import contact_of, message_language, queue_message
from kazi.core.codes import is_country
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.core.uploads import EVIDENCE_KINDS, CheckedUpload, check_upload
from kazi.recruitment.models import Agency

from . import codes
from .constants import OPEN_STATES, TRANSITIONS, Category, EventKind, Outcome, State
from .deadlines import DeadlineConfigError, due_at, parse_deadlines
from .models import CaseEvent, Evidence, Grievance

DESCRIPTION_MAX = 10000
MESSAGE_MAX = 5000
EMPLOYER_MAX = 200
MAX_FILES = 5  # per upload (filing, or adding evidence later)
LOCK_AFTER = 5  # wrong PINs in a row on one case
LOCK_FOR = timedelta(minutes=15)
HANDLER_ROLES = (Role.COUNSELLOR, Role.MODERATOR, Role.ADMINISTRATOR)
PARTNER_KINDS = (OrganisationKind.LEGAL_AID, OrganisationKind.UNION)
# What the worker's timeline shows; every other kind is internal whatever its flag says.
WORKER_KINDS = (
    EventKind.FILED,
    EventKind.STATE,
    EventKind.REFERRED,
    EventKind.MESSAGE_TO_WORKER,
    EventKind.MESSAGE_FROM_WORKER,
    EventKind.EVIDENCE,
)


def no_match_message() -> str:
    """The one answer to a wrong code, a wrong PIN or a locked case."""
    return _("No case matches this code and PIN.")


def state_label(state: str) -> str:
    return str(State(state).label) if state in State.values else state


def deadline_table() -> dict[str, timedelta]:
    """``KAZI_GRIEVANCE_DEADLINES`` read into a table (ImproperlyConfigured if invalid)."""
    try:
        return parse_deadlines(settings.KAZI_GRIEVANCE_DEADLINES, [str(s) for s in OPEN_STATES])
    except DeadlineConfigError as error:
        raise ImproperlyConfigured(f"KAZI_GRIEVANCE_DEADLINES: {error}") from error


# ----------------------------------------------------------------------- who may do what


def is_handler(user: object) -> bool:
    """Counsellors, moderators and administrators handle every case."""
    return isinstance(user, User) and user.is_active and user.role in HANDLER_ROLES


def partner_organisations(user: User) -> list[int]:
    if user.role != Role.PARTNER or not user.is_active:
        return []
    return list(
        Organisation.objects.filter(members=user, kind__in=PARTNER_KINDS).values_list(
            "pk", flat=True
        )
    )


def can_handle(user: object, grievance: Grievance) -> bool:
    """May ``user`` open and work on ``grievance`` as staff (handlers: all cases; partner
    staff: the cases referred to their organisation, while they are referred there)?"""
    if is_handler(user):
        return True
    if isinstance(user, User) and grievance.partner_id is not None:
        return grievance.partner_id in partner_organisations(user)
    return False


def _require_handler(actor: User, grievance: Grievance) -> None:
    if not can_handle(actor, grievance):
        raise PermissionDeniedError(_("You cannot work on this case."))


def _require_caseworker(actor: User) -> None:
    if not is_handler(actor):
        raise PermissionDeniedError(
            _("Only counsellors, moderators and administrators can do this.")
        )


# ----------------------------------------------------------------------- filing


@dataclass(frozen=True)
class NewGrievance:
    category: str
    country: str
    description: str
    origin_country: str = ""
    employer_name: str = ""
    agency_id: int | None = None


@dataclass(frozen=True)
class Filed:
    grievance: Grievance
    pin: str  # shown once to the worker, never stored in clear


def _clean_text(value: str, *, field: str, limit: int, required: bool) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise DomainError(_("Please fill in this field."), field=field, code="required")
    if len(text) > limit:
        raise DomainError(
            _("Keep this under %(max)d characters.") % {"max": limit}, field=field, code="too_long"
        )
    return text


def _check_files(files: Sequence[IO[bytes]], field: str) -> list[tuple[IO[bytes], CheckedUpload]]:
    """Every file checked before anything is written: one bad file refuses them all."""
    if len(files) > MAX_FILES:
        raise DomainError(
            _("Send at most %(max)d files at a time.") % {"max": MAX_FILES},
            field=field,
            code="too_many_files",
        )
    checked = []
    for file in files:
        try:
            checked.append(
                (
                    file,
                    check_upload(
                        file,
                        kinds=EVIDENCE_KINDS,
                        max_bytes=settings.KAZI_EVIDENCE_MAX_BYTES,
                        field=field,
                    ),
                )
            )
        except DomainError as error:
            name = _display_name(file)
            raise DomainError(
                f"{name}: {error.message}" if name else error.message,
                field=field,
                code=error.code,
            ) from error
    return checked


def _display_name(file: IO[bytes]) -> str:
    name = str(getattr(file, "name", "") or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:255]


def _store(
    grievance: Grievance,
    checked: list[tuple[IO[bytes], CheckedUpload]],
    actor: User | None,
    written: list[str],
) -> list[Evidence]:
    stored = []
    for file, upload in checked:
        evidence = Evidence(
            grievance=grievance,
            original_name=_display_name(file) or f"evidence.{upload.kind.extension}",
            content_type=upload.kind.content_type,
            size=upload.size,
            sha256=upload.sha256,
        )
        # A random name on disk: the worker's file name stays in the database only.
        evidence.file.save(f"{secrets.token_hex(16)}.{upload.kind.extension}", File(file), False)
        written.append(evidence.file.name or "")
        evidence.save()
        CaseEvent.objects.create(
            grievance=grievance,
            kind=EventKind.EVIDENCE,
            actor=actor,
            evidence=evidence,
            text=evidence.original_name,
        )
        stored.append(evidence)
    return stored


def _delete_written(written: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in written:
        storage.delete(name)


def _unique_code() -> str:
    for _attempt in range(10):
        code = codes.new_case_code()
        if not Grievance.objects.filter(case_code=code).exists():
            return code
    raise RuntimeError("could not draw a free case code")  # 2^60 codes: never in practice


def file_grievance(
    data: NewGrievance,
    *,
    user: User | None = None,
    anonymous: bool = False,
    files: Sequence[IO[bytes]] = (),
    language: str = "en",
    now: datetime | None = None,
) -> Filed:
    """File a grievance, with the account of ``user`` unless ``anonymous`` (then nothing
    links the case to a person). Returns the case and its PIN (shown once)."""
    now = now or timezone.now()
    if data.category not in Category.values:
        raise DomainError(_("Choose what happened."), field="category", code="required")
    country = (data.country or "").upper()
    if not is_country(country):
        raise DomainError(
            _("Choose the country where it happened."), field="country", code="required"
        )
    origin = (data.origin_country or "").upper()
    if origin and not is_country(origin):
        raise DomainError(_("Unknown country."), field="origin_country", code="unknown_country")
    description = _clean_text(
        data.description, field="description", limit=DESCRIPTION_MAX, required=True
    )
    employer = _clean_text(
        data.employer_name, field="employer_name", limit=EMPLOYER_MAX, required=False
    )
    agency = None
    if data.agency_id is not None:
        agency = Agency.objects.filter(pk=data.agency_id).first()
        if agency is None:
            raise DomainError(
                _("This agency is not in the registry."), field="agency", code="unknown_agency"
            )
    checked = _check_files(files, "evidence")
    owner = None if anonymous or user is None or not user.is_authenticated else user
    pin = codes.new_pin()
    written: list[str] = []
    try:
        with transaction.atomic():
            grievance = Grievance.objects.create(
                case_code=_unique_code(),
                pin_hash=make_password(pin),
                filed_by=owner,
                language=(language or "en")[:8],
                category=data.category,
                country=country,
                origin_country=origin,
                agency=agency,
                employer_name=employer or (agency.name[:EMPLOYER_MAX] if agency else ""),
                description=description,
                state=State.NEW,
                state_since=now,
                due_at=due_at(State.NEW, now, deadline_table()),
            )
            CaseEvent.objects.create(
                grievance=grievance, kind=EventKind.FILED, actor=owner, to_state=State.NEW
            )
            _store(grievance, checked, owner, written)
    except BaseException:
        _delete_written(written)
        raise
    return Filed(grievance=grievance, pin=pin)


# ----------------------------------------------------------------------- the worker's side


def open_case(code_text: str, pin_text: str, *, now: datetime | None = None) -> Grievance:
    """The case with this code if the PIN is right. A wrong code, a wrong PIN and a locked
    case give the same error; LOCK_AFTER wrong PINs in a row lock the case for LOCK_FOR."""
    now = now or timezone.now()
    code = codes.normalise_code(code_text)
    pin = codes.normalise_pin(pin_text)
    grievance = Grievance.objects.filter(case_code=code).first() if code else None
    if grievance is None:
        make_password(pin)  # the same work as a real check: timing tells nothing
        raise DomainError(no_match_message(), code="no_match")
    with transaction.atomic():
        current = Grievance.objects.select_for_update().get(pk=grievance.pk)
        if current.locked_until and current.locked_until > now:
            make_password(pin)
            matched = False
        elif check_password(pin, current.pin_hash):
            if current.failed_pin_attempts or current.locked_until:
                current.failed_pin_attempts = 0
                current.locked_until = None
                current.save(update_fields=["failed_pin_attempts", "locked_until"])
            return current
        else:
            matched = False
            current.failed_pin_attempts += 1
            if current.failed_pin_attempts >= LOCK_AFTER:
                current.failed_pin_attempts = 0
                current.locked_until = now + LOCK_FOR
            current.save(update_fields=["failed_pin_attempts", "locked_until"])
    assert not matched
    raise DomainError(no_match_message(), code="no_match")


def _worker_actor(grievance: Grievance, user: object) -> User | None:
    """The account to record for the worker's own action: theirs only if the case is
    theirs (an anonymous case records nobody, even when a signed-in person acts on it)."""
    if isinstance(user, User) and grievance.filed_by_id == user.pk:
        return user
    return None


def worker_reply(grievance: Grievance, text: str, *, user: object = None) -> CaseEvent:
    """The worker writes to the caseworkers (in any language)."""
    text = _clean_text(text, field="text", limit=MESSAGE_MAX, required=True)
    if grievance.state == State.CLOSED:
        raise DomainError(
            _("This case is closed. File a new grievance if you need help again."),
            code="closed",
        )
    return CaseEvent.objects.create(
        grievance=grievance,
        kind=EventKind.MESSAGE_FROM_WORKER,
        actor=_worker_actor(grievance, user),
        text=text,
    )


def add_evidence(
    grievance: Grievance, files: Sequence[IO[bytes]], *, user: object = None
) -> list[Evidence]:
    """The worker adds files to their case: all are kept, or none."""
    if not files:
        raise DomainError(_("Choose at least one file."), field="evidence", code="required")
    if grievance.state == State.CLOSED:
        raise DomainError(
            _("This case is closed. File a new grievance if you need help again."),
            code="closed",
        )
    checked = _check_files(files, "evidence")
    written: list[str] = []
    try:
        with transaction.atomic():
            return _store(grievance, checked, _worker_actor(grievance, user), written)
    except BaseException:
        _delete_written(written)
        raise


# ----------------------------------------------------------------------- case handling


def _locked(grievance: Grievance) -> Grievance:
    return Grievance.objects.select_for_update().get(pk=grievance.pk)


def _enter_state(
    current: Grievance,
    to_state: str,
    actor: User | None,
    *,
    reason: str = "",
    outcome: str = "",
    now: datetime,
) -> CaseEvent:
    event = CaseEvent.objects.create(
        grievance=current,
        kind=EventKind.STATE,
        actor=actor,
        from_state=current.state,
        to_state=to_state,
        text=reason,
        outcome=outcome,
    )
    current.state = to_state
    current.state_since = now
    current.due_at = due_at(to_state, now, deadline_table())
    current.escalation_level = 0
    if to_state in (State.RESOLVED, State.CLOSED):
        current.outcome = outcome
        current.resolved_at = current.resolved_at or now
    else:
        current.outcome = ""
        current.resolved_at = None
    current.save(
        update_fields=[
            "state",
            "state_since",
            "due_at",
            "escalation_level",
            "outcome",
            "resolved_at",
        ]
    )
    return event


def transition(
    grievance: Grievance,
    to_state: str,
    actor: User,
    *,
    reason: str = "",
    outcome: str = "",
    now: datetime | None = None,
) -> Grievance:
    """Move a case as ``TRANSITIONS`` allows. On hold needs a reason; resolved and closed
    need an outcome. The reason is shown to the worker."""
    now = now or timezone.now()
    if to_state not in State.values:
        raise DomainError(_("Unknown status."), field="state", code="unknown_state")
    reason = _clean_text(reason, field="reason", limit=MESSAGE_MAX, required=False)
    with transaction.atomic():
        current = _locked(grievance)
        _require_handler(actor, current)
        if to_state not in TRANSITIONS.get(current.state, ()):
            if not TRANSITIONS.get(current.state):
                message = _("This case is closed; its status can no longer change.")
            else:
                message = _("A case that is “%(from)s” cannot move to “%(to)s”.") % {
                    "from": state_label(current.state),
                    "to": state_label(to_state),
                }
            raise DomainError(message, field="state", code="illegal_transition")
        if to_state == State.ON_HOLD and not reason:
            raise DomainError(
                _("Say why the case is on hold: the worker will read it."),
                field="reason",
                code="reason_required",
            )
        if to_state in (State.RESOLVED, State.CLOSED):
            if outcome not in Outcome.values:
                raise DomainError(
                    _("Choose the outcome of the case."), field="outcome", code="outcome_required"
                )
        else:
            outcome = ""
        if to_state == State.ASSIGNED and current.assigned_to_id is None:
            current.assigned_to = actor
            current.save(update_fields=["assigned_to"])
            CaseEvent.objects.create(
                grievance=current, kind=EventKind.ASSIGNED, actor=actor, internal=True, text=""
            )
        _enter_state(current, to_state, actor, reason=reason, outcome=outcome, now=now)
        notify_worker(current)
    return current


def assign(
    grievance: Grievance, assignee: User, actor: User, *, now: datetime | None = None
) -> Grievance:
    """Give the case to a caseworker (oneself or another); a new case becomes assigned."""
    now = now or timezone.now()
    _require_caseworker(actor)
    if not is_handler(assignee):
        raise DomainError(
            _("Cases can be given only to counsellors, moderators or administrators."),
            field="assignee",
            code="not_a_caseworker",
        )
    with transaction.atomic():
        current = _locked(grievance)
        if current.state == State.CLOSED:
            raise DomainError(_("This case is closed."), code="closed")
        current.assigned_to = assignee
        current.save(update_fields=["assigned_to"])
        CaseEvent.objects.create(
            grievance=current,
            kind=EventKind.ASSIGNED,
            actor=actor,
            internal=True,
            text=assignee.display_name,
        )
        if current.state == State.NEW:
            _enter_state(current, State.ASSIGNED, actor, now=now)
            notify_worker(current)
    return current


def partner_kind_label(organisation: Organisation) -> str:
    if organisation.kind == OrganisationKind.UNION:
        return _("a trade union")
    return _("a legal-aid organisation")


def refer(grievance: Grievance, partner: Organisation, actor: User, note: str = "") -> Grievance:
    """Pass the case to a legal-aid organisation or a union: its partner staff then see it
    (and a partner it was referred to before no longer does). ``note`` is internal."""
    _require_caseworker(actor)
    if partner.kind not in PARTNER_KINDS:
        raise DomainError(
            _("Cases can be referred only to legal-aid organisations and unions."),
            field="partner",
            code="not_a_partner",
        )
    note = _clean_text(note, field="note", limit=MESSAGE_MAX, required=False)
    with transaction.atomic():
        current = _locked(grievance)
        if current.state == State.CLOSED:
            raise DomainError(_("This case is closed."), code="closed")
        if current.partner_id == partner.pk:
            raise DomainError(
                _("The case is already referred to this organisation."),
                field="partner",
                code="already_referred",
            )
        current.partner = partner
        current.save(update_fields=["partner"])
        CaseEvent.objects.create(
            grievance=current, kind=EventKind.REFERRED, actor=actor, partner=partner
        )
        if note:
            CaseEvent.objects.create(
                grievance=current, kind=EventKind.NOTE, actor=actor, text=note, internal=True
            )
        notify_worker(current)
    return current


def add_note(grievance: Grievance, actor: User, text: str) -> CaseEvent:
    """An internal note: staff and partner staff read it, the worker never does."""
    text = _clean_text(text, field="text", limit=MESSAGE_MAX, required=True)
    with transaction.atomic():
        current = _locked(grievance)
        _require_handler(actor, current)
        return CaseEvent.objects.create(
            grievance=current, kind=EventKind.NOTE, actor=actor, text=text, internal=True
        )


def message_worker(grievance: Grievance, actor: User, text: str) -> CaseEvent:
    """A message the worker reads on their timeline (and, for a case filed with an
    account, a short notice through the outbox that there is news)."""
    text = _clean_text(text, field="text", limit=MESSAGE_MAX, required=True)
    with transaction.atomic():
        current = _locked(grievance)
        _require_handler(actor, current)
        if current.state == State.CLOSED:
            raise DomainError(_("This case is closed."), code="closed")
        event = CaseEvent.objects.create(
            grievance=current, kind=EventKind.MESSAGE_TO_WORKER, actor=actor, text=text
        )
        notify_worker(current)
    return event


def record_evidence_view(grievance: Grievance, evidence: Evidence, actor: User) -> CaseEvent:
    _require_handler(actor, Grievance.objects.get(pk=grievance.pk))
    return CaseEvent.objects.create(
        grievance=grievance,
        kind=EventKind.VIEWED,
        actor=actor,
        evidence=evidence,
        text=evidence.original_name,
        internal=True,
    )


# ----------------------------------------------------------------------- messages


def notify_worker(grievance: Grievance) -> OutboxMessage | None:
    """Tell the worker who filed with an account that there is news, in their language.
    Nothing about the case itself: the message may be read by someone else."""
    worker = grievance.filed_by
    if worker is None or not worker.is_active:
        return None
    contact = contact_of(worker)
    if contact is None:
        return None
    channel, recipient = contact
    with translation.override(message_language(worker)):
        subject = _("News in your Kazi account")
        body = _("Kazi: there is news on your case. Sign in to Kazi to read it.")
    return queue_message(
        channel, recipient, body, subject=subject, user=worker, kind=OutboxKind.GRIEVANCE_UPDATE
    )


def _escalation_recipients(grievance: Grievance) -> list[User]:
    people = list(
        User.objects.filter(
            Q(role__in=(Role.ADMINISTRATOR, Role.MODERATOR)) | Q(pk=grievance.assigned_to_id),
            is_active=True,
        ).order_by("pk")
    )
    return people


def _notify_escalation(grievance: Grievance, missed: datetime) -> list[OutboxMessage]:
    link = settings.KAZI_SITE_URL + reverse("grievances:manage", args=[grievance.pk])
    queued = []
    for person in _escalation_recipients(grievance):
        contact = contact_of(person)
        if contact is None:
            continue
        channel, recipient = contact
        with translation.override(message_language(person)):
            values = {
                "number": grievance.pk,
                "category": str(Category(grievance.category).label),
                "state": state_label(grievance.state),
                "level": grievance.escalation_level,
                "link": link,
            }
            subject = _("Grievance case %(number)s missed its deadline") % values
            body = (
                _(
                    "Kazi: grievance case %(number)s (%(category)s, %(state)s) missed its "
                    "deadline and is now at escalation level %(level)s. Open it: %(link)s"
                )
                % values
            )
        queued.append(
            queue_message(
                channel,
                recipient,
                body,
                subject=subject,
                user=person,
                kind=OutboxKind.GRIEVANCE_ESCALATED,
            )
        )
    return queued


@dataclass
class EscalationReport:
    escalated: list[int] = field(default_factory=list)  # case ids
    messages: int = 0


def escalate_overdue(*, now: datetime | None = None) -> EscalationReport:
    """Every open case past its deadline goes one escalation level up, gets a new deadline
    (``now`` + the deadline of its state) and its caseworker, the moderators and the
    administrators are told. Running it again at once changes nothing."""
    now = now or timezone.now()
    table = deadline_table()
    report = EscalationReport()
    overdue = Grievance.objects.filter(state__in=OPEN_STATES, due_at__lt=now).order_by(
        "due_at", "pk"
    )
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            current = (
                Grievance.objects.select_for_update()
                .filter(pk=pk, state__in=OPEN_STATES, due_at__lt=now)
                .first()
            )
            if current is None:
                continue  # moved or escalated meanwhile
            missed = current.due_at
            assert missed is not None
            current.escalation_level += 1
            current.due_at = due_at(current.state, now, table)
            current.save(update_fields=["escalation_level", "due_at"])
            CaseEvent.objects.create(
                grievance=current,
                kind=EventKind.ESCALATED,
                internal=True,
                from_state=current.state,
                to_state=current.state,
                text=f"level {current.escalation_level}; deadline {missed.isoformat()}",
            )
            report.messages += len(_notify_escalation(current, missed))
            report.escalated.append(current.pk)
    return report
