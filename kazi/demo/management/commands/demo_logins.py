from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kazi.demo.loader import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the address and the demo log-ins for each role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"\nKazi is starting at {options['url']}\n")
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for role, login in demo_logins():
            self.stdout.write(f"  {role:<14} {login}")
        self.stdout.write(
            "Demo anonymous grievance: follow it at /grievances/follow/ with code "
            "KZ-DEM0-CASE-0001 and PIN 123456."
        )
        self.stdout.write("")
