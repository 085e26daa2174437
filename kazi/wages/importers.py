"""Writes: import minimum wages and exchange rates from files (each import is atomic).

A file already imported (same SHA-256 fingerprint) is skipped unless ``force`` is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from . import paycheck
from .constants import ImportKind, WageDataset
from .models import ExchangeRate, MinimumWage, WageDataImport
from .parsing import (
    DEMO_RATES,
    DEMO_RATES_AS_OF,
    DEMO_RATES_SOURCE,
    WIKIPEDIA_SOURCE,
    WikipediaRow,
    file_fingerprint,
    read_official_wages,
    read_rates,
    read_wikipedia_table,
)

Progress = Callable[[list[WikipediaRow]], Iterable[WikipediaRow]]

HOURLY_PLACES = Decimal("0.0001")


def _no_progress(rows: list[WikipediaRow]) -> Iterable[WikipediaRow]:
    return rows


@dataclass
class ImportReport:
    file_name: str
    already_imported: bool = False
    rows: int = 0
    no_minimum: list[str] = field(default_factory=list)  # countries without a statutory minimum
    unmapped: list[str] = field(default_factory=list)  # names without an ISO code (skipped)
    duplicates: list[str] = field(default_factory=list)


def _previous(kind: str, fingerprint: str) -> WageDataImport | None:
    return WageDataImport.objects.filter(kind=kind, fingerprint=fingerprint).first()


def _record(kind: str, path: Path, fingerprint: str, report: ImportReport) -> None:
    WageDataImport.objects.filter(kind=kind, fingerprint=fingerprint).delete()
    WageDataImport.objects.create(
        kind=kind,
        file_name=path.name,
        fingerprint=fingerprint,
        rows=report.rows,
        report={
            "no_minimum": report.no_minimum,
            "unmapped": report.unmapped,
            "duplicates": report.duplicates,
        },
    )


def import_wikipedia(
    path: Path, *, force: bool = False, progress: Progress = _no_progress
) -> ImportReport:
    """Load the Wikipedia snapshot; it replaces any earlier Wikipedia rows (official stay)."""
    fingerprint = file_fingerprint(path)
    report = ImportReport(file_name=path.name)
    if not force and _previous(ImportKind.WIKIPEDIA, fingerprint):
        report.already_imported = True
        return report
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = read_wikipedia_table(handle)
    report.unmapped, report.duplicates = table.unmapped, table.duplicates
    source = WIKIPEDIA_SOURCE.format(file=path.name)[:300]
    wages: list[MinimumWage] = []
    for row in progress(table.rows):
        hourly = row.hourly_usd
        if hourly is None:
            report.no_minimum.append(row.country)
        wages.append(
            MinimumWage(
                country=row.country,
                hourly_amount=hourly,
                currency="USD",
                workweek_hours=row.workweek_hours or Decimal(40),
                effective_date=row.effective_date,
                effective_text=row.effective_text,
                source=source,
                dataset=WageDataset.WIKIPEDIA,
                stated_amount=hourly,
                stated_period=paycheck.HOUR if hourly is not None else "",
            )
        )
    report.rows = len(wages)
    with transaction.atomic():
        MinimumWage.objects.filter(dataset=WageDataset.WIKIPEDIA).delete()
        MinimumWage.objects.bulk_create(wages)
        _record(ImportKind.WIKIPEDIA, path, fingerprint, report)
    return report


def import_official(path: Path, *, force: bool = False) -> ImportReport:
    """Load official figures (see docs/pay-check.md for the layout); all rows or none.

    Raises :class:`kazi.wages.parsing.FileFormatError` listing every bad row.
    """
    fingerprint = file_fingerprint(path)
    report = ImportReport(file_name=path.name)
    if not force and _previous(ImportKind.OFFICIAL, fingerprint):
        report.already_imported = True
        return report
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = read_official_wages(handle)
    with transaction.atomic():
        for row in rows:
            hourly = row.amount / paycheck.hours_per_period(row.period, row.workweek_hours)
            # The same country and date imported again: the new figure replaces the old one.
            MinimumWage.objects.filter(
                dataset=WageDataset.OFFICIAL,
                country=row.country,
                effective_date=row.effective_date,
            ).delete()
            MinimumWage.objects.create(
                country=row.country,
                hourly_amount=hourly.quantize(HOURLY_PLACES),
                currency=row.currency,
                workweek_hours=row.workweek_hours,
                effective_date=row.effective_date,
                effective_text=row.effective_date.isoformat(),
                source=row.source,
                dataset=WageDataset.OFFICIAL,
                stated_amount=row.amount,
                stated_period=row.period,
            )
        report.rows = len(rows)
        _record(ImportKind.OFFICIAL, path, fingerprint, report)
    return report


def import_rates(path: Path, *, force: bool = False) -> ImportReport:
    """Load exchange rates (currency, units_per_usd, as_of, source); all rows or none."""
    fingerprint = file_fingerprint(path)
    report = ImportReport(file_name=path.name)
    if not force and _previous(ImportKind.RATES, fingerprint):
        report.already_imported = True
        return report
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = read_rates(handle)
    with transaction.atomic():
        for row in rows:
            ExchangeRate.objects.update_or_create(
                currency=row.currency,
                as_of=row.as_of,
                defaults={"units_per_usd": row.units_per_usd, "source": row.source},
            )
        report.rows = len(rows)
        _record(ImportKind.RATES, path, fingerprint, report)
    return report


@transaction.atomic
def load_demo_rates() -> int:
    """Load the built-in demo rates when no exchange rate exists yet; return rows added."""
    if ExchangeRate.objects.exists():
        return 0
    ExchangeRate.objects.bulk_create(
        ExchangeRate(
            currency=code, units_per_usd=rate, as_of=DEMO_RATES_AS_OF, source=DEMO_RATES_SOURCE
        )
        for code, rate in DEMO_RATES.items()
    )
    return len(DEMO_RATES)
