"""Helplines shown with an URGENT or HIGH result, configured per deployment.

``KAZI_HELPLINES`` is either a list in one line::

    MY=+60 3-0000 0000 Example workers' helpline;MY=999 Police;ALL=+00 000 Example

(entries separated by ";", each ``COUNTRY=NUMBER NAME``: the number is the leading run of
digits, spaces, "+", "-", "(" and ")", the rest is the name; ``ALL`` is shown for every
country), or the path of a JSON file::

    {"MY": [{"name": "...", "phone": "...", "note": "..."}], "ALL": [...]}

Kazi ships no numbers of its own: a wrong number given to a person in danger is worse than
none, so an empty setting shows a message asking the deploying organisation to add them.
Framework-free: the Django layer passes the setting's value in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

EVERY_COUNTRY = "ALL"
_ENTRY = re.compile(r"^\s*(?P<phone>\+?[0-9][0-9 ()\-]*[0-9])\s+(?P<name>\S.*?)\s*$")


@dataclass(frozen=True)
class Helpline:
    name: str
    phone: str
    note: str = ""

    @property
    def tel(self) -> str:
        """The number for a ``tel:`` link (digits and a leading "+")."""
        return re.sub(r"[^0-9+]", "", self.phone)


class HelplineConfigError(ValueError):
    pass


def parse_helplines(value: str) -> dict[str, tuple[Helpline, ...]]:
    """Country code (or ``ALL``) -> its helplines, from the setting's value."""
    value = value.strip()
    if not value:
        return {}
    if value.endswith(".json") and "=" not in value:
        return _from_json(Path(value))
    found: dict[str, list[Helpline]] = {}
    for raw in value.split(";"):
        if not raw.strip():
            continue
        country, sep, rest = raw.partition("=")
        country = country.strip().upper()
        match = _ENTRY.match(rest)
        if not sep or not (len(country) == 2 or country == EVERY_COUNTRY) or not match:
            raise HelplineConfigError(
                f"KAZI_HELPLINES: cannot read {raw.strip()!r}; "
                "write COUNTRY=NUMBER NAME, e.g. MY=+60 3-0000 0000 Workers' helpline"
            )
        found.setdefault(country, []).append(
            Helpline(name=match["name"], phone=match["phone"].strip())
        )
    return {country: tuple(lines) for country, lines in found.items()}


def _from_json(path: Path) -> dict[str, tuple[Helpline, ...]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HelplineConfigError(f"KAZI_HELPLINES: cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise HelplineConfigError(f"KAZI_HELPLINES: {path} must hold a JSON object")
    found: dict[str, tuple[Helpline, ...]] = {}
    for country, entries in data.items():
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and e.get("name") and e.get("phone") for e in entries
        ):
            raise HelplineConfigError(
                f"KAZI_HELPLINES: {path}: {country} must be a list of "
                '{"name": ..., "phone": ..., "note": ...}'
            )
        found[str(country).upper()] = tuple(
            Helpline(str(e["name"]), str(e["phone"]), str(e.get("note", ""))) for e in entries
        )
    return found


def helplines_for(table: dict[str, tuple[Helpline, ...]], country: str) -> tuple[Helpline, ...]:
    """The country's own helplines first, then those for every country."""
    own = table.get(country.upper(), ()) if country else ()
    return own + table.get(EVERY_COUNTRY, ())
