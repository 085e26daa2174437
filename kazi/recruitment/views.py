"""Recruitment pages: agency search, agency and employer pages with reviews, the review
form, "My reviews", the moderation queue, replies and the licence-list upload. Thin: the
rules live in services.py and importer.py, the reads in selectors.py.

No page shows a reviewer's name, account, creation time or exact dates: reviews are
rendered from ``selectors.public_review`` (pseudonym, month of publication, years).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kazi.accounts.constants import Role
from kazi.accounts.models import Organisation, User
from kazi.accounts.permissions import role_required, signed_in_user
from kazi.core.errors import DomainError

from . import importer, review_checks, selectors, services
from .constants import ReviewFlag
from .forms import ImportForm, ModerationForm, ReplyForm, ReviewForm, SearchForm
from .models import Agency, Review


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


# --- search ---------------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    agencies = selectors.search_agencies(query) if query else []
    for agency in agencies:
        agency.state = agency.effective_status()  # type: ignore[attr-defined]
        agency.state_label = selectors.status_label(agency.state)  # type: ignore[attr-defined]
    return render(
        request,
        "recruitment/search.html",
        {
            "form": form,
            "query": query,
            "agencies": agencies,
            "employers": selectors.search_employers(query) if query else [],
            "lists": selectors.loaded_lists(),
            "can_import": bool(user and user.is_moderator),
        },
    )


# --- agency and employer pages --------------------------------------------------------------


def _reviews_context(request: HttpRequest, target: Agency | Organisation) -> dict[str, Any]:
    user = _user(request)
    reviews = list(selectors.public_reviews_of(target))
    count = len(reviews)
    threshold = selectors.min_for_details()
    details = count >= threshold
    member = selectors.is_target_member(user, target)
    return {
        "rating": selectors.rating_of(target),
        "count": count,
        "threshold": threshold,
        "details": details,
        # Below the threshold no review is listed: with few reviews, a story, a date or
        # a corridor could point to its author.
        "reviews": [selectors.public_review(r, details=True) for r in reviews] if details else [],
        "fees": selectors.fees_of(target) if details else None,
        "is_member": member,
        "can_review": bool(user and user.is_worker and not member),
        "reply_form": ReplyForm() if member else None,
    }


@require_GET
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency(pk)
    if agency is None:
        raise Http404
    state = agency.effective_status()
    context = {
        "agency": agency,
        "state": state,
        "state_label": selectors.status_label(state),
        "target_kind": "agency",
        **_reviews_context(request, agency),
    }
    return render(request, "recruitment/agency.html", context)


@require_GET
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.employer(pk)
    if employer is None:
        raise Http404
    context = {
        "employer": employer,
        "target_kind": "employer",
        **_reviews_context(request, employer),
    }
    return render(request, "recruitment/employer.html", context)


@require_POST
def report_agency(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the grievance form (with or without an account) about this agency, pre-filled
    through the session (nothing in the URL)."""
    agency = selectors.agency(pk)
    if agency is None:
        raise Http404
    from kazi.grievances.prefill import offer_grievance

    return redirect(offer_grievance(request, origin_country=agency.country, agency_id=agency.pk))


# --- writing a review -----------------------------------------------------------------------


def _review_page(request: HttpRequest, target: Agency | Organisation) -> HttpResponse:
    user = signed_in_user(request)
    member = selectors.is_target_member(user, target)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and not member and form.is_valid():
        try:
            services.submit_review(user, target, form.to_input())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "Thank you. A moderator will read your review; it is then published "
                    "under a pseudonym after a random delay, so that nobody can tell it is "
                    "yours."
                ),
            )
            return redirect("recruitment:my_reviews")
    return render(
        request,
        "recruitment/review_form.html",
        {"target": target, "form": form, "member": member, "is_agency": isinstance(target, Agency)},
    )


