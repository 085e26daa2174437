"""`kazi grievances escalate`: escalate every open case past its deadline (run from cron)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kazi.grievances.services import escalate_overdue


class Command(BaseCommand):
    help = (
        "Escalate every open grievance past its deadline: one level up, a new deadline, and "
        "a message to its caseworker, the moderators and the administrators. Safe to run "
        "as often as you like (a case is escalated once per missed deadline)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="act as if it were this time (ISO 8601, for tests and replays)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now: datetime | None = None
        if options.get("now"):
            now = parse_datetime(options["now"])
            if now is None or now.tzinfo is None:
                raise CommandError(
                    _("--now must be a date and time with its time zone, e.g. %(example)s.")
                    % {"example": "2026-05-01T08:00:00+00:00"}
                )
        report = escalate_overdue(now=now)
        self.stdout.write(
            f"Escalated {len(report.escalated)} case(s); queued {report.messages} message(s)."
        )
        for pk in report.escalated:
            self.stdout.write(f"  case {pk}")
