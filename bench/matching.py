"""Benchmark of matching retrieval: the vector index against exact numpy search, and the
batch refresh through the engine, on generated ESCO-based data.

    DEBUG=1 .venv/bin/python bench/matching.py [--sizes 10k,100k,1M] [--workers 100k]
        [--queries 1000] [--refresh-workers 5000] [--skip-refresh] [--work-dir DIR]

Data (deterministic, seed ``--seed``): occupations of the ESCO release in the skills cache
(``var/skills/esco-<version>/``, built by ``kazi taxonomy embed``) with their essential and
optional skills; opportunities of a popular-skewed occupation, ask most of its essential
skills and a few optional ones, in one of 60 countries (Zipf-skewed: the first has ~21%),
of kind job/gig/micro-task (70/20/10%), remote for 8/20/70% of them; workers know most
skills of one or two occupations plus a few others, 5% without a country, 35% accept
remote work, 40% look for any kind of work. Vectors are the matching engine's own
(``SkillSpace.worker_vector``/``opportunity_vector``) over the e5 summary vectors of the
ESCO concepts; without the skills cache the benchmark stops with a message.

For each size, in separate processes so that peak memory is each method's own:

- **exact**: numpy brute force over all vectors with the place and kind filters as a
  boolean mask (the naive baseline), then the exact backend of ``VectorIndex`` (one
  matrix product per partition); its results are the ground truth.
- **index**: ``VectorIndex`` with usearch graphs, built from the same data.

Queries are "top 20 opportunities for a worker" with the worker's place (country, remote)
and kinds of work as filters. Recall@20 counts a result as right when its exact cosine is
at least the 20th exact score (ties of identical vectors are common: same skills, same
occupation). Latency is one query at a time on one core; build time uses one thread.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kazi.matching.ann import VectorIndex  # noqa: E402
from kazi.matching.facts import OpportunityFacts, WorkerFacts  # noqa: E402
from kazi.matching.space import SkillSpace  # noqa: E402
from kazi.skills.concepts import Taxonomy  # noqa: E402

_COUNTRY_CODES = (
    "NG ET EG CD TZ ZA KE UG DZ SD MA AO GH MZ MG CM CI NE BF ML MW ZM SN TD SO ZW GN RW BJ "
    "BI TN SS TG SL LY CG LR CF MR ER NA GM BW GA LS GW GQ MU SZ DJ KM CV ST SC PH NP BD IN "
    "LB JO"
)
COUNTRIES = tuple(_COUNTRY_CODES.split())
KINDS = ("job", "gig", "microtask")
KIND_SHARES = (0.7, 0.2, 0.1)
REMOTE_SHARE = {"job": 0.08, "gig": 0.2, "microtask": 0.7}
TODAY = date(2026, 1, 15)
TOP = 20
CHUNK = 20_000


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def human(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def peak_mb() -> float:
    """Peak resident memory of this process or of its largest finished child (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# --------------------------------------------------------------------------- data


@dataclass
class Occupation:
    index: int  # concept index in the taxonomy's occupation table (= id in the space)
    essential: np.ndarray  # skill concept indices
    optional: np.ndarray


def skills_cache_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    base = Path(os.environ.get("KAZI_SKILLS_DIR", PROJECT / "var" / "skills"))
    found = sorted(base.glob("esco-*/e5-skills.npz"))
    if not found:
        sys.exit(
            f"No e5 vectors of ESCO concepts under {base} (looked for esco-*/e5-skills.npz).\n"
            "Build the skills cache first: `make setup` (or `kazi taxonomy embed`)."
        )
    return found[-1].parent


def _summary(path: Path, labels_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(concept indices, their e5 summary vectors) from one DenseIndex file."""
    with np.load(path) as data:
        rows, summary = data["rows"], data["summary"]
    concepts = np.unique(labels_of[rows])
    if len(concepts) != len(summary):
        sys.exit(f"{path} does not match taxonomy.npz: rebuild the skills cache.")
    return concepts, np.asarray(summary, dtype=np.float32)


def load_space(cache: Path) -> tuple[SkillSpace, list[Occupation]]:
    """The engine's skill space over ESCO concepts (ids = indices in the cache's tables)
    and the occupations that have at least three essential skills with vectors."""
    for name in ("taxonomy.npz", "e5-skills.npz", "e5-occupations.npz"):
        if not (cache / name).exists():
            sys.exit(f"{cache / name} is missing: build the skills cache (`make setup`).")
    taxonomy = Taxonomy.load(cache / "taxonomy.npz")
    skill_ids, skill_matrix = _summary(cache / "e5-skills.npz", taxonomy.skills.label_concept)
    occ_ids, occ_matrix = _summary(cache / "e5-occupations.npz", taxonomy.occupations.label_concept)
    space = SkillSpace(
        dim=skill_matrix.shape[1],
        skill_rows={int(pk): row for row, pk in enumerate(skill_ids)},
        skill_matrix=skill_matrix,
        occupation_rows={int(pk): row for row, pk in enumerate(occ_ids)},
        occupation_matrix=occ_matrix,
        source="e5",
    )
    pairs = taxonomy.relations.occupation_skill
    essential_flags = taxonomy.relations.occupation_skill_essential
    known = np.zeros(len(taxonomy.skills.uris), bool)
    known[skill_ids] = True
    occupations = []
    order = np.argsort(pairs[:, 0], kind="stable")
    pairs, essential_flags = pairs[order], essential_flags[order]
    bounds = np.searchsorted(pairs[:, 0], np.arange(len(taxonomy.occupations.uris) + 1))
    for occ in occ_ids.tolist():
        if taxonomy.occupations.groups[occ] != "occupation":
            continue
        chunk = pairs[bounds[occ] : bounds[occ + 1], 1]
        flags = essential_flags[bounds[occ] : bounds[occ + 1]]
        chunk_known = known[chunk]
        essential = chunk[flags & chunk_known]
        optional = chunk[~flags & chunk_known]
        if len(essential) >= 3:
            occupations.append(Occupation(occ, essential, optional))
    return space, occupations


class Population:
    """Deterministic generated workers and opportunities: item ``i`` is always the same."""

    def __init__(self, space: SkillSpace, occupations: list[Occupation], seed: int) -> None:
        self.space = space
        self.occupations = occupations
        self.seed = seed
        rng = np.random.default_rng(seed)
        ranks = rng.permutation(len(occupations))
        popularity = 1.0 / (ranks + 10.0) ** 0.9
        self.occupation_p = popularity / popularity.sum()
        country_p = 1.0 / np.arange(1, len(COUNTRIES) + 1)
        self.country_p = country_p / country_p.sum()
        self.all_skills = np.array(sorted(space.skill_rows), dtype=np.int64)

    def _rng(self, side: int, i: int) -> np.random.Generator:
        return np.random.default_rng((self.seed, side, i))

    def opportunity(self, i: int) -> OpportunityFacts:
        rng = self._rng(1, i)
        occ = self.occupations[rng.choice(len(self.occupations), p=self.occupation_p)]
        n_essential = max(2, min(12, int(len(occ.essential) * rng.uniform(0.5, 1.0))))
        essential = rng.choice(occ.essential, min(n_essential, len(occ.essential)), replace=False)
        n_optional = min(len(occ.optional), int(rng.integers(0, 6)))
        optional = (
            rng.choice(occ.optional, n_optional, replace=False) if n_optional else np.array([])
        )
        kind = KINDS[rng.choice(3, p=KIND_SHARES)]
        return OpportunityFacts(
            id=i + 1,
            kind=kind,
            country=COUNTRIES[rng.choice(len(COUNTRIES), p=self.country_p)],
            remote=bool(rng.random() < REMOTE_SHARE[kind]),
            essential_skill_ids=frozenset(int(s) for s in essential),
            optional_skill_ids=frozenset(int(s) for s in optional),
            occupation_id=occ.index,
            employer_id=int(rng.integers(1, max(2, i // 20 + 2))),
            closing_date=TODAY + timedelta(days=int(rng.integers(1, 90))),
            published_at=datetime(2026, 1, 1) + timedelta(minutes=int(rng.integers(0, 20_000))),
        )

    def worker(self, i: int) -> WorkerFacts:
        rng = self._rng(2, i)
        chosen = rng.choice(
            len(self.occupations), 2 if rng.random() < 0.2 else 1, p=self.occupation_p
        )
        skills: set[int] = set()
        occupation_ids: set[int] = set()
        for position in chosen.tolist():
            occ = self.occupations[position]
            share = rng.uniform(0.4, 0.9)
            skills.update(
                int(s)
                for s in rng.choice(
                    occ.essential, max(1, int(len(occ.essential) * share)), replace=False
                )
            )
            if len(occ.optional):
                skills.update(
                    int(s)
                    for s in rng.choice(
                        occ.optional, min(len(occ.optional), int(rng.integers(0, 5))), replace=False
                    )
                )
            if rng.random() < 0.6:
                occupation_ids.add(occ.index)
        skills.update(int(s) for s in rng.choice(self.all_skills, int(rng.integers(0, 4))))
        draw = rng.random()
        work_types: frozenset[str] = (
            frozenset()
            if draw < 0.4
            else frozenset({"job"})
            if draw < 0.8
            else frozenset({"job", "gig"})
            if draw < 0.9
            else frozenset({"gig", "microtask"})
        )
        return WorkerFacts(
            id=i + 1,
            skill_ids=frozenset(skills),
            country=""
            if rng.random() < 0.05
            else COUNTRIES[rng.choice(len(COUNTRIES), p=self.country_p)],
            accepts_remote=bool(rng.random() < 0.35),
            work_types=work_types,
            occupation_ids=frozenset(occupation_ids),
        )


def opportunity_place(facts: OpportunityFacts) -> tuple[frozenset[str], frozenset[str]]:
    """Partitions and kinds of an opportunity, as ``kazi.matching.index`` sets them."""
    partitions = {facts.country} | ({"remote"} if facts.remote else set())
    return frozenset(partitions), frozenset({facts.kind})


def worker_query(facts: WorkerFacts) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The partitions and kinds an opportunity search for this worker uses."""
    if not facts.country:
        partitions = None
    else:
        partitions = frozenset({facts.country} | ({"remote"} if facts.accepts_remote else set()))
    return partitions, (facts.work_types or None)


# ----------------------------------------------------------------- data on disk


SIDES = ("opportunities", "workers")


def data_paths(work: Path, side: str, n: int) -> dict[str, Path]:
    stem = work / f"{side}-{human(n)}"
    return {
        "vectors": stem.with_suffix(".vectors.f32"),
        "meta": stem.with_suffix(".meta.npz"),
        "truth": stem.with_suffix(".truth.npz"),
    }


def write_items(population: Population, side: str, n: int, work: Path) -> float:
    """Vectors (raw float32, read in chunks without memory-mapping) and per-item country,
    remote and kind codes. Returns the seconds spent (0 when the files exist)."""
    paths = data_paths(work, side, n)
    if paths["vectors"].exists() and paths["meta"].exists():
        return 0.0
    started = time.perf_counter()
    countries = np.zeros(n, np.int16)  # -1: no country ("nowhere")
    remote = np.zeros(n, bool)  # remote opportunity / worker accepts remote work
    kinds = np.zeros(n, np.int8)  # bit per kind; 0: any kind
    index_of = {c: i for i, c in enumerate(COUNTRIES)}
    tmp = paths["vectors"].with_suffix(".tmp")
    space = population.space
    with tmp.open("wb") as out:
        for start in range(0, n, CHUNK):
            end = min(n, start + CHUNK)
            block = np.zeros((end - start, space.dim), np.float32)
            for i in range(start, end):
                if side == "opportunities":
                    facts = population.opportunity(i)
                    block[i - start] = space.opportunity_vector(facts)
                    countries[i] = index_of[facts.country]
                    remote[i] = facts.remote
                    kinds[i] = 1 << KINDS.index(facts.kind)
                else:
                    worker = population.worker(i)
                    block[i - start] = space.worker_vector(worker)
                    countries[i] = index_of.get(worker.country, -1)
                    remote[i] = worker.accepts_remote
                    kinds[i] = sum(1 << KINDS.index(k) for k in worker.work_types)
            out.write(block.tobytes())
            print(f"  generated {end:,}/{n:,} {side}", end="\r", flush=True)
    print()
    tmp.replace(paths["vectors"])
    np.savez(paths["meta"], countries=countries, remote=remote, kinds=kinds)
    return time.perf_counter() - started


def read_chunks(path: Path, n: int, dim: int) -> Iterator[tuple[int, np.ndarray]]:
    """(start, float32 block) of the vectors file, read with plain reads (no mapping, so
    that the page cache does not count in this process's memory)."""
    row_bytes = dim * 4
    with path.open("rb") as source:
        for start in range(0, n, CHUNK):
            count = min(CHUNK, n - start)
            data = source.read(count * row_bytes)
            yield start, np.frombuffer(data, np.float32).reshape(count, dim)


@dataclass(frozen=True)
class Query:
    vector: np.ndarray
    partitions: frozenset[str] | None
    kinds: frozenset[str] | None
    country: int  # -2: any place
    remote: bool
    kind_bits: int  # 0: any kind


def queries(population: Population, side: str, count: int) -> list[Query]:
    """Searches of ``side``: workers looking for opportunities, or opportunities looking
    for workers (items not in the index: ids from 1,000,000 on)."""
    found = []
    for i in range(1_000_000, 1_000_000 + count):
        if side == "opportunities":
            worker = population.worker(i)
            partitions, kinds = worker_query(worker)
            found.append(
                Query(
                    population.space.worker_vector(worker),
                    partitions,
                    kinds,
                    COUNTRIES.index(worker.country) if worker.country else -2,
                    worker.accepts_remote,
                    sum(1 << KINDS.index(k) for k in worker.work_types),
                )
            )
        else:
            facts = population.opportunity(i)
            partitions = {facts.country, "nowhere"} | ({"remote"} if facts.remote else set())
            found.append(
                Query(
                    population.space.opportunity_vector(facts),
                    frozenset(partitions),
                    frozenset({facts.kind}),
                    COUNTRIES.index(facts.country),
                    facts.remote,
                    1 << KINDS.index(facts.kind),
                )
            )
    return found


def item_filters(
    side: str, meta: dict[str, np.ndarray], start: int, end: int
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    partitions, kinds = [], []
    for code, remote, bits in zip(
        meta["countries"][start:end].tolist(),
        meta["remote"][start:end].tolist(),
        meta["kinds"][start:end].tolist(),
        strict=True,
    ):
        place = COUNTRIES[code] if code >= 0 else "nowhere"
        partitions.append(frozenset({place} | ({"remote"} if remote else set())))
        kinds.append(frozenset(k for b, k in enumerate(KINDS) if bits >> b & 1))
    return partitions, kinds


def brute_force_mask(side: str, meta: dict[str, np.ndarray], query: Query) -> np.ndarray:
    """The place and kind filters of ``query`` over all items, as numpy does it."""
    countries, remote, kinds = meta["countries"], meta["remote"], meta["kinds"]
    if side == "opportunities":  # query = a worker
        if query.country == -2:
            mask = np.ones(len(countries), bool)
        else:
            mask = countries == query.country
            if query.remote:
                mask |= remote
        if query.kind_bits:
            mask &= (kinds & query.kind_bits) != 0
        return mask
    mask = (countries == query.country) | (countries == -1)  # query = an opportunity
    if query.remote:
        mask |= remote
    return mask & ((kinds == 0) | ((kinds & query.kind_bits) != 0))


# ------------------------------------------------------------------------ phases


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    values = np.array(latencies) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 99))


