"""Reads of the agency registry and of reviews: search, licence verdicts, public reviews,
ratings and fee summaries.

Public reads never expose a review's author, its creation time or exact dates: see
``public_review`` for what a public review is made of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz, process

from kazi.accounts.constants import OrganisationKind
from kazi.accounts.models import Organisation, User
from kazi.core import codes
from kazi.core.i18n import active_language

from . import ratings
from .constants import FeePaidTo, LicenceStatus, ReviewStatus
from .models import Agency, LicenceList, Review
from .names import licence_key, name_key

SEARCH_LIMIT = 20
NAME_CUTOFF = 75
PUBLIC_STATUSES = (ReviewStatus.SCHEDULED, ReviewStatus.PUBLISHED)
NOT_LISTED = "not_listed"

Target = Agency | Organisation


def min_for_details() -> int:
    return int(settings.KAZI_REVIEWS_MIN_FOR_DETAILS)


# --- search ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    id: int
    score: int
    by: str  # "licence" or "name"


def _rank(query: str, rows: list[tuple[int, str, str]], limit: int) -> list[Hit]:
    """Rows of (id, name key, licence key) ranked against ``query``: the licence number
    exactly (100) or its beginning (95) when the query has a digit, else the name fuzzily
    (rapidfuzz WRatio on the name keys, at least 75)."""
    hits: dict[int, Hit] = {}
    key = licence_key(query)
    if key and any(c.isdigit() for c in key):
        for pk, _name, lkey in rows:
            if lkey == key:
                hits[pk] = Hit(pk, 100, "licence")
            elif lkey.startswith(key) or lkey.replace(" ", "").startswith(key.replace(" ", "")):
                hits[pk] = Hit(pk, 95, "licence")
    wanted = name_key(query)
    if wanted:
        choices = {pk: name for pk, name, _lkey in rows if name}
        for _choice, score, pk in process.extract(
            wanted, choices, scorer=fuzz.WRatio, score_cutoff=NAME_CUTOFF, limit=limit * 3
        ):
            if pk not in hits or hits[pk].score < score:
                hits[pk] = Hit(pk, round(score), "name")
    return sorted(hits.values(), key=lambda h: -h.score)[:limit]


def search_agencies(query: str, *, country: str = "", limit: int = SEARCH_LIMIT) -> list[Agency]:
    """Agencies whose name or licence number is like ``query`` (any script, typos allowed),
    best first. Each agency carries ``search_score``."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    queryset = Agency.objects.all()
    if country:
        queryset = queryset.filter(country=country)
    rows = list(queryset.values_list("pk", "name_key", "licence_key"))
    hits = _rank(query, rows, limit)
    found = Agency.objects.select_related("licence_list").in_bulk([h.id for h in hits])
    result = []
    for hit in hits:
        agency = found[hit.id]
        agency.search_score = hit.score  # type: ignore[attr-defined]
        result.append(agency)
    return result


