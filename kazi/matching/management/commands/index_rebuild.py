"""`kazi index rebuild`: build the vector indexes of opportunities and workers from the
database and save them under VAR_DIR/matching/."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kazi.matching import index

CHOICES = {"all": index.KINDS, "opportunities": (index.OPPORTUNITIES,), "workers": (index.WORKERS,)}


class Command(BaseCommand):
    help = (
        "Build the vector indexes (open opportunities; workers who consented to matching "
        "and to being seen by employers) from the database and save them under "
        "VAR_DIR/matching/. Running processes pick the new files up when they restart; "
        "until then they keep applying the change journal to their copy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", choices=sorted(CHOICES), default="all")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        stream = getattr(self.stderr, "_out", sys.stderr)
        bars: list[tqdm[Any]] = []

        def progress(kind: str, total: int) -> Callable[[int], None]:
            for previous in bars:  # one index after the other
                previous.close()
            bar: tqdm[Any] = tqdm(
                total=total,
                desc=f"Indexing {kind} vectors",
                unit=" items",
                file=stream,
                disable=options["no_progress"],
            )
            bars.append(bar)
            return bar.update

        try:
            done = index.rebuild(CHOICES[options["only"]], progress)
        finally:
            for bar in bars:
                bar.close()
        for item in done:
            self.stdout.write(
                f"{item.kind}: {item.items} items in {item.partitions} partitions "
                f"({item.seconds:.1f} s)"
            )
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
