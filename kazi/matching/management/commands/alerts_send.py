"""`kazi alerts send`: queue today's job-alert digests (run daily by cron, after
`kazi match refresh`; `kazi outbox send` delivers the e-mails)."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kazi.matching.alerts import send_digests


class Command(BaseCommand):
    help = (
        "Queue one digest of new matching opportunities per worker who consented to job "
        "alerts and has unread alerts of open opportunities: an e-mail, or an SMS for "
        "workers without an e-mail address, in their language; at most one a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day", default=None, help="The day the digests are for, YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--site-url",
            default=None,
            help="Address of the site for the links in messages, e.g. https://kazi.example.org "
            "(default: the KAZI_SITE_URL setting; without one, messages say where to look).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["day"]:
            try:
                day = date.fromisoformat(options["day"])
            except ValueError:
                raise CommandError(
                    f"--day: {options['day']!r} is not a date (YYYY-MM-DD)."
                ) from None
        stream = getattr(self.stderr, "_out", sys.stderr)
        bar: tqdm[Any] = tqdm(
            desc="Queueing digests", unit=" workers", file=stream, disable=options["no_progress"]
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            report = send_digests(day, options["site_url"], progress)
        finally:
            bar.close()
        self.stdout.write(
            f"Queued {report.digests} digests ({report.emails} e-mails, {report.sms} SMS) "
            f"with {report.alerts} alerts."
        )
