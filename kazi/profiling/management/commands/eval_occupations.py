"""`kazi eval occupations`: occupations for titles on JobBERT validation and MELO."""

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
        "Evaluate occupation suggestions on the development sets in "
        "KAZI_DATA_DIR/bench/titles (JobBERT validation, MELO) against the baseline."
    )
    kind = "occupations"

    def sets(self, engine: SkillsEngine, bench: Path, limit: int | None) -> dict[str, list[Case]]:
        return evaluation.occupation_sets(bench, engine.taxonomy.occupations, limit)

    def ranker(self, engine: SkillsEngine) -> Callable[[Case], Sequence[str]]:
        memory = engine.occupations.memory

        def rank(case: Case) -> Sequence[str]:
            # Cross-validation: titles of the case's own file and fold never vote for it.
            exclude = memory.exclusion(case.source, case.fold) if memory and case.source else None
            matches = engine.occupations.rank(
                case.text, case.language, 100, case.candidates, floor=False, exclude_memory=exclude
            )
            return [m.uri for m in matches]

        return rank

    def dense(self, engine: SkillsEngine, encoder: str) -> DenseIndex | None:
        return engine.occupations.dense.get(encoder)
