"""Batch refresh of every worker's top-K opportunities (framework-free).

Given a :class:`Snapshot` — the open opportunities and the consenting workers as facts
(``kazi.matching.facts``, each with its vector) and a matching engine — compute each
worker's best ``top`` opportunities, exactly as the engine ranks them, without scoring
every pair:

1. **Partitions.** Opportunities are grouped by place (their country; remote ones also in
   a "remote" place) and kind (job, gig, micro-task). The engine's hard filters on place
   and type of work (``engine.place_fits``/``type_fits``) say which partitions a worker
   is searched in: their country's, the remote ones when they accept remote work (every
   country's when they gave none), of the kinds they look for.
2. **Shortlist.** For the workers of a chunk who search a partition, two cheap estimates
   of fit per opportunity: the share of the skills it asks for that the worker has
   (postings of skill → opportunities, a ``bincount`` per worker), and the cosine
   similarity of the vectors (one matrix product for all of them). A worker's shortlist
   (``shortlist``, 3 × top by default) takes three quarters by skill share (similarity
   breaks ties) and the rest by similarity, which brings in offers close in meaning
   (related skills, occupations). A worker without a vector (no skill, no occupation)
   gets the newest opportunities. When no more than ``shortlist`` opportunities pass the
   filters, all of them are kept: on small data the result is exactly the engine's
   ranking over all open opportunities.
3. **Exact ranking.** ``engine.rank_opportunities(worker, shortlist, today=..., top=K)``
   scores the shortlist with every factor, the daily rotation and the employer cap.

Workers are processed in fixed chunks (``chunk_size``), the same in every mode, so that
:func:`run_serial`, :func:`run_local` (processes on this machine, the snapshot shared by
``fork``) and :func:`run_ray` (a Ray cluster, the snapshot put in the object store once)
give the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

import numpy as np

from .facts import OpportunityFacts, WorkerFacts

DEFAULT_TOP = 20
# Opportunities re-scored by the engine per worker: this many times ``top`` (measured on
# generated data, docs/_matching_refresh.md: the engine's cost grows with it, while the
# good matches are already found at 2×).
SHORTLIST_PER_TOP = 3
DEFAULT_CHUNK_SIZE = 500
# Largest similarity matrix computed at once (workers × opportunities), ~32 MB of float32.
MAX_SCORES_AT_ONCE = 8_000_000


class RankedLike(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def score(self) -> float: ...


class OpportunityRanker(Protocol):
    """What the batch needs of the engine (``kazi.matching.engine.MatchEngine``)."""

    def rank_opportunities(
        self,
        worker: WorkerFacts,
        opportunities: Sequence[OpportunityFacts],
        *,
        today: date | None = None,
        top: int | None = None,
    ) -> Sequence[RankedLike]: ...


@dataclass(frozen=True)
class Match:
    opportunity_id: int
    score: float


@dataclass(frozen=True)
class WorkerMatches:
    """A worker's top opportunities, best first."""

    worker_id: int
    matches: tuple[Match, ...]


REMOTE = "*remote"  # the place of the partitions of remote opportunities


@dataclass
class Partition:
    """Open opportunities of one place (a country, or remote) and one kind."""

    facts: list[OpportunityFacts]
    ids: np.ndarray  # (n,) int64, ascending
    matrix: np.ndarray  # (n, dim) float32; a zero row where an opportunity has no vector
    recency: np.ndarray  # (n,) float32 in [0, 1], newer is higher (workers without vector)
    # Skill id → rows that ask for it (their essential skills, or their optional ones when
    # they list no essential skill), and 1 / how many they ask for (0 when none).
    postings: dict[int, np.ndarray]
    per_skill: np.ndarray  # (n,) float32


