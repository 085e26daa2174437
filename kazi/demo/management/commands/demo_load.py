from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kazi.demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data set (idempotent): organisations, vacancies, training, workers, "
        "and the worker-protection demo (agencies, reviews, contracts, grievances)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = tqdm(total=6, desc="Demo data", unit="step")

        def progress(message: str) -> None:
            bar.set_postfix_str(message)
            bar.update(1)

        try:
            loaded = load_demo(progress)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        self.stdout.write("Demo data loaded." if loaded else "Demo data already present.")
