"""Confirmed job titles for the title memory (see kazi/skills/memory.py).

Two sources: vacancies on this platform whose occupation the employer chose and a
moderator published (published or since expired), and seed files of annotated titles set
by ``KAZI_TITLE_SEEDS`` (CSV with a title column — ``title`` or ``vacancyTitle`` — and an
occupation URI column — ``occupation_uri`` or ``conceptUri``). By default the seed is the
JobBERT validation titles in ``KAZI_DATA_DIR/bench`` (Decorte et al. 2021, research data:
a deployment should replace it with titles its own counsellors confirmed).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from django.conf import settings

from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy
from kazi.skills.store import TitleSeed

TITLE_COLUMNS = ("title", "vacancyTitle")
URI_COLUMNS = ("occupation_uri", "conceptUri")
FOLDS = 5


class SeedFileError(ValueError):
    pass


def seed_files() -> list[Path]:
    return [Path(p) for p in settings.KAZI_TITLE_SEEDS]


def read_seed_file(path: Path) -> list[TitleSeed]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        title = next((c for c in TITLE_COLUMNS if c in columns), None)
        uri = next((c for c in URI_COLUMNS if c in columns), None)
        if title is None or uri is None:
            raise SeedFileError(
                f"{path} needs a title column ({' or '.join(TITLE_COLUMNS)}) and an "
                f"occupation URI column ({' or '.join(URI_COLUMNS)}); it has {columns}."
            )
        return [
            TitleSeed(row[title] or "", row[uri] or "", path.name, number % FOLDS)
            for number, row in enumerate(reader)
        ]


def confirmed_titles() -> list[TitleSeed]:
    seeds = [
        TitleSeed(title, uri, "vacancy")
        for title, uri in Vacancy.objects.filter(
            occupation__isnull=False,
            status__in=[VacancyStatus.PUBLISHED, VacancyStatus.EXPIRED],
        ).values_list("title", "occupation__uri")
    ]
    explicit = "KAZI_TITLE_SEEDS" in os.environ
    for path in seed_files():
        if path.exists():
            seeds += read_seed_file(path)
        elif explicit:  # the default seed may be absent; a path someone set may not
            raise SeedFileError(f"{path} (set in KAZI_TITLE_SEEDS) does not exist.")
    return seeds
