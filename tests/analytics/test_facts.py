"""A worker's facts for the fairness audit: given with consent on an optional page, erased
with the consent, never read by the ranking, never shown to employers or counsellors."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib import admin
from django.db import transaction

from kazi.accounts.consent import has_consent
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.analytics.models import AuditFacts
from kazi.analytics.selectors import audited_users
from kazi.analytics.services import record_audit_facts, withdraw_audit_consent
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.matching.facts import PROTECTED_ATTRIBUTES, WorkerFacts
from kazi.matching.selectors import worker_facts
from tests.analytics.conftest import audited_worker
from tests.conftest import login
from tests.factories import (
    PASSWORD,
    make_employer,
    make_skill,
    make_user,
    make_vacancy,
    make_worker,
)

pytestmark = pytest.mark.django_db
PAGE = "/analytics/fairness/about-me/"
FACTS = {"gender": "another", "age_band": "55-64", "nationality": "ER", "disability": "yes"}


def test_the_account_page_links_to_the_optional_page(client):
    worker = make_worker()
    html = login(client, worker).get("/accounts/settings/").content.decode()
    assert PAGE in html
    assert "Help us check that matching is fair" in html


def test_a_worker_gives_facts_and_consent_together(client):
    worker = make_worker()
    login(client, worker)
    page = client.get(PAGE).content.decode()
    assert "Every question is optional" in page
    assert "never shown to employers or counsellors" in page
    response = client.post(PAGE, {"action": "save", **FACTS}, follow=True)
    assert "Your answers have been saved" in response.content.decode()
    facts = AuditFacts.objects.get(user=worker)
    assert (facts.gender, facts.age_band, facts.nationality, facts.disability) == (
        "another",
        "55-64",
        "ER",
        "yes",
    )
    assert has_consent(worker, ConsentPurpose.FAIRNESS_AUDIT)
    # The page shows the answers back to the worker, and a way to erase them.
    page = client.get(PAGE).content.decode()
    assert 'value="ER" selected' in page
    assert "Erase my answers and withdraw my consent" in page


def test_every_question_is_optional_but_one_answer_is_needed(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(PAGE, {"action": "save", "gender": "woman"})
    assert response.status_code == 302
    assert AuditFacts.objects.get(user=worker).nationality == ""
    empty = client.post(PAGE, {"action": "save"})
    assert "Answer at least one question" in empty.content.decode()


def test_bad_answers_are_refused_and_nothing_is_saved(client):
    worker = make_worker()
    login(client, worker)
    html = client.post(PAGE, {"action": "save", "nationality": "XX"}).content.decode()
    assert "Select a valid choice" in html
    with pytest.raises(DomainError) as error:
        record_audit_facts(worker, nationality="XX")
    assert error.value.field == "nationality"
    with pytest.raises(DomainError):
        record_audit_facts(worker, gender="robot")
    assert not AuditFacts.objects.filter(user=worker).exists()
    assert not has_consent(worker, ConsentPurpose.FAIRNESS_AUDIT)


def test_withdrawing_on_the_page_erases_the_facts(client):
    worker = audited_worker(facts=FACTS)
    login(client, worker)
    response = client.post(PAGE, {"action": "withdraw"}, follow=True)
    assert "Your answers have been erased" in response.content.decode()
    assert not AuditFacts.objects.filter(user=worker).exists()
    assert not has_consent(worker, ConsentPurpose.FAIRNESS_AUDIT)
    assert worker not in audited_users()


def test_unticking_the_consent_on_the_account_page_erases_the_facts_too(client):
    worker = audited_worker(facts=FACTS)
    login(client, worker)
    # Keep every other consent as it is; untick only the fairness audit.
    data = {
        "section": "consents",
        "consents-consent_visible_to_employers": "on",
        "consents-consent_matching": "on",
    }
    assert client.post("/accounts/settings/", data).status_code == 302
    assert not has_consent(worker, ConsentPurpose.FAIRNESS_AUDIT)
    assert has_consent(worker, ConsentPurpose.MATCHING)
    assert not AuditFacts.objects.filter(user=worker).exists()


def test_erasure_is_in_the_same_transaction_as_the_withdrawal():
    worker = audited_worker(facts=FACTS)
    # If the withdrawal is rolled back, the facts come back with it (they were erased in
    # the same transaction, not before it nor after it).
    with transaction.atomic():
        withdraw_audit_consent(worker)
        assert not AuditFacts.objects.filter(user=worker).exists()
        transaction.set_rollback(True)
    assert AuditFacts.objects.filter(user=worker).exists()
    assert has_consent(worker, ConsentPurpose.FAIRNESS_AUDIT)


def test_deleting_the_account_deletes_the_facts(client):
    worker = audited_worker(facts=FACTS)
    login(client, worker)
    client.post("/accounts/delete/", {"password": PASSWORD})
    assert not AuditFacts.objects.exists()


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.COUNSELLOR, Role.ANALYST])
def test_only_workers_give_facts_about_themselves(client, role):
    user = make_user(role)
    assert login(client, user).get(PAGE).status_code == 403
    assert client.post(PAGE, {"action": "save", **FACTS}).status_code == 403
    with pytest.raises(PermissionDeniedError):
        record_audit_facts(user, gender="woman")
    assert not AuditFacts.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_engine_facts_have_no_field_for_audit_facts():
    audit_fields = {f.name for f in AuditFacts._meta.get_fields()} - {"id", "user"}
    engine_fields = {f.name for f in dataclasses.fields(WorkerFacts)}
    assert audit_fields - {"recorded_at"} == {"gender", "age_band", "nationality", "disability"}
    assert engine_fields.isdisjoint(audit_fields)
    assert engine_fields.isdisjoint(PROTECTED_ATTRIBUTES)
    assert {"gender", "nationality", "disability"} <= PROTECTED_ATTRIBUTES


def test_giving_facts_changes_nothing_the_engine_sees():
    worker = make_worker(skills=(make_skill("wiring"),))
    before = worker_facts(worker.profile)
    record_audit_facts(worker, **FACTS)
    worker.profile.refresh_from_db()
    assert worker_facts(worker.profile) == before


def test_facts_are_not_in_the_django_admin():
    assert AuditFacts not in admin.site._registry


def test_facts_never_appear_on_employer_or_counsellor_pages(client):
    wiring = make_skill("wiring")
    worker = audited_worker(
        (wiring,),
        facts=FACTS,
        consents=(
            ConsentPurpose.VISIBLE_TO_EMPLOYERS,
            ConsentPurpose.MATCHING,
            ConsentPurpose.COUNSELLOR_CONTACT,
        ),
    )
    employer, org = make_employer("KE")
    vacancy = make_vacancy(org, essential=(wiring,))
    words = ("Eritrea", "Another gender", "55 to 64")

    login(client, employer)
    candidates = client.get(f"/for-you/candidates/{vacancy.pk}/").content.decode()
    assert "Candidate #" in candidates  # the worker is listed…
    response = client.get(f"/api/v1/opportunities/{vacancy.pk}/candidates")
    assert response.status_code == 200 and response.json()["total"] == 1
    api = response.content.decode()
    for word in words:
        assert word not in candidates, word
        assert word not in api, word
    for value in ('"another"', '"55-64"', '"ER"', '"gender"', '"nationality"', '"age_band"'):
        assert value not in api, value

    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)
    for path in (
        f"/profile/{worker.pk}/",
        f"/profile/{worker.pk}/cv/",
        f"/profile/{worker.pk}/side-by-side/",
        f"/for-you/worker/{worker.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for word in words:
            assert word not in html, (path, word)
