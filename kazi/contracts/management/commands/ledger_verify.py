"""`kazi ledger verify`: check the contract ledger (the database, or an exported file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kazi.contracts import ledger, selectors, services
from kazi.contracts.display import problem_sentence

from ._ledger import progress_bar, read_chain_file, ticking


def parse_head(text: str | None) -> tuple[int, str] | None:
    """``SEQ:HASH`` as published (for example ``42:9f86d0...``)."""
    if not text:
        return None
    seq, _sep, digest = text.partition(":")
    if not seq.isdigit() or not ledger.is_hash(digest.strip().lower()):
        raise CommandError(_("Give the published head as SEQ:HASH, for example 42:9f86d08..."))
    return int(seq), digest.strip().lower()


class Command(BaseCommand):
    help = (
        "Check that no record of the contract ledger was altered, removed or reordered: "
        "every hash recomputes and every record is chained to the one before it. Exits 1 "
        "and lists each problem with its record number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, help="Check an exported chain.jsonl instead of the database."
        )
        parser.add_argument(
            "--head", help="A chain head published earlier, SEQ:HASH: it must still be there."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        head = parse_head(options.get("head"))
        show = not options["no_progress"]
        if options.get("file"):
            entries = read_chain_file(options["file"])
            with progress_bar(self.stderr, len(entries), _("Checking"), show) as bar:
                problems = ledger.verify_chain(entries, published_head=head, progress=ticking(bar))
            count = len(entries)
        else:
            count = selectors.chain_count()
            with progress_bar(self.stderr, count, _("Checking the chain"), show) as bar:
                problems = ledger.verify_chain(
                    selectors.chain(), published_head=head, progress=ticking(bar)
                )
            with progress_bar(self.stderr, count, _("Checking the versions"), show) as bar:
                problems += selectors.database_problems(progress=ticking(bar))
        if problems:
            for problem in sorted(problems, key=lambda p: p.seq):
                self.stdout.write(problem_sentence(problem))
            raise CommandError(
                _("The ledger is NOT intact: %(n)s problem(s) found in %(count)s records.")
                % {"n": len(problems), "count": count}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("The ledger is intact: %(count)s records checked.") % {"count": count}
            )
        )
        if not options.get("file") and count:
            checkpoint = services.record_checkpoint()
            if checkpoint is not None:
                self.stdout.write(
                    _("Checkpoint: record #%(seq)s, %(hash)s (publish it outside Kazi).")
                    % {"seq": checkpoint.seq, "hash": checkpoint.entry_hash}
                )
