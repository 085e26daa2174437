"""The command-line ranking contract (kept stable: outside evaluations depend on it).

Input: JSON lines ``{"id": ..., "text": ...}``. Output: one JSON line per input object,
``{"id": ..., "skills": [{"uri", "label", "score"}, ...]}`` (or ``"occupations"``), in rank
order. A line that is not such an object gets a message on standard error naming its line
number; when it still carries an id, an empty result with an ``"error"`` key is written
for it, so that outputs stay aligned with inputs. Every other line still runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from kazi.skills.engine import MAX_TEXT_CHARS, Match

Rank = Callable[[str], list[Match]]


class Writer(Protocol):
    def write(self, text: str) -> object: ...

    def flush(self) -> object: ...


class LineError(ValueError):
    def __init__(self, message: str, ident: Any = None) -> None:
        super().__init__(message)
        self.ident = ident


def parse_line(raw: bytes) -> tuple[Any, str]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LineError("not valid UTF-8 text") from error
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(data, dict):
        raise LineError('expected a JSON object like {"id": 1, "text": "..."}')
    ident = data.get("id")
    if "text" not in data:
        raise LineError('missing "text"', ident)
    text = data["text"]
    if not isinstance(text, str):
        raise LineError('"text" must be a string', ident)
    if "\x00" in text:
        raise LineError('"text" contains the NUL character', ident)
    if len(text) > MAX_TEXT_CHARS:
        raise LineError(f'"text" is longer than {MAX_TEXT_CHARS} characters', ident)
    return ident, text


def run(lines: Iterable[bytes], rank: Rank, key: str, out: Writer, err: Writer) -> tuple[int, int]:
    """Rank every line; returns (lines answered, lines refused)."""
    done = failed = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            ident, text = parse_line(raw.rstrip(b"\r\n"))
        except LineError as error:
            failed += 1
            err.write(f"line {number}: {error}\n")
            if error.ident is not None:
                out.write(json.dumps({"id": error.ident, key: [], "error": str(error)}) + "\n")
            continue
        matches = rank(text)
        result = [{"uri": m.uri, "label": m.label, "score": m.score} for m in matches]
        out.write(json.dumps({"id": ident, key: result}, ensure_ascii=False) + "\n")
        out.flush()
        done += 1
    return done, failed
