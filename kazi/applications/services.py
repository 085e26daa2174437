"""Application actions: apply, move through the hiring steps, notify the worker.

Each function is one business action in one transaction; a refused action raises
``DomainError`` (or ``PermissionDeniedError``) with a message the person can act on.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kazi.accounts.consent import has_consent
from kazi.accounts.constants import Channel, ConsentPurpose, OutboxKind
from kazi.accounts.models import OutboxMessage, User
from kazi.accounts.outbox import contact_of, message_language, queue_message
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy

from .constants import APPLICATION_TRANSITIONS, EMPLOYER_STATUSES, ApplicationStatus
from .models import Application, ApplicationTransition

MESSAGE_MAX = 2000
NOTE_MAX = 2000
OUTBOX_KIND_STATUS = OutboxKind.APPLICATION_STATUS
OUTBOX_KIND_SUBMITTED = OutboxKind.APPLICATION_SUBMITTED
OUTBOX_KIND_RECEIVED = OutboxKind.APPLICATION_RECEIVED


def status_label(status: str) -> str:
    """The status in the active language ("Shortlisted")."""
    return str(ApplicationStatus(status).label) if status in ApplicationStatus.values else status


def is_member(user: User, vacancy: Vacancy) -> bool:
    return bool(user.is_employer and vacancy.organisation.members.filter(pk=user.pk).exists())


def can_act_for(counsellor: User, worker: User) -> bool:
    """A counsellor may act for a worker who allows counsellors to help them."""
    return counsellor.is_counsellor and has_consent(worker, ConsentPurpose.COUNSELLOR_CONTACT)


def refusal_to_apply(vacancy: Vacancy) -> str | None:
    """Why ``vacancy`` takes no applications now (None when it does)."""
    if vacancy.status != VacancyStatus.PUBLISHED:
        return _("This vacancy is not open for applications.")
    if vacancy.closing_date and vacancy.closing_date < timezone.localdate():
        return _("This vacancy closed on %(date)s and no longer takes applications.") % {
            "date": formats.date_format(vacancy.closing_date)
        }
    return None


def apply(
    vacancy: Vacancy, worker: User, message: str = "", *, submitted_by: User | None = None
) -> Application:
    """``worker`` applies to ``vacancy`` (a counsellor may submit it for a consenting
    worker). The application starts as "received"; the step is recorded."""
    actor = submitted_by or worker
    if not worker.is_worker:
        raise PermissionDeniedError(_("Only workers can apply to vacancies."))
    if actor.pk != worker.pk and not can_act_for(actor, worker):
        raise PermissionDeniedError(
            _("You can apply for a worker only as their counsellor, with their consent.")
        )
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            _("Keep the message under %(max)d characters.") % {"max": MESSAGE_MAX},
            field="message",
            code="too_long",
        )
    with transaction.atomic():
        current = Vacancy.objects.select_related("organisation").get(pk=vacancy.pk)
        refusal = refusal_to_apply(current)
        if refusal:
            raise DomainError(refusal, code="closed")
        duplicate = (
            _("You have already applied to this vacancy.")
            if actor.pk == worker.pk
            else _("This worker has already applied to this vacancy.")
        )
        if Application.objects.filter(vacancy=current, worker=worker).exists():
            raise DomainError(duplicate, code="duplicate")
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    vacancy=current, worker=worker, message=message, submitted_by=actor
                )
        except IntegrityError as exc:  # a second request won the race
            raise DomainError(duplicate, code="duplicate") from exc
        ApplicationTransition.objects.create(
            application=application,
            from_status="",
            to_status=ApplicationStatus.RECEIVED,
            actor=actor,
        )
        if actor.pk != worker.pk:
            notify_submitted_for(application, actor)
        notify_employer_of_application(application)
    return application


def notify_employer_of_application(application: Application) -> list[OutboxMessage]:
    """Tell each member of the hiring organisation, in their own language, that an
    application arrived. The worker is not named: the employer opens the application."""
    vacancy = application.vacancy
    queued = []
    for member in vacancy.organisation.members.filter(is_active=True).order_by("pk"):
        contact = contact_of(member)
        if contact is None:
            continue
        channel, recipient = contact
        with translation.override(message_language(member)):
            subject = _("New application for “%(title)s”") % {"title": vacancy.title}
            body = _(
                "Kazi: a new application arrived for “%(title)s”. "
                "Open “My vacancies” to read it and answer."
            ) % {"title": vacancy.title}
        queued.append(
            queue_message(
                channel, recipient, body, subject=subject, user=member, kind=OUTBOX_KIND_RECEIVED
            )
        )
    return queued


def _illegal_move(from_status: str, to_status: str) -> str:
    if not APPLICATION_TRANSITIONS.get(from_status):
        return _("This application is closed (%(status)s); its status can no longer change.") % {
            "status": status_label(from_status)
        }
    return _("An application that is “%(from)s” cannot move to “%(to)s”.") % {
        "from": status_label(from_status),
        "to": status_label(to_status),
    }


def move_application(
    application: Application, to_status: str, actor: User, note: str = ""
) -> Application:
    """Move ``application`` to ``to_status`` if the transition table and ``actor``'s role
    allow it; record who, when and the note; tell the worker in their language.

    Employers (members of the vacancy's organisation) make the hiring moves; the worker
    (or their counsellor, with consent) may withdraw.
    """
    if to_status not in ApplicationStatus.values:
        raise DomainError(_("Unknown status."), field="status", code="unknown_status")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX},
            field="note",
            code="too_long",
        )
    with transaction.atomic():
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("vacancy__organisation", "worker")
            .get(pk=application.pk)
        )
        employer = is_member(actor, current.vacancy)
        for_worker = actor.pk == current.worker_id or can_act_for(actor, current.worker)
        if not (employer or for_worker):
            raise PermissionDeniedError(_("You cannot change this application."))
        if to_status in EMPLOYER_STATUSES:
            if not employer:
                raise PermissionDeniedError(
                    _("Only the employer who posted the vacancy can make this change.")
                )
        elif to_status == ApplicationStatus.WITHDRAWN and not for_worker:
            raise PermissionDeniedError(_("Only the worker can withdraw an application."))
        if to_status not in APPLICATION_TRANSITIONS.get(current.status, frozenset()):
            raise DomainError(
                _illegal_move(current.status, to_status),
                field="status",
                code="illegal_transition",
            )
        transition = ApplicationTransition.objects.create(
            application=current,
            from_status=current.status,
            to_status=to_status,
            actor=actor,
            note=note,
        )
        current.status = to_status
        current.save(update_fields=["status", "updated_at"])
        if actor.pk != current.worker_id:
            notify_status_change(current, transition)
    application.status = current.status
    application.updated_at = current.updated_at
    return current


# ----------------------------------------------------------------------- messages


def notify_status_change(
    application: Application, transition: ApplicationTransition
) -> OutboxMessage | None:
    """Queue a message telling the worker the new status, in the worker's language:
    an e-mail when they have an e-mail address, an SMS otherwise."""
    worker = application.worker
    contact = contact_of(worker)
    if contact is None:
        return None
    channel, recipient = contact
    vacancy = application.vacancy
    with translation.override(message_language(worker)):
        values = {
            "title": vacancy.title,
            "organisation": vacancy.organisation.name,
            "status": status_label(transition.to_status),
            "note": transition.note,
            "name": worker.display_name,
        }
        subject = _("Your application to “%(title)s”: %(status)s") % values
        if channel == Channel.SMS:
            lines = [
                _("Kazi: your application to “%(title)s” at %(organisation)s is now: %(status)s.")
                % values
            ]
            if transition.note:
                lines.append(_("Employer's note: %(note)s") % values)
        else:
            lines = [
                _("Hello %(name)s,") % values,
                "",
                _("Your application to “%(title)s” at %(organisation)s is now: %(status)s.")
                % values,
            ]
            if transition.note:
                lines += ["", _("Employer's note: %(note)s") % values]
            lines += [
                "",
                _("You can follow all your applications in Kazi, under “My applications”."),
            ]
        body = "\n".join(lines)
    return queue_message(
        channel, recipient, body, subject=subject, user=worker, kind=OUTBOX_KIND_STATUS
    )


def notify_submitted_for(application: Application, counsellor: User) -> OutboxMessage | None:
    """Tell the worker that a counsellor applied for them (in the worker's language)."""
    worker = application.worker
    contact = contact_of(worker)
    if contact is None:
        return None
    channel, recipient = contact
    with translation.override(message_language(worker)):
        values = {
            "title": application.vacancy.title,
            "organisation": application.vacancy.organisation.name,
            "counsellor": counsellor.display_name,
        }
        subject = _("An application was sent for you: “%(title)s”") % values
        body = (
            _(
                "Kazi: %(counsellor)s applied for you to “%(title)s” at %(organisation)s. "
                "You can follow or withdraw it under “My applications”."
            )
            % values
        )
    return queue_message(
        channel, recipient, body, subject=subject, user=worker, kind=OUTBOX_KIND_SUBMITTED
    )
