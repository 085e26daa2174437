"""`kazi eval skills`: skills recognition on Decorte house/tech and SkillSkape dev."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kazi.skills import evaluation
from kazi.skills.dense import DenseIndex
from kazi.skills.evaluation import Case
from kazi.skills.store import SkillsEngine

from ._eval import EvalCommand


class Command(EvalCommand):
    help = (
        "Evaluate skills recognition on the development sets in KAZI_DATA_DIR/bench/skills "
        "(MRR, recall@5, recall@10, R-precision@5, latency) against the baseline."
    )
    kind = "skills"

    def sets(self, engine: SkillsEngine, bench: Path, limit: int | None) -> dict[str, list[Case]]:
        return evaluation.skill_sets(bench, engine.taxonomy.skills, limit)

    def ranker(self, engine: SkillsEngine) -> Callable[[Case], Sequence[str]]:
        return lambda case: [
            m.uri for m in engine.skills.extract(case.text, case.language, 100, floor=False)
        ]

    def dense(self, engine: SkillsEngine, encoder: str) -> DenseIndex | None:
        return engine.skills.dense.get(encoder)
