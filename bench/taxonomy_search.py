"""Benchmark of ESCO label search (type-ahead) on the full taxonomy.

    DEBUG=1 .venv/bin/python bench/taxonomy_search.py [--queries 200] [--seed 7]

Uses the configured database (SQLite under var/ by default). Imports ESCO first when it
is not there yet. Builds (warms) the search indexes, then runs realistic queries built
from real labels: prefixes of growing length as someone types, typos, French and Spanish
queries, accents dropped. Prints latency percentiles (the whole selector call: freshness
check, in-memory search, URI look-up), index build time, memory, and how often the concept
the query came from is in the results. Record the figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kazi.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from kazi.taxonomy import selectors  # noqa: E402
from kazi.taxonomy.importer import import_esco, is_imported  # noqa: E402
from kazi.taxonomy.models import Label  # noqa: E402

Query = tuple[str, str, str, int]  # (kind, language, text, concept id it came from)


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:  # not Linux
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def ensure_imported() -> float | None:
    if "taxonomy_label" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    data_dir = Path(settings.KAZI_DATA_DIR)
    if is_imported(data_dir):
        return None
    print("ESCO is not imported in this database yet: importing it first.", file=sys.stderr)
    result = import_esco(data_dir, progress=sys.stderr)
    return result.seconds


def drop_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def typo(text: str, rng: random.Random) -> str | None:
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not candidates:
        return None
    i = rng.choice(candidates)
    word = words[i]
    at = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("drop", "swap", "double"))
    if kind == "drop":
        word = word[:at] + word[at + 1 :]
    elif kind == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def sample_labels(
    kind: str, language: str, count: int, rng: random.Random
) -> list[tuple[int, str]]:
    rows = list(
        Label.objects.filter(kind=kind, language=language, preferred=True).values_list(
            "concept_id", "text"
        )
    )
    rows = [(c, t.split("/")[0]) for c, t in rows if 4 <= len(t) <= 60]
    return rng.sample(rows, min(count, len(rows)))


def build_queries(total: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    queries: list[Query] = []
    plan = [
        ("occupation", "en", 0.22),
        ("skill", "en", 0.22),
        ("occupation", "fr", 0.16),
        ("skill", "fr", 0.14),
        ("occupation", "es", 0.14),
        ("skill", "es", 0.12),
    ]
    for kind, language, share in plan:
        wanted = round(total * share)
        made: list[Query] = []
        for concept, label in sample_labels(kind, language, wanted, rng):
            style = rng.random()
            if style < 0.45:  # typing: a prefix of growing length
                cut = rng.choice((3, 5, 8, 12, len(label)))
                text = label[: min(cut, len(label))]
            elif style < 0.7:  # a typo somewhere
                text = typo(label, rng) or label
            elif style < 0.85:  # accents dropped, lower case
                text = drop_accents(label).lower()
            else:  # the whole label
                text = label
            made.append((kind, language, text, concept))
            if len(made) >= wanted:
                break
        queries.extend(made)
    rng.shuffle(queries)
    return queries[:total]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import_seconds = ensure_imported()
    labels = Label.objects.count()
    before = rss_mb()
    selectors.invalidate_search_index()
    started = time.perf_counter()
    selectors.warm_search_index(("en", "fr", "es"))
    warm_seconds = time.perf_counter() - started
    after = rss_mb()

    queries = build_queries(args.queries, args.seed)
    search = {"occupation": selectors.search_occupations, "skill": selectors.search_skills}
    # One untimed pass over a few queries: first calls of rapidfuzz and lazy tables.
    for kind, language, text, _ in queries[:10]:
        search[kind](text, language, 10)

    latencies: list[float] = []
    by_style: dict[str, list[float]] = {}
    top1 = top10 = 0
    for kind, language, text, concept in queries:
        reset_queries()
        t0 = time.perf_counter()
        hits = search[kind](text, language, 10)
        elapsed = (time.perf_counter() - t0) * 1000
        latencies.append(elapsed)
        by_style.setdefault(f"{kind}/{language}", []).append(elapsed)
        found = [hit.id for hit in hits]
        top1 += bool(found) and found[0] == concept
        top10 += concept in found

    client = Client(HTTP_HOST="localhost")
    api_latencies = []
    for kind, language, text, _ in queries[:100]:
        path = "/api/v1/taxonomy/" + ("occupations" if kind == "occupation" else "skills")
        t0 = time.perf_counter()
        response = client.get(path, {"q": text, "lang": language})
        api_latencies.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content

    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    if import_seconds is not None:
        print(f"ESCO import: {import_seconds:.1f} s")
    print(f"Labels in the database: {labels:,}")
    print(f"Index build (en, fr, es; occupations and skills): {warm_seconds:.2f} s")
    for (kind, language), seconds in sorted(selectors.build_seconds.items()):
        print(f"  {kind:<10} {language}: {seconds:.2f} s")
    print(f"Process memory (RSS): {before:.0f} MB before the indexes, {after:.0f} MB after "
          f"(+{after - before:.0f} MB)")  # fmt: skip
    print(f"Queries: {len(latencies)} (seed {args.seed})")
    print(
        f"Selector latency: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms"
    )
    for style, values in sorted(by_style.items()):
        print(
            f"  {style:<14} n={len(values):<3} p50 {statistics.median(values):5.1f} ms  "
            f"p95 {percentile(values, 0.95):5.1f} ms"
        )
    print(
        f"API latency (in-process test client, {len(api_latencies)} requests): "
        f"p50 {statistics.median(api_latencies):.1f} ms, "
        f"p95 {percentile(api_latencies, 0.95):.1f} ms"
    )
    print(
        f"Concept the query came from: first {100 * top1 / len(queries):.0f}%, "
        f"in the top 10 {100 * top10 / len(queries):.0f}%"
    )
    print(f"Load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
