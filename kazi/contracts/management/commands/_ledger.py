"""Shared by the `kazi ledger` commands: read an exported chain file, progress bars."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _
from tqdm import tqdm

from kazi.contracts import ledger


def read_chain_file(path: Path) -> list[ledger.Entry]:
    """Every record of an exported ``chain.jsonl``; a line that cannot be read stops."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error
    entries: list[ledger.Entry] = []
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entries.append(ledger.Entry.from_json_line(line))
            except ValueError as error:
                raise CommandError(
                    _("Line %(line)s of %(path)s is not a ledger record.")
                    % {"line": number, "path": path}
                ) from error
    return entries


def progress_bar(stderr: OutputWrapper, total: int, desc: str, enabled: bool) -> Any:
    return tqdm(
        total=total,
        desc=desc,
        unit=" records",
        file=getattr(stderr, "_out", sys.stderr),
        disable=not enabled or total < 2,
        leave=False,
    )


def ticking(bar: Any) -> Any:
    def tick(_entry: object) -> None:
        bar.update(1)

    return tick
