"""`kazi taxonomy embed --workers N` embeds in several processes: same vectors, same order."""

from __future__ import annotations

import numpy as np

from kazi.skills.concepts import ConceptTable, LabelRow
from kazi.skills.dense import DenseIndex
from kazi.skills.encoders import get_encoder


def test_parallel_build_gives_the_serial_vectors() -> None:
    words = ["repair", "clean", "cook", "drive", "sew", "plant", "paint", "weld", "sell", "teach"]
    labels = [f"{a} {b} {i}" for i in range(3) for a in words for b in words]  # 300 labels
    table = ConceptTable.build(
        "skills",
        [f"http://example.org/skill/{i}" for i in range(len(labels))],
        ["skill/competence"] * len(labels),
        [LabelRow(i, text, "en", True) for i, text in enumerate(labels)],
    )
    encoder = get_encoder("use")
    seen: list[int] = []
    parallel = DenseIndex.build(table, encoder, progress=seen.append, workers=2)
    serial = DenseIndex.build(table, encoder)
    assert sum(seen) == len(labels)  # the progress bar reaches the end
    assert np.allclose(parallel.vectors, serial.vectors, atol=1e-5)
