"""The `kazi` console command: `kazi <group> <action> [options]`.

Each group/action pair maps to a Django management command, so `kazi taxonomy import`
runs `manage.py taxonomy_import`. Plain Django commands also work: `kazi migrate`.
"""

from __future__ import annotations

import os
import sys

GROUPS = {
    "taxonomy",
    "wages",
    "demo",
    "outbox",
    "vacancies",
    "skills",
    "occupations",
    "eval",
    "audit",
    "index",
    "match",
    "alerts",
    "agencies",
    "reviews",
    "ledger",
    "grievances",
    "screening",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kazi.settings")
    if len(args) >= 2 and args[0] in GROUPS and not args[1].startswith("-"):
        args = [f"{args[0]}_{args[1]}", *args[2:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kazi", *args])


if __name__ == "__main__":
    main()
