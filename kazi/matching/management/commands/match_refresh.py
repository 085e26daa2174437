"""`kazi match refresh`: recompute every consenting worker's stored top matches and create
job alerts for new ones (run it after imports and at least daily, before `kazi alerts send`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kazi.core.errors import DomainError
from kazi.matching.batch import ENGINES, MAX_TOP, refresh_matches
from kazi.matching.refresh import DEFAULT_TOP, Snapshot


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


class Command(BaseCommand):
    help = (
        "Recompute the stored top matches of every worker who consents to matching, in "
        "parallel on this machine (--engine local, the default) or on a Ray cluster "
        "(--engine ray), and create job alerts for new opportunities that entered a "
        "worker's top matches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine", choices=ENGINES, default="local", help="Where to run (default: local)."
        )
        parser.add_argument(
            "--processes",
            type=positive,
            default=None,
            help="Processes on this machine (default: one per CPU core); with --engine ray "
            "and no --ray-address, the CPUs of the local Ray instance.",
        )
        parser.add_argument(
            "--top",
            type=positive,
            default=DEFAULT_TOP,
            help=f"Matches kept per worker (default {DEFAULT_TOP}, at most {MAX_TOP}).",
        )
        parser.add_argument(
            "--ray-address",
            default=None,
            help="Address of a running Ray cluster (for example ray://head:10001 or auto); "
            "without it a local Ray instance is started and stopped.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["ray_address"] and options["engine"] != "ray":
            raise CommandError("--ray-address needs --engine ray.")
        stream = getattr(self.stderr, "_out", sys.stderr)
        bars: list[tqdm[Any]] = []

        def loaded(snapshot: Snapshot) -> None:
            bars.append(
                tqdm(
                    total=len(snapshot.workers),
                    desc="Refreshing matches",
                    unit=" workers",
                    file=stream,
                    disable=options["no_progress"],
                )
            )

        def progress(workers: int) -> None:
            bars[0].update(workers)

        try:
            report = refresh_matches(
                engine=options["engine"],
                processes=options["processes"],
                top=options["top"],
                progress=progress,
                ray_address=options["ray_address"],
                on_snapshot=loaded,
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        finally:
            for bar in bars:
                bar.close()
        processes = f"{report.processes} process{'es' if report.processes != 1 else ''}"
        self.stdout.write(
            f"Refreshed {report.workers} workers against {report.opportunities} open "
            f"opportunities: {report.stored} stored matches, {report.alerts} new alerts, "
            f"{report.cleared} workers cleared (no consent). Snapshot read in "
            f"{report.load_seconds:.1f} s; ranked and stored in {report.seconds:.1f} s = "
            f"{report.workers_per_second:.0f} workers/s ({report.engine}, {processes})."
        )
