"""The batch refresh on a Ray cluster: a real local Ray instance, started once for this
module (about ten seconds), gives the same results as one process and as local processes."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import ray
from django.core.management import call_command

from kazi.matching.batch import refresh_matches
from kazi.matching.engine import MatchEngine
from kazi.matching.models import StoredMatch
from kazi.matching.refresh import (
    Snapshot,
    collect,
    local_ray_options,
    run_local,
    run_ray,
    run_serial,
)
from tests.factories import make_employer, make_skill, make_vacancy, make_worker
from tests.matching.test_refresh import TODAY, as_lists, population, space_of


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    """One local Ray instance for the whole module (the same options as `run_ray` uses
    when it starts one itself)."""
    snapshot = Snapshot([], [], MatchEngine(), TODAY)
    ray.init(**local_ray_options(snapshot, num_cpus=2))
    yield
    ray.shutdown()


def test_serial_local_processes_and_ray_give_the_same_top_matches(ray_cluster) -> None:  # type: ignore[no-untyped-def]
    space = space_of()
    opps, workers = population(space, 500, 120, seed=11)
    snapshot = Snapshot(
        opps, workers, MatchEngine(space), TODAY, top=10, shortlist=20, chunk_size=16
    )
    serial = as_lists(collect(run_serial(snapshot)))
    chunks: list[int] = []
    on_ray = as_lists(collect(run_ray(snapshot), progress=chunks.append))
    assert on_ray == serial
    assert as_lists(collect(run_local(snapshot, processes=2))) == serial
    assert len(chunks) == len(snapshot.chunks()) == 8
    assert sum(len(matches) for matches in serial.values()) > 0
    assert ray.is_initialized()  # run_ray leaves a cluster it did not start running


@pytest.mark.django_db
def test_kazi_match_refresh_on_ray_stores_what_the_local_engine_stores(ray_cluster) -> None:  # type: ignore[no-untyped-def]
    skills = [make_skill(name) for name in ("wiring", "welding", "driving", "first aid")]
    org = make_employer("KE")[1]
    for n in range(8):
        make_vacancy(org, title=f"Job {n}", essential=(skills[n % 4], skills[(n + 1) % 4]))
    for n in range(7):
        make_worker(skills=(skills[n % 4],))

    refresh_matches(engine="local", processes=1, top=5)
    local = list(StoredMatch.objects.values_list("worker_id", "rank", "vacancy_id", "score"))
    out = io.StringIO()
    call_command("match_refresh", "--engine", "ray", "--top", "5", "--no-progress", stdout=out)
    on_ray = list(StoredMatch.objects.values_list("worker_id", "rank", "vacancy_id", "score"))
    assert sorted(on_ray) == sorted(local)
    assert len(local) == 35
    assert "Refreshed 7 workers" in out.getvalue() and "(ray," in out.getvalue()


def test_the_report_of_a_refresh_on_ray(ray_cluster, db) -> None:  # type: ignore[no-untyped-def]
    report = refresh_matches(engine="ray", chunk_size=1)
    assert (report.engine, report.workers, report.stored) == ("ray", 0, 0)
