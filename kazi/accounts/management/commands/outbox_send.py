"""`kazi outbox send`: deliver queued e-mail messages; SMS waits for an SMS channel."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kazi.accounts.outbox import MAX_ATTEMPTS, deliver_queued_email


class Command(BaseCommand):
    help = (
        "Send queued e-mail messages through Django's e-mail backend. Failed messages are "
        f"retried on later runs (at most {MAX_ATTEMPTS} attempts). SMS messages stay queued "
        "until an SMS channel is configured."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="send at most this many")

    def handle(self, *args: Any, **options: Any) -> None:
        report = deliver_queued_email(limit=options["limit"])
        self.stdout.write(f"E-mail: {report.sent} sent, {report.failed} failed.")
        for error in report.errors:
            self.stderr.write(f"  {error}")
        if report.waiting_sms:
            self.stdout.write(
                f"SMS: {report.waiting_sms} waiting. No SMS channel is configured yet; "
                "they stay queued until one is."
            )
