"""`kazi vacancies expire`: published vacancies past their closing date become expired."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kazi.opportunities.services import expire_due_vacancies


class Command(BaseCommand):
    help = (
        "Mark published vacancies whose closing date has passed as expired (each change is "
        "recorded). Listings hide them anyway; run this daily to keep statuses true."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_due_vacancies()
        self.stdout.write(f"Expired {count} vacancies.")
