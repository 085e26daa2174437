from __future__ import annotations

import pytest

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.applications.services import apply
from kazi.matching.selectors import candidate_number
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

MATCHES = "/api/v1/workers/me/matches"


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    wiring, welding = make_skill("wiring", fr="câblage"), make_skill("welding", fr="soudage")
    employer, org = make_employer("KE")
    vacancy = make_vacancy(org, title="Electrician", essential=(wiring, welding))
    return {"wiring": wiring, "welding": welding, "employer": employer, "org": org,
            "vacancy": vacancy}  # fmt: skip


def test_worker_gets_ranked_matches_with_factors_reason_and_esco_skills(client, setting):
    s = setting
    other = make_vacancy(s["org"], title="Helper")
    worker = make_worker(skills=(s["wiring"],))
    body = login(client, worker).get(MATCHES).json()
    assert body["total"] == 2
    items = {item["vacancy"]["id"]: item for item in body["items"]}
    first = items[s["vacancy"].pk]
    assert first["score"] == 0.5
    skill_fit = first["factors"][0]
    assert skill_fit["name"] == "skill_fit" and skill_fit["value"] == 0.5
    assert skill_fit["params"]["essential_matched"] == 1
    assert skill_fit["params"]["essential_total"] == 2
    assert skill_fit["reason"] == "You have 1 of 2 essential skills; missing: welding."
    names = [factor["name"] for factor in first["factors"]]
    assert names == ["skill_fit", "pay", "hours", "start", "language", "freshness"]
    assert all(factor["reason"] for factor in first["factors"])
    assert first["reason"] == "You have 1 of 2 essential skills; missing: welding."
    assert first["matched_skills"] == [{"uri": s["wiring"].uri, "label": "wiring"}]
    assert first["missing_skills"] == [{"uri": s["welding"].uri, "label": "welding"}]
    assert items[other.pk]["reason"] == "This opportunity lists no required skills."


def test_matches_in_another_language(client, setting):
    worker = make_worker(skills=(setting["wiring"],))
    body = login(client, worker).get(MATCHES + "?lang=fr").json()
    assert body["language"] == "fr"
    assert body["items"][0]["missing_skills"][0]["label"] == "soudage"


def test_matches_refuse_bad_input_and_the_wrong_people(client, setting):
    assert client.get(MATCHES).status_code == 401
    worker = make_worker()
    login(client, worker)
    bad_lang = client.get(MATCHES + "?lang=xx")
    assert bad_lang.status_code == 400 and bad_lang.json()["field"] == "lang"
    assert client.get(MATCHES + "?limit=0").status_code == 400
    assert client.get(MATCHES + "?limit=101").status_code == 400
    assert client.get(MATCHES + "?offset=-1").status_code == 400
    assert client.get(MATCHES + "?limit=ten").status_code == 422
    assert login(client, setting["employer"]).get(MATCHES).status_code == 403
    no_profile = login(client, make_user()).get(MATCHES)
    assert no_profile.status_code == 400 and no_profile.json()["code"] == "no_profile"
    no_consent = login(client, make_worker(consents=())).get(MATCHES)
    assert no_consent.status_code == 403 and no_consent.json()["code"] == "no_consent"


def candidates_url(vacancy) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/opportunities/{vacancy.pk}/candidates"


def test_employer_gets_pseudonymous_candidates_until_they_apply(client, setting):
    s = setting
    applicant = make_worker(skills=(s["wiring"], s["welding"]), display_name="Amina Applicant")
    quiet = make_worker(skills=(s["wiring"],), display_name="Baraka Quiet")
    make_worker(skills=(s["wiring"],), consents=(ConsentPurpose.MATCHING,))
    application = apply(s["vacancy"], applicant)
    body = login(client, s["employer"]).get(candidates_url(s["vacancy"])).json()
    assert body["total"] == 2
    first, second = body["items"]
    assert first["identified"] is True and first["name"] == "Amina Applicant"
    assert first["application_id"] == application.pk
    assert second["identified"] is False and second["name"] is None
    assert second["candidate_number"] == candidate_number(s["vacancy"].pk, quiet.pk)
    assert second["reason"] == "Has 1 of 2 essential skills; missing: welding."
    assert "Baraka" not in str(body)
    assert AuditEvent.objects.filter(
        actor=s["employer"], subject=quiet, action=AuditAction.VIEW_CANDIDATE
    ).exists()


