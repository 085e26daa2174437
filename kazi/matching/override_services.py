"""Writes of counsellor overrides: pin, move up or hide an opportunity for one worker, and
lift an override. Each function is one business action in one transaction, written to the
worker's audit log ("Who looked at my data") with its reason.

Only a counsellor the worker allowed to help them (consent COUNSELLOR_CONTACT) may act;
anyone else gets :class:`PermissionDeniedError`. At most one override is in force per
(worker, opportunity): a new one replaces the one in force.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction
from kazi.accounts.models import AuditEvent, User
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import WorkerProfile
from kazi.profiles.selectors import worker_for_counsellor

from . import override_selectors
from .constants import OverrideAction
from .models import MatchOverride

REASON_MIN = 3
REASON_MAX = 1000
DETAIL_MAX = AuditEvent._meta.get_field("detail").max_length or 300


def _authorise(counsellor: User, worker_id: int) -> User:
    worker = worker_for_counsellor(counsellor, worker_id)
    if worker is None:
        raise PermissionDeniedError(
            _("Only a counsellor this person allowed to help them can change their matches.")
        )
    return worker


def clean_reason(reason: str | None) -> str:
    """The reason, trimmed; refused when shorter than 3 or longer than 1,000 characters."""
    text = (reason or "").replace("\x00", "").strip()
    if len(text) < REASON_MIN:
        raise DomainError(
            _("Please give the reason (at least %(min)d characters): the person will read it.")
            % {"min": REASON_MIN},
            field="reason",
            code="reason_required",
        )
    if len(text) > REASON_MAX:
        raise DomainError(
            _("The reason is too long: at most %(max)d characters.") % {"max": REASON_MAX},
            field="reason",
            code="reason_too_long",
        )
    return text


def _check_action(action: str) -> str:
    if action not in OverrideAction.values:
        raise DomainError(
            _("Choose to pin, move up or hide the opportunity."), field="action", code="invalid"
        )
    return action


def _check_can_take(worker: User, vacancy: Vacancy, action: str, today: date) -> None:
    """A pinned or boosted opportunity must be open and one the worker could take;
    hiding is always allowed."""
    if action == OverrideAction.HIDE:
        return
    if not override_selectors.is_open(vacancy, today):
        raise DomainError(
            _("This opportunity is closed or not published, so it cannot be pinned or moved up."),
            field="vacancy",
            code="not_open",
        )
    profile = WorkerProfile.objects.filter(user=worker).first()
    if profile is None or not override_selectors.worker_can_take(profile, vacancy, today):
        raise DomainError(
            _(
                "This opportunity does not fit where this person can work or the type of work "
                "they look for, so it cannot be pinned or moved up. Change their profile first "
                "if it should."
            ),
            field="vacancy",
            code="not_eligible",
        )


def _fit(template: str, values: dict[str, str], limit: int = DETAIL_MAX) -> str:
    """``template % values``, shortening the reason (never the rest) to ``limit``."""
    text = template % values
    if len(text) <= limit:
        return text
    room = len(values["reason"]) - (len(text) - limit) - 1
    return template % {**values, "reason": values["reason"][: max(room, 0)] + "…"}


def _set_detail(action: str, title: str, reason: str) -> str:
    templates = {
        OverrideAction.PIN: gettext("Pinned “%(title)s” to the top. Reason: %(reason)s"),
        OverrideAction.BOOST: gettext("Moved “%(title)s” up. Reason: %(reason)s"),
        OverrideAction.HIDE: gettext("Hid “%(title)s”. Reason: %(reason)s"),
    }
    return _fit(templates[OverrideAction(action)], {"title": title, "reason": reason})


def _lift_detail(action: str, title: str, reason: str) -> str:
    templates = {
        OverrideAction.PIN: gettext("Unpinned “%(title)s” (it was pinned because: %(reason)s)"),
        OverrideAction.BOOST: gettext(
            "Put “%(title)s” back in its place (it was moved up because: %(reason)s)"
        ),
        OverrideAction.HIDE: gettext(
            "Showed “%(title)s” again (it was hidden because: %(reason)s)"
        ),
    }
    return _fit(templates[OverrideAction(action)], {"title": title, "reason": reason})


def _audit(counsellor: User, worker: User, detail: str) -> None:
    record_access(counsellor, worker, AuditAction.OVERRIDE_MATCH, detail)


def _lift(override: MatchOverride, by: User, worker: User, title: str) -> None:
    override.lifted_at = timezone.now()
    override.lifted_by = by
    override.save(update_fields=["lifted_at", "lifted_by"])
    with translation.override(worker.language or None):
        _audit(by, worker, _lift_detail(override.action, title, override.reason))


def set_override(
    counsellor: User,
    worker: User,
    vacancy: Vacancy,
    action: str,
    reason: str,
    *,
    today: date | None = None,
) -> MatchOverride:
    """Pin, move up or hide ``vacancy`` in ``worker``'s list, with the counsellor's reason.

    Replaces the override in force for the same opportunity, if any (both are logged).
    """
    worker = _authorise(counsellor, worker.pk)
    action = _check_action(action)
    reason = clean_reason(reason)
    _check_can_take(worker, vacancy, action, today or timezone.localdate())
    try:
        with transaction.atomic():
            current = (
                MatchOverride.objects.select_for_update()
                .filter(worker=worker, vacancy=vacancy, lifted_at__isnull=True)
                .first()
            )
            if current is not None:
                _lift(current, counsellor, worker, vacancy.title)
            override = MatchOverride.objects.create(
                worker=worker, vacancy=vacancy, action=action, reason=reason, counsellor=counsellor
            )
            with translation.override(worker.language or None):
                _audit(counsellor, worker, _set_detail(action, vacancy.title, reason))
    except IntegrityError as error:  # another counsellor acted at the same moment
        raise DomainError(
            _("Someone else changed this opportunity for this person just now. Try again."),
            code="conflict",
        ) from error
    return override


def lift_override(counsellor: User, override: MatchOverride) -> MatchOverride:
    """End an override in force: the opportunity goes back to the place the engine gives it."""
    worker = _authorise(counsellor, override.worker_id)
    with transaction.atomic():
        current = MatchOverride.objects.select_for_update().filter(pk=override.pk).first()
        if current is None or current.lifted_at is not None:
            raise DomainError(_("This change was already undone."), code="already_lifted")
        title = Vacancy.objects.filter(pk=current.vacancy_id).values_list("title", flat=True)
        _lift(current, counsellor, worker, title.first() or "")
    return current


__all__ = ["REASON_MAX", "REASON_MIN", "clean_reason", "lift_override", "set_override"]
