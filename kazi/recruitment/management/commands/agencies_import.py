"""`kazi agencies import FILE --country NP --authority "..." --date 2026-10-01`: load an
official licence list (CSV or XLSX) into the agency registry, all or nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kazi.core.errors import DomainError
from kazi.recruitment import mappings
from kazi.recruitment.importer import LicenceListRejected, import_licence_list, parse_iso_date


class Command(BaseCommand):
    help = (
        "Import an official list of licensed recruitment agencies (CSV or XLSX) for one "
        "country. The whole list is checked first: any problem and nothing is saved. "
        "Agencies the new list no longer names count as unlicensed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The list, as CSV or XLSX.")
        parser.add_argument("--country", required=True, help="ISO 3166 code, e.g. NP.")
        parser.add_argument("--authority", required=True, help="Who published the list.")
        parser.add_argument("--date", required=True, help="Date of the list (YYYY-MM-DD).")
        parser.add_argument("--source-url", default="", help="Where the list was published.")
        parser.add_argument(
            "--mapping",
            default="generic",
            choices=sorted(mappings.MAPPINGS),
            help="Column mapping (default: generic).",
        )
        parser.add_argument(
            "--mapping-file", type=Path, default=None, help="A JSON mapping of your own."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        mapping: str | mappings.Mapping = options["mapping"]
        if options["mapping_file"]:
            try:
                data = json.loads(Path(options["mapping_file"]).read_text(encoding="utf-8"))
                mapping = mappings.mapping_from_dict(data, name=Path(options["mapping_file"]).stem)
            except (OSError, ValueError) as error:
                raise CommandError(
                    _("The mapping file is not valid: %(detail)s") % {"detail": error}
                ) from error
        progress = None if options["no_progress"] else getattr(self.stderr, "_out", sys.stderr)
        try:
            published_on = parse_iso_date(options["date"])
            with path.open("rb") as handle:
                result = import_licence_list(
                    handle,
                    file_name=path.name,
                    country=options["country"],
                    authority=options["authority"],
                    published_on=published_on,
                    source_url=options["source_url"],
                    mapping=mapping,
                    progress=progress,
                )
        except LicenceListRejected as error:
            raise CommandError("\n".join([_("Nothing was imported."), *error.problems])) from error
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        for warning in result.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(rows)d agencies from %(file)s (%(country)s, %(date)s): "
                    "%(created)d new, %(updated)d updated, %(delisted)d no longer listed, "
                    "%(linked)d linked to Kazi organisations."
                )
                % {
                    "rows": result.licence_list.row_count,
                    "file": path.name,
                    "country": result.licence_list.country,
                    "date": result.licence_list.published_on.isoformat(),
                    "created": result.created,
                    "updated": result.updated,
                    "delisted": result.delisted,
                    "linked": result.linked,
                }
            )
        )