def phase_exact(
    population: Population, side: str, n: int, work: Path, count: int
) -> dict[str, float]:
    """Numpy brute force (full scan + mask) and the exact partitioned index; ground truth."""
    paths = data_paths(work, side, n)
    dim = population.space.dim
    with np.load(paths["meta"]) as data:
        meta = {key: data[key] for key in data.files}
    baseline = peak_mb()
    matrix = np.empty((n, dim), np.float32)
    for start, block in read_chunks(paths["vectors"], n, dim):
        matrix[start : start + len(block)] = block
    searches = queries(population, side, count)
    latencies = []
    for query in searches:
        started = time.perf_counter()
        scores = np.where(brute_force_mask(side, meta, query), matrix @ query.vector, -np.inf)
        best = np.argpartition(-scores, TOP)[:TOP]
        best = best[np.argsort(-scores[best])]
        latencies.append(time.perf_counter() - started)
    brute_p50, brute_p99 = _percentiles(latencies)
    brute_peak = peak_mb()
    del matrix

    started = time.perf_counter()
    index = VectorIndex(dim, backend="exact")
    for start, block in read_chunks(paths["vectors"], n, dim):
        partitions, kinds = item_filters(side, meta, start, start + len(block))
        index.add(list(range(start + 1, start + len(block) + 1)), block, partitions, kinds)
    build = time.perf_counter() - started
    latencies, truth_ids, truth_scores = [], [], []
    for query in searches:
        started = time.perf_counter()
        found = index.search(query.vector, query.partitions, TOP, query.kinds)
        latencies.append(time.perf_counter() - started)
        ids = np.zeros(TOP, np.int64)
        scores = np.full(TOP, -np.inf, np.float32)
        ids[: len(found)] = [pk for pk, _ in found]
        scores[: len(found)] = [s for _, s in found]
        truth_ids.append(ids)
        truth_scores.append(scores)
    np.savez(paths["truth"], ids=np.array(truth_ids), scores=np.array(truth_scores))
    p50, p99 = _percentiles(latencies)
    return {
        "brute_p50": brute_p50,
        "brute_p99": brute_p99,
        "brute_peak_mb": brute_peak,
        "exact_build_s": build,
        "exact_p50": p50,
        "exact_p99": p99,
        "exact_peak_mb": peak_mb(),
        "baseline_mb": baseline,
    }


