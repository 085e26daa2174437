"""The fairness audit: rank a population with the matching engine, join the outcomes to the
audit's group labels, compute the metrics (``kazi.matching.fairness``) and write a dated
report (JSON and self-contained HTML) under ``KAZI_REPORTS_DIR``.

Two populations:

- ``live``: workers who consented to matching *and* to the audit and gave facts, ranked
  exactly as the site ranks them (``rank_for_worker`` for their own list,
  ``rank_for_vacancy`` for every open vacancy's candidate list);
- ``generated``: a synthetic population drawn from the ESCO occupations and skills in the
  database (``kazi/analytics/synthetic.py``), ranked by the engine directly.

Labels are read only after every list is ranked; the engine never receives them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kazi.core.errors import DomainError
from kazi.matching.engine import MatchEngine
from kazi.matching.facts import OpportunityFacts, WorkerFacts
from kazi.matching.fairness import (
    FOUR_FIFTHS,
    METRICS,
    SIGNIFICANCE,
    FairnessResult,
    OutcomeTally,
    WorkerOutcome,
    audit,
)

from .constants import Attribute
from .selectors import audited_workers, occupation_specs
from .synthetic import generate

SCHEMA = "kazi.fairness-report/1"
LIVE = "live"
GENERATED = "generated"
POPULATIONS = (LIVE, GENERATED)
DEFAULT_TOP = 20
DEFAULT_SIZE = 1000
REPORT_NAME = re.compile(r"^fairness-(\d{4}-\d{2}-\d{2})\.json$")

# progress(description, total) returns a function called with the number of items done.
Progress = Callable[[str, int], Callable[[int], None]]


def _no_progress(_description: str, _total: int) -> Callable[[int], None]:
    return lambda _done: None


def reports_dir() -> Path:
    """Where reports are written: ``KAZI_REPORTS_DIR``, by default ``var/reports``."""
    return Path(settings.KAZI_REPORTS_DIR)


def min_group_size() -> int:
    """Groups smaller than this are never shown alone (``KAZI_FAIRNESS_MIN_GROUP``)."""
    return max(1, int(settings.KAZI_FAIRNESS_MIN_GROUP))


@dataclass(frozen=True)
class Outcomes:
    outcomes: list[WorkerOutcome]
    labels: dict[str, dict[int, str]]
    opportunities: int


# ---------------------------------------------------------------------- populations


def live_outcomes(top: int, today: date, progress: Progress = _no_progress) -> Outcomes:
    """Outcomes of the consenting, audited workers, ranked as the site ranks them."""
    from kazi.matching.selectors import open_vacancies, rank_for_vacancy, rank_for_worker

    audited = list(audited_workers())
    tally = OutcomeTally(top)
    advance = progress("Ranking opportunities for each worker", len(audited))
    for done, worker in enumerate(audited, start=1):
        ranked = rank_for_worker(worker.profile, today)
        tally.worker_list(worker.profile.user_id, [item.score for item in ranked[:top]])
        advance(done)
    vacancies = list(open_vacancies(today).order_by("pk"))
    advance = progress("Ranking candidates for each vacancy", len(vacancies))
    for done, vacancy in enumerate(vacancies, start=1):
        ranked = rank_for_vacancy(vacancy)
        tally.candidate_list([item.id for item in ranked[:top]])
        advance(done)
    ids = [worker.profile.user_id for worker in audited]
    labels: dict[str, dict[int, str]] = {attribute: {} for attribute in Attribute.values}
    for worker in audited:
        for attribute, label in worker.labels.items():
            labels[attribute][worker.profile.user_id] = label
    return Outcomes(tally.outcomes(ids), labels, len(vacancies))


def _by_place(
    items: Sequence[OpportunityFacts],
) -> tuple[dict[str, list[OpportunityFacts]], list[OpportunityFacts]]:
    by_country: dict[str, list[OpportunityFacts]] = {}
    for item in items:
        by_country.setdefault(item.country, []).append(item)
    return by_country, [item for item in items if item.remote]


def rank_population(
    engine: MatchEngine,
    workers: Sequence[WorkerFacts],
    opportunities: Sequence[OpportunityFacts],
    *,
    top: int,
    today: date,
    progress: Progress = _no_progress,
) -> list[WorkerOutcome]:
    """Rank every worker's opportunities and every opportunity's candidates with ``engine``.

    Only the place filter is applied before the engine (which applies it again): workers
    and opportunities in other countries could never meet, so passing them would change
    nothing but the time taken.
    """
    tally = OutcomeTally(top)
    by_country, remote = _by_place(opportunities)
    advance = progress("Ranking opportunities for each worker", len(workers))
    for done, worker in enumerate(workers, start=1):
        if not worker.country:  # not filtered by place
            candidates = list(opportunities)
        else:
            candidates = by_country.get(worker.country, [])
            if worker.accepts_remote:
                candidates = candidates + [o for o in remote if o.country != worker.country]
        ranked = engine.rank_opportunities(worker, candidates, today=today, top=top)
        tally.worker_list(worker.id, [item.score for item in ranked])
        advance(done)
    workers_by_country: dict[str, list[WorkerFacts]] = {}
    for worker in workers:
        workers_by_country.setdefault(worker.country, []).append(worker)
    anywhere = workers_by_country.get("", [])
    remote_workers = [w for w in workers if w.accepts_remote and w.country]
    advance = progress("Ranking candidates for each opportunity", len(opportunities))
    for done, opportunity in enumerate(opportunities, start=1):
        pool = workers_by_country.get(opportunity.country, []) + anywhere
        if opportunity.remote:
            pool += [w for w in remote_workers if w.country != opportunity.country]
        ranked = engine.rank_workers(opportunity, pool, today=today, top=top)
        tally.candidate_list([item.id for item in ranked])
        advance(done)
    return tally.outcomes(worker.id for worker in workers)


def generated_outcomes(
    size: int,
    top: int,
    seed: int,
    today: date,
    progress: Progress = _no_progress,
    engine: MatchEngine | None = None,
) -> Outcomes:
    """Outcomes of a generated population (see ``kazi/analytics/synthetic.py``)."""
    from kazi.matching.selectors import get_engine

    specs = occupation_specs()
    population = generate(specs, size=size, seed=seed, today=today)
    outcomes = rank_population(
        engine or get_engine(),
        population.workers,
        population.opportunities,
        top=top,
        today=today,
        progress=progress,
    )
    return Outcomes(outcomes, population.labels, len(population.opportunities))


# --------------------------------------------------------------------------- reports


def _p(value: float | None) -> float | None:
    """p-values to 2 significant digits (tiny ones stay distinguishable from zero)."""
    return None if value is None else float(f"{value:.2g}")


def report_data(
    result: FairnessResult,
    *,
    population: str,
    top: int,
    opportunities: int,
    seed: int | None,
    size: int | None,
    today: date,
    generated_at: datetime,
) -> dict[str, Any]:
    """The JSON report (schema in docs/fairness.md): aggregates only, never a person."""

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "schema": SCHEMA,
        "date": today.isoformat(),
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "population": population,
        "requested_size": size,
        "seed": seed,
        "people": result.people,
        "opportunities": opportunities,
        "top": top,
        "threshold": result.threshold,
        "min_group": result.min_group,
        "significance": SIGNIFICANCE,
        "metrics": [{"name": name, "higher_is_better": higher} for name, higher in METRICS.items()],
        "attributes": [
            {
                "name": attribute.attribute,
                "best": dict(attribute.best),
                "groups": [
                    {
                        "label": group.label,
                        "n": group.n,
                        "suppressed": group.suppressed,
                        "values": {k: rounded(v) for k, v in group.values.items()},
                        "ratios": {k: rounded(v) for k, v in group.ratios.items()},
                        "flagged": list(group.flagged),
                        "p_values": {k: _p(v) for k, v in group.p_values.items()},
                    }
                    for group in attribute.groups
                ],
            }
            for attribute in result.attributes
        ],
        "flags": [
            {
                "attribute": flag.attribute,
                "group": flag.group,
                "metric": flag.metric,
                "ratio": round(flag.ratio, 4),
                "p_value": _p(flag.p_value),
                "significant": flag.p_value is not None and flag.p_value < SIGNIFICANCE,
            }
            for flag in result.flags
        ],
    }


def run_audit(
    population: str,
    *,
    top: int = DEFAULT_TOP,
    size: int = DEFAULT_SIZE,
    seed: int = 0,
    today: date | None = None,
    progress: Progress = _no_progress,
    engine: MatchEngine | None = None,
) -> dict[str, Any]:
    """Rank the population and return the report data (nothing written)."""
    if population not in POPULATIONS:
        raise ValueError(f"population must be one of {', '.join(POPULATIONS)}")
    if top < 1:
        raise ValueError("top must be at least 1")
    if size < 1:
        raise ValueError("size must be at least 1")
    today = today or timezone.localdate()
    if population == LIVE:
        found = live_outcomes(top, today, progress)
        if not found.outcomes:
            raise DomainError(
                _(
                    "No worker has agreed to the fairness audit and given facts yet: there is "
                    "nothing to measure. Try a generated population."
                ),
                code="empty",
            )
    else:
        found = generated_outcomes(size, top, seed, today, progress, engine)
    result = audit(found.outcomes, found.labels, threshold=FOUR_FIFTHS, min_group=min_group_size())
    return report_data(
        result,
        population=population,
        top=top,
        opportunities=found.opportunities,
        seed=seed if population == GENERATED else None,
        size=size if population == GENERATED else None,
        today=today,
        generated_at=timezone.now(),
    )


@dataclass(frozen=True)
class ReportFiles:
    day: date
    json: Path
    html: Path


def report_paths(day: date, directory: Path | None = None) -> ReportFiles:
    base = directory or reports_dir()
    stem = f"fairness-{day.isoformat()}"
    return ReportFiles(day, base / f"{stem}.json", base / f"{stem}.html")


def write_report(
    data: dict[str, Any], directory: Path | None = None, language: str | None = None
) -> ReportFiles:
    """Write ``fairness-<date>.json`` and ``.html`` (the same day's report is replaced).
    The HTML is in ``language`` (default: the deployment's default language)."""
    from .report import render_report

    paths = report_paths(date.fromisoformat(data["date"]), directory)
    paths.json.parent.mkdir(parents=True, exist_ok=True)
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_report(data)
    _write_atomically(paths.json, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    _write_atomically(paths.html, html)
    return paths


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def list_reports(directory: Path | None = None) -> list[ReportFiles]:
    """Dated reports on disk, newest first (a JSON file with its HTML twin)."""
    base = directory or reports_dir()
    if not base.is_dir():
        return []
    found: list[ReportFiles] = []
    for path in base.iterdir():
        match = REPORT_NAME.match(path.name)
        if match is None:
            continue
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        found.append(report_paths(day, base))
    return sorted(found, key=lambda files: files.day, reverse=True)


def load_report(files: ReportFiles) -> dict[str, Any] | None:
    """The report data, or None when the file is unreadable or of another schema."""
    try:
        data = json.loads(files.json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return None
    return data


def latest_report(reports: Iterable[ReportFiles] | None = None) -> dict[str, Any] | None:
    for files in reports if reports is not None else list_reports():
        data = load_report(files)
        if data is not None:
            return data
    return None
