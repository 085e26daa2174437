from __future__ import annotations

from datetime import date, timedelta

import pytest

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent, OutboxMessage
from kazi.applications.constants import ApplicationStatus as S
from kazi.applications.models import Application
from kazi.applications.services import apply, move_application
from kazi.opportunities.constants import VacancyStatus
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    wiring, welding = make_skill("wiring"), make_skill("welding")
    employer, org = make_employer("KE", name="Umeme Works")
    vacancy = make_vacancy(org, title="Electrician", essential=(wiring, welding))
    worker = make_worker(skills=(wiring,), display_name="Amina Worker")
    return {"employer": employer, "org": org, "vacancy": vacancy, "worker": worker,
            "wiring": wiring, "welding": welding}  # fmt: skip


def apply_url(vacancy) -> str:  # type: ignore[no-untyped-def]
    return f"/applications/apply/{vacancy.pk}/"


def test_worker_applies_with_a_message(client, setting):
    s = setting
    login(client, s["worker"])
    page = client.get(apply_url(s["vacancy"])).content.decode()
    assert "Electrician" in page and "Umeme Works" in page
    assert "You have 1 of 2 essential skills; missing: welding." in page
    assert 'name="message"' in page
    response = client.post(apply_url(s["vacancy"]), {"message": "I can start Monday."})
    application = Application.objects.get(worker=s["worker"])
    assert (
        response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/"
    )
    assert application.message == "I can start Monday."
    assert "Your application was sent" in client.get(response["Location"]).content.decode()


def test_applying_twice_shows_a_clear_message(client, setting):
    s = setting
    apply(s["vacancy"], s["worker"])
    login(client, s["worker"])
    assert (
        "You have already applied to this vacancy."
        in client.get(apply_url(s["vacancy"])).content.decode()
    )
    response = client.post(apply_url(s["vacancy"]), {"message": "again"})
    assert response.status_code == 200
    assert "You have already applied to this vacancy." in response.content.decode()
    assert Application.objects.count() == 1


def test_message_too_long_is_refused_and_nothing_saved(client, setting):
    s = setting
    response = login(client, s["worker"]).post(apply_url(s["vacancy"]), {"message": "x" * 2001})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Application.objects.exists()


def test_closed_and_unpublished_vacancies(client, setting):
    s = setting
    login(client, s["worker"])
    closed = make_vacancy(s["org"], title="Closed", closing_date=date.today() - timedelta(days=2))
    page = client.get(apply_url(closed)).content.decode()
    assert "no longer takes applications" in page and 'name="message"' not in page
    response = client.post(apply_url(closed), {"message": ""})
    assert "no longer takes applications" in response.content.decode()
    draft = make_vacancy(s["org"], title="Draft", status=VacancyStatus.DRAFT)
    assert client.get(apply_url(draft)).status_code == 404
    assert client.post(apply_url(draft), {}).status_code == 404
    assert client.get("/applications/apply/999999/").status_code == 404
    assert not Application.objects.exists()


def test_only_workers_apply_for_themselves(client, setting):
    s = setting
    assert client.get(apply_url(s["vacancy"])).status_code == 302
    assert login(client, s["employer"]).get(apply_url(s["vacancy"])).status_code == 404


def test_counsellor_applies_for_a_consenting_worker(client, setting):
    s = setting
    counsellor = make_user(Role.COUNSELLOR)
    helped = make_worker(consents=(ConsentPurpose.MATCHING, ConsentPurpose.COUNSELLOR_CONTACT),
                         display_name="Helped Worker")  # fmt: skip
    url = f"/applications/apply/{s['vacancy'].pk}/for/{helped.pk}/"
    login(client, counsellor)
    assert "You are applying on behalf of Helped Worker" in client.get(url).content.decode()
    response = client.post(url, {"message": "Recommended by the service."})
    application = Application.objects.get(worker=helped)
    assert application.submitted_by == counsellor
    assert response["Location"] == f"/applications/{application.pk}/"
    assert client.get(response["Location"]).status_code == 200
    # Without the worker's consent, or as a worker, the page does not exist.
    assert (
        client.get(f"/applications/apply/{s['vacancy'].pk}/for/{s['worker'].pk}/").status_code
        == 404
    )
    login(client, s["worker"])
    assert client.get(url).status_code == 404


