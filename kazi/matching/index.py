"""The vector indexes of opportunities and workers, kept in step with the database.

The database is the source of truth. Each index is a folder under
``VAR_DIR/matching/<kind>/`` (see :mod:`kazi.matching.ann`) saved with the number of the
last change-journal entry (:class:`~kazi.matching.models.IndexChange`) it contains. Writes
to vacancies, profiles, their skills and occupations, and consents add a journal entry in
the same transaction (``kazi/matching/signals.py``). Every process:

1. loads the saved index (memory-mapped) the first time it needs it — or builds it from
   the database when there is no file, the file is damaged, or the skill space changed
   (another ESCO import or skills cache: every vector would be different);
2. before each use, reads the journal entries after its number and re-reads those
   objects: an opportunity is in the index only while it is published and not past its
   closing date; a worker only while active with both the MATCHING and the
   VISIBLE_TO_EMPLOYERS consents (the worker index ranks workers for an opportunity; the
   other direction computes the worker's vector on the fly and never needs one).

Journal numbers are not always committed in order on PostgreSQL (two transactions, the
later number committed first), so a number skipped while reading is looked for again for
``GAP_GRACE`` seconds. Re-applying an entry is harmless (the object is re-read).

``kazi index rebuild`` builds both indexes from the database and saves them;
``kazi index update`` applies the journal, saves and prunes the journal;
``kazi index status`` tells what is on disk and how far behind it is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import WorkerProfile

from .ann import IndexFileError, MissingIndexError, VectorIndex, read_meta
from .constants import IndexKind
from .facts import OpportunityFacts, WorkerFacts
from .loading import get_space
from .models import IndexChange
from .space import SkillSpace

log = logging.getLogger(__name__)

OPPORTUNITIES = IndexKind.OPPORTUNITY.value
WORKERS = IndexKind.WORKER.value
KINDS = (OPPORTUNITIES, WORKERS)
REMOTE = "remote"
NOWHERE = "nowhere"  # workers who did not say where they are
# A skipped journal number is looked for again for this long (an open transaction).
GAP_GRACE = 300.0
# Journal entries kept after every saved index has them (a process may be a little behind).
JOURNAL_KEEP = timedelta(days=1)
BATCH = 2_000

Progress = Callable[[int], None]


# ------------------------------------------------------------------------ journal


def record_change(kind: str, object_id: int) -> None:
    """Note that the index entry of one object must be refreshed.

    Written in the caller's transaction: the change and its journal entry are committed
    (or rolled back) together. ``object_id`` is the vacancy id or the worker's user id."""
    if kind not in KINDS:
        raise ValueError(f"unknown index kind {kind!r}")
    IndexChange.objects.create(kind=kind, object_id=object_id)


# ----------------------------------------------------------------- what is indexed


@dataclass(frozen=True)
class Entry:
    id: int
    vector: np.ndarray
    partitions: frozenset[str]
    kinds: frozenset[str]


def opportunity_place(facts: OpportunityFacts) -> tuple[frozenset[str], frozenset[str]]:
    """Partitions (its country, and "remote" when it can be done remotely) and kinds."""
    partitions = {facts.country} | ({REMOTE} if facts.remote else set())
    return frozenset(partitions), frozenset({facts.kind})


def worker_place(facts: WorkerFacts) -> tuple[frozenset[str], frozenset[str]]:
    """Partitions (their country or "nowhere", and "remote" when they accept remote
    work) and kinds (the work they look for; empty = any)."""
    partitions = {facts.country or NOWHERE} | ({REMOTE} if facts.accepts_remote else set())
    return frozenset(partitions), frozenset(facts.work_types)


def opportunity_filters(worker: WorkerFacts) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """Partitions and kinds of a search for opportunities, as ``engine.place_fits`` and
    ``type_fits`` decide: the worker's country and, when they accept remote work, every
    remote opportunity; anywhere when they gave no country."""
    if not worker.country:
        partitions = None
    else:
        partitions = frozenset({worker.country} | ({REMOTE} if worker.accepts_remote else set()))
    return partitions, (frozenset(worker.work_types) or None)


def worker_filters(
    opportunity: OpportunityFacts,
) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """Partitions and kinds of a search for workers: those in the opportunity's country,
    those who gave no country, and, for remote work, those who accept it."""
    partitions = {opportunity.country, NOWHERE} | ({REMOTE} if opportunity.remote else set())
    return frozenset(partitions), frozenset({opportunity.kind})


def indexed_vacancies(today: date | None = None) -> QuerySet[Vacancy]:
    """Vacancies that belong in the index: published, closing date not passed."""
    from .selectors import open_vacancies, with_requirements

    return with_requirements(open_vacancies(today))


