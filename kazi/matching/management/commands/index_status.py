"""`kazi index status`: what the saved vector indexes hold, and how far behind they are."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kazi.matching import index
from kazi.matching.models import IndexChange


class Command(BaseCommand):
    help = "Show the saved vector indexes: items, journal entries not saved yet, disk size."

    def handle(self, *args: Any, **options: Any) -> None:
        for item in index.status():
            self.stdout.write(f"{item.kind} index ({item.directory})")
            if item.problem:
                self.stdout.write(self.style.ERROR(f"  damaged: {item.problem}"))
            if not item.saved:
                self.stdout.write(
                    f"  not saved; {item.in_database} objects belong in it "
                    "(built on first use, or run `kazi index rebuild`)"
                )
                continue
            self.stdout.write(
                f"  {item.items} items in {item.partitions} partitions, "
                f"{item.disk_bytes / 1_048_576:.1f} MB on disk; "
                f"{item.in_database} objects belong in it now"
            )
            self.stdout.write(
                f"  saved at journal entry {item.seq}; {item.pending} later entries "
                "are applied by each process when it loads the file"
            )
            if not item.space_matches:
                self.stdout.write(
                    self.style.WARNING(
                        "  built with another skill space (ESCO import or skills cache "
                        "changed): it will be rebuilt on first use; run `kazi index rebuild`"
                    )
                )
        self.stdout.write(f"Journal: {IndexChange.objects.count()} entries.")
