"""The vector indexes follow the database: publish, edit, expire, withdraw, profile and
consent changes, several processes, rebuild == incremental (kazi/matching/index.py)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.matching import index as idx
from kazi.matching.ann import VectorIndex
from kazi.matching.engine import place_fits, type_fits
from kazi.matching.loading import get_space, reset_space
from kazi.matching.models import IndexChange
from kazi.matching.selectors import opportunity_facts, worker_facts
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy, VacancySkill
from kazi.opportunities.services import expire_due_vacancies, publish_vacancy, withdraw_vacancy
from kazi.profiles.models import WorkerProfile
from kazi.profiles.services import add_skill, remove_skill, update_wishes
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    settings.KAZI_SKILLS_DIR = tmp_path / "no-skills-cache"  # hashed concept vectors
    reset_space()
    idx.reset_indexes()
    yield
    idx.reset_indexes()
    reset_space()


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    skills = {name: make_skill(name) for name in ("wiring", "welding", "driving", "cooking")}
    employer, org = make_employer("KE", name="Umeme Works")
    _, org_ug = make_employer("UG", name="Kampala Kitchens")
    return {
        **skills,
        "employer": employer,
        "org": org,
        "org_ug": org_ug,
        "moderator": make_user(Role.MODERATOR),
    }


def indexed_vector(index: VectorIndex, pk: int) -> np.ndarray:
    return index.vector(pk)


def expected_opportunity_vector(vacancy: Vacancy) -> np.ndarray:
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    return get_space().opportunity_vector(opportunity_facts(vacancy))


def profile_of(user) -> WorkerProfile:  # type: ignore[no-untyped-def]
    return WorkerProfile.objects.get(user=user)


def test_publish_edit_expire_and_withdraw_keep_the_opportunity_index_in_step(world):
    w = world
    live = idx.opportunity_index()  # built from the (empty) database
    assert len(live) == 0
    draft = make_vacancy(w["org"], essential=(w["wiring"],), status=VacancyStatus.PENDING)
    assert draft.pk not in idx.opportunity_index()

    publish_vacancy(w["moderator"], draft)
    index = idx.opportunity_index()
    assert draft.pk in index
    assert index.item(draft.pk) == (frozenset({"KE"}), frozenset({"job"}))
    before = indexed_vector(index, draft.pk)
    assert np.allclose(before, expected_opportunity_vector(draft), atol=1e-6)

    # Skills changed (as an administrator would): the vector follows.
    VacancySkill.objects.create(vacancy=draft, skill=w["welding"], essential=True)
    after = indexed_vector(idx.opportunity_index(), draft.pk)
    assert not np.allclose(before, after)
    assert np.allclose(after, expected_opportunity_vector(draft), atol=1e-6)

    # Made remote: now also in the "remote" partition.
    vacancy = Vacancy.objects.get(pk=draft.pk)
    vacancy.remote = True
    vacancy.save()
    assert idx.opportunity_index().item(draft.pk)[0] == frozenset({"KE", "remote"})

    # Expired by the daily job.
    Vacancy.objects.filter(pk=draft.pk).update(closing_date=date.today() - timedelta(days=1))
    assert expire_due_vacancies() == 1
    assert draft.pk not in idx.opportunity_index()

    other = make_vacancy(w["org"], essential=(w["driving"],))
    assert other.pk in idx.opportunity_index()
    withdraw_vacancy(w["employer"], other)
    assert other.pk not in idx.opportunity_index()
    Vacancy.objects.filter(pk=other.pk).delete()
    assert other.pk not in idx.opportunity_index()


def test_a_vacancy_past_its_closing_date_leaves_even_before_the_expiry_job(world):
    vacancy = make_vacancy(world["org"], essential=(world["wiring"],))
    idx.live_index(idx.OPPORTUNITIES).save()
    Vacancy.objects.filter(pk=vacancy.pk).update(closing_date=timezone.localdate() - timedelta(1))
    idx.reset_indexes()  # another process starts and loads the saved file
    assert vacancy.pk not in idx.opportunity_index()


def test_profile_changes_and_consent_keep_the_worker_index_in_step(world):
    w = world
    worker = make_worker(skills=(w["wiring"],))
    index = idx.worker_index()
    assert worker.pk in index
    assert index.item(worker.pk) == (frozenset({"KE"}), frozenset({"job"}))
    before = index.vector(worker.pk)

    add_skill(profile_of(worker), w["welding"].pk, actor=worker)
    after = idx.worker_index().vector(worker.pk)
    expected = get_space().worker_vector(worker_facts(profile_of(worker)))
    assert not np.allclose(before, after)
    assert np.allclose(after, expected, atol=1e-6)

    update_wishes(profile_of(worker), actor=worker, work_types=[], accepts_remote=True)
    assert idx.worker_index().item(worker.pk) == (frozenset({"KE", "remote"}), frozenset())

    record_consents(worker, {ConsentPurpose.VISIBLE_TO_EMPLOYERS: False})
    assert worker.pk not in idx.worker_index()
    record_consents(worker, {ConsentPurpose.VISIBLE_TO_EMPLOYERS: True})
    assert worker.pk in idx.worker_index()
    record_consents(worker, {ConsentPurpose.MATCHING: False})
    assert worker.pk not in idx.worker_index()
    record_consents(worker, {ConsentPurpose.MATCHING: True})

    worker.is_active = False  # an administrator deactivates the account
    worker.save()
    assert worker.pk not in idx.worker_index()
    worker.is_active = True
    worker.save()
    assert worker.pk in idx.worker_index()
    signed_in = IndexChange.objects.count()
    worker.save(update_fields=["last_login"])  # every sign-in: not journalled
    assert IndexChange.objects.count() == signed_in

    # No skill and no occupation left: nothing to compare, so not in the index.
    remove_skill(profile_of(worker), w["wiring"].pk, actor=worker)
    remove_skill(profile_of(worker), w["welding"].pk, actor=worker)
    assert worker.pk not in idx.worker_index()

    never = make_worker(skills=(w["wiring"],), consents=(ConsentPurpose.MATCHING,))
    assert never.pk not in idx.worker_index()
    gone = make_worker(skills=(w["wiring"],))
    assert gone.pk in idx.worker_index()
    gone.delete()
    assert gone.pk not in idx.worker_index()


def test_two_processes_both_see_a_change_through_the_journal(world, tmp_path):
    w = world
    first = make_vacancy(w["org"], essential=(w["wiring"],))
    directory = tmp_path / "shared-index"
    one = idx.LiveIndex(idx.OPPORTUNITIES, directory)
    one.save()  # built from the database, then saved
    two = idx.LiveIndex(idx.OPPORTUNITIES, directory)
    assert first.pk in one.get() and first.pk in two.get()

    second = make_vacancy(w["org_ug"], essential=(w["cooking"],))
    withdraw_vacancy(w["employer"], first)
    for process in (one, two):
        index = process.get()
        assert second.pk in index and first.pk not in index

    # A third process starting from the file (saved before these changes) catches up too.
    three = idx.LiveIndex(idx.OPPORTUNITIES, directory)
    assert sorted(three.get().ids()) == [second.pk]


def test_a_journal_number_committed_late_is_still_applied(world, tmp_path):
    w = world
    live = idx.LiveIndex(idx.OPPORTUNITIES, tmp_path / "late")
    live.get()
    vacancy = make_vacancy(w["org"], essential=(w["wiring"],))
    top = IndexChange.objects.latest("pk").pk
    # Another transaction took the number top+50 and committed first...
    IndexChange.objects.create(pk=top + 50, kind=idx.OPPORTUNITIES, object_id=999_999)
    IndexChange.objects.filter(pk__gt=live.seq, pk__lte=top).delete()
    live.get()
    assert vacancy.pk not in live.get()
    assert live.safe_seq < top + 50  # the file would be saved before the gap
    # ... then the earlier one commits.
    IndexChange.objects.create(pk=top + 10, kind=idx.OPPORTUNITIES, object_id=vacancy.pk)
    assert vacancy.pk in live.get()


def test_rebuild_equals_incremental(world, tmp_path):
    w = world
    live = idx.LiveIndex(idx.OPPORTUNITIES, tmp_path / "incremental")
    workers = idx.LiveIndex(idx.WORKERS, tmp_path / "incremental-workers")
    live.get(), workers.get()
    a = make_vacancy(w["org"], essential=(w["wiring"], w["welding"]), optional=(w["driving"],))
    b = make_vacancy(w["org_ug"], essential=(w["cooking"],), remote=True, kind="gig")
    c = make_vacancy(w["org"], essential=(w["driving"],))
    VacancySkill.objects.filter(vacancy=a, skill=w["driving"]).delete()
    withdraw_vacancy(w["employer"], c)
    x = make_worker(skills=(w["wiring"],))
    y = make_worker(skills=(w["cooking"],), country="UG")
    add_skill(profile_of(y), w["driving"].pk, actor=y)
    update_wishes(profile_of(x), actor=x, work_types=["gig"], accepts_remote=True)
    for live_index, kind in ((live, idx.OPPORTUNITIES), (workers, idx.WORKERS)):
        incremental = live_index.get()
        fresh, _ = idx.build(kind, get_space())
        assert incremental.ids() == fresh.ids()
        for pk in fresh.ids():
            assert incremental.item(pk) == fresh.item(pk)
            assert np.allclose(incremental.vector(pk), fresh.vector(pk), atol=1e-6)
    assert live.get().ids() == sorted([a.pk, b.pk])
    assert workers.get().ids() == sorted([x.pk, y.pk])


def test_candidates_apply_the_engine_place_and_type_rules(world):
    w = world
    _, org_tz = make_employer("TZ")
    vacancies = [
        make_vacancy(w["org"], essential=(w["wiring"],)),
        make_vacancy(w["org"], essential=(w["wiring"],), remote=True, kind="gig"),
        make_vacancy(w["org_ug"], essential=(w["wiring"],)),
        make_vacancy(w["org_ug"], essential=(w["wiring"],), remote=True),
        make_vacancy(org_tz, essential=(w["wiring"],), remote=True, kind="microtask"),
    ]
    facts = [opportunity_facts(Vacancy.objects.get(pk=v.pk)) for v in vacancies]
    people = [
        make_worker(skills=(w["wiring"],)),
        make_worker(skills=(w["wiring"],), country="UG"),
        make_worker(skills=(w["wiring"],), country=""),
        make_worker(skills=(w["wiring"],), country="TZ"),
    ]
    update_wishes(profile_of(people[1]), actor=people[1], work_types=[], accepts_remote=True)
    update_wishes(profile_of(people[3]), actor=people[3], work_types=["gig"], accepts_remote=True)
    workers = [worker_facts(profile_of(p)) for p in people]
    for worker in workers:
        expected = {o.id for o in facts if place_fits(worker, o) and type_fits(worker, o)}
        assert set(idx.opportunity_candidates(worker, 20)) == expected
    for opportunity in facts:
        expected = {
            x.id for x in workers if place_fits(x, opportunity) and type_fits(x, opportunity)
        }
        assert set(idx.worker_candidates(opportunity, 20)) == expected
    # Best first: the closest opportunity leads.
    cook = make_vacancy(w["org"], essential=(w["cooking"],))
    chef = make_worker(skills=(w["cooking"],))
    found = idx.opportunity_candidates(worker_facts(profile_of(chef)), 20)
    assert found[0] == cook.pk


def test_missing_or_damaged_files_are_rebuilt_from_the_database(world, tmp_path):
    vacancy = make_vacancy(world["org"], essential=(world["wiring"],))
    directory = tmp_path / "damaged"
    live = idx.LiveIndex(idx.OPPORTUNITIES, directory)
    assert vacancy.pk in live.get()  # no file: built, saved
    folder = directory / (directory / "CURRENT").read_text().strip()
    next(folder.glob("*.ids.npy")).write_bytes(b"garbage")
    again = idx.LiveIndex(idx.OPPORTUNITIES, directory)
    assert vacancy.pk in again.get()
    VectorIndex.load(directory)  # saved again, whole


def test_the_index_commands(world):
    w = world
    make_vacancy(w["org"], essential=(w["wiring"],))
    make_vacancy(w["org_ug"], essential=(w["cooking"],), remote=True)
    make_worker(skills=(w["wiring"],))
    out = io.StringIO()
    call_command("index_status", stdout=out)
    assert "not saved; 2 objects belong in it" in out.getvalue()

    IndexChange.objects.update(at=timezone.now() - timedelta(minutes=10))  # settled
    out = io.StringIO()
    call_command("index_rebuild", no_progress=True, stdout=out, stderr=io.StringIO())
    assert "opportunity: 2 items in 3 partitions" in out.getvalue()
    assert "worker: 1 items in 1 partitions" in out.getvalue()

    make_vacancy(w["org"], essential=(w["driving"],))
    out = io.StringIO()
    call_command("index_status", stdout=out)
    text = out.getvalue()
    assert "2 items in 3 partitions" in text and "3 objects belong in it now" in text
    assert "2 later entries" in text  # the vacancy and its skill

    IndexChange.objects.update(at=timezone.now() - timedelta(days=2))
    out = io.StringIO()
    call_command("index_update", stdout=out)
    assert "opportunity: 1 objects refreshed since the last save" in out.getvalue()
    assert IndexChange.objects.count() == 0
    out = io.StringIO()
    call_command("index_status", stdout=out)
    assert "3 items in 3 partitions" in out.getvalue()
    assert "0 later entries" in out.getvalue()