def indexed_profiles() -> QuerySet[WorkerProfile]:
    """Profiles that belong in the index: active workers with both consents."""
    from .selectors import PROFILE_FACT_FIELDS, consenting_workers, with_worker_facts

    return with_worker_facts(
        WorkerProfile.objects.filter(user__in=consenting_workers().values("pk")).only(
            *PROFILE_FACT_FIELDS
        )
    )


def _entries(kind: str, space: SkillSpace, ids: Iterable[int] | None) -> Iterator[Entry]:
    """Index entries of every indexable object (``ids`` None) or of some. Objects
    without a vector (no skill and no occupation) have no entry: nothing to compare."""
    from .selectors import opportunity_facts, worker_facts

    if kind == OPPORTUNITIES:
        vacancies = indexed_vacancies()
        if ids is not None:
            vacancies = vacancies.filter(pk__in=list(ids))
        for vacancy in vacancies.order_by("pk").iterator(chunk_size=BATCH):
            facts = opportunity_facts(vacancy)
            vector = space.opportunity_vector(facts)
            if np.any(vector):
                yield Entry(facts.id, vector, *opportunity_place(facts))
    else:
        profiles = indexed_profiles()
        if ids is not None:
            profiles = profiles.filter(user_id__in=list(ids))
        for profile in profiles.order_by("pk").iterator(chunk_size=BATCH):
            worker = worker_facts(profile)
            vector = space.worker_vector(worker)
            if np.any(vector):
                yield Entry(worker.id, vector, *worker_place(worker))


def _count(kind: str) -> int:
    return indexed_vacancies().count() if kind == OPPORTUNITIES else indexed_profiles().count()


_space_keys: dict[int, tuple[SkillSpace, str]] = {}


def space_key(space: SkillSpace) -> str:
    """A fingerprint of the space's vectors: an index built with another space is stale."""
    cached = _space_keys.get(id(space))
    if cached is not None and cached[0] is space:
        return cached[1]
    digest = hashlib.sha256(f"{space.source}:{space.dim}".encode())
    for rows, matrix in (
        (space.skill_rows, space.skill_matrix),
        (space.occupation_rows, space.occupation_matrix),
    ):
        order = sorted(rows.items())
        digest.update(np.asarray(order, dtype=np.int64).tobytes())
        digest.update(np.ascontiguousarray(matrix, dtype=np.float32).tobytes())
    key = f"{space.source}:{digest.hexdigest()[:16]}"
    _space_keys.clear()  # one space at a time in a process
    _space_keys[id(space)] = (space, key)
    return key


# ------------------------------------------------------------------- live indexes


def index_root() -> Path:
    return Path(settings.VAR_DIR) / "matching"


def _settled_journal_number() -> int:
    """The last journal number that no open transaction can still be behind: entries
    written in the last ``GAP_GRACE`` seconds are applied again after a build (harmless)
    in case an older number of an open transaction commits after the build read the
    database."""
    settled = IndexChange.objects.filter(at__lt=timezone.now() - timedelta(seconds=GAP_GRACE))
    return settled.aggregate(top=Max("pk"))["top"] or 0


def build(
    kind: str, space: SkillSpace, progress: Progress | None = None
) -> tuple[VectorIndex, int]:
    """A fresh index of ``kind`` from the database, with the journal number it is at."""
    seq = _settled_journal_number()  # later changes are applied on top (idempotent)
    index = VectorIndex(space.dim, info={"kind": kind, "space": space_key(space)})
    index.threads = os.cpu_count() or 1
    batch: list[Entry] = []

    def flush() -> None:
        if batch:
            index.add(
                [e.id for e in batch],
                np.vstack([e.vector for e in batch]),
                [e.partitions for e in batch],
                [e.kinds for e in batch],
            )
            if progress:
                progress(len(batch))
            batch.clear()

    for entry in _entries(kind, space, None):
        batch.append(entry)
        if len(batch) >= BATCH:
            flush()
    flush()
    index.threads = 1  # later changes come one at a time
    return index, seq


