from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from kazi.accounts.constants import Channel, ConsentPurpose, Role
from kazi.accounts.models import OutboxMessage
from kazi.applications.constants import ApplicationStatus as S
from kazi.applications.models import Application, ApplicationTransition
from kazi.applications.services import apply, move_application
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.opportunities.constants import VacancyStatus
from tests.factories import make_employer, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    employer, org = make_employer("KE", name="Umeme Works")
    vacancy = make_vacancy(org, title="Electrician")
    worker = make_worker(display_name="Amina")
    return employer, vacancy, worker


def test_apply_creates_a_received_application_with_its_first_step(setting):
    _, vacancy, worker = setting
    application = apply(vacancy, worker, "  I can start Monday.  ")
    assert application.status == S.RECEIVED
    assert application.message == "I can start Monday."
    assert application.submitted_by == worker
    step = application.transitions.get()
    assert (step.from_status, step.to_status, step.actor) == ("", S.RECEIVED, worker)


def test_applying_twice_is_refused_clearly(setting):
    _, vacancy, worker = setting
    apply(vacancy, worker)
    with pytest.raises(DomainError) as error:
        apply(vacancy, worker, "again")
    assert error.value.code == "duplicate"
    assert str(error.value.message) == "You have already applied to this vacancy."
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"status": VacancyStatus.DRAFT},
        {"status": VacancyStatus.EXPIRED},
        {"status": VacancyStatus.WITHDRAWN},
        {"closing_date": date.today() - timedelta(days=1)},
    ],
)
def test_closed_or_unpublished_vacancies_take_no_applications(setting, changes):
    _, vacancy, worker = setting
    for field, value in changes.items():
        setattr(vacancy, field, value)
    vacancy.save()
    with pytest.raises(DomainError) as error:
        apply(vacancy, worker)
    assert error.value.code == "closed"
    assert "no longer takes applications" in str(error.value.message) or "not open" in str(
        error.value.message
    )
    assert not Application.objects.exists() and not ApplicationTransition.objects.exists()


def test_bad_applications_are_refused_and_nothing_is_saved(setting):
    employer, vacancy, worker = setting
    with pytest.raises(DomainError) as error:
        apply(vacancy, worker, "x" * 2001)
    assert error.value.field == "message"
    with pytest.raises(PermissionDeniedError):
        apply(vacancy, employer)
    with pytest.raises(PermissionDeniedError):
        apply(vacancy, worker, submitted_by=make_worker())
    assert not Application.objects.exists()


def test_a_counsellor_applies_for_a_consenting_worker_who_is_told(setting):
    _, vacancy, _ = setting
    counsellor = make_user(Role.COUNSELLOR, display_name="Grace Counsellor")
    worker = make_worker(
        consents=(ConsentPurpose.MATCHING, ConsentPurpose.COUNSELLOR_CONTACT), email="w@example.org"
    )
    application = apply(vacancy, worker, submitted_by=counsellor)
    assert application.submitted_by == counsellor and application.worker == worker
    assert application.transitions.get().actor == counsellor
    message = OutboxMessage.objects.get(recipient="w@example.org")
    assert "Grace Counsellor" in message.body and "Electrician" in message.body
    stranger = make_worker(consents=(ConsentPurpose.MATCHING,))
    with pytest.raises(PermissionDeniedError):
        apply(vacancy, stranger, submitted_by=counsellor)


def test_employer_moves_the_application_through_hiring_and_the_worker_is_told(setting):
    employer, vacancy, worker = setting
    application = apply(vacancy, worker)
    for status in (S.SHORTLISTED, S.INTERVIEW, S.OFFERED, S.HIRED):
        move_application(application, status, employer, note=f"note for {status}")
    application.refresh_from_db()
    assert application.status == S.HIRED
    steps = list(application.transitions.values_list("from_status", "to_status", "actor", "note"))
    assert steps == [
        ("", S.RECEIVED, worker.pk, ""),
        (S.RECEIVED, S.SHORTLISTED, employer.pk, "note for shortlisted"),
        (S.SHORTLISTED, S.INTERVIEW, employer.pk, "note for interview"),
        (S.INTERVIEW, S.OFFERED, employer.pk, "note for offered"),
        (S.OFFERED, S.HIRED, employer.pk, "note for hired"),
    ]
    messages = list(OutboxMessage.objects.filter(user=worker).order_by("pk"))
    assert [m.channel for m in messages] == [Channel.EMAIL] * 4
    assert {m.recipient for m in messages} == {worker.email}
    assert "Shortlisted" in messages[0].subject and "Shortlisted" in messages[0].body
    assert "note for shortlisted" in messages[0].body
    assert "Hired" in messages[-1].body and "Umeme Works" in messages[-1].body


