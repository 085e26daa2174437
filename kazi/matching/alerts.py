"""Job alerts: the in-app list of new matches and the daily digest message.

A :class:`~kazi.matching.models.MatchAlert` is created by the batch refresh
(``kazi.matching.batch``) when a newly published opportunity enters a worker's top
matches, for workers who consented to job alerts. ``send_digests`` (``kazi alerts send``,
run daily by cron) gathers each worker's unread, not yet sent alerts whose opportunity is
still open, and queues one message in the outbox — at most one a day per worker (the
``one_digest_a_day`` constraint makes a second run on the same day send nothing): an
e-mail when the worker has an address, else a short SMS, in the worker's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kazi.accounts.consent import has_consent, users_with_consent
from kazi.accounts.constants import Channel, ConsentPurpose, OutboxKind
from kazi.accounts.models import OutboxMessage, User
from kazi.accounts.outbox import message_language, queue_message
from kazi.core import codes
from kazi.opportunities.constants import VacancyStatus

from .models import AlertDigest, MatchAlert

# Opportunities listed one by one in an e-mail digest (the others are counted).
DIGEST_LIST_LIMIT = 10
# Alerts shown per page of the in-app list.
ALERTS_PAGE_SIZE = 30


@dataclass
class DigestReport:
    digests: int = 0  # messages queued
    emails: int = 0
    sms: int = 0
    alerts: int = 0  # alerts included in the messages


# ------------------------------------------------------------------------- reads


def open_on(day: date) -> Q:
    """Alerts whose opportunity is published and not closed on ``day``."""
    return Q(vacancy__status=VacancyStatus.PUBLISHED) & (
        Q(vacancy__closing_date__isnull=True) | Q(vacancy__closing_date__gte=day)
    )


def alerts_for(worker: User) -> QuerySet[MatchAlert]:
    """The worker's own alerts, newest first, with what the list shows."""
    return (
        MatchAlert.objects.filter(worker=worker)
        .select_related("vacancy", "vacancy__organisation")
        .order_by("-created_at", "-pk")
    )


def unread_count(worker: User) -> int:
    """Unread alerts of an open opportunity (the number shown in the navigation)."""
    if not worker.is_authenticated or not worker.is_worker:
        return 0
    today = timezone.localdate()
    return (
        MatchAlert.objects.filter(worker=worker, read_at__isnull=True)
        .filter(open_on(today))
        .count()
    )


def pending_for_digest(day: date) -> QuerySet[MatchAlert]:
    """Alerts a digest of ``day`` may carry: not sent yet, not read in the app, still
    open, of active workers who consent to job alerts and got no digest that day."""
    consenting = users_with_consent(ConsentPurpose.JOB_ALERTS).values("pk")
    return (
        MatchAlert.objects.filter(
            digest__isnull=True,
            read_at__isnull=True,
            worker__is_active=True,
            worker__in=consenting,
        )
        .filter(open_on(day))
        .exclude(worker__alert_digests__day=day)
    )


# ------------------------------------------------------------------------ writes


