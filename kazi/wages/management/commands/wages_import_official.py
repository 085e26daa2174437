"""`kazi wages import_official --file X.csv`: newer official minimum-wage figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kazi.wages.importers import import_official
from kazi.wages.parsing import OFFICIAL_COLUMNS, FileFormatError

from ._common import existing_file, format_error


class Command(BaseCommand):
    help = (
        "Import official minimum wages from a CSV with the header "
        f"{','.join(OFFICIAL_COLUMNS)} (country = ISO 3166 alpha-2, currency = ISO 4217, "
        "period = hour/day/week/month/year, effective_date = YYYY-MM-DD). Every row is "
        "checked first; nothing is saved if any row is wrong. The newest effective date wins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, required=True, help="CSV file to import")
        parser.add_argument("--force", action="store_true", help="import again even if unchanged")

    def handle(self, *args: Any, **options: Any) -> None:
        path = existing_file(options["file"], "Official minimum-wage file")
        try:
            report = import_official(path, force=options["force"])
        except FileFormatError as error:
            raise format_error(path, error) from error
        if report.already_imported:
            self.stdout.write(f"{path.name} already imported (use --force to redo).")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Official minimum wages: {report.rows} rows imported.")
            )
