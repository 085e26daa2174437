"""Shared options of `kazi skills rank` and `kazi occupations rank`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kazi.core.codes import is_language
from kazi.profiling import jsonlines
from kazi.profiling.engine import SkillsUnavailableError, get_engine
from kazi.skills.engine import Match
from kazi.skills.store import SkillsEngine


class RankCommand(BaseCommand):
    key = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--top", type=int, default=10, help="Results per line (default 10).")
        parser.add_argument(
            "--lang",
            default="en",
            help="Language of the labels written (and a hint about the input); default en.",
        )

    def rank(self, engine: SkillsEngine, text: str, language: str, top: int) -> list[Match]:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        top, language = options["top"], options["lang"].strip().lower()
        if not 1 <= top <= 100:
            raise CommandError("--top must be between 1 and 100.")
        if not is_language(language):
            raise CommandError(f"--lang {options['lang']!r} is not an ISO 639-1 language code.")
        try:
            engine = get_engine()
        except SkillsUnavailableError as error:
            raise CommandError(str(error)) from error
        done, failed = jsonlines.run(
            sys.stdin.buffer,
            lambda text: self.rank(engine, text, language, top),
            self.key,
            self.stdout,
            self.stderr,
        )
        if failed:
            self.stderr.write(f"{done} lines ranked, {failed} refused (see above).")
