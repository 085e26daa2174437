"""`kazi index update`: apply the change journal to the saved indexes, save, prune."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kazi.matching import index


class Command(BaseCommand):
    help = (
        "Apply the change journal to the saved vector indexes and save them, so that "
        "processes that start later have less to catch up; then delete journal entries "
        "that every saved index holds (older than a day). Run it daily, for example "
        "after `kazi vacancies expire`."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        for kind, count in index.update().items():
            self.stdout.write(f"{kind}: {count} objects refreshed since the last save")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
