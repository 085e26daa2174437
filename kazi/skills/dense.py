"""Dense retrieval: cosine similarity between spans of the input and concept labels.

A concept's dense score for a span is the best cosine over its embedded labels (preferred
and alternative, in the languages the cache holds): alternative labels are how ESCO says
"barista" and "coffee maker" are one occupation, and taking the best of them measured
13–15% better than preferred labels alone.

`build_vectors` embeds the labels of a table with one encoder (with a progress callback);
`save`/`load` keep the result as float16 in one ``.npz`` keyed by encoder, ESCO version
and a fingerprint of the labels, so that a stale cache is never used by mistake.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .concepts import ConceptTable
from .encoders import Encoder, get_encoder

__all__ = ["DenseIndex", "StaleCacheError", "fingerprint", "label_rows", "vectors_path"]

BATCH = 64


def _encode_chunk(name: str, texts: Sequence[str]) -> np.ndarray:
    """Worker-process side of a parallel build (each process loads its own model)."""
    return get_encoder(name).encode(texts)


def vectors_path(path: Path) -> Path:
    """The label vectors beside an index file: ``e5-skills.npz`` → ``e5-skills.vectors.npy``."""
    return path.with_name(f"{path.stem}.vectors.npy")


class StaleCacheError(ValueError):
    """The embedding cache was built from other labels, another model or ESCO release."""


def label_rows(table: ConceptTable, languages: Collection[str] | None) -> np.ndarray:
    """Rows of the labels to embed: every label in ``languages`` (all when None)."""
    if languages is None:
        return np.arange(len(table.label_text), dtype=np.int32)
    wanted = set(languages)
    return np.array(
        [i for i, lang in enumerate(table.label_language) if lang in wanted], dtype=np.int32
    )


def fingerprint(table: ConceptTable, rows: np.ndarray, encoder_name: str) -> str:
    digest = hashlib.sha256(encoder_name.encode())
    for row in rows.tolist():
        digest.update(table.uris[table.label_concept[row]].encode())
        digest.update(b"\x1f")
        digest.update(table.label_text[row].encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


@dataclass
class DenseIndex:
    table: ConceptTable
    encoder: Encoder
    rows: np.ndarray  # label rows, ascending
    vectors: np.ndarray  # (len(rows), dim) float32, L2-normalised (memory-mapped when loaded)
    # One vector per embedded concept (the normalised mean of its label vectors) for the
    # first, cheap pass of `concept_scores`; computed when not given.
    summary: np.ndarray | None = None

    def __post_init__(self) -> None:
        concept_of_row = self.table.label_concept[self.rows]
        self.concepts, self.starts = np.unique(concept_of_row, return_index=True)
        self.counts = np.diff(np.append(self.starts, len(self.rows)))
        if self.summary is None:
            sums = np.zeros((len(self.concepts), self.vectors.shape[1]), dtype=np.float64)
            np.add.at(sums, np.repeat(np.arange(len(self.concepts)), self.counts), self.vectors)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            self.summary = (sums / np.maximum(norms, 1e-9)).astype(np.float32)

    @classmethod
    def build(
        cls,
        table: ConceptTable,
        encoder: Encoder,
        languages: Collection[str] | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
    ) -> DenseIndex:
        """Embed the labels; with ``workers`` > 1, in that many processes (one model each,
        one thread each: the models do not use a second core well on their own)."""
        rows = label_rows(table, languages)
        vectors = np.zeros((len(rows), encoder.dim), dtype=np.float32)
        chunks = [
            (begin, [table.label_text[i] for i in rows[begin : begin + BATCH].tolist()])
            for begin in range(0, len(rows), BATCH)
        ]
        if workers <= 1 or len(chunks) < 4:
            for begin, texts in chunks:
                vectors[begin : begin + len(texts)] = encoder.encode(texts)
                if progress:
                    progress(len(texts))
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {
                    pool.submit(_encode_chunk, encoder.name, texts): (begin, len(texts))
                    for begin, texts in chunks
                }
                for future in as_completed(futures):
                    begin, size = futures[future]
                    vectors[begin : begin + size] = future.result()
                    if progress:
                        progress(size)
        return cls(table, encoder, rows, vectors)

    def save(self, path: Path, version: str) -> None:
        """``path`` (an .npz: rows, summary vectors, what and whence) and, beside it, the
        label vectors as a plain float32 ``.npy`` that `load` memory-maps: loading takes
        milliseconds and gunicorn workers share one copy through the page cache."""
        path.parent.mkdir(parents=True, exist_ok=True)
        vectors_tmp = vectors_path(path).with_suffix(".tmp.npy")
        np.save(vectors_tmp, np.ascontiguousarray(self.vectors, dtype=np.float32))
        tmp = path.with_suffix(".tmp.npz")
        assert self.summary is not None
        np.savez(
            tmp,
            rows=self.rows,
            summary=self.summary,
            count=np.array(len(self.rows)),
            encoder=np.array(self.encoder.name),
            version=np.array(version),
            fingerprint=np.array(fingerprint(self.table, self.rows, self.encoder.name)),
        )
        vectors_tmp.replace(vectors_path(path))
        tmp.replace(path)

    @classmethod
    def load(
        cls, path: Path, table: ConceptTable, encoder: Encoder, version: str, check: bool = False
    ) -> DenseIndex:
        with np.load(path) as data:
            if str(data["encoder"]) != encoder.name or str(data["version"]) != version:
                raise StaleCacheError(
                    f"{path} holds {data['encoder']} vectors of ESCO {data['version']}, "
                    f"not {encoder.name} of ESCO {version}."
                )
            rows = data["rows"]
            if len(rows) and int(rows.max()) >= len(table.label_text):
                raise StaleCacheError(f"{path} does not match the loaded labels.")
            if check and str(data["fingerprint"]) != fingerprint(table, rows, encoder.name):
                raise StaleCacheError(f"{path} was built from other labels.")
            summary = data["summary"]
        vectors = np.load(vectors_path(path), mmap_mode="r")
        if vectors.shape != (len(rows), encoder.dim) or vectors.dtype != np.float32:
            raise StaleCacheError(f"{vectors_path(path)} does not match {path.name}.")
        return cls(table, encoder, rows, vectors, summary)

    def concept_scores(self, queries: np.ndarray, shortlist: int | None = None) -> np.ndarray:
        """(len(queries), len(table)) best label cosine per concept; -1 where none is embedded.

        With ``shortlist``, a first pass scores every concept by its summary vector and only
        the ``shortlist`` best (of any query) are scored exactly, label by label; the others
        keep their summary score, capped so that they stay behind the shortlist. Five to
        ten times less work on the full ESCO; the top 20 changed by a rank or two in checks,
        the development-set figures by less than 0.01 (docs/skills.md)."""
        out = np.full((len(queries), len(self.table)), -1.0, dtype=np.float32)
        if len(queries) == 0 or len(self.rows) == 0:
            return out
        queries = queries.astype(np.float32)
        if shortlist is None or shortlist >= len(self.concepts):
            similarities = queries @ self.vectors.T
            out[:, self.concepts] = np.maximum.reduceat(similarities, self.starts, axis=1)
            return out
        assert self.summary is not None  # set by __post_init__
        approximate = queries @ self.summary.T
        out[:, self.concepts] = approximate
        best = np.argpartition(-approximate, shortlist - 1, axis=1)[:, :shortlist]
        chosen = np.unique(best)  # positions in self.concepts
        counts = self.counts[chosen]
        group_starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rows = np.repeat(self.starts[chosen] - group_starts, counts) + np.arange(counts.sum())
        exact = np.maximum.reduceat(queries @ self.vectors[rows].T, group_starts, axis=1)
        # A summary score can exceed the concept's best label (the mean of several labels
        # may sit closer to the query than any one of them), so the concepts left out keep
        # their summary score capped at the lowest exact score: they rank behind the
        # shortlist, as the first pass judged.
        floor = exact.min(axis=1, keepdims=True)
        out[:, self.concepts] = np.minimum(approximate, floor)
        out[:, self.concepts[chosen]] = exact
        return out
