"""Pages: anonymous search, agency and employer pages, threshold, anonymity, the review
form, moderation queue, replies, "My reviews" and the licence-list upload."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kazi.accounts.constants import Role
from kazi.recruitment.constants import ReviewStatus
from kazi.recruitment.models import Agency, LicenceList, Review
from tests.conftest import login
from tests.factories import make_employer, make_user
from tests.recruitment.factories import make_agency, make_agency_org, make_list, make_review

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


@pytest.fixture
def agency_with_owner():  # type: ignore[no-untyped-def]
    owner, org = make_agency_org("NP", number="123/075", name="Himalayan Overseas")
    listing = make_list("NP", date(2026, 10, 1))
    agency = make_agency(
        "Himalayan Overseas Pvt. Ltd.",
        number="123/075",
        organisation=org,
        licence_list=listing,
        destinations=["QA", "MY"],
    )
    return owner, agency


def test_search_is_public_and_shows_status_and_source(client, agency_with_owner):
    _owner, _agency = agency_with_owner
    make_agency("Everest Manpower", number="9/9", status="revoked")
    response = client.get(reverse("recruitment:search"), {"q": "himalyan"})
    assert response.status_code == 200
    page = text(response)
    assert "Himalayan Overseas Pvt. Ltd." in page and "Licence valid" in page
    assert "Test authority, list of 1 October 2026" in page
    assert "Everest" not in page
    revoked = text(client.get(reverse("recruitment:search"), {"q": "everest"}))
    assert "Licence revoked" in revoked
    none = text(client.get(reverse("recruitment:search"), {"q": "Nowhere Agency"}))
    assert "may be recruiting without a licence" in none


def test_agency_page_shows_licence_facts_and_a_delisted_agency_as_unlicensed(
    client, agency_with_owner
):
    _owner, agency = agency_with_owner
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert "123/075" in page and "Qatar" in page and "Malaysia" in page
    Agency.objects.filter(pk=agency.pk).update(in_current_list=False)
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert "Not in the current list" in page and "treat it as unlicensed" in page


def test_details_appear_from_five_reviews(client, agency_with_owner):
    _owner, agency = agency_with_owner
    for n in range(4):
        make_review(
            agency,
            story=f"A detailed story number {n} about the agency.",
            fees="500",
            currency="USD",
            paid_to="agency",
        )
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert "4 reviews; details appear from 5 reviews." in page
    assert "so that no reviewer can be recognised" in page
    assert "detailed story" not in page and "Fees workers paid" not in page
    assert "Worker " not in page  # no review is listed below the threshold
    make_review(agency, story="A detailed story number 4 about the agency.")
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert page.count("detailed story") == 5
    assert "Fees workers paid" in page and "4 of 5 reviewers paid fees" in page
    assert "Workers should not pay recruitment fees or related costs" in page
    assert "Rated " in page and "out of 5" in page


def test_public_pages_never_show_the_author_or_exact_dates(client, agency_with_owner):
    owner, agency = agency_with_owner
    authors = [make_user(Role.WORKER, display_name=f"Sita Tamang {n}") for n in range(5)]
    reviews = [make_review(agency, author) for author in authors]
    for review in reviews:
        Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=400))
    anonymous = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    login(client, owner)  # the agency itself
    as_owner = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert "Your public reply" in as_owner
    for page in (anonymous, as_owner):
        for author in authors:
            assert author.display_name not in page and author.email not in page
        assert "Sita" not in page
        assert "14 March 2022" not in page and "2022-03-14" not in page  # used_from
        assert "2 July 2024" not in page
        assert "2022–2024" in page  # years only
        created = Review.objects.filter(pk=reviews[0].pk).get().created_at
        assert created.strftime("%-d %B %Y") not in page
        published = timezone.localtime(reviews[0].publish_at)
        assert published.strftime("%B %Y") in page  # month and year only
        assert published.strftime("%-d %B %Y") not in page
        for review in reviews:
            assert f"Worker {review.pseudonym}" in page


def test_worker_writes_a_review_through_the_form(client, agency_with_owner):
    _owner, agency = agency_with_owner
    url = reverse("recruitment:review_agency", args=[agency.pk])
    assert client.get(url).status_code == 302  # sign in first
    worker = make_user(Role.WORKER)
    login(client, worker)
    assert client.get(url).status_code == 200
    data = {
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
        "fees_amount": "150000",
        "fees_currency": "NPR",
        "fees_paid_to": "agency",
        "fees_for": "visa",
        "rating_overall": "2",
        "rating_honesty": "1",
        "rating_treatment": "3",
        "story": "Call me on +977 9841234567.",
    }
    future = {**data, "used_from": (date.today() + timedelta(days=5)).isoformat(), "used_until": ""}
    refused = client.post(url, future)
    assert refused.status_code == 200 and "The start date is in the future." in text(refused)
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("recruitment:my_reviews")
    review = Review.objects.get()
    assert review.author == worker and review.status == ReviewStatus.AWAITING_MODERATION
    mine = text(client.get(reverse("recruitment:my_reviews")))
    assert "Waiting for a moderator" in mine and f"Worker {review.pseudonym}" in mine


def test_agency_staff_and_other_roles_cannot_use_the_review_form(client, agency_with_owner):
    owner, agency = agency_with_owner
    url = reverse("recruitment:review_agency", args=[agency.pk])
    login(client, owner)
    assert client.get(url).status_code == 403  # employer role
    staff = make_user(Role.WORKER)
    agency.organisation.members.add(staff)
    login(client, staff)
    page = client.get(url)
    assert "you cannot review it" in text(page)
    client.post(url, {"used_from": "2023-01-01"})
    assert not Review.objects.exists()


def test_employer_page_and_review(client):
    _boss, company = make_employer("QA", name="Doha Towers LLC")
    for _ in range(5):
        make_review(company, story="Long hours, pay was late every month.")
    page = text(client.get(reverse("recruitment:employer", args=[company.pk])))
    assert "Doha Towers LLC" in page and page.count("pay was late") == 5
    _owner, agency_org = make_agency_org()
    assert client.get(reverse("recruitment:employer", args=[agency_org.pk])).status_code == 404
    found = text(client.get(reverse("recruitment:search"), {"q": "doha towers"}))
    assert reverse("recruitment:employer", args=[company.pk]) in found


def test_moderation_queue_highlights_findings_and_records_the_decision(client, agency_with_owner):
    _owner, agency = agency_with_owner
    from kazi.recruitment.services import submit_review
    from tests.recruitment.test_reviews import answers

    review = submit_review(
        make_user(Role.WORKER, display_name="Hidden Name"),
        agency,
        answers(story="Write to ram@example.org please."),
    )
    url = reverse("recruitment:moderation")
    login(client, make_user(Role.WORKER))
    assert client.get(url).status_code == 403
    login(client, make_user(Role.MODERATOR))
    page = text(client.get(url))
    assert '<mark class="found" title="email">ram@example.org</mark>' in page
    assert "Contains an e-mail address" in page and "Hidden Name" not in page
    action = reverse("recruitment:moderate", args=[review.public_id])
    prefix = review.public_id
    bad = client.post(action, {f"{prefix}-decision": "reject", f"{prefix}-note": ""})
    assert bad.status_code == 400 and "Tell the author why" in text(bad)
    done = client.post(
        action,
        {
            f"{prefix}-decision": "approve",
            f"{prefix}-story": "Write to (removed) please.",
            f"{prefix}-note": "",
        },
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SCHEDULED and review.story_edited
    assert review.story == "Write to (removed) please."


def test_reply_by_the_agency_and_nobody_else(client, agency_with_owner):
    owner, agency = agency_with_owner
    reviews = [make_review(agency) for _ in range(5)]
    url = reverse("recruitment:reply", args=[reviews[0].public_id])
    login(client, make_user(Role.EMPLOYER))
    assert client.post(url, {"text": "Fake"}).status_code == 404
    login(client, owner)
    assert client.post(url, {"text": "We are sorry, call our office."}).status_code == 302
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert "We are sorry, call our office." in page and "Reply from Himalayan Overseas" in page
    hidden = make_review(agency, status=ReviewStatus.AWAITING_MODERATION)
    assert (
        client.post(
            reverse("recruitment:reply", args=[hidden.public_id]), {"text": "x"}
        ).status_code
        == 404
    )


def test_upload_page_reports_row_errors_and_imports_a_good_list(client):
    url = reverse("recruitment:import")
    login(client, make_user(Role.EMPLOYER))
    assert client.get(url).status_code == 403
    login(client, make_user(Role.ADMINISTRATOR))
    assert "Nepal, Department of Foreign Employment style" in text(client.get(url))
    form = {"country": "NP", "authority": "DoFE", "published_on": "2026-10-01", "mapping": "np"}
    bad = client.post(
        url,
        {
            **form,
            "file": SimpleUploadedFile(
                "l.csv", b"Company Name,Licence No.,Status\nA,1,Active\nB,1,Active\n"
            ),
        },
    )
    assert bad.status_code == 400
    assert "Row 3: licence number 1 is already on row 2." in text(bad)
    assert not LicenceList.objects.exists()
    good = client.post(
        url,
        {
            **form,
            "file": SimpleUploadedFile(
                "l.csv", b"Company Name,Licence No.,Status\nA,1,Active\nB,2,Revoked\n"
            ),
        },
    )
    assert good.status_code == 302
    assert Agency.objects.count() == 2 and LicenceList.objects.get().imported_by is not None


def test_page_html_never_contains_iso_timestamps(client, agency_with_owner):
    _owner, agency = agency_with_owner
    for _ in range(5):
        make_review(agency)
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page)


def test_pages_render_right_to_left_in_arabic(client, agency_with_owner, settings):
    _owner, agency = agency_with_owner
    for _ in range(5):
        make_review(agency, fees="100", currency="USD", paid_to="agency")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for url in (
        reverse("recruitment:search") + "?q=himalayan",
        reverse("recruitment:agency", args=[agency.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert 'dir="rtl"' in text(response)


def test_report_opens_a_prefilled_grievance_without_an_account(client, agency_with_owner):
    _owner, agency = agency_with_owner
    response = client.post(reverse("recruitment:report", args=[agency.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("grievances:file"))
    assert response.url == reverse("grievances:file") + "?prefilled=1"  # nothing in the URL
    assert client.session["kazi_grievance_prefill"] == {
        "origin_country": "NP",
        "agency_id": agency.pk,
    }
    assert client.get(reverse("recruitment:report", args=[agency.pk])).status_code == 405


def test_agency_page_has_one_report_form_in_the_body_and_a_plain_title(client, agency_with_owner):
    _owner, agency = agency_with_owner
    page = text(client.get(reverse("recruitment:agency", args=[agency.pk])))
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<form" not in title and "Himalayan Overseas" in title
    head = page.split("</head>")[0]
    assert reverse("recruitment:report", args=[agency.pk]) not in head
    assert page.count(reverse("recruitment:report", args=[agency.pk])) == 1
