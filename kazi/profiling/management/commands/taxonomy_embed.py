"""`kazi taxonomy embed`: build the skills cache (label vectors, lexicon, snapshot)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kazi.profiling.engine import cache_dir, reset_engine
from kazi.profiling.seeds import SeedFileError, confirmed_titles
from kazi.profiling.snapshot import TaxonomyNotImportedError, taxonomy_from_db
from kazi.skills import store
from kazi.skills.encoders import ENCODERS


class Command(BaseCommand):
    help = (
        "Build the skills cache under KAZI_SKILLS_DIR: a snapshot of the imported ESCO "
        "release, the lexicon of its labels and their vectors for each encoder. Files "
        "already built for the same labels are kept unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--encoders",
            default=",".join(store.DEFAULT_ENCODERS),
            help=f"Comma-separated encoders (default and choices: {', '.join(ENCODERS)}).",
        )
        parser.add_argument("--force", action="store_true", help="Embed every label again.")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that embed in parallel (default: one per CPU core).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        encoders = [e.strip() for e in options["encoders"].split(",") if e.strip()]
        unknown = [e for e in encoders if e not in ENCODERS]
        if unknown or not encoders:
            raise CommandError(
                f"Unknown encoder {', '.join(unknown) or '(none)'}; choose from "
                f"{', '.join(ENCODERS)}."
            )
        started = time.perf_counter()
        try:
            taxonomy = taxonomy_from_db()
        except TaxonomyNotImportedError as error:
            raise CommandError(str(error)) from error
        directory = cache_dir(taxonomy.version)
        try:
            seeds = confirmed_titles()
        except (SeedFileError, OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read the title seeds: {error}") from error
        bars: list[tqdm[Any]] = []
        stream = getattr(self.stderr, "_out", sys.stderr)

        def progress(name: str, total: int) -> Callable[[int], None]:
            bar: tqdm[Any] = tqdm(
                total=total,
                desc=f"Embedding {name} labels",
                unit=" labels",
                file=stream,
                disable=options["no_progress"],
            )
            bars.append(bar)
            return bar.update

        try:
            written = store.build(
                taxonomy,
                directory,
                encoders,
                progress=progress,
                force=options["force"],
                workers=max(1, options["workers"]),
                seeds=seeds,
            )
        finally:
            for bar in bars:
                bar.close()
        reset_engine()
        seconds = time.perf_counter() - started
        vectors = [
            p.name
            for p in written
            if p.name not in ("taxonomy.npz", "lexicon.npz") and not p.name.startswith("titles-")
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Skills cache for ESCO {taxonomy.version} ready in {directory} "
                f"({seconds:.1f} s; vectors built: {', '.join(vectors) or 'none, all current'}; "
                f"{len(seeds):,} confirmed titles)."
            )
        )