@dataclass
class Snapshot:
    """Everything a refresh reads; built once, then shared by fork or by the object store.

    Workers are processed sorted by (country, accepts remote, types of work, id), so that
    a chunk holds workers who search the same partitions; chunk ``i`` is
    ``workers[i*chunk_size : (i+1)*chunk_size]`` in every mode."""

    opportunities: Sequence[OpportunityFacts]
    workers: Sequence[WorkerFacts]
    engine: OpportunityRanker
    today: date
    top: int = DEFAULT_TOP
    shortlist: int = 0  # 0: SHORTLIST_PER_TOP × top
    chunk_size: int = DEFAULT_CHUNK_SIZE
    partitions: dict[tuple[str, str], Partition] = field(init=False, repr=False)
    places: list[str] = field(init=False)  # countries with opportunities
    kinds: list[str] = field(init=False)
    dim: int = field(init=False)
    token: str = field(init=False)  # names this snapshot in Ray worker processes

    def __post_init__(self) -> None:
        if self.top < 1:
            raise ValueError("top must be at least 1")
        self.shortlist = self.shortlist or SHORTLIST_PER_TOP * self.top
        if self.shortlist < self.top:
            raise ValueError("the shortlist must be at least as long as top")
        if self.chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.token = uuid.uuid4().hex
        self.workers = sorted(
            self.workers,
            key=lambda w: (w.country, w.accepts_remote, sorted(w.work_types), w.id),
        )
        self.dim = _dimension([*self.opportunities, *self.workers])
        grouped: dict[tuple[str, str], list[OpportunityFacts]] = defaultdict(list)
        for opportunity in self.opportunities:
            grouped[(opportunity.country, opportunity.kind)].append(opportunity)
            if opportunity.remote:
                grouped[(REMOTE, opportunity.kind)].append(opportunity)
        self.partitions = {
            key: _partition(facts, self.dim) for key, facts in sorted(grouped.items())
        }
        self.places = sorted({place for place, _ in self.partitions if place != REMOTE})
        self.kinds = sorted({kind for _, kind in self.partitions})

    @property
    def split(self) -> tuple[int, int]:
        """(chosen by coverage of the skills asked, chosen by similarity) of a shortlist."""
        by_meaning = self.shortlist // 4
        return self.shortlist - by_meaning, by_meaning

    def chunks(self) -> list[tuple[int, int]]:
        size, total = self.chunk_size, len(self.workers)
        return [(start, min(start + size, total)) for start in range(0, total, size)]

    def searched(self, worker: WorkerFacts) -> list[tuple[str, str]]:
        """The partitions whose opportunities pass the engine's place and type filters
        (``engine.place_fits`` and ``engine.type_fits``) for ``worker``."""
        kinds = [k for k in self.kinds if not worker.work_types or k in worker.work_types]
        if not worker.country:  # no place given: everywhere
            places = self.places
        else:
            places = [worker.country, *([REMOTE] if worker.accepts_remote else [])]
        return [(p, k) for p in places for k in kinds if (p, k) in self.partitions]


def _dimension(items: Sequence[WorkerFacts | OpportunityFacts]) -> int:
    for item in items:
        if item.vector is not None:
            return int(item.vector.shape[0])
    return 0


def _timestamp(value: datetime | date | None) -> float:
    if value is None:
        return 0.0
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()


def _partition(facts: list[OpportunityFacts], dim: int) -> Partition:
    facts = sorted(facts, key=lambda o: o.id)
    matrix = np.zeros((len(facts), dim), dtype=np.float32)
    for row, opportunity in enumerate(facts):
        if opportunity.vector is not None:
            matrix[row] = opportunity.vector
    times = np.array([_timestamp(o.published_at) for o in facts], dtype=np.float64)
    span = float(times.max() - times.min()) if len(times) else 0.0
    recency = (times - times.min()) / span if span > 0 else np.zeros(len(facts))
    rows_of: dict[int, list[int]] = defaultdict(list)
    per_skill = np.zeros(len(facts), dtype=np.float32)
    for row, opportunity in enumerate(facts):
        asked = opportunity.essential_skill_ids or opportunity.optional_skill_ids
        for skill in asked:
            rows_of[skill].append(row)
        per_skill[row] = 1.0 / len(asked) if asked else 0.0
    return Partition(
        facts=facts,
        ids=np.array([o.id for o in facts], dtype=np.int64),
        matrix=matrix,
        recency=recency.astype(np.float32),
        postings={skill: np.array(rows, dtype=np.int32) for skill, rows in rows_of.items()},
        per_skill=per_skill,
    )


# --------------------------------------------------------------------- one chunk

# Candidates of one worker from one partition: (coverage keys, similarities, partition,
# rows). The coverage key is the share of the asked skills the worker has, with the
# similarity as a tie-break.
Found = tuple[np.ndarray, np.ndarray, Partition, np.ndarray]
TIE_BREAK = 1e-3


def _coverage(partition: Partition, workers: Sequence[WorkerFacts]) -> np.ndarray:
    """(workers, n): share of each opportunity's asked skills that each worker has."""
    size = len(partition.facts)
    shares = np.zeros((len(workers), size), dtype=np.float32)
    for row, worker in enumerate(workers):
        hits = [partition.postings[s] for s in worker.skill_ids if s in partition.postings]
        if hits:
            shares[row] = np.bincount(np.concatenate(hits), minlength=size)
    shares *= partition.per_skill
    return shares


