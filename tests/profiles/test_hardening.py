"""Regression tests from the security and bad-input review of profiles."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.core.errors import DomainError
from kazi.profiles import services
from kazi.profiles.models import ProfileOccupation, ProfileSkill, WorkerProfile
from tests.conftest import login
from tests.factories import make_occupation, make_skill, make_user, make_worker

pytestmark = pytest.mark.django_db

ME = "/api/v1/workers/me/profile"
HUGE = 10**30  # more than a database id can be


def test_ids_too_large_for_the_database_are_not_a_server_error(client):
    skill = make_skill("weld metal parts")
    occupation = make_occupation("welder")
    worker = make_worker(skills=(skill,))
    ProfileOccupation.objects.create(profile=worker.profile, occupation=occupation)
    login(client, worker)
    for name, data in (
        ("profiles:skill_remove", {}),
        ("profiles:skill_level", {"level": "basic"}),
        ("profiles:occupation_remove", {}),
    ):
        response = client.post(reverse(name, args=[HUGE]), data)
        assert response.status_code == 302, name
    assert ProfileSkill.objects.filter(profile=worker.profile, skill=skill).exists()
    assert ProfileOccupation.objects.filter(profile=worker.profile).count() == 1
    with pytest.raises(DomainError):
        services.set_skill_level(worker.profile, HUGE, "basic", actor=worker)


def test_a_refused_patch_changes_nothing(client):
    worker = make_worker()
    login(client, worker)
    response = client.patch(
        ME, {"city": "Mombasa", "min_pay_amount": "-5"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "min_pay_amount"
    assert WorkerProfile.objects.get(user=worker).city == "Nairobi"


def test_a_refused_service_call_leaves_the_profile_object_unchanged():
    worker = make_worker()
    profile = worker.profile
    with pytest.raises(DomainError):
        services.update_about(profile, actor=worker, languages=["fr"], country="KE", city="x" * 500)
    assert profile.languages == ["en", "sw"] and profile.city == "Nairobi"
    with pytest.raises(DomainError):
        services.update_wishes(
            profile, actor=worker, work_types=["gig"], accepts_remote=True, availability="soon-ish"
        )
    assert profile.work_types == ["job"] and profile.accepts_remote is False


@pytest.mark.parametrize("work_type", ["", "  ", "astronaut"])
def test_empty_or_unknown_work_types_are_refused(client, work_type):
    worker = make_worker()
    login(client, worker)
    response = client.patch(ME, {"work_types": [work_type]}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "work_types"
    assert WorkerProfile.objects.get(user=worker).work_types == ["job"]


def test_work_types_are_saved_without_surrounding_spaces(client):
    worker = make_worker()
    login(client, worker)
    response = client.patch(ME, {"work_types": [" gig "]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["work_types"] == ["gig"]


def test_pay_below_one_cent_is_refused_not_stored_as_zero(client):
    worker = make_worker()
    login(client, worker)
    response = client.patch(
        ME,
        {"min_pay_amount": "0.001", "min_pay_currency": "KES", "min_pay_period": "month"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "min_pay_amount"
    assert WorkerProfile.objects.get(user=worker).min_pay_amount is None
    # and a normal amount still works afterwards
    response = client.patch(
        ME,
        {"min_pay_amount": "0.01", "min_pay_currency": "KES", "min_pay_period": "month"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert WorkerProfile.objects.get(user=worker).min_pay_amount == Decimal("0.01")


def test_the_caseload_list_is_written_to_each_workers_audit_log(client):
    consents = (ConsentPurpose.COUNSELLOR_CONTACT,)
    amina = make_worker(consents=consents, display_name="Amina", phone="+254712345678")
    bashir = make_worker(consents=consents, display_name="Bashir")
    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)
    assert client.get(reverse("profiles:caseload")).status_code == 200
    logged = AuditEvent.objects.filter(actor=counsellor, action=AuditAction.VIEW_PROFILE)
    assert set(logged.values_list("subject_id", flat=True)) == {amina.pk, bashir.pk}
    # the live search (partial results) shows the same contact details: logged too
    client.get(reverse("profiles:caseload"), {"q": "amina", "partial": "1"})
    assert logged.filter(subject=amina).count() == 2
    assert logged.filter(subject=bashir).count() == 1