def search_employers(query: str, *, limit: int = 10) -> list[Organisation]:
    """Employers (organisations of kind company) whose name is like ``query``."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    rows = [
        (pk, name_key(name), "")
        for pk, name in Organisation.objects.filter(kind=OrganisationKind.COMPANY).values_list(
            "pk", "name"
        )[:20000]
    ]
    hits = [h for h in _rank(query, rows, limit) if h.by == "name"]
    found = Organisation.objects.in_bulk([h.id for h in hits])
    return [found[h.id] for h in hits]


def employer(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.COMPANY).first()


def agency(pk: int) -> Agency | None:
    return Agency.objects.select_related("licence_list", "organisation").filter(pk=pk).first()


def latest_list(country: str) -> LicenceList | None:
    return LicenceList.objects.filter(country=country).order_by("-published_on", "-pk").first()


def loaded_lists() -> list[LicenceList]:
    """The latest list of each country that has one."""
    latest: dict[str, LicenceList] = {}
    for item in LicenceList.objects.order_by("country", "-published_on", "-pk"):
        latest.setdefault(item.country, item)
    return list(latest.values())


# --- licence status -------------------------------------------------------------------------


def status_label(state: str) -> str:
    labels = {
        LicenceStatus.VALID: _("Licence valid"),
        LicenceStatus.SUSPENDED: _("Licence suspended"),
        LicenceStatus.REVOKED: _("Licence revoked"),
        LicenceStatus.EXPIRED: _("Licence expired"),
        NOT_LISTED: _("Not in the current list"),
        "unknown": _("Licence not checked"),
    }
    return str(labels.get(state, state))


def _country(code: str) -> str:
    return codes.country_name(code, active_language())


def _date(value: date) -> str:
    return str(formats.date_format(value, "j F Y"))


@dataclass(frozen=True)
class LicenceVerdict:
    """What Kazi knows about an organisation's recruitment licence, for a country of work.

    ``state``: valid, suspended, revoked, expired, not_listed (a list is loaded but does
    not name the agency, or no longer does), unknown (no list is loaded for the agency's
    country nor for the country of work), not_an_agency (the rule does not apply).
    """

    state: str
    agency: Agency | None
    licence_list: LicenceList | None
    message: str

    @property
    def allows_publishing(self) -> bool:
        return self.state in (LicenceStatus.VALID, "unknown", "not_an_agency")

    @property
    def label(self) -> str:
        return status_label(self.state)

    def as_dict(self) -> dict[str, Any]:
        """For the API: no personal data, only the registry's public facts."""
        item = self.licence_list
        return {
            "state": self.state,
            "label": self.label,
            "message": self.message,
            "agency_id": self.agency.pk if self.agency else None,
            "licence_number": self.agency.licence_number if self.agency else None,
            "valid_until": (
                self.agency.valid_until.isoformat()
                if self.agency and self.agency.valid_until
                else None
            ),
            "list": (
                {
                    "country": item.country,
                    "authority": item.authority,
                    "date": item.published_on.isoformat(),
                    "source_url": item.source_url,
                }
                if item
                else None
            ),
        }


def _verdict_message(state: str, agency: Agency | None, item: LicenceList | None) -> str:
    where = {"country": _country(item.country), "date": _date(item.published_on)} if item else {}
    if state == LicenceStatus.VALID and agency is not None:
        return _(
            "Licensed recruitment agency: licence %(number)s is valid according to the list "
            "of %(country)s dated %(date)s."
        ) % {"number": agency.licence_number, **where}
    if state == LicenceStatus.REVOKED:
        return _("This agency's licence was revoked (list of %(country)s dated %(date)s).") % where
    if state == LicenceStatus.SUSPENDED:
        return _("This agency's licence is suspended (list of %(country)s dated %(date)s).") % where
    if state == LicenceStatus.EXPIRED:
        return _("This agency's licence has expired (list of %(country)s dated %(date)s).") % where
    if state == NOT_LISTED:
        return (
            _(
                "This agency was not found in the list of licensed agencies of %(country)s "
                "dated %(date)s."
            )
            % where
        )
    return _(
        "We could not check this agency's licence: Kazi has no official list of licensed "
        "agencies for this country yet. Ask to see the licence before you pay or sign "
        "anything."
    )


def licence_verdict(
    organisation: Organisation, country_of_work: str, today: date | None = None
) -> LicenceVerdict:
    """The licence verdict for an organisation recruiting for work in ``country_of_work``.

    Only organisations of kind agency are checked. The relevant lists are the latest lists
    of the organisation's country and of the country of work. When at least one is loaded,
    the agency must hold a valid licence (status valid, in the current list, end date not
    passed) in at least one of them. The registry entry is the one linked to the
    organisation, or the one with the organisation's licence number in that country.
    """
    if organisation.kind != OrganisationKind.AGENCY:
        return LicenceVerdict("not_an_agency", None, None, "")
    today = today or timezone.localdate()
    countries = list(dict.fromkeys(c for c in (organisation.country, country_of_work) if c))
    relevant = [(c, latest_list(c)) for c in countries]
    loaded = [(c, item) for c, item in relevant if item is not None]
    if not loaded:
        return LicenceVerdict("unknown", None, None, _verdict_message("unknown", None, None))
    key = licence_key(organisation.licence_number)
    found: list[tuple[str, Agency, LicenceList]] = []
    for country, item in loaded:
        match = Q(organisation=organisation)
        if key:
            match |= Q(licence_key=key)
        entries = list(
            Agency.objects.filter(country=country)
            .filter(match)
            .select_related("licence_list")
            .order_by("-in_current_list", "pk")
        )
        entries.sort(key=lambda a: a.organisation_id != organisation.pk)  # linked first
        if entries:
            entry = entries[0]
            state = entry.effective_status(today)
            if state == LicenceStatus.VALID:
                return LicenceVerdict(state, entry, item, _verdict_message(state, entry, item))
            found.append((state, entry, item))
    severity = [LicenceStatus.REVOKED, LicenceStatus.SUSPENDED, LicenceStatus.EXPIRED, NOT_LISTED]
    found.sort(key=lambda f: severity.index(f[0]) if f[0] in severity else len(severity))
    if found and found[0][0] != NOT_LISTED:
        state, entry, item = found[0]
        return LicenceVerdict(state, entry, item, _verdict_message(state, entry, item))
    first_list = loaded[0][1]
    listed = found[0][1] if found else None
    return LicenceVerdict(
        NOT_LISTED, listed, first_list, _verdict_message(NOT_LISTED, listed, first_list)
    )


