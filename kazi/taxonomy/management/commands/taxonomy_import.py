"""`kazi taxonomy import`: load ESCO 1.1.1 from KAZI_DATA_DIR/esco (idempotent)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kazi.taxonomy.importer import ESCO_VERSION, EscoDataMissingError, import_esco


class Command(BaseCommand):
    help = (
        f"Import ESCO {ESCO_VERSION} (occupations, skills, ISCO-08 groups, relations and "
        "labels in English, French and Spanish) from KAZI_DATA_DIR/esco. Does nothing when "
        "the same release is already imported, unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder that holds esco/ (default: the KAZI_DATA_DIR setting).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import again even when this release is already imported.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"] or settings.KAZI_DATA_DIR)
        progress = None if options["no_progress"] else getattr(self.stderr, "_out", sys.stderr)
        try:
            result = import_esco(data_dir, force=options["force"], progress=progress)
        except EscoDataMissingError as error:
            raise CommandError(str(error)) from error
        if result.skipped:
            self.stdout.write(f"ESCO {result.version} already imported (use --force to redo).")
            return
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"ESCO {result.version} imported in {result.seconds:.1f} s: "
                f"{counts['occupations']:,} occupations, {counts['skills']:,} skills, "
                f"{counts['isco_groups']:,} ISCO-08 groups, {counts['skill_groups']:,} skill "
                f"groups, {counts['occupation_skills']:,} occupation–skill links, "
                f"{counts['skill_relations']:,} skill–skill relations, "
                f"{counts['labels']:,} labels "
                f"(en {counts['labels_en']:,}, fr {counts['labels_fr']:,}, "
                f"es {counts['labels_es']:,})."
            )
        )
