"""The recruitment API: registry, reviews, moderation and replies; authorisation and
anonymity (no author, no creation time, no exact dates in public answers)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kazi.accounts.constants import Role
from kazi.recruitment.constants import ReviewStatus
from kazi.recruitment.models import Review
from tests.conftest import login
from tests.factories import make_employer, make_user
from tests.recruitment.factories import make_agency, make_agency_org, make_list, make_review

pytestmark = pytest.mark.django_db

API = "/api/v1"
REVIEW = {
    "used_from": "2023-01-10",
    "used_until": "2024-06-01",
    "origin_country": "NP",
    "destination_country": "QA",
    "contract_before_departure": "yes",
    "contract_in_my_language": "no",
    "documents_kept": "yes",
    "job_as_promised": "no",
    "pay_as_promised": "partly",
    "orientation": "no",
    "rating_overall": 2,
    "rating_honesty": 1,
    "rating_treatment": 3,
    "fees_amount": "1500",
    "fees_currency": "USD",
    "fees_paid_to": "agency",
    "story": "They promised cleaning work and sent me to a building site in Doha.",
}


def post(client, url: str, data: object):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def agency_with_owner():  # type: ignore[no-untyped-def]
    owner, org = make_agency_org("NP", number="123/075", name="Himalayan Overseas")
    agency = make_agency(
        "Himalayan Overseas Pvt. Ltd.",
        number="123/075",
        organisation=org,
        licence_list=make_list("NP"),
        destinations=["QA"],
    )
    return owner, agency


def test_search_and_detail_are_public(client, agency_with_owner):
    _owner, agency = agency_with_owner
    found = client.get(f"{API}/agencies", {"q": "himalayn"}).json()
    assert found["items"][0]["id"] == agency.pk
    item = found["items"][0]
    assert item["status"] == "valid" and item["list"]["authority"] == "Test authority"
    by_number = client.get(f"{API}/agencies", {"q": "0123-075"}).json()
    assert [a["id"] for a in by_number["items"]] == [agency.pk]
    detail = client.get(f"{API}/agencies/{agency.pk}").json()
    assert detail["destinations"] == ["QA"] and detail["reviews"]["review_count"] == 0
    assert client.get(f"{API}/agencies/999999").status_code == 404


def test_reviews_and_fees_only_from_five_and_never_personal_data(client, agency_with_owner):
    owner, agency = agency_with_owner
    authors = [make_user(Role.WORKER, display_name=f"Ramesh Gurung {n}") for n in range(5)]
    for author in authors[:4]:
        make_review(
            agency,
            author,
            story="Story with enough words to be a story.",
            fees="800",
            currency="USD",
            paid_to="agency",
        )
    body = client.get(f"{API}/agencies/{agency.pk}").json()["reviews"]
    assert body["review_count"] == 4 and not body["details_shown"] and body["details_from"] == 5
    assert body["reviews"] == [] and body["fees"] is None
    make_review(agency, authors[4])
    for reader in (None, owner):
        if reader:
            login(client, reader)
        raw = client.get(f"{API}/agencies/{agency.pk}").content.decode()
        body = json.loads(raw)["reviews"]
        assert body["details_shown"] and len(body["reviews"]) == 5
        assert body["fees"]["overall"]["flagged"] and body["fees"]["overall"]["paid"] == 4
        assert "employer" in body["fees"]["principle"]
        for author in authors:
            assert author.display_name not in raw and author.email not in raw
            assert f'"id": {author.pk}' not in raw
        review = Review.objects.first()
        assert review.created_at.isoformat()[:16] not in raw
        assert "2023-01-10" not in raw and "2022-03-14" not in raw and "2024-07-02" not in raw
        for key in ("author", "created_at", "used_from", "used_until", "moderated_by"):
            assert f'"{key}"' not in raw
        first = body["reviews"][0]
        assert set(first) >= {"public_id", "pseudonym", "published", "years"}
        assert len(first["published_month"]) == 7  # YYYY-MM only


def test_worker_posts_a_review_and_sees_it_in_mine(client, agency_with_owner):
    _owner, agency = agency_with_owner
    url = f"{API}/agencies/{agency.pk}/reviews"
    assert post(client, url, REVIEW).status_code == 401
    worker = make_user(Role.WORKER)
    login(client, worker)
    assert post(client, url, {**REVIEW, "rating_overall": 9}).status_code == 422
    bad_dates = post(client, url, {**REVIEW, "used_until": "2020-01-01"})
    assert bad_dates.status_code == 400 and bad_dates.json()["field"] == "used_until"
    created = post(client, url, REVIEW)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "awaiting" and not body["public"]
    assert client.get(f"{API}/reviews/mine").json()[0]["public_id"] == body["public_id"]
    assert post(client, f"{API}/agencies/999999/reviews", REVIEW).status_code == 404


def test_owners_and_non_workers_cannot_review(client, agency_with_owner):
    owner, agency = agency_with_owner
    login(client, owner)
    response = post(client, f"{API}/agencies/{agency.pk}/reviews", REVIEW)
    assert response.status_code == 403
    staff = make_user(Role.WORKER)
    agency.organisation.members.add(staff)
    login(client, staff)
    response = post(client, f"{API}/agencies/{agency.pk}/reviews", REVIEW)
    assert response.status_code == 403 and response.json()["code"] == "own_organisation"
    _boss, company = make_employer("QA", name="Doha Towers")
    company.members.add(staff)
    assert post(client, f"{API}/employers/{company.pk}/reviews", REVIEW).status_code == 403
    assert not Review.objects.exists()


def test_employer_reviews_endpoint(client):
    _boss, company = make_employer("QA", name="Doha Towers")
    login(client, make_user(Role.WORKER))
    assert post(client, f"{API}/employers/{company.pk}/reviews", REVIEW).status_code == 201
    body = client.get(f"{API}/employers/{company.pk}/reviews").json()
    assert body["employer"]["name"] == "Doha Towers"
    assert body["reviews"]["review_count"] == 0  # waiting for a moderator
    _owner, agency_org = make_agency_org()
    assert client.get(f"{API}/employers/{agency_org.pk}/reviews").status_code == 404


def test_moderation_through_the_api(client, agency_with_owner, settings):
    settings.KAZI_REVIEW_DELAY_HOURS = 48
    _owner, agency = agency_with_owner
    author = make_user(Role.WORKER, display_name="Private Person")
    login(client, author)
    story = {**REVIEW, "story": "Call the boss on +974 3312 3456 about it."}
    public_id = post(client, f"{API}/agencies/{agency.pk}/reviews", story).json()["public_id"]
    assert client.get(f"{API}/reviews/moderation").status_code == 403
    assert (
        post(client, f"{API}/reviews/{public_id}/moderate", {"decision": "approve"}).status_code
        == 403
    )
    login(client, make_user(Role.MODERATOR))
    raw = client.get(f"{API}/reviews/moderation").content.decode()
    queue = json.loads(raw)
    assert queue[0]["public_id"] == public_id and "Private Person" not in raw
    assert author.email not in raw
    phone = next(f for f in queue[0]["flags"] if f["kind"] == "phone")
    assert phone["found"] == "+974 3312 3456" and phone["label"] == "Contains a phone number"
    missing_note = post(client, f"{API}/reviews/{public_id}/moderate", {"decision": "reject"})
    assert missing_note.status_code == 400 and missing_note.json()["field"] == "note"
    done = post(
        client,
        f"{API}/reviews/{public_id}/moderate",
        {"decision": "approve", "story": "Call the boss about it."},
    )
    assert done.status_code == 200 and done.json()["status"] == "scheduled"
    review = Review.objects.get()
    assert review.story_edited
    assert timedelta(hours=1) <= review.publish_at - review.moderated_at <= timedelta(hours=48)
    assert post(client, f"{API}/reviews/nope/moderate", {"decision": "approve"}).status_code == 404


def test_replies_only_by_members_and_nobody_can_remove(client, agency_with_owner):
    owner, agency = agency_with_owner
    review = make_review(agency)
    url = f"{API}/reviews/{review.public_id}/reply"
    assert post(client, url, {"text": "hi"}).status_code == 401
    login(client, make_user(Role.EMPLOYER))
    assert post(client, url, {"text": "Not ours"}).status_code == 404
    login(client, owner)
    response = post(client, url, {"text": "Please contact our office."})
    assert response.status_code == 200 and response.json()["text"] == "Please contact our office."
    assert client.delete(url).status_code == 405
    waiting = make_review(
        agency, status=ReviewStatus.SCHEDULED, publish_at=timezone.now() + timedelta(hours=3)
    )
    assert (
        post(client, f"{API}/reviews/{waiting.public_id}/reply", {"text": "x"}).status_code == 404
    )
    assert Review.objects.count() == 2


def test_agency_list_rates_every_agency_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    from kazi.recruitment import selectors

    listing = make_list("NP")
    agencies = [make_agency(licence_list=listing) for _ in range(12)]
    for stars, agency in zip((5, 1, 3), agencies, strict=False):
        make_review(agency, overall=stars)
    with django_assert_max_num_queries(6):
        answer = client.get("/api/v1/agencies?limit=20").json()
    by_id = {item["id"]: item["rating"] for item in answer["items"]}
    for agency in agencies:
        expected = selectors.rating_of(agency)
        assert by_id[agency.pk]["value"] == expected.value
        assert by_id[agency.pk]["count"] == expected.count
