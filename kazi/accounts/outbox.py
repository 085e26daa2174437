"""The outbox: messages to people are queued here and delivered by channels.

E-mail is delivered through Django's e-mail backend (`kazi outbox send`). SMS messages
wait in the queue until an SMS channel is configured (a later channel adapter picks up
``status=queued, channel=sms``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from .constants import Channel, OutboxStatus
from .models import OutboxMessage, User

# A failed e-mail is retried by later runs until it has been tried this many times.
MAX_ATTEMPTS = 3
NO_SMS_CHANNEL_NOTE = "No SMS channel is configured yet: the message waits for a later channel."


def contact_of(user: User) -> tuple[str, str] | None:
    """The channel and address to reach ``user``: e-mail if they have one, else SMS."""
    if user.email:
        return Channel.EMAIL, user.email
    if user.phone:
        return Channel.SMS, user.phone
    return None


def message_language(user: User) -> str:
    """The language ``user`` reads their messages in (their interface language, if Kazi
    has it; otherwise the site's default)."""
    language = user.language or settings.LANGUAGE_CODE
    return language if translation.check_for_language(language) else settings.LANGUAGE_CODE


def queue_message(
    channel: str,
    recipient: str,
    body: str,
    *,
    subject: str = "",
    user: User | None = None,
    kind: str = "",
) -> OutboxMessage:
    """Queue one message; nothing is sent until a channel delivers it."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    return OutboxMessage.objects.create(
        channel=channel,
        recipient=recipient,
        # One line: e-mail refuses a subject with a line break (user text such as a vacancy
        # title ends up here), and the message would never be delivered.
        subject=" ".join(subject.split())[:200],
        body=body,
        user=user,
        kind=kind,
    )


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    waiting_sms: int = 0
    errors: list[str] = field(default_factory=list)


def deliver_queued_email(limit: int | None = None) -> DeliveryReport:
    """Send queued e-mails (and retry failed ones with attempts left); count waiting SMS."""
    report = DeliveryReport()
    pending = OutboxMessage.objects.filter(channel=Channel.EMAIL).filter(
        Q(status=OutboxStatus.QUEUED) | Q(status=OutboxStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    )
    ids = list(pending.order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().filter(pk=pk).first()
            if message is None or message.status == OutboxStatus.SENT:
                continue  # another worker sent it meanwhile
            message.attempts += 1
            try:
                EmailMessage(
                    subject=message.subject,
                    body=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[message.recipient],
                ).send(fail_silently=False)
            except Exception as exc:  # any transport error: record it, try again later
                message.status = OutboxStatus.FAILED
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                report.failed += 1
                report.errors.append(f"#{message.pk}: {message.last_error}")
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = timezone.now()
                message.last_error = ""
                report.sent += 1
            message.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    waiting = OutboxMessage.objects.filter(channel=Channel.SMS, status=OutboxStatus.QUEUED)
    waiting.exclude(last_error=NO_SMS_CHANNEL_NOTE).update(last_error=NO_SMS_CHANNEL_NOTE)
    report.waiting_sms = waiting.count()
    return report
