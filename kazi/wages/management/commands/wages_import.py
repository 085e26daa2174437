"""`kazi wages import`: load statutory minimum wages from the Wikipedia snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kazi.wages.importers import import_wikipedia, load_demo_rates
from kazi.wages.parsing import DEMO_RATES_SOURCE, FileFormatError, WikipediaRow

from ._common import default_wikipedia_file, existing_file, format_error


class Command(BaseCommand):
    help = (
        "Import statutory minimum wages (KAZI_DATA_DIR/wages/"
        "minimum_wage_by_country_wikipedia_2021.csv, Wikipedia, CC BY-SA 4.0). Idempotent: "
        "a file already imported is skipped unless --force. Loads the built-in demo exchange "
        "rates when no rate exists yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="CSV file (default: the Wikipedia snapshot)")
        parser.add_argument("--force", action="store_true", help="import again even if unchanged")

    def handle(self, *args: Any, **options: Any) -> None:
        path = existing_file(options["file"] or default_wikipedia_file(), "Minimum-wage file")

        def progress(rows: list[WikipediaRow]) -> tqdm[WikipediaRow]:
            return tqdm(rows, desc="Minimum wages", unit="country", disable=None)

        try:
            report = import_wikipedia(path, force=options["force"], progress=progress)
        except FileFormatError as error:
            raise format_error(path, error) from error
        if report.already_imported:
            self.stdout.write(f"Minimum wages: {path.name} already imported (use --force to redo).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Minimum wages: {report.rows} countries imported from {path.name} "
                    f"({len(report.no_minimum)} without a statutory minimum)."
                )
            )
            if report.unmapped:
                self.stdout.write(
                    self.style.WARNING(
                        "Not mapped to an ISO 3166 code (skipped): " + ", ".join(report.unmapped)
                    )
                )
            if report.duplicates:
                self.stdout.write(
                    "Same country as an earlier row (kept the first): "
                    + ", ".join(report.duplicates)
                )
        added = load_demo_rates()
        if added:
            self.stdout.write(
                self.style.WARNING(
                    f"Exchange rates: loaded {added} built-in demo rates ({DEMO_RATES_SOURCE}). "
                    "Import real rates with `kazi wages rates --file rates.csv`."
                )
            )
