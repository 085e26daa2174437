"""Benchmark of the skills core: load time, latency on one core, resident memory.

    DEBUG=1 .venv/bin/python bench/skills.py [--sentences 200] [--titles 500]

Pins the process to one CPU core and one thread (BLAS and the models), loads the skills
cache built by `kazi taxonomy embed` (framework-free: only the cache folder is read), warms
up, then times `skills.extract` on job-ad sentences of the development sets (Decorte house
and tech, SkillSkape dev) and `occupations.rank` on JobBERT validation titles. Prints the
cache load time, median / p95 latency and peak resident memory. Quality is measured by
`kazi eval skills|occupations`; record both in docs/benchmarks.md.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kazi.skills.store import SkillsEngine  # noqa: E402


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time(label: str, items: list[str], call: object) -> None:
    assert callable(call)
    for text in items[:5]:
        call(text)  # warm-up: models load lazily
    latencies = []
    for text in items:
        started = time.perf_counter()
        call(text)
        latencies.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:34} n={len(items):4d}  median {statistics.median(latencies):6.1f} ms  "
        f"p95 {_percentile(latencies, 0.95):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--titles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("KAZI_SKILLS_DIR", PROJECT / "var" / "skills")) / "esco-1.1.1",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("KAZI_DATA_DIR", PROJECT.parent / "shared" / "data")),
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    started = time.perf_counter()
    engine = SkillsEngine.load(args.cache)
    print(f"cache load (arrays, lexicon)          {time.perf_counter() - started:6.2f} s")
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    bench = args.data / "bench"
    rng = random.Random(args.seed)
    sentences: list[str] = []
    for name in ("house_validation_annotations.csv", "tech_validation_annotations.csv"):
        with (bench / "skills" / name).open(encoding="utf-8") as handle:
            sentences += sorted({row["sentence"] for row in csv.DictReader(handle)})
    with (bench / "skills" / "skillskape_dev.csv").open(encoding="utf-8") as handle:
        sentences += [row["sentence"] for row in csv.DictReader(handle)]
    sentences = rng.sample(sentences, min(args.sentences, len(sentences)))
    with (bench / "titles" / "jobbert_titles_validation.csv").open(encoding="utf-8") as handle:
        titles = [row["vacancyTitle"] for row in csv.DictReader(handle)]
    titles = rng.sample(titles, min(args.titles, len(titles)))

    started = time.perf_counter()
    engine.skills.extract("warm up the models")
    print(f"first call (models load)              {time.perf_counter() - started:6.2f} s")
    _time("skills in a job-ad sentence", sentences, lambda t: engine.skills.extract(t, "en", 10))
    _time("occupations for a job title", titles, lambda t: engine.occupations.rank(t, "en", 10))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"resident memory after load            {rss_loaded:6.0f} MB")
    print(f"peak resident memory                  {peak:6.0f} MB")


if __name__ == "__main__":
    main()
