"""The figures page's charts (inline SVG from ``kazi.analytics.charts``) and CSV rows,
both from the same suppressed figures."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kazi.analytics.charts import Bar, bar_chart

from .selectors import Figures, FigureTable


def fewer_than(minimum: int) -> str:
    return _("fewer than %(n)d") % {"n": minimum}


def count_text(count: int | None, minimum: int) -> str:
    return fewer_than(minimum) if count is None else str(count)


def table_chart(table: FigureTable, minimum: int) -> SafeString:
    bars = [
        Bar(label=cell.label, value=cell.count, text=count_text(cell.count, minimum))
        for cell in table.cells
    ]
    biggest = max((cell.count or 0 for cell in table.cells), default=0)
    # bar_chart escapes every label and value it writes.
    return mark_safe(  # noqa: S308
        bar_chart(chart_id=f"chart-{table.key}", title=table.title, bars=bars, maximum=biggest)
    )


def csv_rows(figures: Figures) -> Iterator[list[str]]:
    """The rows of the CSV download: exactly what the page shows."""
    minimum = figures.minimum
    if figures.total is None:
        yield ["total", "", _("all cases"), fewer_than(minimum), ""]
        return
    total = (
        (_("about %(n)d") % {"n": figures.total})
        if figures.total_is_rounded
        else str(figures.total)
    )
    yield ["total", "", _("all cases"), total, _days(figures.overall_median_days)]
    for table in figures.tables:
        for cell in table.cells:
            yield [table.key, cell.key, cell.label, count_text(cell.count, minimum), ""]
    for row in figures.resolution:
        yield [
            "resolution",
            row.key,
            row.label,
            count_text(row.resolved, minimum),
            _days(row.median_days),
        ]


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