def mark_all_read(worker: User) -> int:
    """Mark every unread alert of ``worker`` read; returns how many changed."""
    with transaction.atomic():
        return MatchAlert.objects.filter(worker=worker, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def _site_link(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}{path}" if site_url else ""


def _line(alert: MatchAlert, language: str) -> str:
    vacancy = alert.vacancy
    place = ", ".join(
        part for part in (vacancy.city, codes.country_name(vacancy.country, language)) if part
    )
    return _("“%(title)s” at %(organisation)s, %(place)s") % {
        "title": " ".join(vacancy.title.split()),
        "organisation": vacancy.organisation.name,
        "place": place,
    }


def compose_digest(
    worker: User, alerts: list[MatchAlert], channel: str, site_url: str = ""
) -> tuple[str, str]:
    """(subject, body) of a digest in the active language (the caller sets it)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    count = len(alerts)
    link = _site_link(site_url, reverse("matching:alerts"))
    subject = ngettext(
        "%(count)d new opportunity fits your profile",
        "%(count)d new opportunities fit your profile",
        count,
    ) % {"count": count}
    if channel == Channel.SMS:
        text = ngettext(
            "Kazi: a new opportunity fits you: %(first)s.",
            "Kazi: %(count)d new opportunities fit you, such as %(first)s.",
            count,
        ) % {"count": count, "first": " ".join(alerts[0].vacancy.title.split())[:60]}
        more = (
            _("See them: %(link)s") % {"link": link}
            if link
            else _("Open Kazi to see them under “New matches”.")
        )
        return subject, f"{text} {more}"
    lines = [
        _("Hello %(name)s,") % {"name": worker.display_name},
        "",
        ngettext(
            "Kazi found a new opportunity that fits your profile:",
            "Kazi found %(count)d new opportunities that fit your profile:",
            count,
        )
        % {"count": count},
        "",
    ]
    for alert in alerts[:DIGEST_LIST_LIMIT]:
        lines.append(f"- {_line(alert, language)}")
        if site_url:
            path = reverse("opportunities:detail", args=[alert.vacancy_id])
            lines.append(f"  {_site_link(site_url, path)}")
    hidden = count - DIGEST_LIST_LIMIT
    if hidden > 0:
        lines.append(
            ngettext("… and %(count)d more.", "… and %(count)d more.", hidden) % {"count": hidden}
        )
    lines.append("")
    if link:
        lines.append(_("See them all, and why they fit you: %(link)s") % {"link": link})
    else:
        lines.append(_("Open Kazi and go to “New matches” to see why they fit you."))
    lines += [
        "",
        _(
            "You receive this message because you asked Kazi to tell you about new "
            "opportunities, at most once a day. You can stop it at any time in your account "
            "settings."
        ),
    ]
    return subject, "\n".join(lines)


def send_digest(worker: User, day: date, site_url: str = "") -> OutboxMessage | None:
    """Queue today's digest for ``worker``: None when there is nothing to send, no way to
    reach them, no consent, or a digest was already sent that day."""
    if not worker.is_active or not has_consent(worker, ConsentPurpose.JOB_ALERTS):
        return None
    if worker.email:
        channel, recipient = Channel.EMAIL, worker.email
    elif worker.phone:
        channel, recipient = Channel.SMS, worker.phone
    else:
        return None
    with transaction.atomic():
        alerts = list(
            pending_for_digest(day)
            .filter(worker=worker)
            .select_related("vacancy", "vacancy__organisation")
            .order_by("-score", "-created_at", "-pk")
        )
        if not alerts:
            return None
        try:
            with transaction.atomic():
                digest = AlertDigest.objects.create(worker=worker, day=day)
        except IntegrityError:  # another run sent today's digest meanwhile
            return None
        with translation.override(message_language(worker)):
            subject, body = compose_digest(worker, alerts, channel, site_url)
        message = queue_message(
            channel, recipient, body, subject=subject, user=worker, kind=OutboxKind.MATCH_DIGEST
        )
        digest.message = message
        digest.save(update_fields=["message"])
        MatchAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(digest=digest)
        return message


def send_digests(
    day: date | None = None,
    site_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DigestReport:
    """One digest per worker who has alerts to send on ``day`` (default: today).

    ``site_url`` (default: the ``KAZI_SITE_URL`` setting) makes the links absolute;
    without it the message tells the worker where to look in the app. ``progress(done,
    total)`` is called after each worker."""
    day = day or timezone.localdate()
    if site_url is None:
        site_url = getattr(settings, "KAZI_SITE_URL", "")
    report = DigestReport()
    worker_ids = sorted(set(pending_for_digest(day).values_list("worker_id", flat=True)))
    for done, worker in enumerate(User.objects.filter(pk__in=worker_ids).order_by("pk"), 1):
        message = send_digest(worker, day, site_url)
        if progress is not None:
            progress(done, len(worker_ids))
        if message is None:
            continue
        report.digests += 1
        if message.channel == Channel.EMAIL:
            report.emails += 1
        else:
            report.sms += 1
        report.alerts += MatchAlert.objects.filter(digest__message=message).count()
    return report
