"""The recruitment API (mounted under /api/v1/): the agency registry, reviews of agencies
and employers, moderation and replies.

Same rules as the pages. Public answers carry no personal data: reviews are identified by
their random ``public_id``, signed by a pseudonym, dated by month of publication and years
of use only; no author, no creation time, no exact dates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from kazi.accounts.models import Organisation, User
from kazi.core.errors import PermissionDeniedError

from . import selectors, services
from .constants import ReviewFlag
from .models import Agency, LicenceList, Review

router = Router(tags=["recruitment"])

MAX_OFFSET = 1_000_000_000
YesNoIn = Literal["yes", "no", "partly", "not_sure"]


# --- schemas --------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    code: str | None = None
    field: str | None = None


class ListOut(Schema):
    country: str
    authority: str
    date: str
    source_url: str


class RatingOut(Schema):
    value: float = Field(description="Bayesian average shown (see docs/recruitment.md)")
    count: int
    text: str
    honesty: float
    treatment: float


class AgencyOut(Schema):
    id: int
    name: str
    country: str
    licence_number: str
    status: str = Field(description="valid, suspended, revoked, expired or not_listed")
    status_label: str
    in_current_list: bool
    valid_from: str | None
    valid_until: str | None
    destinations: list[str]
    list: ListOut
    rating: RatingOut


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class PublicReplyOut(Schema):
    text: str
    updated: str


class AnswersOut(Schema):
    contract_before_departure: str
    contract_in_my_language: str
    documents_kept: str
    job_as_promised: str
    pay_as_promised: str
    orientation: str


class FeesOut(Schema):
    amount: Decimal
    currency: str
    paid_to: str
    for_: str = Field(alias="for")


class PublicReviewOut(Schema):
    public_id: str
    pseudonym: str
    published: str = Field(description="Month and year of publication, in words")
    published_month: str | None = Field(description="YYYY-MM")
    years: str
    origin_country: str
    destination_country: str
    ratings: dict[str, int]
    reply: PublicReplyOut | None
    answers: AnswersOut | None = None
    fees: FeesOut | None = None
    story: str | None = None
    language: str | None = None


class CurrencyFiguresOut(Schema):
    currency: str
    count: int
    median: Decimal
    low: Decimal
    high: Decimal


class FeeSummaryOut(Schema):
    origin: str
    destination: str
    reviewers: int
    paid: int
    flagged: bool = Field(description="Some workers paid: against the employer-pays principle")
    by_currency: list[CurrencyFiguresOut]
    paid_to: list[tuple[str, int]]


class FeesSummaryOut(Schema):
    overall: FeeSummaryOut
    corridors: list[FeeSummaryOut]
    principle: str


class ReviewsOut(Schema):
    review_count: int
    details_shown: bool
    details_from: int = Field(description="Reviews needed before details are shown")
    rating: RatingOut
    reviews: list[PublicReviewOut]
    fees: FeesSummaryOut | None


class AgencyDetailOut(AgencyOut):
    addresses: str
    phone: str
    reviews: ReviewsOut


class EmployerOut(Schema):
    id: int
    name: str
    country: str


class EmployerReviewsOut(Schema):
    employer: EmployerOut
    reviews: ReviewsOut


class ReviewIn(Schema):
    used_from: date
    used_until: date | None = None
    origin_country: str = Field("", max_length=2)
    destination_country: str = Field(..., max_length=2)
    contract_before_departure: YesNoIn
    contract_in_my_language: YesNoIn
    documents_kept: YesNoIn
    job_as_promised: YesNoIn
    pay_as_promised: YesNoIn
    orientation: YesNoIn
    rating_overall: int = Field(..., ge=1, le=5)
    rating_honesty: int = Field(..., ge=1, le=5)
    rating_treatment: int = Field(..., ge=1, le=5)
    fees_amount: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    fees_currency: str = Field("", max_length=3)
    fees_paid_to: Literal["nobody", "agency", "sub_agent", "employer", "government", "other"] = (
        "nobody"
    )
    fees_for: str = Field("", max_length=services.FEES_FOR_MAX)
    story: str = Field("", max_length=services.STORY_MAX)


class MyReviewOut(Schema):
    """The author's own view of their review (never shown to anyone else)."""

    public_id: str
    pseudonym: str
    target_kind: str
    target_id: int
    target_name: str
    status: str
    status_label: str
    moderation_note: str
    story_edited: bool
    public: bool


class FlagOut(Schema):
    kind: str
    label: str
    field: str | None = None
    start: int | None = None
    end: int | None = None
    found: str | None = None
    other: str | None = None
    score: int | None = None


class ModerationItemOut(Schema):
    public_id: str
    pseudonym: str
    target_kind: str
    target_id: int
    target_name: str
    ratings: dict[str, int]
    story: str
    fees_for: str
    flags: list[FlagOut]