def _best(scores: np.ndarray, keep: int) -> np.ndarray:
    if scores.shape[1] <= keep:
        return np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
    return np.argpartition(-scores, keep - 1, axis=1)[:, :keep]


def _search(
    snapshot: Snapshot, partition: Partition, workers: Sequence[WorkerFacts], vectors: np.ndarray
) -> list[Found]:
    """For each worker, the opportunities of ``partition`` that may enter their shortlist:
    the best by coverage of the skills they ask for and the most similar (the newest for a
    zero vector: a worker without skills or occupations) — every one when few enough."""
    size = len(partition.facts)
    by_cover, _ = snapshot.split
    has_vector = np.abs(vectors).sum(axis=1) > 0
    step = max(1, MAX_SCORES_AT_ONCE // max(1, 2 * size))
    found: list[Found] = []
    for begin in range(0, len(vectors), step):
        end = begin + step
        similar = vectors[begin:end] @ partition.matrix.T
        similar[~has_vector[begin:end]] = partition.recency
        covered = _coverage(partition, workers[begin:end]) + TIE_BREAK * similar
        if size <= snapshot.shortlist:
            rows = np.broadcast_to(np.arange(size), similar.shape)
        else:
            rows = np.concatenate(
                [_best(covered, by_cover), _best(similar, snapshot.shortlist)], axis=1
            )
        keys = np.take_along_axis(covered, rows, axis=1)
        values = np.take_along_axis(similar, rows, axis=1)
        found.extend((k, v, partition, r) for k, v, r in zip(keys, values, rows, strict=True))
    return found


def _top(scores: np.ndarray, keep: int) -> np.ndarray:
    if len(scores) <= keep:
        return np.arange(len(scores))
    return np.argpartition(-scores, keep - 1)[:keep]


def _merge(snapshot: Snapshot, found: list[Found]) -> list[OpportunityFacts]:
    """One worker's shortlist from their candidates in several partitions: the best
    ``split[0]`` by coverage, the ``split[1]`` most similar of the others (a remote
    opportunity of the worker's country is found twice: counted once)."""
    keys = np.concatenate([f[0] for f in found])
    similar = np.concatenate([f[1] for f in found])
    ids = np.concatenate([f[2].ids[f[3]] for f in found])
    owners = np.concatenate([np.full(len(f[3]), n) for n, f in enumerate(found)])
    rows = np.concatenate([f[3] for f in found])
    _, unique = np.unique(ids, return_index=True)
    if len(unique) > snapshot.shortlist:
        by_cover, _ = snapshot.split
        first = unique[_top(keys[unique], by_cover)]
        rest = np.setdiff1d(unique, first)
        unique = np.concatenate([first, rest[_top(similar[rest], snapshot.shortlist - len(first))]])
    facts = [found[int(owners[i])][2].facts[int(rows[i])] for i in unique]
    facts.sort(key=lambda o: o.id)
    return facts


def shortlists(snapshot: Snapshot, workers: Sequence[WorkerFacts]) -> list[list[OpportunityFacts]]:
    """Each worker's shortlist: opportunities that pass the engine's place and type
    filters, the most similar kept (all of them when there are few enough)."""
    vectors = np.zeros((len(workers), snapshot.dim), dtype=np.float32)
    for row, worker in enumerate(workers):
        if worker.vector is not None:
            vectors[row] = worker.vector
    searchers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, worker in enumerate(workers):
        for key in snapshot.searched(worker):
            searchers[key].append(position)
    found: list[list[Found]] = [[] for _ in workers]
    for key, positions in searchers.items():
        members = [workers[p] for p in positions]
        results = _search(snapshot, snapshot.partitions[key], members, vectors[positions])
        for position, item in zip(positions, results, strict=True):
            found[position].append(item)
    return [_merge(snapshot, items) if items else [] for items in found]


def compute_chunk(snapshot: Snapshot, start: int, end: int) -> list[WorkerMatches]:
    """The top opportunities of ``snapshot.workers[start:end]``, in that order."""
    workers = list(snapshot.workers[start:end])
    result: list[WorkerMatches] = []
    for worker, shortlist in zip(workers, shortlists(snapshot, workers), strict=True):
        ranked = snapshot.engine.rank_opportunities(
            worker, shortlist, today=snapshot.today, top=snapshot.top
        )
        matches = tuple(Match(r.id, float(r.score)) for r in ranked)
        result.append(WorkerMatches(worker.id, matches))
    return result


# --------------------------------------------------------------------- runners

ChunkResults = Iterator[list[WorkerMatches]]


def run_serial(snapshot: Snapshot) -> ChunkResults:
    """Chunk after chunk in this process."""
    for start, end in snapshot.chunks():
        yield compute_chunk(snapshot, start, end)


# The snapshot of the running `run_local`, inherited by the forked pool processes.
_FORKED: Snapshot | None = None


def _forked_chunk(bounds: tuple[int, int]) -> list[WorkerMatches]:
    assert _FORKED is not None, "run_local's processes read the snapshot inherited by fork"
    return compute_chunk(_FORKED, *bounds)


def default_processes() -> int:
    return os.cpu_count() or 1


def run_local(snapshot: Snapshot, processes: int | None = None) -> ChunkResults:
    """Chunks on ``processes`` processes of this machine (default: one per CPU core).

    The pool is forked after the snapshot is set, so every process reads the parent's
    snapshot (copy-on-write) instead of receiving a pickled copy per task. Results come
    back as chunks finish (not in chunk order)."""
    global _FORKED
    processes = default_processes() if processes is None else processes
    if processes < 1:
        raise ValueError("processes must be at least 1")
    bounds = snapshot.chunks()
    if processes == 1 or len(bounds) <= 1:
        yield from run_serial(snapshot)
        return
    if _FORKED is not None:
        raise RuntimeError("run_local is already running in this process")
    _FORKED = snapshot
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(processes, len(bounds))) as pool:
            yield from pool.imap_unordered(_forked_chunk, bounds)
    finally:
        _FORKED = None