def test_candidates_are_for_the_employers_own_vacancies_only(client, setting):
    s = setting
    assert client.get(candidates_url(s["vacancy"])).status_code == 401
    other, _ = make_employer("KE")
    assert login(client, other).get(candidates_url(s["vacancy"])).status_code == 404
    assert login(client, make_worker()).get(candidates_url(s["vacancy"])).status_code == 403
    login(client, s["employer"])
    assert client.get("/api/v1/opportunities/999999/candidates").status_code == 404
    assert client.get("/api/v1/opportunities/abc/candidates").status_code == 404
    assert client.get(candidates_url(s["vacancy"]) + "?limit=500").status_code == 400


def test_a_worker_reads_their_own_matches_by_id_and_nobody_else_can(client, setting):
    worker = make_worker(skills=(setting["wiring"],))
    url = f"/api/v1/workers/{worker.pk}/matches"
    assert client.get(url).status_code == 401
    own = login(client, worker).get(url)
    assert own.status_code == 200 and own.json()["total"] == 1
    other = make_worker()
    assert login(client, other).get(url).status_code == 404
    assert login(client, setting["employer"]).get(url).status_code == 404


def test_a_counsellor_reads_a_consenting_workers_matches_and_it_is_logged(client, setting):
    counsellor = make_user(role=Role.COUNSELLOR)
    helped = make_worker(
        skills=(setting["wiring"],),
        consents=(ConsentPurpose.MATCHING, ConsentPurpose.COUNSELLOR_CONTACT),
    )
    not_helped = make_worker(skills=(setting["wiring"],))
    login(client, counsellor)
    body = client.get(f"/api/v1/workers/{helped.pk}/matches?lang=fr").json()
    assert body["items"][0]["vacancy"]["id"] == setting["vacancy"].pk
    assert body["items"][0]["missing_skills"][0]["label"] == "soudage"
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=helped, action=AuditAction.API_READ, detail="matches"
    ).exists()
    assert client.get(f"/api/v1/workers/{not_helped.pk}/matches").status_code == 404
    assert not AuditEvent.objects.filter(subject=not_helped).exists()


def test_a_counsellors_pin_shows_in_the_workers_api_with_its_reason(client, setting):
    from kazi.matching.override_services import set_override

    counsellor = make_user(role=Role.COUNSELLOR)
    worker = make_worker(
        skills=(setting["wiring"],),
        consents=(ConsentPurpose.MATCHING, ConsentPurpose.COUNSELLOR_CONTACT),
    )
    other = make_vacancy(setting["org"], title="Helper", essential=(setting["welding"],))
    set_override(counsellor, worker, other, "pin", "Good first step for her")
    body = login(client, worker).get(MATCHES).json()
    first = body["items"][0]
    assert first["vacancy"]["id"] == other.pk
    assert first["override"] == {"action": "pin", "reason": "Good first step for her"}
    assert "pinned" in first["flags"]
    assert body["items"][1]["override"] is None


def test_employers_never_read_a_candidates_pay_floor_or_availability(client, setting):
    from decimal import Decimal

    from kazi.profiles.models import WorkerProfile

    worker = make_worker(skills=(setting["wiring"],))
    WorkerProfile.objects.filter(user=worker).update(
        min_pay_amount=Decimal("999999"), min_pay_currency="KES", min_pay_period="month",
        availability="later",
    )  # fmt: skip
    vacancy = setting["vacancy"]
    from django.utils import timezone

    vacancy.start_date = timezone.localdate()
    vacancy.save()
    body = (
        login(client, setting["employer"])
        .get(f"/api/v1/opportunities/{vacancy.pk}/candidates")
        .json()
    )
    factors = {f["name"]: f for f in body["items"][0]["factors"]}
    assert factors["pay"]["params"] == {"state": "below"}
    assert factors["pay"]["reason"] == "The pay is below the lowest pay they accept."
    assert factors["start"]["params"] == {"state": "early", "start": vacancy.start_date.isoformat()}
    assert "999999" not in str(body) and "%" not in factors["pay"]["reason"]
