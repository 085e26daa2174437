"""Review rules, automatic checks, moderation, random delay, ratings and fees."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kazi.accounts.constants import Role
from kazi.accounts.models import OutboxMessage
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.recruitment import ratings, review_checks, selectors, services
from kazi.recruitment.constants import ReviewStatus
from kazi.recruitment.models import Review
from kazi.recruitment.services import ReviewInput, moderate_review, submit_review
from tests.factories import make_employer, make_user
from tests.recruitment.factories import make_agency, make_agency_org, make_review

pytestmark = pytest.mark.django_db


def answers(**changes) -> ReviewInput:  # type: ignore[no-untyped-def]
    data = ReviewInput(
        used_from=date(2023, 1, 10),
        used_until=date(2024, 6, 1),
        origin_country="NP",
        destination_country="QA",
        contract_before_departure="yes",
        contract_in_my_language="no",
        documents_kept="yes",
        job_as_promised="no",
        pay_as_promised="partly",
        orientation="not_sure",
        rating_overall=2,
        rating_honesty=1,
        rating_treatment=3,
        fees_amount=Decimal("150000"),
        fees_currency="NPR",
        fees_paid_to="agency",
        fees_for="visa and ticket",
        story="They promised a cleaning job in Doha but I worked on a construction site.",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


# --- who may review, with which dates ---------------------------------------------------------


def test_worker_reviews_an_agency_under_a_random_pseudonym():
    agency = make_agency("Himalayan Overseas")
    worker = make_user(Role.WORKER, display_name="Sita Tamang")
    review = submit_review(worker, agency, answers())
    assert review.status == ReviewStatus.AWAITING_MODERATION and review.publish_at is None
    assert len(review.public_id) == 12 and len(review.pseudonym) == 4
    assert "Sita" not in selectors.pseudonym_label(review)
    # Random, not the row number (a substring test would fail by chance: a random
    # 12-character id contains a given digit about one time in six).
    assert review.public_id not in (str(worker.pk), str(review.pk))
    # Two reviews never share the pseudonym pattern of a counter.
    other = submit_review(make_user(Role.WORKER), agency, answers(story=""))
    assert other.public_id != review.public_id


def test_only_workers_and_never_members_of_the_organisation():
    owner, org = make_agency_org("NP", number="123/075")
    agency = make_agency("Himalayan Overseas", number="123/075", organisation=org)
    with pytest.raises(PermissionDeniedError, match="Only workers"):
        submit_review(owner, agency, answers())
    staff_worker = make_user(Role.WORKER)
    org.members.add(staff_worker)  # a staff member with a worker account
    with pytest.raises(PermissionDeniedError, match="you cannot review it"):
        submit_review(staff_worker, agency, answers())
    _boss, company = make_employer("QA", name="Doha Towers LLC")
    company.members.add(staff_worker)
    with pytest.raises(PermissionDeniedError, match="you cannot review it"):
        submit_review(staff_worker, company, answers())
    with pytest.raises(DomainError, match="Only employers"):
        submit_review(make_user(Role.WORKER), org, answers())
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"used_from": date.today() + timedelta(days=1), "used_until": None}, "used_from"),
        ({"used_until": date(2022, 1, 1)}, "used_until"),
        ({"used_until": date.today() + timedelta(days=3)}, "used_until"),
        ({"destination_country": "ZZ"}, "destination_country"),
        ({"rating_overall": 6}, "rating_overall"),
        ({"rating_treatment": 0}, "rating_treatment"),
        ({"documents_kept": "maybe"}, "documents_kept"),
        ({"fees_currency": ""}, "fees_currency"),
        ({"fees_paid_to": "nobody"}, "fees_paid_to"),
        ({"fees_amount": Decimal("-1")}, "fees_amount"),
        ({"story": "x" * 4001}, "story"),
    ],
)
def test_bad_answers_are_refused(changes, field):
    with pytest.raises(DomainError) as caught:
        submit_review(make_user(Role.WORKER), make_agency(), answers(**changes))
    assert caught.value.field == field
    assert not Review.objects.exists()


def test_second_review_by_the_same_author_is_flagged_for_the_moderator():
    agency = make_agency()
    worker = make_user(Role.WORKER)
    submit_review(worker, agency, answers())
    again = submit_review(worker, agency, answers(story="Second time with them, in 2024."))
    assert {"kind": "same_author"} in again.screening_flags


# --- automatic checks --------------------------------------------------------------------------


def test_checks_find_personal_data_with_their_places():
    story = (
        "Call Ram on +977 9841234567 or write to ram.b@gmail.com. See www.fakejobs.com. "
        "They kept passport PA1234567. We paid NPR 150,000 in 2023."
    )
    found = review_checks.find_personal_data(story, ["NP"])
    kinds = [(f.kind, f.text) for f in found]
    assert kinds == [
        ("phone", "+977 9841234567"),
        ("email", "ram.b@gmail.com"),
        ("url", "www.fakejobs.com"),
        ("id_number", "PA1234567"),
    ]
    assert all(story[f.start : f.end] == f.text for f in found)
    review = submit_review(make_user(Role.WORKER), make_agency(), answers(story=story))
    assert sorted(f["kind"] for f in review.screening_flags) == [
        "email",
        "id_number",
        "phone",
        "url",
    ]


def test_near_duplicate_of_another_review_of_the_same_target_is_flagged():
    agency = make_agency()
    story = "The agency kept my passport for two years and charged me 150000 rupees for a visa."
    first = submit_review(make_user(Role.WORKER), agency, answers(story=story))
    copy = submit_review(
        make_user(Role.WORKER), agency, answers(story=story.replace("150000", "150,000") + "!")
    )
    duplicate = [f for f in copy.screening_flags if f["kind"] == "duplicate"]
    assert duplicate and duplicate[0]["other"] == first.public_id and duplicate[0]["score"] >= 90
    elsewhere = submit_review(make_user(Role.WORKER), make_agency(), answers(story=story))
    assert not [f for f in elsewhere.screening_flags if f["kind"] == "duplicate"]
    short = submit_review(make_user(Role.WORKER), agency, answers(story="Bad agency."))
    assert short.screening_flags == []


# --- moderation and the random delay -----------------------------------------------------------


def test_only_moderators_moderate_and_rejection_needs_a_note():
    review = submit_review(make_user(Role.WORKER), make_agency(), answers())
    with pytest.raises(PermissionDeniedError):
        moderate_review(make_user(Role.COUNSELLOR), review, approve=True)
    moderator = make_user(Role.MODERATOR)
    with pytest.raises(DomainError, match="why"):
        moderate_review(moderator, review, approve=False)
    rejected = moderate_review(moderator, review, approve=False, note="Names a person.")
    assert rejected.status == ReviewStatus.REJECTED and rejected.publish_at is None
    with pytest.raises(DomainError, match="already moderated"):
        moderate_review(moderator, review, approve=True)
    message = OutboxMessage.objects.get(user=review.author)
    assert message.kind == "review_moderated" and "Names a person." in message.body


def test_moderator_edits_personal_data_out_and_the_edit_is_recorded():
    story = "Their manager Ram (9841234567) took our passports."
    review = submit_review(make_user(Role.WORKER), make_agency(), answers(story=story))
    assert review.screening_flags
    approved = moderate_review(
        make_user(Role.MODERATOR),
        review,
        approve=True,
        story="Their manager (number removed) took our passports.",
        note="Phone number removed.",
    )
    assert approved.story_edited and "9841234567" not in approved.story
    assert [f for f in approved.screening_flags if f.get("field") == "story"] == []
    assert approved.moderation_note == "Phone number removed."


def test_approval_delay_is_random_within_the_window_and_order_follows_publication(settings):
    settings.KAZI_REVIEW_DELAY_HOURS = 72
    agency = make_agency()
    moderator = make_user(Role.MODERATOR)
    now = timezone.now()
    reviews = [
        submit_review(make_user(Role.WORKER), agency, answers(story=f"Story {n}.")) for n in "ABC"
    ]
    approved = [
        moderate_review(moderator, r, approve=True, now=now + timedelta(minutes=i))
        for i, r in enumerate(reviews)
    ]
    for i, review in enumerate(approved):
        delay = review.publish_at - (now + timedelta(minutes=i))
        assert timedelta(hours=1) <= delay <= timedelta(hours=72)
    # Nothing is public before its time; afterwards the order is by publication time.
    assert not selectors.public_reviews_of(agency).exists()
    later = now + timedelta(hours=73)
    public = list(selectors.public_reviews_of(agency, now=later))
    assert [r.publish_at for r in public] == sorted((r.publish_at for r in approved), reverse=True)
    # The delays differ (three equal random delays of up to 71 hours, to the second: ~never).
    assert len({r.publish_at - r.moderated_at for r in approved}) == 3
    assert services.publish_due_reviews(later) == 3


def test_delay_bounds():
    delays = {services.publication_delay(2) for _ in range(50)}
    assert all(timedelta(hours=1) <= d <= timedelta(hours=2) for d in delays)
    assert len(delays) > 1
    assert services.publication_delay(0) == timedelta(hours=1)


# --- ratings, details threshold, fees ------------------------------------------------------------


def test_bayesian_average_with_a_worked_example():
    # Kazi-wide mean 3.0 when nothing is published: one 5-star review gives (5×3+5)/6.
    assert ratings.bayesian_average(5, 1) == 3.3
    # 40 reviews averaging 4.6 against a Kazi-wide mean of 3.8: (5×3.8 + 184) / 45 = 4.51.
    assert ratings.bayesian_average(184, 40, prior=3.8) == 4.5
    assert ratings.stars(4.5) == (4, True, 0)
    assert ratings.rating_word(1.2) == "very_poor" and ratings.rating_word(4.5) == "very_good"


def test_rating_of_uses_the_mean_of_all_published_reviews():
    good, other = make_agency(), make_agency()
    for stars in (5, 5, 5, 5):
        make_review(good, overall=stars)
    for stars in (1, 3):
        make_review(other, overall=stars)
    make_review(other, overall=1, status=ReviewStatus.AWAITING_MODERATION)  # not counted
    make_review(
        other,
        overall=1,
        publish_at=timezone.now() + timedelta(hours=5),
        status=ReviewStatus.SCHEDULED,
    )  # not yet public
    # Mean of all 6 public reviews: 24 / 6 = 4.0. good: (5×4 + 20) / 9 = 4.44 → 4.4.
    rating = selectors.rating_of(good)
    assert rating.count == 4 and rating.prior == 4.0 and rating.value == 4.4
    assert rating.text == "Rated 4.4 out of 5 (very good), from 4 reviews."
    assert selectors.rating_of(other).value == round((5 * 4.0 + 4) / 7, 1)
    assert selectors.rating_of(make_agency()).value == 4.0  # no reviews: the mean


def test_fee_summary_per_corridor_flags_workers_who_paid():
    agency = make_agency()
    make_review(agency, fees="150000", currency="NPR", paid_to="agency", destination="QA")
    make_review(agency, fees="90000", currency="NPR", paid_to="sub_agent", destination="QA")
    make_review(agency, fees="120000", currency="NPR", paid_to="agency", destination="QA")
    make_review(agency, fees="0", destination="MY")
    fees = selectors.fees_of(agency)
    assert fees.overall.reviewers == 4 and fees.overall.paid == 3 and fees.overall.flagged
    qatar = fees.corridors[0]
    assert (qatar.origin, qatar.destination, qatar.reviewers) == ("NP", "QA", 3)
    npr = qatar.by_currency[0]
    assert (npr.currency, npr.count, npr.median, npr.low, npr.high) == (
        "NPR",
        3,
        Decimal("120000.00"),
        Decimal("90000"),
        Decimal("150000"),
    )
    assert qatar.paid_to == [("agency", 2), ("sub_agent", 1)]
    malaysia = fees.corridors[1]
    assert malaysia.destination == "MY" and not malaysia.flagged


def test_replies_only_by_members_and_only_to_public_reviews():
    owner, org = make_agency_org("NP", number="1/1")
    agency = make_agency(organisation=org)
    review = make_review(agency)
    hidden = make_review(agency, status=ReviewStatus.AWAITING_MODERATION)
    with pytest.raises(PermissionDeniedError):
        services.reply_to_review(make_user(Role.EMPLOYER), review, "Not ours")
    reply = services.reply_to_review(owner, review, "We are sorry; please contact us.")
    again = services.reply_to_review(owner, review, "Edited answer.")
    assert again.pk == reply.pk and again.text == "Edited answer."
    with pytest.raises(DomainError, match="not published"):
        services.reply_to_review(owner, hidden, "Early")


def test_erasing_the_author_removes_their_reviews():
    worker = make_user(Role.WORKER)
    make_review(make_agency(), worker)
    worker.delete()
    assert not Review.objects.exists()
