"""Review actions: a worker writes a review, a moderator approves or rejects it, the
agency or employer replies. One business action per function, in one transaction.

Privacy by construction:
- the pseudonym ("Worker 7KQ3") and the public id are random, never derived from the
  author, the time or a counter;
- an approved review goes public at ``approval + a random delay`` (at least one hour, at
  most ``KAZI_REVIEW_DELAY_HOURS``), so that its publication time does not say when it was
  written; public pages show the month of publication only, and years of use only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kazi.accounts.constants import OrganisationKind, OutboxKind
from kazi.accounts.models import Organisation, User
from kazi.accounts.outbox import contact_of, message_language, queue_message
from kazi.core import codes
from kazi.core.errors import DomainError, PermissionDeniedError

from . import review_checks
from .constants import FeePaidTo, ReviewFlag, ReviewStatus, YesNo
from .models import Agency, Review, ReviewReply
from .selectors import Target, is_target_member, target_filter, target_organisation

PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
PSEUDONYM_LENGTH = 4
PUBLIC_ID_BYTES = 9  # 12 URL-safe characters
STORY_MAX = 4000
FEES_FOR_MAX = 300
NOTE_MAX = 2000
REPLY_MAX = 2000
MAX_FEES = Decimal("9999999999.99")
MIN_DELAY_SECONDS = 3600


@dataclass
class ReviewInput:
    used_from: date
    destination_country: str
    contract_before_departure: str
    contract_in_my_language: str
    documents_kept: str
    job_as_promised: str
    pay_as_promised: str
    orientation: str
    rating_overall: int
    rating_honesty: int
    rating_treatment: int
    used_until: date | None = None
    origin_country: str = ""
    fees_amount: Decimal = Decimal(0)
    fees_currency: str = ""
    fees_paid_to: str = FeePaidTo.NOBODY
    fees_for: str = ""
    story: str = ""


def new_pseudonym() -> str:
    return "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))


def new_public_id() -> str:
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


def publication_delay(max_hours: int | None = None) -> timedelta:
    """A random delay between one hour and ``KAZI_REVIEW_DELAY_HOURS`` (to the second)."""
    hours = settings.KAZI_REVIEW_DELAY_HOURS if max_hours is None else max_hours
    spread = max(0, int(hours) * 3600 - MIN_DELAY_SECONDS)
    return timedelta(seconds=MIN_DELAY_SECONDS + secrets.randbelow(spread + 1))


def review_problems(data: ReviewInput, today: date) -> list[tuple[str, str]]:
    """Every rule the answers break, as (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if data.used_from is None:
        problems.append(("used_from", _("Say when you started using them.")))
    elif data.used_from > today:
        problems.append(("used_from", _("The start date is in the future.")))
    elif data.used_from.year < 1950:
        problems.append(("used_from", _("The start date is too far in the past.")))
    if data.used_until is not None:
        if data.used_until > today:
            problems.append(("used_until", _("The end date is in the future.")))
        elif data.used_from is not None and data.used_until < data.used_from:
            problems.append(("used_until", _("The end date is before the start date.")))
    if not codes.is_country(data.destination_country):
        problems.append(("destination_country", _("Choose the country you went to work in.")))
    if data.origin_country and not codes.is_country(data.origin_country):
        problems.append(("origin_country", _("Choose the country you left from.")))
    for name in (
        "contract_before_departure",
        "contract_in_my_language",
        "documents_kept",
        "job_as_promised",
        "pay_as_promised",
        "orientation",
    ):
        if getattr(data, name) not in YesNo.values:
            problems.append((name, _("Choose an answer.")))
    for name in ("rating_overall", "rating_honesty", "rating_treatment"):
        value = getattr(data, name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            problems.append((name, _("Choose from 1 to 5 stars.")))
    try:
        amount = Decimal(data.fees_amount)
        finite = amount.is_finite()
    except (InvalidOperation, TypeError, ValueError):
        amount, finite = Decimal(0), False
    if not finite or amount < 0 or amount > MAX_FEES:
        problems.append(("fees_amount", _("Give the amount you paid (0 if nothing).")))
    elif amount > 0:
        if not codes.is_currency(data.fees_currency):
            problems.append(("fees_currency", _("Choose the currency you paid in.")))
        if data.fees_paid_to == FeePaidTo.NOBODY or data.fees_paid_to not in FeePaidTo.values:
            problems.append(("fees_paid_to", _("Say to whom you paid.")))
    elif data.fees_paid_to not in FeePaidTo.values:
        problems.append(("fees_paid_to", _("Say to whom you paid.")))
    if len(data.fees_for) > FEES_FOR_MAX:
        problems.append(("fees_for", _("Keep this under 300 characters.")))
    if len(data.story) > STORY_MAX:
        problems.append(("story", _("Keep your story under 4,000 characters.")))
    return problems


def _check_reviewer(author: User, target: Target) -> None:
    if not author.is_worker:
        raise PermissionDeniedError(_("Only workers can write reviews."))
    if isinstance(target, Organisation) and target.kind != OrganisationKind.COMPANY:
        raise DomainError(_("Only employers can be reviewed here."), code="not_an_employer")
    if is_target_member(author, target):
        raise PermissionDeniedError(
            _("You belong to this organisation: you cannot review it."), code="own_organisation"
        )


def _flags(review: Review) -> list[dict[str, object]]:
    """What automatic screening finds in the review (for the moderator)."""
    regions = [c for c in (review.origin_country, review.destination_country) if c]
    flags: list[dict[str, object]] = []
    for name in ("story", "fees_for"):
        for finding in review_checks.find_personal_data(getattr(review, name), regions):
            flags.append(
                {"kind": finding.kind, "field": name, "start": finding.start, "end": finding.end}
            )
    others = (
        Review.objects.filter(**target_filter(review.agency or review.employer))  # type: ignore[arg-type]
        .exclude(pk=review.pk)
        .exclude(status=ReviewStatus.REJECTED)
        .exclude(story="")
        .values_list("public_id", "story")
    )
    duplicate = review_checks.near_duplicate(review.story, others)
    if duplicate is not None:
        flags.append({"kind": ReviewFlag.DUPLICATE, "other": duplicate[0], "score": duplicate[1]})
    return flags


def submit_review(author: User, target: Target, data: ReviewInput) -> Review:
    """A worker's review of an agency or an employer; it waits for a moderator.

    The author must be a worker who is not a member of the reviewed organisation. A second
    review of the same target by the same author is accepted but flagged SAME_AUTHOR: the
    moderator decides (people go abroad more than once with the same agency).
    """
    _check_reviewer(author, target)
    data.story = (data.story or "").replace("\x00", "").strip()
    data.fees_for = " ".join((data.fees_for or "").replace("\x00", "").split())
    data.origin_country = (data.origin_country or "").upper()
    data.destination_country = (data.destination_country or "").upper()
    data.fees_currency = (data.fees_currency or "").upper()
    problems = review_problems(data, timezone.localdate())
    if problems:
        name, message = problems[0]
        raise DomainError(message, field=name)
    amount = Decimal(data.fees_amount)
    with transaction.atomic():
        review = Review(
            author=author,
            **target_filter(target),
            pseudonym=new_pseudonym(),
            language=(translation.get_language() or settings.LANGUAGE_CODE).split("-")[0][:8],
            used_from=data.used_from,
            used_until=data.used_until,
            origin_country=data.origin_country,
            destination_country=data.destination_country,
            fees_amount=amount,
            fees_currency=data.fees_currency if amount > 0 else "",
            fees_paid_to=data.fees_paid_to if amount > 0 else FeePaidTo.NOBODY,
            fees_for=data.fees_for if amount > 0 else "",
            contract_before_departure=data.contract_before_departure,
            contract_in_my_language=data.contract_in_my_language,
            documents_kept=data.documents_kept,
            job_as_promised=data.job_as_promised,
            pay_as_promised=data.pay_as_promised,
            orientation=data.orientation,
            rating_overall=data.rating_overall,
            rating_honesty=data.rating_honesty,
            rating_treatment=data.rating_treatment,
            story=data.story,
        )
        for _attempt in range(5):
            review.public_id = new_public_id()
            try:
                with transaction.atomic():
                    review.save()
                break
            except IntegrityError:  # the same random id twice (practically never)
                review.pk = None
        else:
            raise DomainError(_("Please try again."), code="retry")
        flags = _flags(review)
        if (
            Review.objects.filter(author=author, **target_filter(target))
            .exclude(pk=review.pk)
            .exists()
        ):
            flags.append({"kind": ReviewFlag.SAME_AUTHOR})
        review.screening_flags = flags
        review.save(update_fields=["screening_flags"])
    return review


def _notify_author(review: Review) -> None:
    contact = contact_of(review.author)
    if contact is None:
        return
    target = review.agency or review.employer
    with translation.override(message_language(review.author)):
        if review.status == ReviewStatus.SCHEDULED:
            subject = _("Your review was approved")
            body = _(
                "Kazi: your review of %(name)s was approved. It will appear within "
                "%(hours)d hours, under a pseudonym. Thank you for helping other workers."
            ) % {"name": target, "hours": settings.KAZI_REVIEW_DELAY_HOURS}
        else:
            subject = _("Your review was not published")
            body = _(
                "Kazi: your review of %(name)s was not published. The moderator wrote: %(note)s"
            ) % {"name": target, "note": review.moderation_note or "-"}
    queue_message(
        contact[0],
        contact[1],
        body,
        subject=subject,
        user=review.author,
        kind=OutboxKind.REVIEW_MODERATED,
    )


def moderate_review(
    moderator: User,
    review: Review,
    *,
    approve: bool,
    note: str = "",
    story: str | None = None,
    now: datetime | None = None,
) -> Review:
    """A moderator approves (publication after a random delay) or rejects (with a note the
    author reads) a review waiting for moderation. When approving, the moderator may
    give the story with personal data taken out: the change is recorded, the original text
    is not kept."""
    if not moderator.is_moderator:
        raise PermissionDeniedError(_("Only moderators can do this."))
    note = (note or "").replace("\x00", "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("The note is too long (2,000 characters at most)."), field="note")
    if not approve and not note:
        raise DomainError(_("Tell the author why the review is not published."), field="note")
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("author").get(pk=review.pk)
        if review.status != ReviewStatus.AWAITING_MODERATION:
            raise DomainError(_("This review was already moderated."), code="already_moderated")
        now = now or timezone.now()
        if approve:
            if story is not None:
                story = story.replace("\x00", "").replace("\r\n", "\n").strip()
                if len(story) > STORY_MAX:
                    raise DomainError(_("Keep the story under 4,000 characters."), field="story")
                if story != review.story.replace("\r\n", "\n").strip():
                    review.story = story
                    review.story_edited = True
                    regions = [c for c in (review.origin_country, review.destination_country) if c]
                    kept = [f for f in review.screening_flags if f.get("field") != "story"]
                    review.screening_flags = kept + [
                        {"kind": f.kind, "field": "story", "start": f.start, "end": f.end}
                        for f in review_checks.find_personal_data(story, regions)
                    ]
            review.status = ReviewStatus.SCHEDULED
            review.publish_at = now + publication_delay()
        else:
            review.status = ReviewStatus.REJECTED
        review.moderated_by = moderator
        review.moderated_at = now
        review.moderation_note = note
        review.save()
        _notify_author(review)
    return review


def publish_due_reviews(now: datetime | None = None) -> int:
    """Scheduled reviews past their time become "published" (tidiness only: a scheduled
    review is already public once its time has come). Returns how many."""
    now = now or timezone.now()
    return Review.objects.filter(status=ReviewStatus.SCHEDULED, publish_at__lte=now).update(
        status=ReviewStatus.PUBLISHED
    )


def reply_to_review(actor: User, review: Review, text: str) -> ReviewReply:
    """A member of the reviewed agency or employer posts (or edits) its one public reply.
    A reply never removes or hides the review."""
    target: Target | None = review.agency or review.employer
    if target is None or not is_target_member(actor, target):
        raise PermissionDeniedError(_("Only members of the reviewed agency or employer can reply."))
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise DomainError(_("Write your reply."), field="text")
    if len(text) > REPLY_MAX:
        raise DomainError(_("Keep the reply under 2,000 characters."), field="text")
    from .selectors import public_reviews

    with transaction.atomic():
        if not public_reviews().filter(pk=review.pk).exists():
            raise DomainError(_("This review is not published yet."), code="not_published")
        reply, created = ReviewReply.objects.select_for_update().get_or_create(
            review=review, defaults={"author": actor, "text": text}
        )
        if not created:
            reply.text = text
            reply.author = actor
            reply.save(update_fields=["text", "author", "updated_at"])
    return reply


def members_can_reply(user: object, target: Agency | Organisation) -> bool:
    organisation = target_organisation(target)
    return organisation is not None and is_target_member(user, target)
