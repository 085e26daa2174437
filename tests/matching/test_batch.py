"""Batch refresh of stored matches and the alerts it creates (kazi.matching.batch), and the
`kazi match refresh` command."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose
from kazi.applications.services import apply
from kazi.cli import main as kazi_main
from kazi.core.errors import DomainError
from kazi.matching.batch import refresh_matches, refresh_worker
from kazi.matching.constants import OverrideAction
from kazi.matching.models import MatchAlert, MatchOverride, StoredMatch
from kazi.matching.selectors import rank_for_worker
from kazi.opportunities.constants import VacancyStatus
from kazi.profiles.models import ProfileSkill, WorkerProfile
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

ALERTS = (ConsentPurpose.VISIBLE_TO_EMPLOYERS, ConsentPurpose.MATCHING, ConsentPurpose.JOB_ALERTS)


@pytest.fixture
def skills():  # type: ignore[no-untyped-def]
    names = ["wiring", "safety rules", "testing circuits", "welding", "driving", "first aid"]
    return {name: make_skill(name) for name in names}


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    return make_employer("KE", name="Umeme Works")[1]


def vacancy(org, *essential, hours_ago: float = 48, **extra):  # type: ignore[no-untyped-def]
    published = timezone.now() - timedelta(hours=hours_ago)
    return make_vacancy(org, essential=essential, published_at=published, **extra)


def stored(worker) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return list(
        StoredMatch.objects.filter(worker=worker).order_by("rank").values_list("rank", "vacancy_id")
    )


def test_stores_the_engine_top_matches_of_each_consenting_worker(skills, org) -> None:  # type: ignore[no-untyped-def]
    s = skills
    v1 = vacancy(org, s["wiring"], s["safety rules"], title="Electrician")
    v2 = vacancy(org, s["welding"], title="Welder")
    v3 = vacancy(org, s["wiring"], s["testing circuits"], title="Tester")
    vacancy(org, s["driving"], title="Closed", status=VacancyStatus.WITHDRAWN)
    worker = make_worker(skills=(s["wiring"], s["safety rules"]))
    other = make_worker(skills=(s["welding"],))
    no_consent = make_worker(skills=(s["wiring"],), consents=())

    report = refresh_matches(processes=1)

    profile = WorkerProfile.objects.get(user=worker)
    expected = rank_for_worker(profile)[:20]
    assert stored(worker) == [(rank, r.id) for rank, r in enumerate(expected, start=1)]
    assert stored(worker)[0] == (1, v1.pk)
    scores = dict(StoredMatch.objects.filter(worker=worker).values_list("vacancy_id", "score"))
    assert scores == {r.id: r.score for r in expected}
    assert {pk for _, pk in stored(other)} == {v1.pk, v2.pk, v3.pk}
    assert stored(no_consent) == []
    assert report.workers == 2
    assert report.opportunities == 3
    assert report.stored == 6
    assert report.workers_per_second > 0


def test_top_is_respected_and_parallel_chunks_store_the_same(skills, org) -> None:  # type: ignore[no-untyped-def]
    s = skills
    for n in range(6):
        vacancy(org, s["wiring"], *([s["safety rules"]] if n % 2 else []), title=f"Job {n}")
    workers = [make_worker(skills=(s["wiring"],)) for _ in range(5)]
    refresh_matches(processes=1, top=3)
    serial = {w.pk: stored(w) for w in workers}
    assert all(len(v) == 3 for v in serial.values())
    report = refresh_matches(processes=2, top=3, chunk_size=2)
    assert {w.pk: stored(w) for w in workers} == serial
    assert report.workers == 5 and report.stored == 15


def test_a_second_refresh_replaces_the_stored_matches(skills, org) -> None:  # type: ignore[no-untyped-def]
    s = skills
    first = vacancy(org, s["wiring"], title="First")
    second = vacancy(org, s["wiring"], s["driving"], title="Second")
    worker = make_worker(skills=(s["wiring"],))
    refresh_matches(processes=1)
    assert [pk for _, pk in stored(worker)] == [first.pk, second.pk]
    first.status = VacancyStatus.WITHDRAWN
    first.save()
    refresh_matches(processes=1)
    assert stored(worker) == [(1, second.pk)]


def test_withdrawn_consent_or_closed_account_clears_stored_matches(skills, org) -> None:  # type: ignore[no-untyped-def]
    vacancy(org, skills["wiring"])
    leaving = make_worker(skills=(skills["wiring"],))
    closing = make_worker(skills=(skills["wiring"],))
    staying = make_worker(skills=(skills["wiring"],))
    refresh_matches(processes=1)
    assert stored(leaving) and stored(closing)
    record_consents(leaving, {ConsentPurpose.MATCHING: False})
    closing.is_active = False
    closing.save()
    report = refresh_matches(processes=1)
    assert stored(leaving) == [] and stored(closing) == []
    assert stored(staying)
    assert report.cleared == 2


def test_alerts_only_for_newly_published_matches_and_never_twice(skills, org) -> None:  # type: ignore[no-untyped-def]
    s = skills
    old = vacancy(org, s["wiring"], title="Old")
    worker = make_worker(skills=(s["wiring"], s["safety rules"]), consents=ALERTS)
    no_alerts = make_worker(skills=(s["wiring"], s["safety rules"]))
    first = refresh_matches(processes=1)
    assert first.alerts == 0 and not MatchAlert.objects.exists()  # the first run: nothing new

    new = vacancy(org, s["wiring"], s["safety rules"], title="New", hours_ago=0)
    poor_fit = vacancy(org, s["wiring"], s["welding"], s["driving"], s["first aid"], hours_ago=0)
    report = refresh_matches(processes=1)
    alerts = list(MatchAlert.objects.values_list("worker_id", "vacancy_id"))
    assert alerts == [(worker.pk, new.pk)]
    assert report.alerts == 1
    assert {old.pk, new.pk, poor_fit.pk} <= {pk for _, pk in stored(worker)}
    assert stored(no_alerts)  # matched, but no alert without the job-alerts consent

    again = refresh_matches(processes=1)
    assert again.alerts == 0
    assert MatchAlert.objects.count() == 1


def test_no_alert_for_an_older_opportunity_after_a_profile_change(skills, org):  # type: ignore[no-untyped-def]
    s = skills
    vacancy(org, s["wiring"])
    welding = vacancy(org, s["welding"], title="Welder", hours_ago=72)
    worker = make_worker(skills=(s["wiring"],), consents=ALERTS)
    refresh_matches(processes=1, top=1)
    profile = WorkerProfile.objects.get(user=worker)
    ProfileSkill.objects.filter(profile=profile).delete()
    ProfileSkill.objects.create(profile=profile, skill=s["welding"], added_by=worker)
    refresh_matches(processes=1, top=1)
    assert stored(worker) == [(1, welding.pk)]
    assert not MatchAlert.objects.exists()


def test_no_alert_for_a_hidden_or_applied_opportunity(skills, org) -> None:  # type: ignore[no-untyped-def]
    s = skills
    vacancy(org, s["driving"])
    worker = make_worker(skills=(s["wiring"],), consents=ALERTS)
    counsellor = make_user("counsellor")
    refresh_matches(processes=1)
    hidden = vacancy(org, s["wiring"], title="Hidden", hours_ago=0)
    applied = vacancy(org, s["wiring"], title="Applied", hours_ago=0)
    shown = vacancy(org, s["wiring"], title="Shown", hours_ago=0)
    MatchOverride.objects.create(
        worker=worker,
        vacancy=hidden,
        action=OverrideAction.HIDE,
        reason="Too far from home",
        counsellor=counsellor,
    )
    apply(applied, worker)
    refresh_matches(processes=1)
    assert list(MatchAlert.objects.values_list("vacancy_id", flat=True)) == [shown.pk]


def test_refresh_worker_after_a_profile_change(skills, org) -> None:  # type: ignore[no-untyped-def]
    s = skills
    wiring = vacancy(org, s["wiring"])
    welding = vacancy(org, s["welding"])
    worker = make_worker(skills=(s["wiring"],))
    profile = WorkerProfile.objects.get(user=worker)
    assert refresh_worker(profile, top=1) == 1
    assert stored(worker) == [(1, wiring.pk)]
    ProfileSkill.objects.filter(profile=profile).delete()
    ProfileSkill.objects.create(profile=profile, skill=s["welding"], added_by=worker)
    refresh_worker(profile, top=1)
    assert stored(worker) == [(1, welding.pk)]
    record_consents(worker, {ConsentPurpose.MATCHING: False})
    assert refresh_worker(profile) == 0
    assert stored(worker) == []


def test_bad_arguments_are_refused_by_the_service() -> None:
    with pytest.raises(DomainError, match="engine"):
        refresh_matches(engine="foo")
    with pytest.raises(DomainError, match="processes"):
        refresh_matches(processes=0)
    with pytest.raises(DomainError, match="between 1 and"):
        refresh_matches(top=0)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--engine", "foo"], "invalid choice: 'foo'"),
        (["--processes", "0"], "must be at least 1"),
        (["--processes", "two"], "'two' is not a whole number"),
        (["--top", "-3"], "must be at least 1"),
        (["--top", "500"], "between 1 and 200"),
        (["--ray-address", "auto"], "--ray-address needs --engine ray"),
    ],
)
def test_bad_command_arguments_give_clear_errors(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("match_refresh", *arguments, "--no-progress")


def test_kazi_match_refresh_reports_counts_and_speed(skills, org) -> None:  # type: ignore[no-untyped-def]
    vacancy(org, skills["wiring"])
    make_worker(skills=(skills["wiring"],))
    out, err = io.StringIO(), io.StringIO()
    call_command("match_refresh", "--processes", "1", stdout=out, stderr=err)
    assert "Refreshed 1 workers against 1 open opportunities: 1 stored matches" in out.getvalue()
    assert "workers/s" in out.getvalue()
    assert "Refreshing matches" in err.getvalue()  # the progress bar


def test_the_kazi_command_maps_match_refresh(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        kazi_main(["match", "refresh", "--engine", "foo"])
    assert "argument --engine: invalid choice: 'foo'" in capsys.readouterr().err
