"""Small checks of raw input shared by pages, services and the API.

- Database ids are 64-bit signed integers on SQLite and PostgreSQL: a larger number in a URL
  or a form cannot name a row, and some queries (``DELETE``, ``UPDATE``, ``IN``) fail with
  an overflow instead of finding nothing. :func:`is_db_id` tells them apart first.
- PostgreSQL text cannot hold the NUL character (U+0000): a value containing it makes the
  query fail. Django's form fields refuse it already; :func:`nul_path` finds it in JSON
  payloads and query strings of the API.
"""

from __future__ import annotations

from typing import Any

MAX_DB_ID = 2**63 - 1
NUL = "\x00"


def is_db_id(value: object) -> bool:
    """True when ``value`` is an integer that can be a primary key (1 … 2**63 - 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_DB_ID


def nul_path(value: Any) -> str | None:
    """The dotted path of the first string (or key) in ``value`` that contains NUL, or
    ``None`` when there is none. Iterative, so any nesting depth is safe."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return path.replace(NUL, "")
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and NUL in key:
                    return child_path.replace(NUL, "")
                stack.append((child_path, child))
        elif isinstance(item, list | tuple):
            for index, child in enumerate(item):
                stack.append((f"{path}.{index}" if path else str(index), child))
    return None
