"""The partitioned vector index (kazi/matching/ann.py), on its own: no Django."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from kazi.matching.ann import (
    CURRENT,
    IndexFileError,
    MissingIndexError,
    VectorIndex,
)

DIM = 32
COUNTRIES = ("KE", "UG", "TZ")
KINDS = ("job", "gig", "microtask")


def unit_rows(rng: np.random.Generator, n: int, dim: int = DIM) -> np.ndarray:
    rows = rng.standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def clustered(rng: np.random.Generator, n: int, dim: int = DIM, centres: int = 40) -> np.ndarray:
    """Points around a few centres, like opportunities of the same occupation."""
    base = unit_rows(rng, centres, dim)
    rows = base[rng.integers(0, centres, n)] + 0.35 * unit_rows(rng, n, dim)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def populate(index: VectorIndex, vectors: np.ndarray, rng: np.random.Generator) -> list[dict]:
    items = []
    for pk in range(len(vectors)):
        partitions = {COUNTRIES[rng.integers(0, 3)]}
        if rng.random() < 0.2:
            partitions.add("remote")
        kinds = set() if rng.random() < 0.2 else {KINDS[rng.integers(0, 3)]}
        items.append({"id": pk + 1, "partitions": partitions, "kinds": kinds})
    index.add(
        [item["id"] for item in items],
        vectors,
        [item["partitions"] for item in items],
        [item["kinds"] for item in items],
    )
    return items


def brute_force(
    vectors: np.ndarray,
    items: list[dict],
    query: np.ndarray,
    partitions: set[str] | None,
    kinds: set[str] | None,
    k: int,
) -> list[tuple[int, float]]:
    scores = vectors @ (query / np.linalg.norm(query))
    found = [
        (item["id"], float(scores[i]))
        for i, item in enumerate(items)
        if (partitions is None or item["partitions"] & partitions)
        and (kinds is None or not item["kinds"] or item["kinds"] & kinds)
    ]
    found.sort(key=lambda pair: (-pair[1], pair[0]))
    return found[:k]


def test_exact_backend_equals_brute_force_with_every_filter() -> None:
    rng = np.random.default_rng(1)
    vectors = clustered(rng, 3000)
    index = VectorIndex(DIM, backend="exact")
    items = populate(index, vectors, rng)
    assert len(index) == 3000
    cases = [
        (None, None),
        ({"KE"}, None),
        ({"KE", "remote"}, {"job"}),
        ({"UG"}, {"gig", "microtask"}),
        ({"remote"}, {"unknown-kind"}),  # only items of any kind pass
        ({"nowhere"}, None),  # a partition nobody is in
    ]
    for partitions, kinds in cases:
        for query in unit_rows(rng, 5):
            got = index.search(query, partitions, 20, kinds)
            want = brute_force(vectors, items, query, partitions, kinds, 20)
            assert [pk for pk, _ in got] == [pk for pk, _ in want]
            assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-5)


def test_ann_recall_on_clustered_data_and_exact_scores() -> None:
    rng = np.random.default_rng(2)
    vectors = clustered(rng, 12_000, centres=200)
    index = VectorIndex(DIM, exact_below=2_000)
    exact = VectorIndex(DIM, backend="exact")
    items = populate(index, vectors, np.random.default_rng(3))
    populate(exact, vectors, np.random.default_rng(3))
    assert all(size >= 2_000 for size in index.partitions().values())  # graphs in use
    hits = total = 0
    for query in clustered(rng, 200, centres=200):
        for partitions, kinds in (({"KE"}, None), ({"UG", "remote"}, {"job"})):
            got = index.search(query, partitions, 20, kinds)
            want = exact.search(query, partitions, 20, kinds)
            hits += len({pk for pk, _ in got} & {pk for pk, _ in want})
            total += len(want)
            # Scores are re-computed cosines (from float16 rows), whatever the graph proposed.
            for pk, score in got:
                assert score == pytest.approx(float(vectors[pk - 1] @ query), abs=2e-4)
                assert (items[pk - 1]["partitions"] & partitions) and (
                    kinds is None or not items[pk - 1]["kinds"] or items[pk - 1]["kinds"] & kinds
                )
    assert hits / total >= 0.95


def test_rare_kind_in_a_large_partition_still_fills_the_page() -> None:
    rng = np.random.default_rng(4)
    vectors = unit_rows(rng, 6_000)
    index = VectorIndex(DIM, exact_below=1_000)
    kinds = [{"gig"} if pk % 100 == 0 else {"job"} for pk in range(6_000)]
    index.add(list(range(6_000)), vectors, [{"KE"}] * 6_000, kinds)
    found = index.search(vectors[0], {"KE"}, 20, {"gig"})
    assert len(found) == 20
    assert all(pk % 100 == 0 for pk, _ in found)
    assert found[0][0] == 0


def test_upsert_replaces_vector_partitions_and_kinds_and_remove_forgets() -> None:
    rng = np.random.default_rng(5)
    a, b = unit_rows(rng, 2)
    index = VectorIndex(DIM)
    index.upsert(7, a, {"KE"}, {"job"})
    assert 7 in index and len(index) == 1
    assert index.search(a, {"KE"}, 5)[0][0] == 7
    assert index.search(a, {"KE"}, 5)[0][1] == pytest.approx(1.0, abs=1e-5)

    index.upsert(7, b, {"UG", "remote"}, {"gig"})
    assert len(index) == 1
    assert index.search(a, {"KE"}, 5) == []
    assert index.search(b, {"remote"}, 5)[0] == (7, pytest.approx(1.0, abs=1e-5))
    assert index.search(b, {"UG"}, 5, {"job"}) == []
    assert index.search(b, {"UG"}, 5, {"gig", "job"})[0][0] == 7
    assert index.item(7) == (frozenset({"UG", "remote"}), frozenset({"gig"}))

    assert index.remove(7) is True
    assert index.remove(7) is False
    assert 7 not in index and len(index) == 0
    assert index.search(b, None, 5) == []


def test_item_of_any_kind_matches_every_kind_filter() -> None:
    rng = np.random.default_rng(6)
    vector = unit_rows(rng, 1)[0]
    index = VectorIndex(DIM)
    index.upsert(1, vector, {"KE"}, set())
    index.upsert(2, -vector, {"KE"}, {"job"})
    assert [pk for pk, _ in index.search(vector, {"KE"}, 5, {"gig"})] == [1]
    assert [pk for pk, _ in index.search(vector, {"KE"}, 5, {"job"})] == [1, 2]


def test_item_in_two_searched_partitions_is_returned_once() -> None:
    rng = np.random.default_rng(7)
    vector = unit_rows(rng, 1)[0]
    index = VectorIndex(DIM)
    index.upsert(1, vector, {"KE", "remote"}, {"job"})
    assert index.search(vector, {"KE", "remote"}, 5) == [(1, pytest.approx(1.0, abs=1e-5))]


def test_updates_in_a_graph_partition_are_found_and_forgotten() -> None:
    rng = np.random.default_rng(8)
    vectors = unit_rows(rng, 3_000)
    index = VectorIndex(DIM, exact_below=1_000)
    index.add(list(range(3_000)), vectors, [{"KE"}] * 3_000, [{"job"}] * 3_000)
    fresh = unit_rows(rng, 1)[0]
    index.upsert(10, fresh, {"KE"}, {"job"})  # moved
    assert index.search(fresh, {"KE"}, 1)[0][0] == 10
    index.remove(10)
    assert 10 not in {pk for pk, _ in index.search(fresh, {"KE"}, 50)}
    for pk in range(2_600):  # shrinks below half the threshold: back to exact search
        index.remove(pk)
    assert len(index) == 400
    survivor = int(max(set(range(3_000)) - set(range(2_600))))
    assert index.search(vectors[survivor], {"KE"}, 1)[0][0] == survivor


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(9)
    vectors = clustered(rng, 4_000)
    index = VectorIndex(DIM, exact_below=1_500, info={"space": "e5:abc"})
    populate(index, vectors, rng)
    index.save(tmp_path, seq=41)
    loaded, seq = VectorIndex.load(tmp_path)
    assert seq == 41
    assert loaded.info == {"space": "e5:abc"}
    assert len(loaded) == len(index)
    assert loaded.partitions() == index.partitions()
    for pk in (1, 500, 4_000):
        assert loaded.item(pk) == index.item(pk)
    for query in unit_rows(rng, 10):
        assert loaded.search(query, {"KE", "remote"}, 20, {"job"}) == index.search(
            query, {"KE", "remote"}, 20, {"job"}
        )
    # A loaded (memory-mapped) index can still change, and saving again replaces it.
    loaded.upsert(99_999, vectors[0], {"TZ"}, {"gig"})
    loaded.remove(1)
    loaded.save(tmp_path, seq=42)
    again, seq = VectorIndex.load(tmp_path)
    assert seq == 42 and 99_999 in again and 1 not in again
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [
        (tmp_path / CURRENT).read_text().strip()
    ]


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MissingIndexError, match="No vector index"):
        VectorIndex.load(tmp_path / "nothing-here")


def _saved(tmp_path: Path) -> Path:
    rng = np.random.default_rng(10)
    index = VectorIndex(DIM, exact_below=200)
    populate(index, unit_rows(rng, 1_000), rng)
    return index.save(tmp_path, seq=1)


def test_damaged_graph_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    graph = next(folder.glob("*.usearch"))
    graph.write_bytes(b"not an index" * 10)
    with pytest.raises(IndexFileError, match=r"damaged"):
        VectorIndex.load(tmp_path)


def test_truncated_vectors_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    vectors = next(folder.glob("*.vectors.npy"))
    vectors.write_bytes(vectors.read_bytes()[:1000])
    with pytest.raises(IndexFileError, match=r"damaged"):
        VectorIndex.load(tmp_path)


def test_missing_file_or_bad_metadata_is_a_clear_error(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    next(folder.glob("*.ids.npy")).unlink()
    with pytest.raises(IndexFileError, match="incomplete"):
        VectorIndex.load(tmp_path)
    folder = _saved(tmp_path / "other")
    meta = json.loads((folder / "meta.json").read_text())
    meta["items"] += 5
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(IndexFileError, match="damaged"):
        VectorIndex.load(tmp_path / "other")
    (folder / "meta.json").write_text("{not json")
    with pytest.raises(IndexFileError, match="damaged"):
        VectorIndex.load(tmp_path / "other")


def test_bad_input_is_refused() -> None:
    index = VectorIndex(DIM)
    with pytest.raises(ValueError, match="dimension"):
        index.upsert(1, np.ones(DIM + 1, np.float32), {"KE"}, set())
    with pytest.raises(ValueError, match="non-zero"):
        index.upsert(1, np.zeros(DIM, np.float32), {"KE"}, set())
    with pytest.raises(ValueError, match="no partition"):
        index.upsert(1, np.ones(DIM, np.float32), set(), set())
    with pytest.raises(ValueError, match="unknown backend"):
        VectorIndex(DIM, backend="faiss")
    assert len(index) == 0


def test_filtered_items_far_from_the_query_are_still_found_through_the_graph() -> None:
    """The graph's first candidates all fail the kind filter: it is asked again for more."""
    rng = np.random.default_rng(11)
    n = 12_000
    vectors = 0.3 * unit_rows(rng, n)
    gig = np.arange(n) % 5 == 0  # 20%: too many to search exactly, so the graph is used
    vectors[:, 0] += np.where(gig, -rng.uniform(0.1, 1.0, n), 1.0)  # gigs point away
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kinds = [{"gig"} if g else {"job"} for g in gig]
    index = VectorIndex(DIM, exact_below=1_000)
    exact = VectorIndex(DIM, backend="exact")
    for target in (index, exact):
        target.add(list(range(n)), vectors, [{"KE"}] * n, kinds)
    query = np.zeros(DIM, np.float32)
    query[0] = 1.0
    found = index.search(query, {"KE"}, 20, {"gig"})
    want = exact.search(query, {"KE"}, 20, {"gig"})
    assert len(found) == 20 and all(gig[pk] for pk, _ in found)
    assert [pk for pk, _ in found] == [pk for pk, _ in want]


def test_a_partition_keeps_growing_after_its_graph_is_built() -> None:
    rng = np.random.default_rng(12)
    vectors = unit_rows(rng, 5_000)
    index = VectorIndex(DIM, exact_below=1_000)
    bounds = [0, 900, 950, 1_010, 1_060, 5_000]  # spare room when the graph is built
    for start, end in itertools.pairwise(bounds):
        index.add(list(range(start, end)), vectors[start:end], [{"KE"}] * (end - start),
                  [{"job"}] * (end - start))  # fmt: skip
    assert len(index) == 5_000
    for pk in (0, 999, 1_000, 4_999):
        assert index.search(vectors[pk], {"KE"}, 1)[0][0] == pk
