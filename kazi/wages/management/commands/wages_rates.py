"""`kazi wages rates --file rates.csv`: exchange rates (units of a currency per US dollar)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kazi.wages.importers import import_rates, load_demo_rates
from kazi.wages.parsing import DEMO_RATES_SOURCE, RATE_COLUMNS, FileFormatError

from ._common import existing_file, format_error


class Command(BaseCommand):
    help = (
        f"Import exchange rates from a CSV with the header {','.join(RATE_COLUMNS)} "
        "(units_per_usd = how many units buy one US dollar; as_of = YYYY-MM-DD). All rows or "
        "none. Without --file, loads the built-in demo rates when no rate exists yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="CSV file to import")
        parser.add_argument("--force", action="store_true", help="import again even if unchanged")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"] is None:
            added = load_demo_rates()
            if added:
                self.stdout.write(
                    self.style.WARNING(f"Loaded {added} demo rates: {DEMO_RATES_SOURCE}")
                )
            else:
                self.stdout.write("Exchange rates already exist; nothing loaded.")
            return
        path = existing_file(options["file"], "Exchange-rate file")
        try:
            report = import_rates(path, force=options["force"])
        except FileFormatError as error:
            raise format_error(path, error) from error
        if report.already_imported:
            self.stdout.write(f"{path.name} already imported (use --force to redo).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Exchange rates: {report.rows} rows imported."))