@role_required(Role.WORKER)
def review_agency(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency(pk)
    if agency is None:
        raise Http404
    return _review_page(request, agency)


@role_required(Role.WORKER)
def review_employer(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.employer(pk)
    if employer is None:
        raise Http404
    return _review_page(request, employer)


@role_required(Role.WORKER)
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "recruitment/my_reviews.html",
        {"reviews": selectors.reviews_of_author(user)},
    )


# --- replies --------------------------------------------------------------------------------


@login_required
@require_POST
def reply(request: HttpRequest, public_id: str) -> HttpResponse:
    user = signed_in_user(request)
    review = selectors.public_review_by_id(public_id)
    target = (review.agency or review.employer) if review else None
    if review is None or target is None or not selectors.is_target_member(user, target):
        raise Http404  # do not say whether the review exists
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_review(user, review, form.cleaned_data["text"])
            messages.success(request, _("Your reply is published."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Write your reply (2,000 characters at most)."))
    name = "recruitment:agency" if review.agency_id else "recruitment:employer"
    return redirect(name, review.agency_id or review.employer_id)


# --- moderation -----------------------------------------------------------------------------


def _flag_label(kind: str) -> str:
    return str(ReviewFlag(kind).label) if kind in ReviewFlag.values else kind


def _moderation_items(forms: dict[int, ModerationForm] | None = None) -> list[dict[str, Any]]:
    items = []
    for review in selectors.awaiting_moderation():
        spans = [
            (int(f["start"]), int(f["end"]), str(f["kind"]))
            for f in review.screening_flags
            if f.get("field") == "story" and "start" in f
        ]
        fees_spans = [
            (int(f["start"]), int(f["end"]), str(f["kind"]))
            for f in review.screening_flags
            if f.get("field") == "fees_for" and "start" in f
        ]
        kinds = list(dict.fromkeys(str(f["kind"]) for f in review.screening_flags))
        items.append(
            {
                "review": review,
                "target": review.agency or review.employer,
                "pseudonym": selectors.pseudonym_label(review),
                "flags": [_flag_label(k) for k in kinds],
                "story": review_checks.segments(review.story, spans),
                "fees_for": review_checks.segments(review.fees_for, fees_spans),
                "form": (forms or {}).get(review.pk)
                or ModerationForm(initial={"story": review.story}, prefix=review.public_id),
            }
        )
    return items


@role_required(Role.MODERATOR)
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/moderation.html", {"items": _moderation_items()})


@role_required(Role.MODERATOR)
@require_POST
def moderate(request: HttpRequest, public_id: str) -> HttpResponse:
    review = Review.objects.filter(public_id=public_id).first()
    if review is None:
        raise Http404
    form = ModerationForm(request.POST, prefix=public_id)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        story = form.cleaned_data["story"] if approve and review.story else None
        try:
            services.moderate_review(
                signed_in_user(request),
                review,
                approve=approve,
                note=form.cleaned_data["note"],
                story=story,
            )
        except DomainError as error:
            if error.field in form.fields:
                form.add_error(error.field, str(error.message))
            else:
                messages.error(request, str(error.message))
                return redirect("recruitment:moderation")
        else:
            messages.success(
                request,
                _("Approved: it will be published after a random delay.")
                if approve
                else _("Rejected: the author is told why."),
            )
            return redirect("recruitment:moderation")
    return render(
        request,
        "recruitment/moderation.html",
        {"items": _moderation_items({review.pk: form})},
        status=400,
    )


# --- licence lists --------------------------------------------------------------------------


@role_required(Role.MODERATOR)
def import_list(request: HttpRequest) -> HttpResponse:
    """Administrators and moderators upload an official licence list."""
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importer.import_licence_list(
                upload,
                file_name=upload.name,
                country=form.cleaned_data["country"],
                authority=form.cleaned_data["authority"],
                published_on=form.cleaned_data["published_on"],
                source_url=form.cleaned_data["source_url"] or "",
                mapping=form.cleaned_data["mapping"],
                actor=signed_in_user(request),
            )
        except importer.LicenceListRejected as error:
            problems = error.problems
            form.add_error("file", _("Nothing was imported: correct the list and try again."))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "Imported %(rows)d agencies: %(created)d new, %(updated)d updated, "
                    "%(delisted)d no longer listed."
                )
                % {
                    "rows": result.licence_list.row_count,
                    "created": result.created,
                    "updated": result.updated,
                    "delisted": result.delisted,
                },
            )
            for warning in result.warnings[:20]:
                messages.warning(request, warning)
            return redirect("recruitment:search")
    from . import mappings

    return render(
        request,
        "recruitment/import.html",
        {
            "form": form,
            "problems": problems,
            "mappings": [(m, mappings.mapping_table(m)) for m in mappings.MAPPINGS.values()],
            "lists": selectors.loaded_lists(),
        },
        status=400 if request.method == "POST" else 200,
    )