def phase_index(
    population: Population, side: str, n: int, work: Path, count: int
) -> dict[str, float]:
    """The usearch-backed index: build, latency, recall against the saved ground truth."""
    paths = data_paths(work, side, n)
    dim = population.space.dim
    with np.load(paths["meta"]) as data:
        meta = {key: data[key] for key in data.files}
    with np.load(paths["truth"]) as data:
        truth_scores = data["scores"]
    searches = queries(population, side, count)
    baseline = peak_mb()
    build = 0.0
    index = VectorIndex(dim)
    for start, block in read_chunks(paths["vectors"], n, dim):
        partitions, kinds = item_filters(side, meta, start, start + len(block))
        started = time.perf_counter()
        index.add(list(range(start + 1, start + len(block) + 1)), block, partitions, kinds)
        build += time.perf_counter() - started
    built_peak = peak_mb()
    latencies, results = [], []
    for query in searches:
        started = time.perf_counter()
        found = index.search(query.vector, query.partitions, TOP, query.kinds)
        latencies.append(time.perf_counter() - started)
        results.append([pk for pk, _ in found])
    query_peak = peak_mb()
    # Recall with the float32 cosine of each returned item, read from the data file.
    data = np.memmap(paths["vectors"], dtype=np.float32, mode="r", shape=(n, dim))
    right = expected = 0
    for position, query in enumerate(searches):
        exact = truth_scores[position]
        wanted = int(np.isfinite(exact).sum())
        if wanted:
            floor = exact[wanted - 1] - 1e-5
            ids = np.array(results[position], dtype=np.int64)
            scores = data[ids - 1] @ query.vector if len(ids) else np.zeros(0)
            right += min(wanted, int((scores >= floor).sum()))
            expected += wanted
    del data
    p50, p99 = _percentiles(latencies)
    save_dir = work / f"index-{side}-{human(n)}"
    started = time.perf_counter()
    index.save(save_dir, seq=0)
    saved = time.perf_counter() - started
    started = time.perf_counter()
    VectorIndex.load(save_dir)
    loaded = time.perf_counter() - started
    return {
        "index_build_s": build,
        "index_p50": p50,
        "index_p99": p99,
        "recall": right / max(1, expected),
        "index_peak_mb": built_peak,
        "index_query_peak_mb": query_peak,
        "baseline_mb": baseline,
        "save_s": saved,
        "load_s": loaded,
        "graph_partitions": float(sum(1 for p in index._partitions.values() if p.graph)),
    }


