"""Shared body of `kazi eval skills` and `kazi eval occupations`."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kazi.profiling.engine import SkillsUnavailableError, get_engine
from kazi.skills import evaluation
from kazi.skills.dense import DenseIndex
from kazi.skills.evaluation import BenchDataMissingError, Case, Report
from kazi.skills.store import SkillsEngine

COLUMNS = ("mrr", "recall5", "recall10", "rprecision5", "accuracy1")


class EvalCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many cases per set."
        )
        parser.add_argument("--sets", default="", help="Comma-separated set names (default: all).")
        parser.add_argument(
            "--baseline-encoder",
            default="e5",
            help="Encoder of the baseline (raw input vs preferred labels); default e5.",
        )
        parser.add_argument("--no-baseline", action="store_true", help="Skip the baseline.")
        parser.add_argument(
            "--json", type=Path, default=None, help="Also write the figures to this file."
        )

    def sets(self, engine: SkillsEngine, bench: Path, limit: int | None) -> dict[str, list[Case]]:
        raise NotImplementedError

    def ranker(self, engine: SkillsEngine) -> Callable[[Case], Sequence[str]]:
        raise NotImplementedError

    def dense(self, engine: SkillsEngine, encoder: str) -> DenseIndex | None:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            engine = get_engine()
        except SkillsUnavailableError as error:
            raise CommandError(str(error)) from error
        limit = options["limit"]
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        bench = Path(settings.KAZI_DATA_DIR) / "bench"
        try:
            sets = self.sets(engine, bench, limit)
        except BenchDataMissingError as error:
            raise CommandError(str(error)) from error
        wanted = [s.strip() for s in options["sets"].split(",") if s.strip()]
        unknown = [s for s in wanted if s not in sets]
        if unknown:
            raise CommandError(f"Unknown set {', '.join(unknown)}; choose from {', '.join(sets)}.")
        systems: list[tuple[str, Callable[[Case], Sequence[str]]]] = [("kazi", self.ranker(engine))]
        if not options["no_baseline"]:
            index = self.dense(engine, options["baseline_encoder"])
            if index is None:
                raise CommandError(
                    f"The cache has no {options['baseline_encoder']} vectors for the baseline."
                )
            systems.append((f"baseline-{index.encoder.name}", evaluation.baseline_ranker(index)))
        reports: list[Report] = []
        header = (
            f"{'set':24} {'system':12} {'cases':>5} "
            + " ".join(f"{c:>11}" for c in COLUMNS)
            + f" {'p50 ms':>8} {'p95 ms':>8}"
        )
        self.stdout.write(header)
        for name, cases in sets.items():
            if wanted and name not in wanted:
                continue
            for system, rank in systems:
                with tqdm(total=len(cases), desc=f"{name} {system}", leave=False) as bar:
                    report = evaluation.evaluate(name, system, cases, rank, progress=bar.update)
                reports.append(report)
                self.stdout.write(
                    f"{name:24} {system:12} {report.cases:5d} "
                    + " ".join(f"{getattr(report, c):11.3f}" for c in COLUMNS)
                    + f" {report.latency_p50_ms:8.1f} {report.latency_p95_ms:8.1f}"
                )
        self.summary(reports)
        if options["json"]:
            options["json"].parent.mkdir(parents=True, exist_ok=True)
            options["json"].write_text(
                json.dumps(
                    {
                        "date": date.today().isoformat(),
                        "kind": self.kind,
                        "esco": engine.taxonomy.version,
                        "reports": [r.row() for r in reports],
                    },
                    indent=2,
                )
            )

    def summary(self, reports: list[Report]) -> None:
        by_set: dict[str, dict[str, Report]] = {}
        for report in reports:
            by_set.setdefault(report.name, {})[report.system.split("-")[0]] = report
        for name, pair in by_set.items():
            if "kazi" in pair and "baseline" in pair and pair["baseline"].mrr > 0:
                ratio = pair["kazi"].mrr / pair["baseline"].mrr
                self.stdout.write(f"{name}: MRR {ratio:.2f} × baseline")
