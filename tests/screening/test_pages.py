"""The screening pages: private by default, results with reasons and next steps, saving and
sharing only when a signed-in worker asks."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from kazi.accounts.constants import AuditAction, ConsentPurpose, OrganisationKind, Role
from kazi.accounts.models import AuditEvent, Organisation
from kazi.grievances.prefill import SESSION_KEY
from kazi.screening.models import SavedScreening
from tests.conftest import login
from tests.factories import make_user, make_worker

from .conftest import HIGH_ANSWERS, URGENT_ANSWERS, make_saved, post_data

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def assert_private(response) -> None:  # type: ignore[no-untyped-def]
    assert response["Cache-Control"] == "no-store"
    # Never sent to another site ("no-referrer" would make browsers post forms with
    # "Origin: null", which Django's CSRF check refuses: the e2e test submits real forms).
    assert response["Referrer-Policy"] == "same-origin"


def test_start_page_is_private_and_has_a_quick_exit(client: Client, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_QUICK_EXIT_URL = "https://neutral.example/"
    response = client.get(reverse("screening:start"))
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert 'href="https://neutral.example/" rel="noreferrer" data-quick-exit' in html
    assert "Leave this page quickly" in html
    assert "screening/quick-exit.js" in html
    assert "Domestic work" in html and "Fishing" in html


def test_questions_page_lists_the_general_and_sector_questions(client: Client):
    response = client.get(reverse("screening:questions"), {"sector": "fishing"})
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert "Right now, is someone hurting you" in html  # general bank, first
    assert "Are you kept at sea for months" in html  # fishing bank
    assert "Are you allowed to leave the house on your day off?" not in html  # domestic
    assert 'method="post"' in html and "Leave this page quickly" in html
    # Every question is listenable, and nothing downloads until pressed.
    assert html.count('<audio controls preload="none"') == 15 + 3


def test_unknown_sector_goes_back_to_the_start(client: Client):
    response = client.get(reverse("screening:questions"), {"sector": "mining"})
    assert response.status_code == 400
    assert "What work do you do?" in response.content.decode()


def test_a_full_private_screening_stores_nothing_and_sets_no_session(client: Client):
    before = row_counts()
    sessions = Session.objects.count()
    pages = [
        client.get(reverse("screening:start")),
        client.get(reverse("screening:questions"), {"sector": "domestic", "country": "MY"}),
        client.post(reverse("screening:result"), post_data(country="MY", **HIGH_ANSWERS)),
    ]
    for response in pages:
        assert response.status_code == 200
        assert_private(response)
        assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert row_counts() == before
    assert Session.objects.count() == sessions
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    # The result page carries the answers in its own forms only (to save or to report).
    html = pages[-1].content.decode()
    assert 'name="documents_kept" value="yes"' in html


def test_urgent_result_says_so_with_reasons_and_next_steps(client: Client, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_HELPLINES = ""
    response = client.post(reverse("screening:result"), post_data(**URGENT_ANSWERS))
    html = response.content.decode()
    assert 'class="level level-urgent"' in html
    assert "Urgent: you may be in danger now" in html
    assert "You said that you are being hurt, or kept locked in, now." in html
    assert "Right now, is someone hurting you, or forcing you to do sexual things?" in html
    assert "Call for help now" in html and "Leave only when it is safe" in html
    # No invented numbers: the deployer is asked to configure helplines.
    assert "Ask the organisation that runs this site to add them" in html
    assert "tel:" not in html
    # Anonymous: nothing to save, and told so.
    assert "Save to my account" not in html
    assert "Nothing you answered has been kept." in html


def test_configured_helplines_and_partners_are_shown(client: Client, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_HELPLINES = "MY=+60 3-1234 5678 Test workers line;ALL=+41 00 000 Global test"
    Organisation.objects.create(
        name="Legal Aid Kuala Lumpur", kind=OrganisationKind.LEGAL_AID, country="MY"
    )
    Organisation.objects.create(name="Some Company", kind=OrganisationKind.COMPANY, country="MY")
    response = client.post(reverse("screening:result"), post_data(country="MY", **URGENT_ANSWERS))
    html = response.content.decode()
    assert 'href="tel:+60312345678"' in html and "Test workers line" in html
    assert "Global test" in html
    assert "Legal Aid Kuala Lumpur" in html and "Some Company" not in html


def test_high_result_names_the_triggering_questions(client: Client):
    response = client.post(reverse("screening:result"), post_data(**HIGH_ANSWERS))
    html = response.content.decode()
    assert "High risk of forced labour" in html
    assert "Does your employer or agent keep your passport or ID card" in html
    assert "Retention of identity documents" in html
    assert "Report this (grievance)" in html
    assert "This check is not a legal decision." in html


def test_an_answer_that_is_not_offered_is_refused(client: Client):
    response = client.post(reverse("screening:result"), post_data(hurt_now="maybe"))
    assert response.status_code == 400
    assert "Please check the answers marked below." in response.content.decode()


def test_result_without_post_goes_to_the_start(client: Client):
    response = client.get(reverse("screening:result"))
    assert response.status_code == 302 and response["Location"] == reverse("screening:start")


def test_report_opens_a_prefilled_forced_labour_grievance(client: Client):
    response = client.post(reverse("screening:report"), post_data(country="MY", **HIGH_ANSWERS))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("grievances:file"))
    prefill = client.session[SESSION_KEY]
    assert prefill["category"] == "forced_labour" and prefill["country"] == "MY"
    assert "Retention of identity documents" in prefill["description"]


def test_arabic_page_is_right_to_left(client: Client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(reverse("screening:questions"), {"sector": "domestic"}).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "/screening/audio/ar/hurt_now.wav" in html


# Saving and sharing -------------------------------------------------------------------------


def test_anonymous_visitors_cannot_save(client: Client):
    response = client.post(reverse("screening:save"), post_data(**HIGH_ANSWERS))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SavedScreening.objects.exists()


def test_only_workers_can_save(client: Client):
    login(client, make_user(Role.EMPLOYER))
    assert client.post(reverse("screening:save"), post_data(**HIGH_ANSWERS)).status_code == 403
    assert not SavedScreening.objects.exists()


def test_a_worker_saves_and_shares_and_deletes(client: Client):
    worker = make_worker()
    login(client, worker)
    result = client.post(reverse("screening:result"), post_data(**HIGH_ANSWERS))
    assert "Save to my account" in result.content.decode()
    assert not SavedScreening.objects.exists()  # seeing the result saves nothing
    response = client.post(reverse("screening:save"), {**post_data(**HIGH_ANSWERS), "share": "0"})
    saved = SavedScreening.objects.get()
    assert response["Location"] == reverse("screening:detail", args=[saved.pk])
    assert (saved.owner, saved.level, saved.shared_with_counsellor) == (worker, "high", False)
    assert saved.answers == HIGH_ANSWERS
    assert saved.indicators == ["restriction_of_movement", "retention_of_documents"]
    page = client.get(reverse("screening:detail", args=[saved.pk]))
    assert_private(page)
    assert "High risk of forced labour" in page.content.decode()
    assert "Only you can see it." in page.content.decode()
    client.post(reverse("screening:share", args=[saved.pk]), {"shared": "1"})
    saved.refresh_from_db()
    assert saved.shared_with_counsellor
    mine = client.get(reverse("screening:mine")).content.decode()
    assert "Shared with counsellors." in mine
    client.post(reverse("screening:delete", args=[saved.pk]))
    assert not SavedScreening.objects.exists()


def test_save_and_share_in_one_step(client: Client):
    login(client, make_worker())
    client.post(reverse("screening:save"), {**post_data(**URGENT_ANSWERS), "share": "1"})
    saved = SavedScreening.objects.get()
    assert saved.shared_with_counsellor and saved.level == "urgent"


def test_a_worker_cannot_see_share_or_delete_another_workers_screening(client: Client):
    other = make_saved(make_worker(), shared=True)
    login(client, make_worker())
    assert client.get(reverse("screening:detail", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("screening:share", args=[other.pk]), {"shared": "0"}).status_code == 404
    )
    assert client.post(reverse("screening:delete", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.shared_with_counsellor


def test_counsellor_sees_shared_results_only_with_consent_and_it_is_logged(client: Client):
    worker = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    shared, private = make_saved(worker, shared=True), make_saved(worker, shared=False)
    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)
    listing = client.get(reverse("screening:for_worker", args=[worker.pk]))
    assert listing.status_code == 200
    assert reverse("screening:detail", args=[shared.pk]) in listing.content.decode()
    assert reverse("screening:detail", args=[private.pk]) not in listing.content.decode()
    page = client.get(reverse("screening:detail", args=[shared.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "High risk of forced labour" in html
    assert "Report this (grievance)" not in html and "Delete" not in html
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_SCREENING,
        detail=f"screening {shared.pk}",
    ).exists()  # fmt: skip
    assert client.get(reverse("screening:detail", args=[private.pk])).status_code == 404


def test_counsellor_without_consent_sees_nothing(client: Client):
    worker = make_worker(consents=())
    shared = make_saved(worker, shared=True)
    login(client, make_user(Role.COUNSELLOR))
    assert client.get(reverse("screening:detail", args=[shared.pk])).status_code == 404
    assert client.get(reverse("screening:for_worker", args=[worker.pk])).status_code == 404
    assert not AuditEvent.objects.exists()


def test_employers_cannot_read_shared_screenings(client: Client):
    worker = make_worker(consents=(ConsentPurpose.COUNSELLOR_CONTACT,))
    shared = make_saved(worker, shared=True)
    login(client, make_user(Role.EMPLOYER))
    assert client.get(reverse("screening:detail", args=[shared.pk])).status_code == 404
    assert client.get(reverse("screening:for_worker", args=[worker.pk])).status_code == 403


def test_french_page_shows_french_questions(client: Client):
    """Needs the screening strings merged into kazi/locale (from /tmp/kazi_po/screening.fr.po)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("screening:questions"), {"sector": "domestic"}).content.decode()
    assert 'lang="fr"' in html
    assert "Avez-vous le droit de sortir de la maison pendant votre jour de repos" in html
    assert "Quitter vite cette page" in html
