"""`kazi audit fairness`: measure how fairly the matching spreads attention across groups
and write a dated report (JSON and self-contained HTML)."""

from __future__ import annotations

import sys
from argparse import ArgumentTypeError
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kazi.analytics.audit import (
    DEFAULT_SIZE,
    DEFAULT_TOP,
    GENERATED,
    POPULATIONS,
    reports_dir,
    run_audit,
    write_report,
)
from kazi.core.errors import DomainError

MAX_SIZE = 100_000  # the time grows with the square of the size (docs/fairness.md)
MAX_TOP = 1000


def _positive(name: str, highest: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if not 1 <= value <= highest:
            raise ArgumentTypeError(f"must be between 1 and {highest:,}, not {value:,}")
        return value

    return parse


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ArgumentTypeError(f"must be a whole number, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Audit the fairness of the matching: recommendation and exposure rates, mean rank "
        "and mean score by gender, age group, nationality and disability (facts recorded "
        "only for the audit, with consent), with ratios to the best-off group and flags "
        "under 0.8. Writes fairness-YYYY-MM-DD.json and .html."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--population",
            choices=POPULATIONS,
            default="live",
            help="live: consenting workers with audit facts (default); generated: a "
            "synthetic population drawn from the ESCO occupations in the database.",
        )
        parser.add_argument(
            "--size",
            type=_positive("size", MAX_SIZE),
            default=DEFAULT_SIZE,
            help=f"Workers in a generated population (default {DEFAULT_SIZE}).",
        )
        parser.add_argument(
            "--top",
            type=_positive("top", MAX_TOP),
            default=DEFAULT_TOP,
            help=f"Results of each list that count (default {DEFAULT_TOP}).",
        )
        parser.add_argument(
            "--seed", type=_seed, default=0, help="Seed of a generated population (default 0)."
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Directory of the reports (default: KAZI_REPORTS_DIR, var/reports).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"] or reports_dir()
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file, not a directory.")
        stream = getattr(self.stderr, "_out", sys.stderr)
        bars: list[tqdm[Any]] = []

        def progress(description: str, total: int) -> Callable[[int], None]:
            bar: tqdm[Any] = tqdm(
                total=total,
                desc=description,
                unit=" lists",
                file=stream,
                disable=options["no_progress"],
            )
            bars.append(bar)

            def advance(done: int) -> None:
                bar.update(done - bar.n)

            return advance

        try:
            data = run_audit(
                options["population"],
                top=options["top"],
                size=options["size"],
                seed=options["seed"],
                progress=progress,
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        finally:
            for bar in bars:
                bar.close()
        try:
            files = write_report(data, out)
        except OSError as error:
            raise CommandError(f"Cannot write the report to {out}: {error}") from error
        what = "generated population" if data["population"] == GENERATED else "live data"
        self.stdout.write(
            self.style.SUCCESS(
                f"Fairness audit of {data['date']} on {what}: {data['people']:,} workers, "
                f"{data['opportunities']:,} opportunities, top {data['top']}; "
                f"{len(data['flags'])} flag(s) under {data['threshold']}."
            )
        )
        for flag in data["flags"]:
            verdict = "significant" if flag["significant"] else "may be chance"
            p_value = "n/a" if flag["p_value"] is None else f"{flag['p_value']:.2g}"
            self.stdout.write(
                f"  flagged: {flag['attribute']} = {flag['group']}: {flag['metric']} "
                f"ratio {flag['ratio']:.2f} (adjusted p = {p_value}, {verdict})"
            )
        self.stdout.write(f"Report: {files.html}\nData:   {files.json}")