def test_employer_moves_the_application_and_the_worker_sees_each_step(client, setting):
    s = setting
    application = apply(s["vacancy"], s["worker"], "Hello")
    detail = f"/applications/{application.pk}/"
    login(client, s["employer"])
    page = client.get(detail).content.decode()
    assert "Amina Worker" in page and "wiring" in page and "essential for this vacancy" in page
    assert 'value="shortlisted"' in page and 'value="not_selected"' in page
    assert 'value="hired"' not in page
    assert AuditEvent.objects.filter(
        actor=s["employer"], subject=s["worker"], action=AuditAction.VIEW_APPLICATION
    ).exists()
    for status in ("shortlisted", "interview", "offered"):
        response = client.post(detail, {"status": status, "note": f"Step {status}"})
        assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.OFFERED
    login(client, s["worker"])
    mine = client.get("/applications/").content.decode()
    assert "Offered" in mine and "Shortlisted" in mine and "Interview" in mine
    assert "Step interview" in mine and "by the employer" in mine
    assert "Offered" in client.get(detail).content.decode()
    assert OutboxMessage.objects.filter(user=s["worker"]).count() == 3


def test_illegal_move_is_refused_on_the_page(client, setting):
    s = setting
    application = apply(s["vacancy"], s["worker"])
    login(client, s["employer"])
    response = client.post(f"/applications/{application.pk}/", {"status": "hired"})
    assert response.status_code == 200
    assert "cannot move to “Hired”" in response.content.decode()
    bad = client.post(f"/applications/{application.pk}/", {"status": "promoted"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    application.refresh_from_db()
    assert application.status == S.RECEIVED


def test_worker_withdraws(client, setting):
    s = setting
    application = apply(s["vacancy"], s["worker"])
    login(client, s["worker"])
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "Withdraw my application" in page and 'value="shortlisted"' not in page
    assert (
        client.post(f"/applications/{application.pk}/", {"status": "shortlisted"}).status_code
        == 200
    )
    client.post(f"/applications/{application.pk}/", {"status": "withdrawn"})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert not AuditEvent.objects.filter(subject=s["worker"]).exists()  # own data: not logged


def test_nobody_else_sees_an_application(client, setting):
    s = setting
    application = apply(s["vacancy"], s["worker"])
    detail = f"/applications/{application.pk}/"
    other_worker = make_worker()
    assert login(client, other_worker).get(detail).status_code == 404
    assert "Electrician" not in client.get("/applications/").content.decode()
    other_employer, _ = make_employer("KE")
    login(client, other_employer)
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"status": "shortlisted"}).status_code == 404
    assert client.get(f"/applications/vacancy/{s['vacancy'].pk}/").status_code == 404
    assert login(client, make_user(Role.COUNSELLOR)).get(detail).status_code == 404
    client.logout()
    assert client.get(detail).status_code == 302
    application.refresh_from_db()
    assert application.status == S.RECEIVED


def test_employer_lists_the_applications_to_a_vacancy(client, setting):
    s = setting
    first = apply(s["vacancy"], s["worker"])
    second_worker = make_worker(display_name="Baraka Second")
    second = apply(s["vacancy"], second_worker)
    move_application(second, S.SHORTLISTED, s["employer"])
    page = (
        login(client, s["employer"])
        .get(f"/applications/vacancy/{s['vacancy'].pk}/")
        .content.decode()
    )
    assert "Amina Worker" in page and "Baraka Second" in page
    assert "Shortlisted" in page and "Received" in page
    assert f"/applications/{first.pk}/" in page
    assert (
        AuditEvent.objects.filter(actor=s["employer"], action=AuditAction.VIEW_APPLICATION).count()
        == 2
    )


def test_my_applications_is_for_workers(client, setting):
    assert client.get("/applications/").status_code == 302
    assert login(client, setting["employer"]).get("/applications/").status_code == 404
    empty = login(client, make_worker()).get("/applications/").content.decode()
    assert "You have not applied to anything yet." in empty
