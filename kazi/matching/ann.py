"""A partitioned vector index: cosine nearest neighbours with place and kind filters.

Framework-free (numpy and `usearch`, no Django). The matching engine keeps two of them,
opportunities and workers (``kazi/matching/index.py``), and asks "the 20 closest items in
these places, of these kinds".

How it works, in plain words:

- Every item belongs to one or more **partitions** (a country code, "remote", "nowhere"):
  the place filter is the most selective one, so each partition is a search structure of
  its own and a query only looks at the partitions it names. An item in two partitions
  (a remote job in Kenya) is stored in both.
- A partition keeps its vectors as one matrix. Small partitions (below ``exact_below``
  items) are searched exactly, one float32 matrix product. Large ones also get an HNSW
  graph (usearch, int8-quantised vectors to save memory) that proposes candidates; every
  candidate is then re-scored from the partition's matrix (float16 there, to halve its
  memory: scores within about 1e-4 of float32), so only the candidate set is
  approximate.
- **Kinds** (job, gig, micro-task) are a post-filter: an item matches when it has no kind
  (any) or shares one with the query. Each partition counts its items per kind set, so a
  query knows how many items can pass: when few can, those are searched exactly; otherwise
  the graph is asked for enough extra candidates to leave ``k`` after filtering; when
  fewer than half their share pass (the items that pass lie away from the query, where
  a graph answers poorly for them), the items that pass are searched exactly.
- ``save`` writes a new version folder and then switches the ``CURRENT`` pointer with one
  atomic rename, so a reader never sees half a file. ``load`` memory-maps the matrices and
  the graphs: processes share one copy through the page cache until they change a
  partition (then that partition is copied into the process).
"""

from __future__ import annotations

import json
import math
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from usearch.index import Index as _UsearchIndex

__all__ = [
    "ANN",
    "BACKENDS",
    "EXACT",
    "IndexFileError",
    "MissingIndexError",
    "VectorIndex",
    "read_meta",
]

ANN = "usearch"
EXACT = "exact"
BACKENDS = (ANN, EXACT)
FORMAT = 1
CURRENT = "CURRENT"
META = "meta.json"

# Partitions smaller than this are searched exactly (one matrix product, under a ms).
EXACT_BELOW = 2_000
# Graph parameters (measured in docs/benchmarks.md, "Matching engine").
GRAPH_DTYPE = "i8"  # how the graph stores vectors (its own copy)
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 96
# Candidates asked from the graph: ``k × OVERSAMPLE`` at least, before re-scoring.
OVERSAMPLE = 3
MIN_CANDIDATES = 128
# Few items of a partition pass the kind filter: search those exactly rather than ask the
# graph for many candidates. "Few" grows with the share that passes: exact when
# passing² ≤ EXACT_FILTERED × size (2,000 of 20,000 items, 7,000 of 200,000).
EXACT_FILTERED = 250
GROWTH = 1.25


class IndexFileError(RuntimeError):
    """An index folder is missing, incomplete or damaged (the message says which file)."""


class MissingIndexError(IndexFileError, FileNotFoundError):
    """No index has been saved in this folder."""