class LiveIndex:
    """One process's copy of the ``kind`` index in ``directory``, kept up to date."""

    def __init__(self, kind: str, directory: Path | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown index kind {kind!r}")
        self.kind = kind
        self.directory = directory or index_root() / kind
        self.index: VectorIndex | None = None
        self.seq = 0  # every journal entry up to here is applied, except the gaps
        self.gaps: dict[int, float] = {}  # skipped numbers -> when first seen
        self.swept: date | None = None  # last day past-closing vacancies were removed
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ public

    def get(self, space: SkillSpace | None = None) -> VectorIndex:
        """The index, with every committed change applied (``space``: the current skill
        space, when the caller has it already)."""
        with self.lock:
            space = space or get_space()
            if self.index is None or self.index.info.get("space") != space_key(space):
                self._open(space)
            assert self.index is not None
            self.catch_up(space)
            return self.index

    def catch_up(self, space: SkillSpace | None = None) -> int:
        """Apply the journal entries not applied yet; returns how many objects changed."""
        with self.lock:
            if self.index is None:
                self.get()
                return 0
            space = space or get_space()
            now = time.monotonic()
            self.gaps = {pk: t for pk, t in self.gaps.items() if now - t < GAP_GRACE}
            rows = list(
                IndexChange.objects.filter(Q(pk__gt=self.seq) | Q(pk__in=list(self.gaps)))
                .order_by("pk")
                .values_list("pk", "kind", "object_id")
            )
            changed = {object_id for _, kind, object_id in rows if kind == self.kind}
            seen = {pk for pk, _, _ in rows}
            for pk in seen:
                self.gaps.pop(pk, None)
            if rows:
                top = max(seen)
                for missing in range(self.seq + 1, top):
                    if missing not in seen:
                        self.gaps.setdefault(missing, now)
                self.seq = max(self.seq, top)
            if changed:
                self._refresh(space, changed)
            self._sweep()
            return len(changed)

    @property
    def safe_seq(self) -> int:
        """The journal number below which everything is applied (saved with the file)."""
        return min([self.seq, *(pk - 1 for pk in self.gaps)])

    def save(self) -> Path:
        with self.lock:
            index = self.get()
            return index.save(self.directory, self.safe_seq)

    def rebuild(self, progress: Progress | None = None) -> VectorIndex:
        """Build from the database, save, and use the new index in this process."""
        with self.lock:
            space = get_space()
            index, seq = build(self.kind, space, progress)
            index.save(self.directory, seq)
            self.index, self.seq, self.gaps, self.swept = index, seq, {}, None
            self.catch_up(space)
            return index

    # ---------------------------------------------------------------- private

    def _open(self, space: SkillSpace) -> None:
        key = space_key(space)
        try:
            index, seq = VectorIndex.load(self.directory)
        except MissingIndexError:
            log.info("No %s index in %s: building it from the database", self.kind, self.directory)
            self.rebuild()
            return
        except IndexFileError as error:
            log.warning("%s; rebuilding the %s index from the database", error, self.kind)
            self.rebuild()
            return
        if index.info.get("space") != key or index.info.get("kind") != self.kind:
            log.info("The %s index was built with another skill space: rebuilding", self.kind)
            self.rebuild()
            return
        self.index, self.seq, self.gaps, self.swept = index, seq, {}, None

    def _refresh(self, space: SkillSpace, ids: set[int]) -> None:
        assert self.index is not None
        found = {entry.id: entry for entry in _entries(self.kind, space, ids)}
        for pk in ids:
            entry = found.get(pk)
            if entry is None:
                self.index.remove(pk)
            else:
                self.index.upsert(pk, entry.vector, entry.partitions, entry.kinds)

    def _sweep(self) -> None:
        """Once a day, drop vacancies whose closing date has passed (they are removed by
        the journal when the expiry job marks them, but may stay published a while)."""
        today = timezone.localdate()
        if self.kind != OPPORTUNITIES or self.swept == today or self.index is None:
            return
        past = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__lt=today)
        for pk in past.values_list("pk", flat=True).iterator():
            self.index.remove(pk)
        self.swept = today


_live: dict[tuple[str, Path], LiveIndex] = {}
_live_lock = threading.Lock()


def live_index(kind: str) -> LiveIndex:
    """The process's :class:`LiveIndex` of ``kind`` (in the current ``VAR_DIR``)."""
    directory = index_root() / kind
    with _live_lock:
        live = _live.get((kind, directory))
        if live is None:
            live = _live[(kind, directory)] = LiveIndex(kind, directory)
        return live


def opportunity_index() -> VectorIndex:
    """The process's opportunity index, up to date with the database."""
    return live_index(OPPORTUNITIES).get()


def worker_index() -> VectorIndex:
    """The process's worker index, up to date with the database."""
    return live_index(WORKERS).get()


def reset_indexes() -> None:
    """Forget the indexes loaded in this process (tests; after a restore of the files)."""
    with _live_lock:
        _live.clear()


# ----------------------------------------------------------------------- queries


