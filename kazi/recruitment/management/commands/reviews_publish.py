"""`kazi reviews publish`: mark approved reviews whose time has come as published.

Tidiness only: a scheduled review is public as soon as its time has come, whether or not
this command runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kazi.recruitment.services import publish_due_reviews


class Command(BaseCommand):
    help = "Mark approved reviews past their publication time as published."

    def handle(self, *args: Any, **options: Any) -> None:
        count = publish_due_reviews()
        self.stdout.write(f"{count} review(s) marked as published.")