# --- reviews --------------------------------------------------------------------------------


def target_filter(target: Target) -> dict[str, Any]:
    return {"agency": target} if isinstance(target, Agency) else {"employer": target}


def target_organisation(target: Target) -> Organisation | None:
    """The Kazi organisation whose members own or staff the target."""
    return target.organisation if isinstance(target, Agency) else target


def is_target_member(user: object, target: Target) -> bool:
    organisation = target_organisation(target)
    return (
        isinstance(user, User)
        and organisation is not None
        and organisation.members.filter(pk=user.pk).exists()
    )


def public_reviews(now: datetime | None = None) -> QuerySet[Review]:
    """Reviews anyone may read: approved and past their publication time."""
    now = now or timezone.now()
    return Review.objects.filter(status__in=PUBLIC_STATUSES, publish_at__lte=now)


def public_reviews_of(target: Target, now: datetime | None = None) -> QuerySet[Review]:
    """The target's public reviews, newest publication first (never by submission)."""
    return (
        public_reviews(now)
        .filter(**target_filter(target))
        .select_related("reply")
        .order_by("-publish_at", "public_id")
    )


def public_review_by_id(public_id: str) -> Review | None:
    return (
        public_reviews()
        .select_related("agency", "employer", "reply")
        .filter(public_id=public_id)
        .first()
    )


def pseudonym_label(review: Review) -> str:
    return _("Worker %(code)s") % {"code": review.pseudonym}


def _years(review: Review) -> str:
    start = review.used_from.year
    end = review.used_until.year if review.used_until else None
    if end is None:
        return _("since %(year)d") % {"year": start}
    return str(start) if end == start else f"{start}–{end}"


def month_year(value: datetime | None) -> str:
    return str(formats.date_format(timezone.localtime(value), "F Y")) if value else ""


def public_review(review: Review, *, details: bool) -> dict[str, Any]:
    """What the public (and the agency) may read of a review: the pseudonym, the month
    of publication, the years of use, the ratings; with ``details`` the structured answers,
    fees and the story. Never the author, the creation time or exact dates."""
    item: dict[str, Any] = {
        "public_id": review.public_id,
        "pseudonym": pseudonym_label(review),
        "published": month_year(review.publish_at),
        "published_month": (
            timezone.localtime(review.publish_at).strftime("%Y-%m") if review.publish_at else None
        ),
        "years": _years(review),
        "destination_country": review.destination_country,
        "origin_country": review.origin_country,
        "ratings": {
            "overall": review.rating_overall,
            "honesty": review.rating_honesty,
            "treatment": review.rating_treatment,
        },
        "reply": None,
    }
    reply = getattr(review, "reply", None)
    if reply is not None:
        item["reply"] = {"text": reply.text, "updated": month_year(reply.updated_at)}
    if details:
        item["answers"] = {
            "contract_before_departure": review.contract_before_departure,
            "contract_in_my_language": review.contract_in_my_language,
            "documents_kept": review.documents_kept,
            "job_as_promised": review.job_as_promised,
            "pay_as_promised": review.pay_as_promised,
            "orientation": review.orientation,
        }
        item["fees"] = {
            "amount": review.fees_amount,
            "currency": review.fees_currency,
            "paid_to": review.fees_paid_to,
            "for": review.fees_for,
        }
        item["story"] = review.story
        item["language"] = review.language
    return item