def opportunity_candidates(worker: WorkerFacts, k: int) -> list[int]:
    """Ids of the ``k`` opportunities closest to the worker among those the worker can
    take by place and type of work, best first (the engine then scores them exactly).

    Uses ``worker.vector`` when set, else computes it. Empty when the worker has no
    vector (no skill and no occupation). Callers still filter by the database (a vacancy
    closed since the last journal entry) and by the engine's other hard filters."""
    live = live_index(OPPORTUNITIES)
    with live.lock:
        space = get_space()
        index = live.get(space)
        vector = worker.vector if worker.vector is not None else space.worker_vector(worker)
        if not np.any(vector):
            return []
        partitions, kinds = opportunity_filters(worker)
        return [pk for pk, _ in index.search(vector, partitions, k, kinds)]


def worker_candidates(opportunity: OpportunityFacts, k: int) -> list[int]:
    """User ids of the ``k`` consenting workers closest to the opportunity among those
    who could take it by place and type of work, best first."""
    live = live_index(WORKERS)
    with live.lock:
        space = get_space()
        index = live.get(space)
        vector = (
            opportunity.vector
            if opportunity.vector is not None
            else space.opportunity_vector(opportunity)
        )
        if not np.any(vector):
            return []
        partitions, kinds = worker_filters(opportunity)
        return [pk for pk, _ in index.search(vector, partitions, k, kinds)]


# ---------------------------------------------------------------- maintenance


@dataclass(frozen=True)
class Rebuilt:
    kind: str
    items: int
    partitions: int
    seconds: float


def rebuild(
    kinds: Iterable[str] = KINDS, progress: Callable[[str, int], Progress] | None = None
) -> list[Rebuilt]:
    """Build the indexes from the database and save them (``kazi index rebuild``).
    ``progress(kind, total)`` returns a callback told how many items were added."""
    done = []
    for kind in kinds:
        started = time.perf_counter()
        callback = progress(kind, _count(kind)) if progress else None
        index = live_index(kind).rebuild(callback)
        done.append(
            Rebuilt(kind, len(index), len(index.partitions()), time.perf_counter() - started)
        )
    return done


def _saved_seq(directory: Path) -> int | None:
    try:
        return int(read_meta(directory)[1]["seq"])
    except (IndexFileError, KeyError, ValueError, TypeError):
        return None


def update(kinds: Iterable[str] = KINDS) -> dict[str, int]:
    """Apply the journal to the saved indexes, save them, and delete journal entries that
    every saved index has (kept a day for processes a little behind). Returns how many
    objects each index had to refresh since it was saved."""
    kinds = list(kinds)
    applied: dict[str, int] = {}
    saved: list[int] = []
    for kind in kinds:
        live = live_index(kind)
        with live.lock:
            before = _saved_seq(live.directory)
            live.get()
            live.save()
            changes = IndexChange.objects.filter(kind=kind, pk__lte=live.seq)
            if before is not None:
                changes = changes.filter(pk__gt=before)
            applied[kind] = changes.values("object_id").distinct().count()
            saved.append(live.safe_seq)
    if set(kinds) == set(KINDS):
        IndexChange.objects.filter(
            pk__lte=min(saved), at__lt=timezone.now() - JOURNAL_KEEP
        ).delete()
    return applied


@dataclass(frozen=True)
class Status:
    kind: str
    directory: Path
    saved: bool
    items: int
    partitions: int
    seq: int
    pending: int  # journal entries of this kind after the saved number
    in_database: int  # objects that belong in the index
    space_matches: bool
    disk_bytes: int
    problem: str = ""


def status(kinds: Iterable[str] = KINDS) -> list[Status]:
    """What is saved on disk, compared with the database (``kazi index status``).
    Reads only the metadata of the files."""
    result = []
    key = space_key(get_space())
    for kind in kinds:
        directory = index_root() / kind
        disk = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
        in_database = _count(kind)
        try:
            _, meta = read_meta(directory)
            seq = int(meta["seq"])
            items, partitions = int(meta["items"]), len(meta["partitions"])
            matches = meta.get("info", {}).get("space") == key
        except MissingIndexError:
            result.append(Status(kind, directory, False, 0, 0, 0, 0, in_database, False, disk))
            continue
        except (IndexFileError, KeyError, ValueError, TypeError) as error:
            result.append(
                Status(kind, directory, False, 0, 0, 0, 0, in_database, False, disk, str(error))
            )
            continue
        pending = IndexChange.objects.filter(kind=kind, pk__gt=seq).count()
        result.append(
            Status(
                kind, directory, True, items, partitions, seq, pending, in_database, matches, disk
            )
        )
    return result
