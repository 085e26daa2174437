"""Batch refresh of stored matches: every consenting worker's top-K opportunities.

``refresh_matches`` takes a snapshot of the database (open published vacancies, workers
who consent to matching, the engine on the current skill space), runs the framework-free
core ``kazi.matching.refresh`` on this machine's processes or on a Ray cluster, and
replaces each worker's :class:`StoredMatch` rows, one transaction per chunk of workers.

Alerts: an opportunity that enters a worker's top-K, was published after the worker's
previous refresh and scores at least ``ALERT_MIN_SCORE`` creates one :class:`MatchAlert`
(never two for the same worker and opportunity) — only for workers who consent to job
alerts, not for an opportunity a counsellor hid for them or that they already applied to.
A worker who was never refreshed is compared with the previous run of the batch; on the
very first run nobody is alerted (everything would be "new").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kazi.accounts.consent import has_consent, users_with_consent
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.accounts.models import User
from kazi.applications.models import Application
from kazi.core.errors import DomainError
from kazi.profiles.models import WorkerProfile

from . import selectors
from .constants import OverrideAction
from .facts import OpportunityFacts, WorkerFacts
from .loading import get_space
from .models import MatchAlert, MatchOverride, StoredMatch
from .refresh import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_TOP,
    Match,
    Snapshot,
    WorkerMatches,
    default_processes,
    run_local,
    run_ray,
)

ENGINES = ("local", "ray")
MAX_TOP = 200
# A new match is worth a message only when it fits well enough (engine score in [0, 1]).
ALERT_MIN_SCORE = 0.5


@dataclass
class RefreshReport:
    engine: str
    processes: int
    workers: int = 0  # workers refreshed
    opportunities: int = 0  # open opportunities in the snapshot
    stored: int = 0  # stored matches written
    alerts: int = 0  # new alerts created
    cleared: int = 0  # workers whose stored matches were removed (no consent any more)
    load_seconds: float = 0.0  # reading the snapshot from the database
    seconds: float = 0.0  # ranking and storing, after the snapshot was read

    @property
    def workers_per_second(self) -> float:
        return self.workers / self.seconds if self.seconds > 0 else 0.0


# ------------------------------------------------------------------------- reads


def matching_workers() -> QuerySet[User]:
    """Active workers who let Kazi match them (stored matches are kept for them only)."""
    consenting = users_with_consent(ConsentPurpose.MATCHING).values("pk")
    return User.objects.filter(role=Role.WORKER, is_active=True, pk__in=consenting)


def load_opportunities(today: date) -> list[OpportunityFacts]:
    space = get_space()
    vacancies = selectors.with_requirements(selectors.open_vacancies(today)).order_by("pk")
    found: list[OpportunityFacts] = []
    for vacancy in vacancies.iterator(chunk_size=2000):
        facts = selectors.opportunity_facts(vacancy)
        if facts.vector is None:
            facts = replace(facts, vector=space.opportunity_vector(facts))
        found.append(facts)
    return found


def load_workers(today: date, profiles: QuerySet[WorkerProfile] | None = None) -> list[WorkerFacts]:
    space = get_space()
    if profiles is None:
        profiles = WorkerProfile.objects.filter(user__in=matching_workers().values("pk"))
    found: list[WorkerFacts] = []
    for profile in selectors.with_worker_facts(profiles.order_by("user_id")).iterator(
        chunk_size=2000
    ):
        facts = selectors.worker_facts(profile, today)
        if facts.vector is None:
            facts = replace(facts, vector=space.worker_vector(facts))
        found.append(facts)
    return found


def load_snapshot(
    *, today: date | None = None, top: int = DEFAULT_TOP, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Snapshot:
    today = today or timezone.localdate()
    return Snapshot(
        opportunities=load_opportunities(today),
        workers=load_workers(today),
        engine=selectors.get_engine(),
        today=today,
        top=top,
        chunk_size=chunk_size,
    )


# ------------------------------------------------------------------------ writes


@dataclass(frozen=True)
class _AlertRules:
    """What deciding "new" needs, read once per run."""

    consenting: frozenset[int]  # workers with the job-alerts consent
    published: dict[int, datetime | date | None]  # opportunity id → publication moment
    previous_run: datetime | None  # latest refresh of anyone before this run


def _is_after(moment: datetime | date | None, since: datetime) -> bool:
    if moment is None:
        return False
    if not isinstance(moment, datetime):
        return moment > since.date()
    return moment > since


def store_chunk(
    chunk: Iterable[WorkerMatches], computed_at: datetime, rules: _AlertRules
) -> tuple[int, int]:
    """Replace the stored matches of the chunk's workers and create the new alerts, in one
    transaction. Returns (stored matches, alerts created)."""
    items = list(chunk)
    worker_ids = [item.worker_id for item in items]
    with transaction.atomic():
        previous: dict[int, set[int]] = {pk: set() for pk in worker_ids}
        last_refresh: dict[int, datetime] = {}
        for worker_id, vacancy_id, at in StoredMatch.objects.filter(
            worker_id__in=worker_ids
        ).values_list("worker_id", "vacancy_id", "computed_at"):
            previous[worker_id].add(vacancy_id)
            if worker_id not in last_refresh or at > last_refresh[worker_id]:
                last_refresh[worker_id] = at
        StoredMatch.objects.filter(worker_id__in=worker_ids).delete()
        rows = [
            StoredMatch(
                worker_id=item.worker_id,
                vacancy_id=match.opportunity_id,
                rank=rank,
                score=match.score,
                computed_at=computed_at,
            )
            for item in items
            for rank, match in enumerate(item.matches, start=1)
        ]
        StoredMatch.objects.bulk_create(rows, batch_size=1000)
        candidates: list[tuple[int, Match]] = []
        for item in items:
            if item.worker_id not in rules.consenting:
                continue
            since = last_refresh.get(item.worker_id, rules.previous_run)
            if since is None:
                continue
            for match in item.matches:
                if (
                    match.score >= ALERT_MIN_SCORE
                    and match.opportunity_id not in previous[item.worker_id]
                    and _is_after(rules.published.get(match.opportunity_id), since)
                ):
                    candidates.append((item.worker_id, match))
        created = _create_alerts(candidates)
    return len(rows), created


def _create_alerts(candidates: list[tuple[int, Match]]) -> int:
    if not candidates:
        return 0
    workers = {worker_id for worker_id, _ in candidates}
    vacancies = {match.opportunity_id for _, match in candidates}
    skip = set(
        MatchAlert.objects.filter(worker_id__in=workers, vacancy_id__in=vacancies).values_list(
            "worker_id", "vacancy_id"
        )
    )
    skip |= set(
        MatchOverride.objects.filter(
            worker_id__in=workers,
            vacancy_id__in=vacancies,
            action=OverrideAction.HIDE,
            lifted_at__isnull=True,
        ).values_list("worker_id", "vacancy_id")
    )
    skip |= set(
        Application.objects.filter(worker_id__in=workers, vacancy_id__in=vacancies).values_list(
            "worker_id", "vacancy_id"
        )
    )
    alerts = [
        MatchAlert(worker_id=worker_id, vacancy_id=match.opportunity_id, score=match.score)
        for worker_id, match in candidates
        if (worker_id, match.opportunity_id) not in skip
    ]
    # ignore_conflicts: a concurrent refresh may have created the same alert meanwhile.
    MatchAlert.objects.bulk_create(alerts, batch_size=1000, ignore_conflicts=True)
    return len(alerts)


def clear_without_consent() -> int:
    """Remove the stored matches of workers who may no longer be matched (consent
    withdrawn, account closed or not a worker). Returns how many workers lost them."""
    with transaction.atomic():
        stale = StoredMatch.objects.exclude(worker__in=matching_workers().values("pk"))
        workers = stale.values("worker_id").distinct().count()
        stale.delete()
    return workers


def _rules(snapshot: Snapshot) -> _AlertRules:
    consenting = users_with_consent(ConsentPurpose.JOB_ALERTS).values_list("pk", flat=True)
    return _AlertRules(
        consenting=frozenset(consenting),
        published={o.id: o.published_at for o in snapshot.opportunities},
        previous_run=StoredMatch.objects.aggregate(at=Max("computed_at"))["at"],
    )


def refresh_matches(
    engine: str = "local",
    processes: int | None = None,
    top: int = DEFAULT_TOP,
    progress: Callable[[int], None] | None = None,
    *,
    ray_address: str | None = None,
    today: date | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_snapshot: Callable[[Snapshot], None] | None = None,
) -> RefreshReport:
    """Refresh every consenting worker's stored top-``top`` matches (see the module doc).

    ``progress`` is told how many workers each finished chunk had; ``on_snapshot`` is
    called once the snapshot is loaded (a progress bar learns the total from it)."""
    if engine not in ENGINES:
        raise DomainError(
            _("Unknown engine “%(engine)s”: choose local or ray.") % {"engine": engine},
            field="engine",
        )
    if processes is not None and processes < 1:
        raise DomainError(_("The number of processes must be at least 1."), field="processes")
    if not 1 <= top <= MAX_TOP:
        raise DomainError(
            _("Keep between 1 and %(most)d matches per worker.") % {"most": MAX_TOP}, field="top"
        )
    started = time.perf_counter()
    computed_at = timezone.now()
    today = today or timezone.localdate()
    snapshot = load_snapshot(today=today, top=top, chunk_size=chunk_size)
    if on_snapshot is not None:
        on_snapshot(snapshot)
    report = RefreshReport(
        engine=engine,
        processes=processes or default_processes(),
        workers=0,
        opportunities=len(snapshot.opportunities),
    )
    rules = _rules(snapshot)
    report.cleared = clear_without_consent()
    report.load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    results: Iterator[list[WorkerMatches]]
    if engine == "ray":
        results = run_ray(snapshot, ray_address, num_cpus=processes or 2)
    else:
        results = run_local(snapshot, report.processes)
    for chunk in results:
        stored, alerts = store_chunk(chunk, computed_at, rules)
        report.workers += len(chunk)
        report.stored += stored
        report.alerts += alerts
        if progress is not None:
            progress(len(chunk))
    report.seconds = time.perf_counter() - started
    return report


def refresh_worker(
    profile: WorkerProfile, top: int = DEFAULT_TOP, today: date | None = None
) -> int:
    """Refresh one worker's stored matches now (after a profile change): the engine ranks
    every open vacancy they could take. Returns the number of matches stored (0 and the
    stored matches removed when the worker may not be matched)."""
    worker = profile.user
    if not (worker.is_active and worker.is_worker and has_consent(worker, ConsentPurpose.MATCHING)):
        with transaction.atomic():
            StoredMatch.objects.filter(worker=worker).delete()
        return 0
    today = today or timezone.localdate()
    computed_at = timezone.now()
    ranked = selectors.rank_for_worker(profile, today)[:top]
    published = dict(
        selectors.open_vacancies(today)
        .filter(pk__in=[r.id for r in ranked])
        .values_list("pk", "published_at")
    )
    rules = _AlertRules(
        consenting=frozenset([worker.pk] if has_consent(worker, ConsentPurpose.JOB_ALERTS) else []),
        published=dict(published),
        previous_run=StoredMatch.objects.aggregate(at=Max("computed_at"))["at"],
    )
    matches = tuple(Match(r.id, float(r.score)) for r in ranked)
    stored, _alerts = store_chunk([WorkerMatches(worker.pk, matches)], computed_at, rules)
    return stored