class ModerateIn(Schema):
    decision: Literal["approve", "reject"]
    note: str = Field("", max_length=services.NOTE_MAX)
    story: str | None = Field(None, max_length=services.STORY_MAX)


class ReplyIn(Schema):
    text: str = Field(..., max_length=services.REPLY_MAX)


class ReplyOut(Schema):
    review: str
    text: str


# --- helpers --------------------------------------------------------------------------------


def _list_out(item: LicenceList) -> dict[str, Any]:
    return {
        "country": item.country,
        "authority": item.authority,
        "date": item.published_on.isoformat(),
        "source_url": item.source_url,
    }


def _rating_out(
    target: Agency | Organisation, rating: selectors.RatingSummary | None = None
) -> dict[str, Any]:
    rating = rating or selectors.rating_of(target)
    return {
        "value": rating.value,
        "count": rating.count,
        "text": rating.text,
        "honesty": rating.honesty,
        "treatment": rating.treatment,
    }


def _agency_out(agency: Agency, rating: selectors.RatingSummary | None = None) -> dict[str, Any]:
    state = agency.effective_status()
    return {
        "id": agency.pk,
        "name": agency.name,
        "country": agency.country,
        "licence_number": agency.licence_number,
        "status": state,
        "status_label": selectors.status_label(state),
        "in_current_list": agency.in_current_list,
        "valid_from": agency.valid_from.isoformat() if agency.valid_from else None,
        "valid_until": agency.valid_until.isoformat() if agency.valid_until else None,
        "destinations": list(agency.destinations or []),
        "list": _list_out(agency.licence_list),
        "rating": _rating_out(agency, rating),
    }


def _summary_out(summary: Any) -> dict[str, Any]:
    return {
        "origin": summary.origin,
        "destination": summary.destination,
        "reviewers": summary.reviewers,
        "paid": summary.paid,
        "flagged": summary.flagged,
        "by_currency": [vars(f) for f in summary.by_currency],
        "paid_to": summary.paid_to,
    }


def _reviews_out(target: Agency | Organisation) -> dict[str, Any]:
    reviews = list(selectors.public_reviews_of(target))
    threshold = selectors.min_for_details()
    details = len(reviews) >= threshold
    fees = selectors.fees_of(target) if details else None
    return {
        "review_count": len(reviews),
        "details_shown": details,
        "details_from": threshold,
        "rating": _rating_out(target),
        "reviews": [selectors.public_review(r, details=True) for r in reviews] if details else [],
        "fees": (
            {
                "overall": _summary_out(fees.overall),
                "corridors": [_summary_out(c) for c in fees.corridors],
                "principle": _(
                    "Workers should not pay recruitment fees or related costs: the employer "
                    "pays (ILO General principles and operational guidelines for fair "
                    "recruitment; ILO Convention 181, Article 7)."
                ),
            }
            if fees
            else None
        ),
    }


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise Http404
    return user


def _my_review_out(review: Review) -> dict[str, Any]:
    target = review.agency or review.employer
    return {
        "public_id": review.public_id,
        "pseudonym": selectors.pseudonym_label(review),
        "target_kind": "agency" if review.agency_id else "employer",
        "target_id": target.pk if target else 0,
        "target_name": target.name if target else "",
        "status": review.status,
        "status_label": review.get_status_display(),
        "moderation_note": review.moderation_note,
        "story_edited": review.story_edited,
        "public": selectors.public_reviews().filter(pk=review.pk).exists(),
    }


# --- the registry ---------------------------------------------------------------------------


class AgencyQuery(Schema):
    q: str = Field("", max_length=200, description="Name or licence number, any script")
    country: str = Field("", max_length=2, description="ISO 3166 code of the licence")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/agencies", response={200: AgencyPage}, summary="Search the agency registry")
def list_agencies(request: HttpRequest, params: Query[AgencyQuery]) -> dict[str, Any]:
    country = params.country.strip().upper()
    if params.q.strip():
        found = selectors.search_agencies(params.q, country=country, limit=params.limit)
        return {"count": len(found), "items": _agencies_out(found)}
    queryset = Agency.objects.select_related("licence_list").order_by("name", "pk")
    if country:
        queryset = queryset.filter(country=country)
    items = list(queryset[params.offset : params.offset + params.limit])
    return {"count": queryset.count(), "items": _agencies_out(items)}


def _agencies_out(agencies: list[Agency]) -> list[dict[str, Any]]:
    rated = selectors.ratings_of_agencies(agencies)
    return [_agency_out(a, rated[a.pk]) for a in agencies]


@router.get(
    "/agencies/{int:agency_id}",
    response={200: AgencyDetailOut, 404: ErrorOut},
    summary="One agency: licence, rating, reviews (from 5) and fees",
)
def get_agency(request: HttpRequest, agency_id: int) -> dict[str, Any]:
    agency = selectors.agency(agency_id)
    if agency is None:
        raise Http404
    return {
        **_agency_out(agency),
        "addresses": agency.addresses,
        "phone": agency.phone,
        "reviews": _reviews_out(agency),
    }