def _unit(vectors: np.ndarray, dim: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    if matrix.ndim != 2 or matrix.shape[1] != dim:
        raise ValueError(f"expected vectors of dimension {dim}, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    if not np.all(np.isfinite(norms)) or np.any(norms < 1e-12):
        raise ValueError("vectors must be finite and non-zero (cosine needs a direction)")
    return np.ascontiguousarray(matrix / norms, dtype=np.float32)


@dataclass
class _Partition:
    """One partition: rows of unit vectors, their item ids and kind masks, maybe a graph.

    Rows are float32 while the partition is searched exactly; float16 once it has a graph
    (they only re-score the graph's candidates then: half the memory, scores within about
    1e-4 of float32)."""

    dim: int
    matrix: np.ndarray  # (capacity, dim) float32 or float16; rows [0, size) are live
    ids: np.ndarray  # (capacity,) int64
    masks: np.ndarray  # (capacity,) uint64: bit per kind, 0 = any kind
    size: int = 0
    row_of: dict[int, int] = field(default_factory=dict)
    mask_counts: Counter[int] = field(default_factory=Counter)
    graph: Any = None  # usearch Index keyed by item id (None: exact search only)
    shared: bool = False  # arrays/graph are memory-mapped from a file: copy before writing

    @classmethod
    def empty(cls, dim: int, capacity: int = 16) -> _Partition:
        return cls(
            dim,
            np.zeros((capacity, dim), np.float32),
            np.zeros(capacity, np.int64),
            np.zeros(capacity, np.uint64),
        )

    # ------------------------------------------------------------------ writing

    def _own(self) -> None:
        """Copy memory-mapped arrays (and a viewed graph) into this process."""
        if not self.shared:
            return
        self.matrix = np.array(self.matrix)
        self.ids = np.array(self.ids, dtype=np.int64)
        self.masks = np.array(self.masks, dtype=np.uint64)
        if self.graph is not None:
            self.graph = self.graph.copy()
        self.shared = False

    def _reserve(self, extra: int) -> None:
        needed = self.size + extra
        if needed <= len(self.ids):
            return
        capacity = max(needed, int(len(self.ids) * GROWTH) + 16)
        matrix = np.zeros((capacity, self.dim), self.matrix.dtype)
        matrix[: self.size] = self.matrix[: self.size]
        ids = np.zeros(capacity, np.int64)
        ids[: self.size] = self.ids[: self.size]
        masks = np.zeros(capacity, np.uint64)
        masks[: self.size] = self.masks[: self.size]
        self.matrix, self.ids, self.masks = matrix, ids, masks

    def add(
        self, ids: np.ndarray, vectors: np.ndarray, masks: np.ndarray, threads: int = 1
    ) -> None:
        """Append new items (their ids are not in the partition)."""
        self._own()
        self._reserve(len(ids))
        start, end = self.size, self.size + len(ids)
        self.matrix[start:end] = vectors
        self.ids[start:end] = ids
        self.masks[start:end] = masks
        self.row_of.update(zip(ids.tolist(), range(start, end), strict=True))
        self.mask_counts.update(masks.tolist())
        self.size = end
        if self.graph is not None:
            self.graph.add(ids, vectors, threads=threads)

    def remove(self, pk: int) -> None:
        self._own()
        row = self.row_of.pop(pk)
        last = self.size - 1
        self.mask_counts[int(self.masks[row])] -= 1
        if row != last:  # move the last row into the hole
            moved = int(self.ids[last])
            self.matrix[row] = self.matrix[last]
            self.ids[row] = moved
            self.masks[row] = self.masks[last]
            self.row_of[moved] = row
        self.size = last
        if self.graph is not None:
            self.graph.remove(pk)

    def build_graph(self, threads: int = 1) -> None:
        graph = _new_graph(self.dim)
        if self.size:
            graph.add(self.ids[: self.size], self.matrix[: self.size], threads=threads)
        self.graph = graph
        self.matrix = self.matrix.astype(np.float16)  # the same capacity as ids and masks

    def drop_graph(self) -> None:
        self._own()
        self.graph = None
        self.matrix = self.matrix.astype(np.float32)

    # ------------------------------------------------------------------ reading

    def passing(self, wanted: int | None) -> int:
        """How many items pass a kind filter (``wanted`` = mask of the query, None = all)."""
        if wanted is None:
            return self.size
        return sum(n for mask, n in self.mask_counts.items() if mask == 0 or mask & wanted)

    def _passes(self, masks: np.ndarray, wanted: int) -> np.ndarray:
        return (masks == 0) | ((masks & np.uint64(wanted)) != 0)

    def _best(self, ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(scores) > k:
            best = np.argpartition(-scores, k - 1)[:k]
            best = best[np.isfinite(scores[best])]
        else:
            best = np.flatnonzero(np.isfinite(scores))
        return [(int(ids[i]), float(scores[i])) for i in best]

    def _top_all(self, query: np.ndarray, k: int, wanted: int | None) -> list[tuple[int, float]]:
        """Exact: every row (one matrix product), the kind filter as a mask."""
        scores = (self.matrix[: self.size] @ query).astype(np.float32, copy=False)
        if wanted is not None:
            scores[~self._passes(self.masks[: self.size], wanted)] = -np.inf
        return self._best(self.ids[: self.size], scores, k)

    def _top_rows(self, rows: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exact scores of some rows (graph candidates, or the few that pass a filter)."""
        if not len(rows):
            return []
        scores = (self.matrix[rows].astype(np.float32) @ query).astype(np.float32, copy=False)
        return self._best(self.ids[rows], scores, k)

    def search(
        self, query: np.ndarray, k: int, wanted: int | None, exact: bool
    ) -> list[tuple[int, float]]:
        """Up to ``k`` best (id, cosine) pairs passing the kind filter, unsorted."""
        passing = self.passing(wanted)
        if passing == 0 or k <= 0:
            return []
        if self.graph is None or exact:
            return self._top_all(query, k, wanted)
        if wanted is not None and passing * passing <= EXACT_FILTERED * self.size:
            rows = np.flatnonzero(self._passes(self.masks[: self.size], wanted))
            return self._top_rows(rows, query, k)
        share = passing / self.size
        count = min(self.size, max(MIN_CANDIDATES, math.ceil(k * OVERSAMPLE / share)))
        found = self.graph.search(query, count, threads=1)
        keys = np.asarray(found.keys, dtype=np.int64)
        rows = np.fromiter((self.row_of[pk] for pk in keys.tolist()), np.int64, len(keys))
        if wanted is not None:
            rows = rows[self._passes(self.masks[rows], wanted)]
            if len(rows) < max(min(k, passing), len(keys) * share / 2):
                # Fewer passed than their share promised: the items that pass lie away
                # from the query, where the graph answers poorly for them. Search them
                # all, exactly.
                rows = np.flatnonzero(self._passes(self.masks[: self.size], wanted))
        return self._top_rows(rows, query, k)


def read_meta(directory: Path | str) -> tuple[Path, dict[str, Any]]:
    """(version folder, metadata) of the index saved last in ``directory``, without
    reading its data: dim, backend, seq, items, kinds, partitions (name, size), info."""
    root = Path(directory)
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise MissingIndexError(f"No vector index in {root} (no {CURRENT} file).") from None
    folder = root / name
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise IndexFileError(f"Vector index {folder} is incomplete: {error}.") from error
    except ValueError as error:
        raise IndexFileError(f"{folder / META} is damaged: {error!r}.") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise IndexFileError(f"{folder / META} is damaged or of another format.")
    return folder, meta


def _new_graph(dim: int) -> Any:
    """An empty HNSW graph (cosine, int8-quantised vectors: a quarter of float32)."""
    return _UsearchIndex(
        ndim=dim,
        metric="cos",
        dtype=GRAPH_DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def _merge(results: Iterable[list[tuple[int, float]]], k: int) -> list[tuple[int, float]]:
    best: dict[int, float] = {}
    for result in results:
        for pk, score in result:
            if score > best.get(pk, -2.0):
                best[pk] = score
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]


class VectorIndex:
    """Items (int ids) with a unit vector, partitions and kinds; cosine search.

    ``backend`` is ``"usearch"`` (HNSW graphs for partitions of ``exact_below`` items or
    more) or ``"exact"`` (numpy only: the ground truth and the choice for small sites).
    ``info`` is free text metadata kept by ``save``/``load`` (the caller's fingerprints).
    """

    def __init__(
        self,
        dim: int,
        backend: str = ANN,
        *,
        exact_below: int = EXACT_BELOW,
        info: dict[str, str] | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
        if dim <= 0:
            raise ValueError("dim must be positive")
        self.dim = dim
        self.backend = backend
        self.exact_below = exact_below
        self.info: dict[str, str] = dict(info or {})
        self._partitions: dict[str, _Partition] = {}
        self._items: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self._pairs: dict[
            tuple[frozenset[str], frozenset[str]], tuple[frozenset[str], frozenset[str]]
        ] = {}
        self._kind_bits: dict[str, int] = {}
        self.threads = 1  # threads that add to graphs in one call (searches use one)

    # --------------------------------------------------------------- properties

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, pk: object) -> bool:
        return pk in self._items

    def partitions(self) -> dict[str, int]:
        """Partition name → number of items."""
        return {name: part.size for name, part in sorted(self._partitions.items())}

    def item(self, pk: int) -> tuple[frozenset[str], frozenset[str]]:
        """(partitions, kinds) of an item (KeyError when absent)."""
        return self._items[pk]

    def vector(self, pk: int) -> np.ndarray:
        partitions, _ = self._items[pk]
        part = self._partitions[min(partitions)]
        return np.array(part.matrix[part.row_of[pk]], dtype=np.float32)

    def ids(self) -> list[int]:
        return sorted(self._items)

    # ---------------------------------------------------------------- kind masks

    def _mask(self, kinds: Collection[str], create: bool) -> int:
        mask = 0
        for kind in kinds:
            bit = self._kind_bits.get(kind)
            if bit is None:
                if not create:
                    continue
                if len(self._kind_bits) >= 64:
                    raise ValueError("at most 64 different kinds")
                bit = self._kind_bits[kind] = len(self._kind_bits)
            mask |= 1 << bit
        return mask

    def _query_mask(self, kinds: Collection[str] | None) -> int | None:
        """None: no kind filter. 0: only items of any kind pass (the query's kinds are
        unknown to the index)."""
        if kinds is None:
            return None
        return self._mask(kinds, create=False)

    # ------------------------------------------------------------------- writing

    def add(
        self,
        ids: Sequence[int],
        vectors: np.ndarray,
        partitions: Sequence[Collection[str]],
        kinds: Sequence[Collection[str]],
    ) -> None:
        """Add (or replace) many items at once: the fast way to build an index."""
        if not (len(ids) == len(partitions) == len(kinds)) or len(ids) != len(
            np.atleast_2d(vectors)
        ):
            raise ValueError("ids, vectors, partitions and kinds must have the same length")
        if not len(ids):
            return
        unit = _unit(vectors, self.dim)
        id_array = np.asarray(ids, dtype=np.int64)
        if len(np.unique(id_array)) != len(id_array):
            raise ValueError("ids must be unique within one call")
        for pk in id_array.tolist():
            if pk in self._items:
                self.remove(pk)
        masks = np.array([self._mask(k, create=True) for k in kinds], dtype=np.uint64)
        members: dict[str, list[int]] = {}
        for position, (pk, names) in enumerate(zip(id_array.tolist(), partitions, strict=True)):
            pair = (frozenset(names), frozenset(kinds[position]))
            if not pair[0]:
                raise ValueError(f"item {pk} has no partition")
            self._items[pk] = pair = self._pairs.setdefault(pair, pair)  # one copy of each
            for name in pair[0]:
                members.setdefault(name, []).append(position)
        for name, positions in members.items():
            rows = np.asarray(positions, dtype=np.int64)
            part = self._partitions.get(name)
            if part is None:
                part = self._partitions[name] = _Partition.empty(self.dim, len(rows))
            needs_graph = (
                self.backend == ANN
                and part.graph is None
                and part.size + len(rows) >= self.exact_below
            )
            part.add(id_array[rows], unit[rows], masks[rows], self.threads)
            if needs_graph:
                part.build_graph(self.threads)

    def upsert(
        self, pk: int, vector: np.ndarray, partitions: Collection[str], kinds: Collection[str]
    ) -> None:
        """Add one item, or replace its vector, partitions and kinds."""
        self.add([pk], np.asarray(vector)[None, :], [partitions], [kinds])

    def remove(self, pk: int) -> bool:
        """Remove an item; False when it was not there."""
        entry = self._items.pop(pk, None)
        if entry is None:
            return False
        for name in entry[0]:
            part = self._partitions[name]
            part.remove(pk)
            if part.size == 0:
                del self._partitions[name]
            elif part.graph is not None and part.size < self.exact_below // 2:
                part.drop_graph()  # small again: exact search is as fast
        return True

    # ------------------------------------------------------------------- reading

    def search(
        self,
        vector: np.ndarray,
        partitions: Collection[str] | None = None,
        k: int = 20,
        kinds: Collection[str] | None = None,
        *,
        exact: bool = False,
    ) -> list[tuple[int, float]]:
        """The ``k`` items closest to ``vector`` (cosine, best first; ties by id) among the
        items in any of ``partitions`` (None: all) that match ``kinds`` (None: any).

        ``exact`` forces exact search in every partition (the ground truth)."""
        query = _unit(vector, self.dim)[0]
        names = self._partitions.keys() if partitions is None else partitions
        wanted = self._query_mask(kinds)
        exact = exact or self.backend == EXACT
        results = [
            self._partitions[name].search(query, k, wanted, exact)
            for name in names
            if name in self._partitions
        ]
        return _merge(results, k)

    def search_batch(
        self,
        vectors: np.ndarray,
        partitions: Sequence[Collection[str] | None],
        k: int = 20,
        kinds: Sequence[Collection[str] | None] | None = None,
        *,
        exact: bool = False,
    ) -> list[list[tuple[int, float]]]:
        """``search`` for many queries (one result list per row of ``vectors``)."""
        queries = np.atleast_2d(vectors)
        if len(partitions) != len(queries) or (kinds is not None and len(kinds) != len(queries)):
            raise ValueError("one partitions (and kinds) entry per query")
        return [
            self.search(
                queries[i], partitions[i], k, None if kinds is None else kinds[i], exact=exact
            )
            for i in range(len(queries))
        ]

    # ---------------------------------------------------------------- save, load

    def save(self, directory: Path | str, seq: int) -> Path:
        """Write the index and ``seq`` (the caller's change counter) into a new version
        folder under ``directory``, then point ``directory/CURRENT`` at it (atomic
        rename) and delete older versions. Returns the version folder."""
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        name = f"v{seq:012d}-{secrets.token_hex(4)}"
        target = root / name
        staging = root / f".tmp-{name}"
        staging.mkdir()
        try:
            parts_meta = []
            for number, (part_name, part) in enumerate(sorted(self._partitions.items())):
                stem = f"p{number}"
                np.save(staging / f"{stem}.vectors.npy", part.matrix[: part.size])
                np.save(staging / f"{stem}.ids.npy", part.ids[: part.size])
                np.save(staging / f"{stem}.kinds.npy", part.masks[: part.size])
                if part.graph is not None:
                    part.graph.save(str(staging / f"{stem}.usearch"))
                parts_meta.append(
                    {
                        "name": part_name,
                        "stem": stem,
                        "size": part.size,
                        "graph": part.graph is not None,
                    }
                )
            meta = {
                "format": FORMAT,
                "dim": self.dim,
                "backend": self.backend,
                "exact_below": self.exact_below,
                "seq": seq,
                "items": len(self._items),
                "kinds": sorted(self._kind_bits, key=self._kind_bits.__getitem__),
                "partitions": parts_meta,
                "info": self.info,
            }
            (staging / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
            staging.rename(target)
            pointer = root / f".{CURRENT}.{name}"
            pointer.write_text(name + "\n", encoding="utf-8")
            os.replace(pointer, root / CURRENT)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        for old in root.iterdir():
            if (
                old.is_dir()
                and old.name != name
                and (old.name.startswith("v") or ".tmp-" in old.name)
            ):
                shutil.rmtree(old, ignore_errors=True)
        return target

    @classmethod
    def load(cls, directory: Path | str, *, mmap: bool = True) -> tuple[VectorIndex, int]:
        """The index saved last in ``directory`` and its ``seq``.

        Raises :class:`MissingIndexError` when nothing was saved there and
        :class:`IndexFileError` when a file is missing or damaged."""
        folder, meta = read_meta(directory)
        try:
            dim = int(meta["dim"])
            index = cls(
                dim,
                str(meta["backend"]),
                exact_below=int(meta["exact_below"]),
                info={str(k): str(v) for k, v in meta.get("info", {}).items()},
            )
            index._kind_bits = {kind: bit for bit, kind in enumerate(meta["kinds"])}
            kind_names = list(meta["kinds"])
            seq = int(meta["seq"])
            parts_meta = list(meta["partitions"])
        except (ValueError, KeyError, TypeError) as error:
            raise IndexFileError(f"{folder / META} is damaged: {error!r}.") from error
        members: dict[int, set[str]] = {}
        masks_of: dict[int, int] = {}
        for entry in parts_meta:
            part = cls._load_partition(folder, entry, dim, mmap)
            index._partitions[str(entry["name"])] = part
            for pk, mask in zip(
                part.ids[: part.size].tolist(), part.masks[: part.size].tolist(), strict=True
            ):
                members.setdefault(pk, set()).add(str(entry["name"]))
                masks_of[pk] = mask
        if len(members) != int(meta["items"]):
            raise IndexFileError(
                f"Vector index {folder} is damaged: {len(members)} items, {meta['items']} expected."
            )
        for pk, names in members.items():
            mask = masks_of[pk]
            kinds = frozenset(k for bit, k in enumerate(kind_names) if mask >> bit & 1)
            pair = (frozenset(names), kinds)
            index._items[pk] = index._pairs.setdefault(pair, pair)
        return index, seq

    @staticmethod
    def _load_partition(folder: Path, entry: dict[str, object], dim: int, mmap: bool) -> _Partition:
        stem, size = str(entry["stem"]), int(str(entry["size"]))
        mode: Literal["r"] | None = "r" if mmap else None
        try:
            matrix = np.load(folder / f"{stem}.vectors.npy", mmap_mode=mode)
            ids = np.load(folder / f"{stem}.ids.npy", mmap_mode=mode)
            masks = np.load(folder / f"{stem}.kinds.npy", mmap_mode=mode)
        except FileNotFoundError as error:
            raise IndexFileError(f"Vector index {folder} is incomplete: {error}.") from error
        except (ValueError, OSError, EOFError) as error:
            raise IndexFileError(
                f"Vector index file {folder / stem}.* is damaged: {error}."
            ) from error
        if (
            matrix.shape != (size, dim)
            or matrix.dtype not in (np.float32, np.float16)
            or ids.shape != (size,)
            or masks.shape != (size,)
        ):
            raise IndexFileError(f"Vector index file {folder / stem}.* is damaged: wrong shape.")
        part = _Partition(dim, matrix, ids, masks, size=size, shared=mmap)
        part.row_of = {pk: row for row, pk in enumerate(ids.tolist())}
        part.mask_counts = Counter(masks.tolist())
        if len(part.row_of) != size:
            raise IndexFileError(f"Vector index file {folder / stem}.ids.npy is damaged.")
        if entry.get("graph"):
            path = folder / f"{stem}.usearch"
            if not path.exists():
                raise IndexFileError(
                    f"Vector index {folder} is incomplete: {path.name} is missing."
                )
            graph = _new_graph(dim)
            try:
                if mmap:
                    graph.view(str(path))
                else:
                    graph.load(str(path))
            except (ValueError, RuntimeError) as error:
                raise IndexFileError(f"Vector index file {path} is damaged: {error}.") from error
            if len(graph) != size or graph.ndim != dim:
                raise IndexFileError(f"Vector index file {path} is damaged: wrong size.")
            part.graph = graph
        return part
