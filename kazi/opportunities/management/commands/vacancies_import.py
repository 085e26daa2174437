"""`kazi vacancies import FILE --organisation ID`: schema.org JobPosting JSON-LD → drafts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kazi.accounts.models import Organisation
from kazi.opportunities.services import ImportRejected, import_job_postings


class Command(BaseCommand):
    help = (
        "Import vacancies from a JSON-LD file (one schema.org JobPosting, a list, or an "
        "@graph) as drafts of an organisation. All postings or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", type=int, required=True, help="organisation id")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        organisation = Organisation.objects.filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with id {options['organisation']}.")
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"{path.name} is not valid JSON: {error}") from error
        try:
            created = import_job_postings(None, organisation, payload)
        except ImportRejected as error:
            lines = "\n".join(f"  item {p.index}, {p.field}: {p.message}" for p in error.problems)
            raise CommandError(f"{error.message}\n{lines}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(created)} draft(s) for {organisation.name}: "
                + ", ".join(str(v.pk) for v in created)
            )
        )
