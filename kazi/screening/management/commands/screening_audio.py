"""`kazi screening audio`: make the WAV file of every screening question in every language
(espeak-ng, offline), so that the first person to press play does not wait."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from kazi.screening import audio
from kazi.screening.questions import all_questions


class Command(BaseCommand):
    help = (
        "Generate the audio of every screening question (with its answer choices) in each "
        "language with espeak-ng, into KAZI_SCREENING_AUDIO_DIR. Files already made for the "
        "same text are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            action="append",
            default=None,
            help="Only this language (en, fr, ar); may be repeated. Default: all.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if audio.espeak() is None:
            raise CommandError(
                _(
                    "espeak-ng is not installed, so questions cannot be read aloud. Install "
                    "it with `apt-get install espeak-ng` (or `make install`), or set "
                    "KAZI_ESPEAK to its path."
                )
            )
        available = audio.languages()
        chosen = options["language"] or list(available)
        unknown = [code for code in chosen if code not in available]
        if unknown:
            raise CommandError(
                _("Unknown language: %(codes)s. Choose among: %(available)s.")
                % {"codes": ", ".join(unknown), "available": ", ".join(available)}
            )
        jobs = [(code, q.id) for code in chosen for q in all_questions()]
        stream = getattr(self.stderr, "_out", sys.stderr)
        bar: tqdm[Any] = tqdm(
            jobs, desc="Screening audio", unit=" files", file=stream, disable=options["no_progress"]
        )
        total = 0
        try:
            for code, question_id in bar:
                path = audio.audio_file(code, question_id)
                total += path.stat().st_size if path else 0
        except audio.AudioUnavailableError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self.stdout.write(
            f"{len(jobs)} audio files ready in {audio.path_for(chosen[0], 'x').parent.parent} "
            f"({total / 1_000_000:.1f} MB)."
        )