# --- ratings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingSummary:
    count: int
    value: float  # the Bayesian average shown
    mean: float | None  # the plain mean of the target's reviews
    prior: float  # the mean of all published reviews on Kazi
    honesty: float
    treatment: float

    @property
    def word(self) -> str:
        words = {
            "very_poor": _("very poor"),
            "poor": _("poor"),
            "mixed": _("mixed"),
            "good": _("good"),
            "very_good": _("very good"),
        }
        return str(words[ratings.rating_word(self.value)])

    @property
    def stars(self) -> tuple[int, bool, int]:
        return ratings.stars(self.value)

    @property
    def text(self) -> str:
        return ngettext(
            "Rated %(value)s out of 5 (%(word)s), from %(count)d review.",
            "Rated %(value)s out of 5 (%(word)s), from %(count)d reviews.",
            self.count,
        ) % {
            "value": formats.number_format(self.value, 1),
            "word": self.word,
            "count": self.count,
        }


def _priors(now: datetime | None = None) -> dict[str, float]:
    figures = public_reviews(now).aggregate(
        o=Avg("rating_overall"), h=Avg("rating_honesty"), t=Avg("rating_treatment")
    )
    return {k: float(v) if v is not None else ratings.DEFAULT_PRIOR for k, v in figures.items()}


def _summary(figures: dict[str, Any], priors: dict[str, float]) -> RatingSummary:
    count = int(figures["n"] or 0)
    return RatingSummary(
        count=count,
        value=ratings.bayesian_average(float(figures["o"] or 0), count, priors["o"]),
        mean=round(float(figures["o"]) / count, 2) if count else None,
        prior=round(priors["o"], 2),
        honesty=ratings.bayesian_average(float(figures["h"] or 0), count, priors["h"]),
        treatment=ratings.bayesian_average(float(figures["t"] or 0), count, priors["t"]),
    )


_SUMS = {
    "n": Count("pk"),
    "o": Sum("rating_overall"),
    "h": Sum("rating_honesty"),
    "t": Sum("rating_treatment"),
}


def rating_of(target: Target, now: datetime | None = None) -> RatingSummary:
    """The Bayesian average of the target's public reviews (see ``ratings``)."""
    priors = _priors(now)
    figures = public_reviews(now).filter(**target_filter(target)).aggregate(**_SUMS)
    return _summary(figures, priors)


def ratings_of_agencies(
    agencies: list[Agency], now: datetime | None = None
) -> dict[int, RatingSummary]:
    """``rating_of`` for many agencies in two queries (list pages and the API)."""
    priors = _priors(now)
    rows: dict[int, dict[str, Any]] = {
        row["agency_id"]: dict(row)
        for row in public_reviews(now)
        .filter(agency_id__in=[a.pk for a in agencies])
        .order_by()
        .values("agency_id")
        .annotate(**_SUMS)
    }
    empty = {"n": 0, "o": None, "h": None, "t": None}
    return {a.pk: _summary(rows.get(a.pk, empty), priors) for a in agencies}


# --- fees -----------------------------------------------------------------------------------


@dataclass
class FeesView:
    overall: ratings.FeeSummary
    corridors: list[ratings.FeeSummary] = field(default_factory=list)


def fees_of(target: Target, now: datetime | None = None) -> FeesView:
    """What reviewers paid, over all the target's public reviews and per corridor."""
    reports = [
        ratings.FeeReport(
            origin=origin or "",
            destination=destination,
            amount=Decimal(amount),
            currency=currency,
            paid_to=paid_to,
        )
        for origin, destination, amount, currency, paid_to in public_reviews(now)
        .filter(**target_filter(target))
        .values_list(
            "origin_country", "destination_country", "fees_amount", "fees_currency", "fees_paid_to"
        )
    ]
    overall, corridors = ratings.fee_summaries(reports)
    return FeesView(overall, corridors)


def paid_to_label(code: str) -> str:
    return str(FeePaidTo(code).label) if code in FeePaidTo.values else code


# --- the author's and the moderators' reads -------------------------------------------------


def reviews_of_author(user: User) -> QuerySet[Review]:
    return (
        Review.objects.filter(author=user)
        .select_related("agency", "employer", "reply")
        .order_by("-created_at", "-pk")
    )


def awaiting_moderation() -> QuerySet[Review]:
    return (
        Review.objects.filter(status=ReviewStatus.AWAITING_MODERATION)
        .select_related("agency", "employer")
        .order_by("created_at", "pk")
    )