# Snapshots already read by this Ray worker process, by token (one read per process).
_RAY_CACHE: dict[str, Snapshot] = {}


def _ray_chunk(token: str, boxed: list[Any], start: int, end: int) -> list[WorkerMatches]:
    """One chunk on a Ray worker. ``boxed`` holds the snapshot's object reference inside a
    list so that Ray does not fetch it for every task: each process fetches it once."""
    import ray

    snapshot = _RAY_CACHE.get(token)
    if snapshot is None:
        _RAY_CACHE.clear()  # an older snapshot is not needed any more
        snapshot = ray.get(boxed[0])
        _RAY_CACHE[token] = snapshot
    return compute_chunk(snapshot, start, end)


def local_ray_options(snapshot: Snapshot, num_cpus: int) -> dict[str, Any]:
    """``ray.init`` options for a local cluster sized for this snapshot: no dashboard, an
    object store a few times the snapshot's vectors (not Ray's default 30 % of memory)."""
    vectors = sum(partition.matrix.nbytes for partition in snapshot.partitions.values())
    store = max(
        256 * 2**20, 4 * vectors + 64 * 2**20 * max(1, len(snapshot.opportunities) // 100_000)
    )
    return {
        "num_cpus": num_cpus,
        "include_dashboard": False,
        "object_store_memory": int(store),
        "log_to_driver": False,
    }


def run_ray(snapshot: Snapshot, address: str | None = None, *, num_cpus: int = 2) -> ChunkResults:
    """The same chunks as remote tasks on a Ray cluster: ``address`` of a running cluster
    ("auto", "ray://host:10001", ...), or a local one with ``num_cpus`` CPUs, started and
    stopped here. A cluster already initialised in this process is used as it is."""
    import ray

    started = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(**local_ray_options(snapshot, num_cpus))
        started = True
    try:
        reference = ray.put(snapshot)
        task = ray.remote(num_cpus=1, max_retries=2)(_ray_chunk)
        pending = [
            task.remote(snapshot.token, [reference], start, end) for start, end in snapshot.chunks()
        ]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            yield ray.get(done[0])
    finally:
        if started:
            ray.shutdown()


def collect(
    results: ChunkResults, progress: Callable[[int], None] | None = None
) -> dict[int, tuple[Match, ...]]:
    """All results by worker id (``progress`` is told how many workers each chunk had)."""
    found: dict[int, tuple[Match, ...]] = {}
    for chunk in results:
        for item in chunk:
            found[item.worker_id] = item.matches
        if progress is not None:
            progress(len(chunk))
    return found


RUNNERS = ("serial", "local", "ray")

__all__ = [
    "DEFAULT_TOP",
    "RUNNERS",
    "SHORTLIST_PER_TOP",
    "Match",
    "Snapshot",
    "WorkerMatches",
    "collect",
    "compute_chunk",
    "run_local",
    "run_ray",
    "run_serial",
]