def phase_refresh(population: Population, n: int, workers: int, processes: int) -> dict[str, float]:
    """Batch refresh of stored top-20 through the engine (kazi.matching.refresh)."""
    from kazi.matching.engine import MatchEngine
    from kazi.matching.refresh import Snapshot, collect, run_local

    started = time.perf_counter()
    opportunities = []
    for i in range(n):
        facts = population.opportunity(i)
        opportunities.append(_with_vector(facts, population.space.opportunity_vector(facts)))
    people = []
    for i in range(workers):
        facts = population.worker(i)
        people.append(_with_vector(facts, population.space.worker_vector(facts)))
    prepared = time.perf_counter() - started
    baseline = peak_mb()
    started = time.perf_counter()
    snapshot = Snapshot(opportunities, people, MatchEngine(population.space), TODAY)
    results = collect(run_local(snapshot, processes))
    seconds = time.perf_counter() - started
    return {
        "refresh_workers": float(len(results)),
        "refresh_s": seconds,
        "refresh_rate": len(results) / seconds,
        "refresh_prepare_s": prepared,
        "refresh_peak_mb": peak_mb(),
        "baseline_mb": baseline,
    }


def _with_vector(facts: OpportunityFacts | WorkerFacts, vector: np.ndarray):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(facts, vector=vector)


