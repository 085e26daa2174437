"""`kazi screening questions [--markdown] [--language xx]`: list the screening questions and
what each answer signals (the table in docs/screening.md is this command's output)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from kazi.screening.constants import Answer, Sector
from kazi.screening.questions import GENERAL, INDICATORS, SECTOR_BANKS, Question
from kazi.screening.rules import Signal


def _signal(signal: Signal) -> str:
    now = ", danger now" if signal.danger_now else ""
    return f"{INDICATORS[signal.indicator.value].name} ({signal.strength} {signal.kind}{now})"


def _signals(question: Question) -> str:
    labels = dict(Answer.choices)
    parts = [
        f"{labels[answer]} → " + "; ".join(_signal(s) for s in signals)
        for answer, signals in question.signals.items()
    ]
    return "<br>".join(parts)


class Command(BaseCommand):
    help = "List the screening questions, their answers and what each answer signals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--markdown", action="store_true", help="Markdown tables.")
        parser.add_argument("--language", default="en", help="Language of the wording.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            banks = [("General (every sector)", GENERAL)] + [
                (str(Sector(sector).label), bank) for sector, bank in SECTOR_BANKS.items()
            ]
            labels = dict(Answer.choices)
            for title, bank in banks:
                if options["markdown"]:
                    self.stdout.write(f"\n#### {title}\n")
                    self.stdout.write("| id | question | answers | what an answer signals |")
                    self.stdout.write("|---|---|---|---|")
                    for q in bank:
                        answers = " / ".join(str(labels[a]) for a in q.answers)
                        self.stdout.write(f"| `{q.id}` | {q.text} | {answers} | {_signals(q)} |")
                else:
                    self.stdout.write(f"\n{title}")
                    for q in bank:
                        self.stdout.write(f"  {q.id}: {q.text}")
                        self.stdout.write(f"      {_signals(q).replace('<br>', '; ')}")
