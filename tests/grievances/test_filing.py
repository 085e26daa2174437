"""Filing a grievance: with an account or anonymously, all or nothing, code and PIN once."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from kazi.accounts.constants import Role
from kazi.core.errors import DomainError
from kazi.grievances import services
from kazi.grievances.constants import Category, EventKind, State
from kazi.grievances.models import CaseEvent, Evidence, Grievance
from kazi.grievances.prefill import offer_grievance
from tests.conftest import login
from tests.factories import make_user, make_worker
from tests.grievances.conftest import stored_files
from tests.grievances.factories import (
    EXE_BYTES,
    PNG_BYTES,
    file_case,
    make_agency,
    new_grievance,
    pdf,
    raw,
)

pytestmark = pytest.mark.django_db


def _form(**extra):  # type: ignore[no-untyped-def]
    data = {
        "category": Category.ILLEGAL_FEES,
        "country": "QA",
        "origin_country": "NP",
        "employer_name": "Gulf Build Co",
        "description": "I paid 1,500 dollars to the agent before leaving.",
    }
    data.update(extra)
    return data


def test_an_anonymous_visitor_files_and_sees_code_and_pin_once(client: Client):
    response = client.post(reverse("grievances:file"), _form(evidence=[pdf()]))
    assert response.status_code == 200
    grievance = Grievance.objects.get()
    page = response.content.decode()
    assert grievance.case_code in page
    pin = page.split('id="case-pin">')[1].split("<")[0]
    assert len(pin) == 6 and pin.isdigit()
    assert check_password(pin, grievance.pin_hash) and pin not in grievance.pin_hash
    assert response["Cache-Control"] == "no-store"
    # Nothing links the case to a person; the session can open it right away.
    assert grievance.filed_by is None
    assert grievance.state == State.NEW and grievance.due_at is not None
    assert all(e.actor_id is None for e in grievance.events.all())
    assert grievance.evidence.get().original_name == "payslip.pdf"
    case_page = client.get(reverse("grievances:case", args=[grievance.case_code]))
    assert case_page.status_code == 200
    assert pin not in case_page.content.decode()


def test_the_pin_is_never_shown_again_even_when_the_form_is_sent_twice(client: Client):
    token = client.get(reverse("grievances:file")).context["form"].initial["once"]
    first = client.post(reverse("grievances:file"), _form(once=token))
    pin = first.content.decode().split('id="case-pin">')[1].split("<")[0]
    again = client.post(reverse("grievances:file"), _form(once=token), follow=True)
    assert Grievance.objects.count() == 1
    assert pin not in again.content.decode()
    assert "This grievance was already filed." in again.content.decode()


def test_a_signed_in_worker_files_with_the_account_or_anonymously(client: Client):
    worker = make_worker()
    login(client, worker)
    client.post(reverse("grievances:file"), _form())
    client.post(reverse("grievances:file"), _form(anonymous="on"))
    mine, anonymous = Grievance.objects.order_by("pk")
    assert mine.filed_by == worker
    assert anonymous.filed_by is None
    assert not anonymous.events.filter(actor__isnull=False).exists()
    listing = client.get(reverse("grievances:mine")).content.decode()
    assert mine.case_code in listing and anonymous.case_code not in listing


def _stored_sessions() -> str:
    from django.contrib.sessions.models import Session

    return " ".join(str(s.get_decoded()) for s in Session.objects.all())


def test_an_anonymous_case_code_is_never_stored_in_the_signed_in_session(client: Client):
    worker = make_worker()
    login(client, worker)
    token = client.get(reverse("grievances:file")).context["form"].initial["once"]
    client.post(reverse("grievances:file"), _form(anonymous="on", once=token))
    anonymous = Grievance.objects.get()
    assert anonymous.filed_by is None
    # The session row carries the account: it must not carry the anonymous case too.
    assert anonymous.case_code not in _stored_sessions()
    # This browser still opens the case it just filed, and a resubmitted form leads to it.
    case_url = reverse("grievances:case", args=[anonymous.case_code])
    assert client.get(case_url).status_code == 200
    again = client.post(reverse("grievances:file"), _form(anonymous="on", once=token))
    assert again.status_code == 302 and again.url == case_url
    assert Grievance.objects.count() == 1
    # Following it with code and PIN keeps nothing in the session either ...
    other = Client()
    login(other, worker)
    pin_page = client.post(reverse("grievances:file"), _form(anonymous="on"))
    second = Grievance.objects.order_by("-pk").first()
    assert second is not None
    pin = pin_page.content.decode().split('id="case-pin">')[1].split("<")[0]
    opened = other.post(reverse("grievances:follow"), {"code": second.case_code, "pin": pin})
    assert opened.status_code == 302
    assert other.get(opened.url).status_code == 200
    assert second.case_code not in _stored_sessions()
    # ... and signing out closes the cases opened in the session.
    client.post(reverse("accounts:logout"))
    assert client.get(case_url).status_code == 302


def test_the_form_is_prefilled_by_another_page_and_cleared_after_filing(client: Client, rf):
    agency = make_agency()
    session = client.session
    request = rf.get("/")
    request.session = session
    url = offer_grievance(
        request,
        category=Category.CONTRACT_SUBSTITUTION,
        description="Wage cut from 1,200 to 900.",
        country="QA",
        agency_id=agency.pk,
    )
    session.save()
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["category"] == Category.CONTRACT_SUBSTITUTION
    assert form.initial["agency"] == agency.pk
    assert "Himalaya Manpower" in page.content.decode()
    client.post(
        reverse("grievances:file"),
        _form(category=Category.CONTRACT_SUBSTITUTION, agency=agency.pk, employer_name=""),
    )
    grievance = Grievance.objects.get()
    assert grievance.agency == agency and grievance.employer_name == "Himalaya Manpower"
    assert "kazi_grievance_prefill" not in client.session
    assert client.get(reverse("grievances:file")).context["form"].initial.get("category") is None


def test_an_agency_is_found_by_its_licence_number(client: Client):
    agency = make_agency(licence="DOFE-77/2020")
    client.post(reverse("grievances:file"), _form(licence_number="dofe-77/2020"))
    assert Grievance.objects.get().agency == agency
    response = client.post(reverse("grievances:file"), _form(licence_number="NOPE-1"))
    assert "No agency in the registry has this licence number" in response.content.decode()
    assert Grievance.objects.count() == 1


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ([pdf(), pdf("virus.pdf", EXE_BYTES)], "virus.pdf: This type of file is not accepted"),
        ([pdf() for _ in range(6)], "Send at most 5 files at a time."),
        ([pdf("big.pdf", b"%PDF-" + b"0" * 2048)], "big.pdf: The file is too large"),
        ([pdf("empty.pdf", b"")], "file is empty"),
    ],
)
def test_a_bad_file_refuses_the_whole_filing_and_nothing_is_kept(
    client: Client, settings, _private_dir, files, says
):
    settings.KAZI_EVIDENCE_MAX_BYTES = 1024
    response = client.post(reverse("grievances:file"), _form(evidence=files))
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Grievance.objects.exists() and not Evidence.objects.exists()
    assert stored_files(_private_dir) == []


def test_a_failure_after_the_files_are_written_deletes_them(monkeypatch, _private_dir):
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database went away")

    original = CaseEvent.objects.create

    def create(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("kind") == EventKind.EVIDENCE:
            fail()
        return original(**kwargs)

    monkeypatch.setattr(CaseEvent.objects, "create", create)
    with pytest.raises(RuntimeError):
        file_case(files=[raw(PNG_BYTES, "photo.png")])
    assert not Grievance.objects.exists()
    assert stored_files(_private_dir) == []


def test_evidence_is_stored_privately_under_a_random_name(_private_dir):
    filed = file_case(files=[raw(PNG_BYTES, "Amina passport.png")])
    evidence = filed.grievance.evidence.get()
    assert evidence.content_type == "image/png" and evidence.size == len(PNG_BYTES)
    assert "Amina" not in evidence.file.name and evidence.file.name.endswith(".png")
    assert stored_files(_private_dir) == [str(_private_dir / evidence.file.name)]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"category": "nonsense"}, "category"),
        ({"country": "XX"}, "country"),
        ({"origin_country": "QQ"}, "origin_country"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 10001}, "description"),
        ({"agency_id": 999999}, "agency"),
    ],
)
def test_the_service_refuses_bad_values_with_the_field_named(extra, field):
    with pytest.raises(DomainError) as caught:
        services.file_grievance(new_grievance(**extra))
    assert caught.value.field == field
    assert not Grievance.objects.exists()


def test_staff_filing_for_nobody_keeps_no_link(client: Client):
    counsellor = make_user(Role.COUNSELLOR)
    filed = file_case(counsellor, anonymous=True)
    assert filed.grievance.filed_by is None