# -------------------------------------------------------------------------- main


def run_phase(args: argparse.Namespace, phase: str, side: str, n: int) -> dict[str, float]:
    """Run one phase in a fresh process (own peak memory); returns its figures."""
    command = [sys.executable, __file__, "--phase", phase, "--side", side, "--sizes", str(n)]
    for option in ("queries", "seed", "work_dir", "refresh_workers", "processes", "cache"):
        value = getattr(args, option)
        if value is not None:
            command += [f"--{option.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"phase {phase} {side} {human(n)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(rows: list[tuple[str, int, dict[str, float]]], processes: int) -> None:
    print(
        f"{'index':>19} | {'method':<26} | {'build s':>7} | {'p50 ms':>7} | "
        f"{'p99 ms':>7} | {'recall@20':>9} | {'peak MB':>7}"
    )
    for side, n, f in rows:
        label = f"{human(n)} {side}"
        print(
            f"{label:>19} | {'numpy brute force, mask':<26} | {'-':>7} | "
            f"{f['brute_p50']:7.2f} | {f['brute_p99']:7.2f} | {1.0:9.3f} | "
            f"{f['brute_peak_mb']:7.0f}"
        )
        print(
            f"{'':>19} | {'numpy exact, partitioned':<26} | {f['exact_build_s']:7.1f} | "
            f"{f['exact_p50']:7.2f} | {f['exact_p99']:7.2f} | {1.0:9.3f} | "
            f"{f['exact_peak_mb']:7.0f}"
        )
        print(
            f"{'':>19} | {'usearch index, partitioned':<26} | {f['index_build_s']:7.1f} | "
            f"{f['index_p50']:7.2f} | {f['index_p99']:7.2f} | {f['recall']:9.3f} | "
            f"{f['index_query_peak_mb']:7.0f}"
        )
        if "refresh_rate" in f:
            print(
                f"{'':>19} | batch refresh through the engine: {f['refresh_workers']:.0f} "
                f"workers in {f['refresh_s']:.1f} s = {f['refresh_rate']:.0f} workers/s "
                f"({processes} processes), peak {f['refresh_peak_mb']:.0f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="opportunity counts")
    parser.add_argument("--workers", default="100k", help="worker index size ('0': none)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--refresh-workers", type=int, default=5000)
    parser.add_argument("--processes", type=int, default=2, help="refresh processes")
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--generate-only", action="store_true", help="write the data, stop")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", help="skills cache folder (default: the newest under var)")
    parser.add_argument("--work-dir", default=str(PROJECT / "var" / "bench" / "matching"))
    parser.add_argument("--phase", choices=["exact", "index", "refresh"], help=argparse.SUPPRESS)
    parser.add_argument("--side", choices=SIDES, default="opportunities", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    space, occupations = load_space(skills_cache_dir(args.cache))
    population = Population(space, occupations, args.seed)

    if args.phase:
        n = parse_size(args.sizes)
        if args.phase == "exact":
            result = phase_exact(population, args.side, n, work, args.queries)
        elif args.phase == "index":
            result = phase_index(population, args.side, n, work, args.queries)
        else:
            result = phase_refresh(population, n, args.refresh_workers, args.processes)
        print(json.dumps(result))
        return

    print(
        f"ESCO occupations used: {len(occupations):,}; skills with vectors: "
        f"{len(space.skill_rows):,}; dimension {space.dim}; {args.queries} queries (top {TOP})"
    )
    runs = [("opportunities", parse_size(s)) for s in args.sizes.split(",") if s.strip()]
    if parse_size(args.workers):
        runs.append(("workers", parse_size(args.workers)))
    rows = []
    for side, n in runs:
        generated = write_items(population, side, n, work)
        if generated:
            print(f"{human(n)} {side}: generated in {generated:.0f} s")
        if args.generate_only:
            continue
        figures = {**run_phase(args, "exact", side, n), **run_phase(args, "index", side, n)}
        if side == "opportunities" and not args.skip_refresh:
            figures.update(run_phase(args, "refresh", side, n))
        rows.append((side, n, figures))
        print(f"{human(n)} {side}: {json.dumps(figures)}", flush=True)
    if rows:
        print()
        print_table(rows, args.processes)


if __name__ == "__main__":
    main()
