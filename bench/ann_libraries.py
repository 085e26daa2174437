"""How kazi chose its ANN library: hnswlib, faiss-cpu and usearch on the same vectors.

    pip install hnswlib==0.8.0 faiss-cpu==1.15.1     # usearch is a dependency already
    DEBUG=1 .venv/bin/python bench/matching.py --sizes 200k --workers 0 --generate-only
    DEBUG=1 .venv/bin/python bench/ann_libraries.py --size 200k [--queries 1000]

Reads the opportunity vectors that ``bench/matching.py`` generated (engine vectors over
the e5 vectors of ESCO concepts) and, for each library and setting, in a fresh process:
builds one HNSW index (one thread), times top-20 queries one at a time (worker vectors),
and measures recall@20 against exact numpy search and the memory the index added (peak
resident memory after the build minus before). No filters: this is the raw engine under
one partition of ``kazi.matching.ann``. The last variant is that partition itself: the
int8 usearch graph proposes 128 candidates, re-scored from float16 rows.
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
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
TOP = 20
M = 16
EF_CONSTRUCTION = 128
VARIANTS = [
    "hnswlib-f32",
    "faiss-hnsw-f32",
    "faiss-hnsw-sq8",
    "usearch-f32",
    "usearch-f16",
    "usearch-i8",
    "kazi-usearch-i8-rescored",
]
EF_SEARCH = (64, 128)


def rss_mb() -> float:
    """Resident memory now (the build's own allocations, unlike a high-water mark)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def load(work: Path, size: str, queries: int) -> tuple[np.ndarray, np.ndarray]:
    sys.path.insert(0, str(PROJECT / "bench"))
    from matching import (  # type: ignore[import-not-found]
        Population,
        load_space,
        parse_size,
        skills_cache_dir,
    )

    n = parse_size(size)
    path = work / f"opportunities-{size}.vectors.f32"
    if not path.exists():
        sys.exit(f"{path} is missing: run bench/matching.py --sizes {size} --generate-only.")
    space, occupations = load_space(skills_cache_dir(os.environ.get("BENCH_SKILLS_CACHE")))
    data = np.fromfile(path, dtype=np.float32).reshape(n, space.dim)
    population = Population(space, occupations, 7)
    workers = [population.worker(2_000_000 + i) for i in range(queries)]
    return data, np.vstack([space.worker_vector(w) for w in workers])


def build(variant: str, data: np.ndarray) -> Any:
    dim = data.shape[1]
    if variant == "hnswlib-f32":
        import hnswlib

        index = hnswlib.Index(space="cosine", dim=dim)
        index.init_index(max_elements=len(data), ef_construction=EF_CONSTRUCTION, M=M)
        index.set_num_threads(1)
        index.add_items(data, np.arange(len(data)))
        return index
    if variant.startswith("faiss"):
        import faiss

        faiss.omp_set_num_threads(1)
        if variant == "faiss-hnsw-f32":
            index = faiss.IndexHNSWFlat(dim, M, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexHNSWSQ(
                dim, faiss.ScalarQuantizer.QT_8bit, M, faiss.METRIC_INNER_PRODUCT
            )
            index.train(data)
        index.hnsw.efConstruction = EF_CONSTRUCTION
        index.add(data)
        return index
    if variant.startswith("kazi"):
        sys.path.insert(0, str(PROJECT))
        from kazi.matching.ann import VectorIndex

        index = VectorIndex(dim)
        index.add(list(range(len(data))), data, [{"all"}] * len(data), [set()] * len(data))
        return index
    from usearch.index import Index

    index = Index(
        ndim=dim,
        metric="cos",
        dtype=variant.split("-")[1],
        connectivity=M,
        expansion_add=EF_CONSTRUCTION,
    )
    index.add(np.arange(len(data)), data, threads=1)
    return index


def search(variant: str, index: Any, query: np.ndarray, ef: int) -> np.ndarray:
    if variant == "hnswlib-f32":
        labels, _ = index.knn_query(query[None, :], k=TOP)
        return labels[0]
    if variant.startswith("faiss"):
        _, labels = index.search(query[None, :], TOP)
        return labels[0]
    if variant.startswith("kazi"):
        return np.array([pk for pk, _ in index.search(query, None, TOP)])
    return index.search(query, TOP).keys


def set_ef(variant: str, index: Any, ef: int) -> None:
    if variant == "hnswlib-f32":
        index.set_ef(ef)
    elif variant.startswith("faiss"):
        index.hnsw.efSearch = ef
    elif variant.startswith("kazi"):
        index._partitions["all"].graph._compiled.expansion_search = ef
    else:
        index._compiled.expansion_search = ef


def run_variant(variant: str, work: Path, size: str, queries: int) -> dict[str, Any]:
    data, qs = load(work, size, queries)
    truth_floor = (
        np.concatenate(
            [
                -np.sort(-(qs[i : i + 100] @ data.T), axis=1)[:, TOP - 1]
                for i in range(0, len(qs), 100)
            ]
        )
        - 1e-5
    )
    before = rss_mb()
    started = time.perf_counter()
    index = build(variant, data)
    built = time.perf_counter() - started
    memory = rss_mb() - before
    result: dict[str, Any] = {"variant": variant, "build_s": built, "memory_mb": memory}
    for ef in EF_SEARCH:
        set_ef(variant, index, ef)
        for query in qs[:20]:
            search(variant, index, query, ef)  # warm-up
        latencies, right = [], 0
        for position, query in enumerate(qs):
            started = time.perf_counter()
            found = search(variant, index, query, ef)
            latencies.append(time.perf_counter() - started)
            found = np.asarray(found, dtype=np.int64)
            found = found[found >= 0]
            exact = data[found] @ query
            right += int((exact >= truth_floor[position]).sum())
        ms = np.array(latencies) * 1000
        result[f"ef{ef}"] = {
            "p50_ms": float(np.percentile(ms, 50)),
            "p99_ms": float(np.percentile(ms, 99)),
            "recall": right / (TOP * len(qs)),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="200k")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--work-dir", default=str(PROJECT / "var" / "bench" / "matching"))
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = Path(args.work_dir)
    if args.variant:
        print(json.dumps(run_variant(args.variant, work, args.size, args.queries)))
        return
    print(f"{args.size} opportunity vectors, {args.queries} worker queries, top {TOP}, M={M}, "
          f"efConstruction={EF_CONSTRUCTION}, one thread")  # fmt: skip
    print(f"{'variant':<16} | {'build s':>7} | {'memory MB':>9} | " + " | ".join(
        f"ef={ef}: p50 ms, p99 ms, recall" for ef in EF_SEARCH))  # fmt: skip
    for variant in args.variants.split(","):
        command = [sys.executable, __file__, "--variant", variant, "--size", args.size,
                   "--queries", str(args.queries), "--work-dir", str(work)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            print(f"{variant:<16} | failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        cells = " | ".join(
            f"{r[f'ef{ef}']['p50_ms']:6.3f}, {r[f'ef{ef}']['p99_ms']:6.3f}, "
            f"{r[f'ef{ef}']['recall']:.4f}"
            for ef in EF_SEARCH
        )
        print(f"{variant:<16} | {r['build_s']:7.1f} | {r['memory_mb']:9.0f} | {cells}", flush=True)


if __name__ == "__main__":
    main()
