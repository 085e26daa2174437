"""`kazi ledger export FILE`: write the chain as JSON lines (hashes only, no personal data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from kazi.contracts import selectors

from ._ledger import progress_bar


class Command(BaseCommand):
    help = (
        "Export the contract ledger to FILE as JSON lines (seq, prev_hash, entry_hash, body), "
        "the same as /contracts/ledger/chain.jsonl, for checking offline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        count = 0
        total = selectors.chain_count()
        with (
            path.open("w", encoding="utf-8") as out,
            progress_bar(self.stderr, total, _("Exporting"), not options["no_progress"]) as bar,
        ):
            for entry in selectors.chain():
                out.write(entry.to_json_line() + "\n")
                count += 1
                bar.update(1)
        head = selectors.head()
        self.stdout.write(
            _("%(count)s records written to %(path)s. Chain head: %(seq)s:%(hash)s")
            % {"count": count, "path": path, "seq": head["seq"], "hash": head["entry_hash"]}
        )