def test_the_message_is_written_in_the_workers_language(setting):
    employer, vacancy, _ = setting
    worker = make_worker(language="fr", email="fr@example.org")
    move_application(apply(vacancy, worker), S.SHORTLISTED, employer)
    message = OutboxMessage.objects.get(user=worker)
    with translation.override("fr"):
        expected = str(S.SHORTLISTED.label)
    assert message.recipient == "fr@example.org" and message.channel == Channel.EMAIL
    assert expected in message.body and expected in message.subject


def test_a_worker_without_e_mail_gets_an_sms(setting):
    employer, vacancy, _ = setting
    worker = make_worker(email=None, phone="+254712345678")
    worker.email = None
    worker.save()
    move_application(apply(vacancy, worker), S.NOT_SELECTED, employer)
    message = OutboxMessage.objects.get(user=worker)
    assert (message.channel, message.recipient) == (Channel.SMS, "+254712345678")
    assert "Not selected" in message.body


def test_illegal_moves_are_refused_with_the_reason_and_nothing_changes(setting):
    employer, vacancy, worker = setting
    application = apply(vacancy, worker)
    with pytest.raises(DomainError) as error:
        move_application(application, S.HIRED, employer)
    assert error.value.code == "illegal_transition"
    assert str(error.value.message) == "An application that is “Received” cannot move to “Hired”."
    move_application(application, S.NOT_SELECTED, employer)
    with pytest.raises(DomainError) as closed:
        move_application(application, S.SHORTLISTED, employer)
    assert "can no longer change" in str(closed.value.message)
    with pytest.raises(DomainError) as unknown:
        move_application(application, "promoted", employer)
    assert unknown.value.code == "unknown_status"
    application.refresh_from_db()
    assert application.status == S.NOT_SELECTED
    assert application.transitions.count() == 2
    assert OutboxMessage.objects.filter(user=worker).count() == 1


def test_only_the_right_people_make_each_move(setting):
    employer, vacancy, worker = setting
    application = apply(vacancy, worker)
    other_employer, _ = make_employer("KE")
    with pytest.raises(PermissionDeniedError):
        move_application(application, S.SHORTLISTED, worker)
    with pytest.raises(PermissionDeniedError):
        move_application(application, S.SHORTLISTED, other_employer)
    with pytest.raises(PermissionDeniedError):
        move_application(application, S.WITHDRAWN, employer)
    with pytest.raises(PermissionDeniedError):
        move_application(application, S.WITHDRAWN, make_worker())
    assert application.transitions.count() == 1


def test_the_worker_withdraws_without_being_messaged(setting):
    _, vacancy, worker = setting
    application = apply(vacancy, worker)
    move_application(application, S.WITHDRAWN, worker, "Found another job")
    assert application.status == S.WITHDRAWN
    assert application.transitions.last().note == "Found another job"
    assert not OutboxMessage.objects.filter(user=worker).exists()
    too_long = apply(make_vacancy(vacancy.organisation), worker)
    with pytest.raises(DomainError) as error:
        move_application(too_long, S.WITHDRAWN, worker, "n" * 2001)
    assert error.value.field == "note"


def test_the_employer_is_told_of_a_new_application_without_the_workers_name(setting):
    employer, vacancy, worker = setting
    employer.language = "fr"
    employer.save()
    apply(vacancy, worker, "Hello")
    message = OutboxMessage.objects.get(recipient=employer.email)
    assert message.channel == Channel.EMAIL and message.kind == "application_received"
    assert "Electrician" in message.subject
    assert "Amina" not in message.body
    assert "candidature" in message.subject  # written in the employer's language, French
