"""Helpers shared by the wage commands."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from kazi.wages.parsing import WIKIPEDIA_FILE_NAME, FileFormatError


def default_wikipedia_file() -> Path:
    return Path(settings.KAZI_DATA_DIR) / "wages" / WIKIPEDIA_FILE_NAME


def existing_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise CommandError(
            f"{what} not found: {path}\n"
            f"KAZI_DATA_DIR is {settings.KAZI_DATA_DIR} (set the KAZI_DATA_DIR environment "
            "variable to the folder that holds wages/, or pass --file). "
            "See ../shared/data/SOURCES.md for where the data comes from."
        )
    return path


def format_error(path: Path, error: FileFormatError) -> CommandError:
    lines = "\n".join(f"  {message}" for message in error.errors)
    return CommandError(f"{path.name} was not imported (nothing was saved):\n{lines}")
