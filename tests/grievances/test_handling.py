"""Case handling: the transition table, outcomes, assignment, referral to partners, notes
versus messages, the activity log, deadlines and escalation."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kazi.accounts.constants import AuditAction, OrganisationKind, OutboxKind, Role
from kazi.accounts.models import AuditEvent, OutboxMessage
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.grievances import selectors, services
from kazi.grievances.constants import EventKind, Outcome, State
from kazi.grievances.models import Grievance
from tests.conftest import login
from tests.factories import make_user, make_worker
from tests.grievances.factories import PNG_BYTES, file_case, make_partner, raw

pytestmark = pytest.mark.django_db
SECRET_NOTE = "Employer lawyer called, do not tell the worker yet."


def test_moves_follow_the_transition_table_and_are_recorded():
    counsellor = make_user(Role.COUNSELLOR, display_name="Juma")
    grievance = file_case().grievance
    with pytest.raises(DomainError) as caught:
        services.transition(grievance, State.IN_PROGRESS, counsellor)
    assert caught.value.code == "illegal_transition"
    assert str(caught.value.message) == "A case that is “New” cannot move to “In progress”."
    services.transition(grievance, State.ASSIGNED, counsellor)
    services.transition(grievance, State.IN_PROGRESS, counsellor, reason="We called the employer.")
    with pytest.raises(DomainError) as caught:
        services.transition(grievance, State.ON_HOLD, counsellor)
    assert caught.value.field == "reason"
    with pytest.raises(DomainError) as caught:
        services.transition(grievance, State.RESOLVED, counsellor)
    assert caught.value.field == "outcome"
    services.transition(grievance, State.RESOLVED, counsellor, outcome=Outcome.REMEDIED)
    grievance.refresh_from_db()
    assert grievance.resolved_at is not None and grievance.due_at is None
    # Reopening a resolved case is allowed; a closed case never moves again.
    services.transition(grievance, State.IN_PROGRESS, counsellor, reason="Paid only half.")
    services.transition(grievance, State.CLOSED, counsellor, outcome=Outcome.PARTLY_REMEDIED)
    with pytest.raises(DomainError, match="closed"):
        services.transition(grievance, State.IN_PROGRESS, counsellor)
    moves = list(
        grievance.events.filter(kind=EventKind.STATE).values_list("from_state", "to_state", "actor")
    )
    assert moves == [
        (State.NEW, State.ASSIGNED, counsellor.pk),
        (State.ASSIGNED, State.IN_PROGRESS, counsellor.pk),
        (State.IN_PROGRESS, State.RESOLVED, counsellor.pk),
        (State.RESOLVED, State.IN_PROGRESS, counsellor.pk),
        (State.IN_PROGRESS, State.CLOSED, counsellor.pk),
    ]
    assert Grievance.objects.get().outcome == Outcome.PARTLY_REMEDIED


def test_workers_and_analysts_cannot_move_cases():
    grievance = file_case().grievance
    for role in (Role.WORKER, Role.ANALYST, Role.EMPLOYER, Role.PARTNER):
        with pytest.raises(PermissionDeniedError):
            services.transition(grievance, State.ASSIGNED, make_user(role))
    assert Grievance.objects.get().state == State.NEW


def test_assigning_a_new_case_starts_it_and_sets_its_deadline():
    counsellor, colleague = make_user(Role.COUNSELLOR), make_user(Role.COUNSELLOR)
    now = timezone.now()
    grievance = file_case(now=now).grievance
    assert grievance.due_at == now + timedelta(hours=48)
    later = now + timedelta(hours=5)
    services.assign(grievance, colleague, counsellor, now=later)
    grievance.refresh_from_db()
    assert grievance.assigned_to == colleague and grievance.state == State.ASSIGNED
    assert grievance.due_at == later + timedelta(hours=72)
    with pytest.raises(DomainError):
        services.assign(grievance, make_worker(), counsellor)


def test_notes_stay_internal_and_messages_reach_the_worker_with_a_discreet_notice():
    worker = make_worker(email="amina@example.org")
    counsellor = make_user(Role.COUNSELLOR, display_name="Juma Caseworker")
    grievance = file_case(worker).grievance
    services.assign(grievance, counsellor, counsellor)
    services.add_note(grievance, counsellor, SECRET_NOTE)
    services.message_worker(grievance, counsellor, "Can you send your contract?")
    timeline = selectors.worker_timeline(grievance)
    texts = " ".join(f"{i.title} {i.text}" for i in timeline)
    assert "Can you send your contract?" in texts and "A caseworker wrote" in texts
    assert SECRET_NOTE not in texts and "Juma" not in texts
    assert "Status: Assigned" in texts
    notices = OutboxMessage.objects.filter(kind=OutboxKind.GRIEVANCE_UPDATE, user=worker)
    assert notices.count() == 2  # assigned, then the message
    body = notices.first().body
    assert body == "Kazi: there is news on your case. Sign in to Kazi to read it."
    assert "contract" not in body and grievance.case_code not in body
    # The worker's page shows the message and never the note.
    page = login(Client(), worker).get(reverse("grievances:case", args=[grievance.case_code]))
    assert "Can you send your contract?" in page.content.decode()
    assert SECRET_NOTE not in page.content.decode()


def test_an_anonymous_case_sends_no_message_to_anyone():
    grievance = file_case(make_worker(), anonymous=True).grievance
    services.message_worker(grievance, make_user(Role.COUNSELLOR), "Hello")
    assert not OutboxMessage.objects.filter(kind=OutboxKind.GRIEVANCE_UPDATE).exists()


def test_partners_see_only_cases_referred_to_them_and_lose_them_when_referred_elsewhere():
    counsellor = make_user(Role.COUNSELLOR)
    lawyer, legal_aid = make_partner(name="Justice Without Borders")
    organiser, union = make_partner(OrganisationKind.UNION, name="Builders' Union")
    referred, other = file_case().grievance, file_case().grievance
    assert not selectors.visible_cases(lawyer).exists()
    services.refer(referred, legal_aid, counsellor, note=SECRET_NOTE)
    assert list(selectors.visible_cases(lawyer)) == [referred]
    assert not selectors.visible_cases(organiser).exists()
    browser = login(Client(), lawyer)
    assert browser.get(reverse("grievances:manage", args=[referred.pk])).status_code == 200
    assert browser.get(reverse("grievances:manage", args=[other.pk])).status_code == 404
    queue = browser.get(reverse("grievances:queue")).content.decode()
    assert f"#{referred.pk}<" in queue and f"#{other.pk}<" not in queue
    # Partner staff write notes and messages on their cases, not on others.
    services.add_note(referred, lawyer, "We take the case.")
    with pytest.raises(PermissionDeniedError):
        services.add_note(other, lawyer, "Not ours.")
    with pytest.raises(PermissionDeniedError):
        services.refer(referred, union, lawyer)
    timeline = [i.title for i in selectors.worker_timeline(referred)]
    assert "Your case was passed to Justice Without Borders, a legal-aid organisation." in timeline
    services.refer(referred, union, counsellor)
    assert not selectors.visible_cases(lawyer).exists()
    assert browser.get(reverse("grievances:manage", args=[referred.pk])).status_code == 404
    assert list(selectors.visible_cases(organiser)) == [referred]
    timeline = [i.title for i in selectors.worker_timeline(referred)]
    assert "Your case was passed to Builders' Union, a trade union." in timeline
    assert all("We take the case." not in i.text for i in selectors.worker_timeline(referred))
    with pytest.raises(DomainError):
        services.refer(referred, make_partner()[1].__class__.objects.create(
            name="Shop", kind=OrganisationKind.COMPANY, country="QA"
        ), counsellor)  # fmt: skip


def test_opening_evidence_is_logged_for_the_case_and_the_worker(tmp_path):
    worker = make_worker()
    counsellor = make_user(Role.COUNSELLOR)
    grievance = file_case(worker, files=[raw(PNG_BYTES, "photo.png")]).grievance
    evidence = grievance.evidence.get()
    browser = login(Client(), counsellor)
    response = browser.get(reverse("grievances:manage_file", args=[grievance.pk, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    viewed = grievance.events.get(kind=EventKind.VIEWED)
    assert viewed.actor == counsellor and viewed.internal and viewed.evidence == evidence
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_GRIEVANCE
    ).exists()
    assert not any(i.kind == EventKind.VIEWED for i in selectors.worker_timeline(grievance))


def test_staff_pages_move_and_message_and_show_errors():
    counsellor = make_user(Role.COUNSELLOR)
    grievance = file_case().grievance
    browser = login(Client(), counsellor)
    url = lambda action: reverse("grievances:manage_action", args=[grievance.pk, action])  # noqa: E731
    refused = browser.post(url("transition"), {"state": State.RESOLVED})
    assert refused.status_code == 400
    assert "cannot move to" in refused.content.decode()
    browser.post(url("assign"), {"assignee": counsellor.pk})
    browser.post(url("transition"), {"state": State.IN_PROGRESS, "reason": "Started."})
    browser.post(url("message"), {"text": "We are on it."})
    browser.post(url("note"), {"text": SECRET_NOTE})
    grievance.refresh_from_db()
    assert grievance.state == State.IN_PROGRESS and grievance.assigned_to == counsellor
    page = browser.get(reverse("grievances:manage", args=[grievance.pk])).content.decode()
    assert SECRET_NOTE in page and "We are on it." in page and "Internal note" in page


def test_escalation_moves_overdue_cases_up_once_per_missed_deadline():
    admin = make_user(Role.ADMINISTRATOR)
    moderator = make_user(Role.MODERATOR)
    counsellor = make_user(Role.COUNSELLOR)
    now = timezone.now()
    late = file_case(now=now - timedelta(hours=50)).grievance  # new: 48 h
    on_time = file_case(now=now - timedelta(hours=10)).grievance
    handled = file_case(now=now - timedelta(days=20)).grievance
    services.assign(handled, counsellor, counsellor, now=now - timedelta(days=20))  # 72 h
    closed = file_case(now=now - timedelta(days=20)).grievance
    services.transition(closed, State.CLOSED, counsellor, outcome=Outcome.NOT_ADMISSIBLE)
    report = services.escalate_overdue(now=now)
    assert sorted(report.escalated) == sorted([late.pk, handled.pk])
    late.refresh_from_db()
    assert late.escalation_level == 1 and late.due_at == now + timedelta(hours=48)
    assert late.events.filter(kind=EventKind.ESCALATED, internal=True).count() == 1
    # Idempotent: a second run at the same time changes nothing.
    assert services.escalate_overdue(now=now).escalated == []
    # Missing the new deadline too: level 2.
    # Two days later the first case missed its new deadline, and the one on time its first.
    again = services.escalate_overdue(now=now + timedelta(hours=49)).escalated
    assert sorted(again) == sorted([late.pk, on_time.pk])
    late.refresh_from_db()
    assert late.escalation_level == 2
    messages = OutboxMessage.objects.filter(kind=OutboxKind.GRIEVANCE_ESCALATED)
    first_run = messages.filter(body__contains=f"case {handled.pk} ")
    assert {m.user for m in first_run} >= {admin, moderator, counsellor}
    assert all(m.user.role != Role.WORKER for m in messages)
    # The queue marks escalated cases.
    page = login(Client(), counsellor).get(reverse("grievances:queue")).content.decode()
    assert "Escalated ×2" in page and "Escalated ×1" in page


def test_the_escalate_command_prints_a_summary():
    now = timezone.now()
    file_case(now=now - timedelta(days=3))
    out = io.StringIO()
    call_command("grievances_escalate", now=now.isoformat(), stdout=out)
    assert "Escalated 1 case(s)" in out.getvalue()
    out = io.StringIO()
    call_command("grievances_escalate", now=now.isoformat(), stdout=out)
    assert "Escalated 0 case(s)" in out.getvalue()


def test_the_queue_filters_and_sorts_by_deadline():
    counsellor = make_user(Role.COUNSELLOR)
    now = timezone.now()
    older = file_case(now=now - timedelta(hours=47), country="AE").grievance
    newer = file_case(now=now, country="QA").grievance
    cases = list(selectors.queue(counsellor, selectors.QueueFilters(), now=now))
    assert cases == [older, newer]
    only_ae = selectors.queue(counsellor, selectors.QueueFilters(country="ae"), now=now)
    assert list(only_ae) == [older]
    overdue = selectors.queue(
        counsellor, selectors.QueueFilters(overdue=True), now=now + timedelta(hours=2)
    )
    assert list(overdue) == [older]
    assert not selectors.queue(make_user(Role.ANALYST), selectors.QueueFilters()).exists()


def test_the_queue_pages_through_every_case_and_keeps_the_filters():
    now = timezone.now()
    for i in range(55):
        file_case(now=now - timedelta(minutes=i), country="QA")
    file_case(now=now, country="AE")
    counsellor = login(Client(), make_user(Role.COUNSELLOR))
    url = reverse("grievances:queue")
    first = counsellor.get(url, {"country": "QA"}).content.decode()
    assert "55 cases" in first and "Page 1 of 2" in first
    assert first.count('<tr class="">') == 50  # none overdue: filed within the last hour
    assert "country=QA&amp;page=2" in first
    second = counsellor.get(url, {"country": "QA", "page": 2}).content.decode()
    assert "Page 2 of 2" in second and second.count('<tr class="">') == 5