@router.get(
    "/employers/{int:employer_id}/reviews",
    response={200: EmployerReviewsOut, 404: ErrorOut},
    summary="Reviews of an employer",
)
def employer_reviews(request: HttpRequest, employer_id: int) -> dict[str, Any]:
    employer = selectors.employer(employer_id)
    if employer is None:
        raise Http404
    return {
        "employer": {"id": employer.pk, "name": employer.name, "country": employer.country},
        "reviews": _reviews_out(employer),
    }


# --- writing reviews ------------------------------------------------------------------------


def _input(body: ReviewIn) -> services.ReviewInput:
    return services.ReviewInput(**body.dict())


@router.post(
    "/agencies/{int:agency_id}/reviews",
    response={201: MyReviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Review an agency you used (workers)",
)
def review_agency(request: HttpRequest, agency_id: int, body: ReviewIn) -> Status:
    agency = selectors.agency(agency_id)
    if agency is None:
        raise Http404
    review = services.submit_review(_user(request), agency, _input(body))
    return Status(201, _my_review_out(review))


@router.post(
    "/employers/{int:employer_id}/reviews",
    response={201: MyReviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Review an employer you worked for (workers)",
)
def review_employer(request: HttpRequest, employer_id: int, body: ReviewIn) -> Status:
    employer = selectors.employer(employer_id)
    if employer is None:
        raise Http404
    review = services.submit_review(_user(request), employer, _input(body))
    return Status(201, _my_review_out(review))


@router.get("/reviews/mine", response=list[MyReviewOut], auth=django_auth, summary="My reviews")
def my_reviews(request: HttpRequest) -> list[dict[str, Any]]:
    return [_my_review_out(r) for r in selectors.reviews_of_author(_user(request))]


# --- moderation and replies -----------------------------------------------------------------


def _flag_out(flag: dict[str, Any], review: Review) -> dict[str, Any]:
    kind = str(flag.get("kind", ""))
    out: dict[str, Any] = {
        "kind": kind,
        "label": str(ReviewFlag(kind).label) if kind in ReviewFlag.values else kind,
        "field": flag.get("field"),
        "start": flag.get("start"),
        "end": flag.get("end"),
        "other": flag.get("other"),
        "score": flag.get("score"),
    }
    if flag.get("field") in ("story", "fees_for") and "start" in flag:
        text = getattr(review, str(flag["field"]))
        out["found"] = text[int(flag["start"]) : int(flag["end"])]
    return out


@router.get(
    "/reviews/moderation",
    response={200: list[ModerationItemOut], 403: ErrorOut},
    auth=django_auth,
    summary="Reviews waiting for a moderator (moderators)",
)
def moderation_queue(request: HttpRequest) -> list[dict[str, Any]]:
    if not _user(request).is_moderator:
        raise PermissionDeniedError(_("Only moderators can do this."))
    items = []
    for review in selectors.awaiting_moderation():
        target = review.agency or review.employer
        items.append(
            {
                "public_id": review.public_id,
                "pseudonym": selectors.pseudonym_label(review),
                "target_kind": "agency" if review.agency_id else "employer",
                "target_id": target.pk if target else 0,
                "target_name": target.name if target else "",
                "ratings": {
                    "overall": review.rating_overall,
                    "honesty": review.rating_honesty,
                    "treatment": review.rating_treatment,
                },
                "story": review.story,
                "fees_for": review.fees_for,
                "flags": [_flag_out(f, review) for f in review.screening_flags],
            }
        )
    return items


@router.post(
    "/reviews/{public_id}/moderate",
    response={200: MyReviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Approve or reject a review (moderators)",
)
def moderate(request: HttpRequest, public_id: str, body: ModerateIn) -> dict[str, Any]:
    user = _user(request)
    if not user.is_moderator:
        raise PermissionDeniedError(_("Only moderators can do this."))
    review = Review.objects.filter(public_id=public_id[:16]).first()
    if review is None:
        raise Http404
    review = services.moderate_review(
        user,
        review,
        approve=body.decision == "approve",
        note=body.note,
        story=body.story if body.decision == "approve" else None,
    )
    out = _my_review_out(review)
    out["moderation_note"] = review.moderation_note
    return out


@router.post(
    "/reviews/{public_id}/reply",
    response={200: ReplyOut, 400: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Post or edit the public reply of the reviewed agency or employer (members)",
)
def reply(request: HttpRequest, public_id: str, body: ReplyIn) -> dict[str, Any]:
    user = _user(request)
    review = selectors.public_review_by_id(public_id[:16])
    target = (review.agency or review.employer) if review else None
    if review is None or target is None or not selectors.is_target_member(user, target):
        raise Http404  # do not say whether the review exists
    answer = services.reply_to_review(user, review, body.text)
    return {"review": review.public_id, "text": answer.text}
