"""Regression tests from the security and privacy review of applications."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


def test_a_counsellor_opening_the_apply_page_for_a_worker_is_audited(client):
    wiring = make_skill("wiring")
    _, org = make_employer()
    vacancy = make_vacancy(org, essential=(wiring,))
    worker = make_worker(
        skills=(wiring,), consents=(ConsentPurpose.COUNSELLOR_CONTACT, ConsentPurpose.MATCHING)
    )
    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)
    page = client.get(reverse("applications:apply_for", args=[vacancy.pk, worker.pk]))
    # the page says how the worker's skills fit: a read of their profile
    assert "You have the essential skill." in page.content.decode()
    event = AuditEvent.objects.get(subject=worker)
    assert (event.actor, event.action) == (counsellor, AuditAction.VIEW_PROFILE)
    assert str(vacancy.pk) in event.detail


def test_no_audit_event_when_the_counsellor_may_not_act_for_the_worker(client):
    _, org = make_employer()
    vacancy = make_vacancy(org)
    worker = make_worker(consents=(ConsentPurpose.MATCHING,))  # no counsellor contact
    login(client, make_user(Role.COUNSELLOR))
    url = reverse("applications:apply_for", args=[vacancy.pk, worker.pk])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(subject=worker).exists()
