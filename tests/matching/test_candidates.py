from __future__ import annotations

import re

import pytest

from kazi.accounts.constants import AuditAction, ConsentPurpose
from kazi.accounts.models import AuditEvent
from kazi.applications.services import apply
from kazi.matching.selectors import candidate_number
from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    wiring, welding, driving = make_skill("wiring"), make_skill("welding"), make_skill("driving")
    employer, org = make_employer("KE", name="Umeme Works")
    vacancy = make_vacancy(
        org, title="Electrician", essential=(wiring, welding), optional=(driving,)
    )
    return {"wiring": wiring, "welding": welding, "driving": driving, "employer": employer,
            "org": org, "vacancy": vacancy}  # fmt: skip


def url(vacancy) -> str:  # type: ignore[no-untyped-def]
    return f"/for-you/candidates/{vacancy.pk}/"


def test_consenting_workers_are_ranked_with_identities_hidden(client, setting):
    s = setting
    best = make_worker(skills=(s["wiring"], s["welding"]), display_name="Amina Best")
    half = make_worker(skills=(s["wiring"],), display_name="Baraka Half")
    make_worker(skills=(s["wiring"], s["welding"]), display_name="Chidi Private",
                consents=(ConsentPurpose.MATCHING,))  # fmt: skip
    make_worker(skills=(s["wiring"], s["welding"]), display_name="Dana Nomatch",
                consents=(ConsentPurpose.VISIBLE_TO_EMPLOYERS,))  # fmt: skip
    make_worker(skills=(s["wiring"], s["welding"]), display_name="Eli Abroad", country="JO")
    html = login(client, s["employer"]).get(url(s["vacancy"])).content.decode()
    for name in ("Amina", "Baraka", "Chidi", "Dana", "Eli"):
        assert name not in html
    numbers = re.findall(r"Candidate #(\d+)", html)
    assert numbers == [
        str(candidate_number(s["vacancy"].pk, best.pk)),
        str(candidate_number(s["vacancy"].pk, half.pk)),
    ]
    assert "Has all 2 essential skills." in html
    assert "Has 1 of 2 essential skills; missing: welding." in html
    assert '<span class="tag missing">welding</span>' in html
    assert "Nairobi, Kenya" in html and "Swahili" in html


def test_identity_is_shown_once_the_worker_applies(client, setting):
    s = setting
    worker = make_worker(skills=(s["wiring"],), display_name="Amina Applicant")
    login(client, s["employer"])
    assert "Amina" not in client.get(url(s["vacancy"])).content.decode()
    application = apply(s["vacancy"], worker, "Hello")
    html = client.get(url(s["vacancy"])).content.decode()
    assert "Amina Applicant" in html
    assert f'href="/applications/{application.pk}/"' in html


def test_candidate_numbers_are_stable_and_differ_between_vacancies(setting):
    s = setting
    other = make_vacancy(s["org"], title="Other")
    assert candidate_number(s["vacancy"].pk, 7) == candidate_number(s["vacancy"].pk, 7)
    assert candidate_number(s["vacancy"].pk, 7) != candidate_number(other.pk, 7)
    assert 1_000_000 <= candidate_number(s["vacancy"].pk, 7) <= 9_999_999


def test_each_worker_shown_is_recorded_in_the_audit_log(client, setting):
    s = setting
    shown = [make_worker(skills=(s["wiring"],)) for _ in range(3)]
    hidden = make_worker(consents=())
    login(client, s["employer"]).get(url(s["vacancy"]))
    events = AuditEvent.objects.filter(actor=s["employer"], action=AuditAction.VIEW_CANDIDATE)
    assert sorted(e.subject_id for e in events) == sorted(w.pk for w in shown)
    assert not AuditEvent.objects.filter(subject=hidden).exists()
    assert {e.detail for e in events} == {f"vacancy {s['vacancy'].pk}"}


def test_workers_who_do_not_seek_this_type_of_work_are_left_out(client, setting):
    s = setting
    worker = make_worker(skills=(s["wiring"],))
    WorkerProfile.objects.filter(user=worker).update(work_types=["gig"])
    html = login(client, s["employer"]).get(url(s["vacancy"])).content.decode()
    assert "Candidate #" not in html


def test_employers_of_other_organisations_and_other_roles_get_404(client, setting):
    s = setting
    make_worker(skills=(s["wiring"],))
    intruder, _ = make_employer("KE")
    assert login(client, intruder).get(url(s["vacancy"])).status_code == 404
    assert login(client, make_worker()).get(url(s["vacancy"])).status_code == 404
    assert login(client, s["employer"]).get("/for-you/candidates/999999/").status_code == 404
    client.logout()
    assert client.get(url(s["vacancy"])).status_code == 302
    assert not AuditEvent.objects.filter(actor=intruder).exists()


def test_each_candidate_shows_the_fit_and_a_reason_per_factor(client, setting):
    s = setting
    make_worker(skills=(s["wiring"],), display_name="Amina")
    html = login(client, s["employer"]).get(url(s["vacancy"])).content.decode()
    assert "Fit: 40%" in html  # 0.8 × 1/2 essential + 0.2 × 0/1 optional
    assert "Why this?" in html
    assert "Has 1 of 2 essential skills; missing: welding." in html
    assert "Pay is not compared" in html  # no lowest pay given
    assert "How new" not in html  # workers are never ranked by freshness or activity


def test_a_much_shown_worker_moves_behind_the_others_even_when_better(client, setting):
    s = setting
    tired = make_worker(skills=(s["wiring"], s["welding"], s["driving"]))  # fit 100%
    fresh = make_worker(skills=(s["wiring"], s["welding"]))  # fit 80%
    for number in range(50):  # shown on 50 other vacancies' lists today
        AuditEvent.objects.create(
            actor=s["employer"], subject=tired, action=AuditAction.VIEW_CANDIDATE,
            detail=f"vacancy {10_000 + number}",
        )  # fmt: skip
    html = login(client, s["employer"]).get(url(s["vacancy"])).content.decode()
    numbers = re.findall(r"Candidate #(\d+)", html)
    assert numbers == [
        str(candidate_number(s["vacancy"].pk, fresh.pk)),
        str(candidate_number(s["vacancy"].pk, tired.pk)),
    ]
