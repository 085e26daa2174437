"""A fairness report for people: tables, charts and flags in words, in the active language.

``present(data)`` turns the JSON report into what the templates show (the analyst page and
the self-contained HTML file share ``analytics/_report_body.html``); ``render_report`` writes
the self-contained HTML (inline CSS and SVG; no JavaScript, nothing fetched).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal, format_percent
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.matching.fairness import EXPOSURE_RATE, RECOMMENDATION_RATE, is_flagged

from .charts import Bar, bar_chart
from .constants import (
    GROUP_NAMES,
    METRIC_HELP,
    METRIC_NAMES,
    AgeBand,
    Attribute,
    Disability,
    Gender,
)

RATES = (RECOMMENDATION_RATE, EXPOSURE_RATE)
# Metrics on a fixed scale from 0 to 1 (the others scale to their largest value).
UNIT_SCALE = (RECOMMENDATION_RATE, EXPOSURE_RATE, "mean_score")

# The stylesheet of the self-contained report (also allowed by hash when it is served).
REPORT_CSS = (
    "body{font-family:sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;"
    "color:#111827;line-height:1.45}"
    "h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem}"
    "table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}"
    "th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:start;vertical-align:top}"
    ".num{text-align:end;white-space:nowrap}.flag{color:#92400e;font-weight:bold}"
    ".meta{color:#4b5563}.chart{max-width:45rem;display:block;margin:.5rem 0 1rem}"
    "figure{margin:0}figcaption{font-weight:bold}caption{text-align:start}"
    ".table-wrap{overflow-x:auto}"
)
REPORT_CSS_HASH = (
    "sha256-" + base64.b64encode(hashlib.sha256(REPORT_CSS.encode()).digest()).decode()
)


def _locale() -> str:
    return codes.locale_code(active_language())


def format_metric(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric in RATES:
        return str(format_percent(value, format="#,##0%", locale=_locale()))
    pattern = "0.00" if metric == "mean_score" else "0.0#"
    return str(format_decimal(value, format=pattern, locale=_locale()))


def format_p(value: float) -> str:
    return str(format_decimal(value, format="0.00#", locale=_locale()))


def format_ratio(value: float | None) -> str:
    if value is None:
        return "—"
    return str(format_decimal(value, format="0.00", locale=_locale()))


def group_name(attribute: str, label: str) -> str:
    """A group label in words, in the active language."""
    if label in GROUP_NAMES:
        return str(GROUP_NAMES[label])
    choices: dict[str, type[Gender] | type[AgeBand] | type[Disability]] = {
        Attribute.GENDER: Gender,
        Attribute.AGE_BAND: AgeBand,
        Attribute.DISABILITY: Disability,
    }
    if attribute in choices and label in choices[attribute].values:
        return str(choices[attribute](label).label)
    if attribute == Attribute.NATIONALITY and codes.is_country(label):
        return codes.country_name(label, active_language())
    return label


def attribute_name(attribute: str) -> str:
    return str(Attribute(attribute).label) if attribute in Attribute.values else attribute


def population_name(population: str) -> str:
    names = {"live": _("live data"), "generated": _("a generated population")}
    return str(names.get(population, population))


@dataclass(frozen=True)
class Cell:
    metric: str
    value: str
    ratio: str
    flagged: bool
    chance: bool  # the difference from the best-off group may well be chance


def _may_be_chance(group: dict[str, Any], metric: str, significance: float) -> bool:
    p_value = group.get("p_values", {}).get(metric)
    return p_value is not None and p_value >= significance


@dataclass(frozen=True)
class Row:
    label: str
    n: str
    suppressed: bool
    cells: list[Cell]


@dataclass(frozen=True)
class Flag:
    attribute: str
    sentence: str


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString


@dataclass(frozen=True)
class Section:
    attribute: str
    title: str
    rows: list[Row]
    charts: list[Chart]


def _flag_sentence(
    attribute: dict[str, Any], group: dict[str, Any], metric: str, significance: float
) -> str:
    name = attribute["name"]
    best_label = attribute["best"].get(metric)
    best = next((g for g in attribute["groups"] if g["label"] == best_label), None)
    sentence = _(
        "%(group)s — %(metric)s: %(value)s, %(ratio)s of the best-off group (%(best)s, "
        "%(best_value)s). Under four-fifths."
    ) % {
        "group": group_name(name, group["label"]),
        "metric": METRIC_NAMES.get(metric, metric),
        "value": format_metric(metric, group["values"].get(metric)),
        "ratio": format_ratio(group["ratios"].get(metric)),
        "best": group_name(name, best_label or ""),
        "best_value": format_metric(metric, best["values"].get(metric) if best else None),
    }
    p_value = group.get("p_values", {}).get(metric)
    if p_value is None:
        return sentence
    if p_value < 0.001:
        detail = _("The difference is statistically significant (p < 0.001).")
        return f"{sentence} {detail}"
    if p_value < significance:
        detail = _("The difference is statistically significant (p = %(p)s).")
    else:
        detail = _("The difference may be chance (p = %(p)s): check again with more people.")
    return f"{sentence} {detail % {'p': format_p(p_value)}}"


def _chart(
    attribute: dict[str, Any],
    metric: str,
    higher: bool,
    threshold: float,
    min_group: int,
    significance: float,
) -> Chart:
    name = attribute["name"]
    best_label = attribute["best"].get(metric)
    best = next((g for g in attribute["groups"] if g["label"] == best_label), None)
    best_value = best["values"].get(metric) if best else None
    bars = []
    for group in attribute["groups"]:
        value = group["values"].get(metric)
        ratio = group["ratios"].get(metric)
        flagged = metric in group["flagged"]
        if group["suppressed"]:
            text = _("not shown: fewer than %(n)s people") % {"n": min_group}
        elif value is None:
            text = _("no value")
        else:
            text = format_metric(metric, value)
        note = ""
        if flagged:
            note = _("flagged: %(ratio)s of the best") % {"ratio": format_ratio(ratio)}
            if _may_be_chance(group, metric, significance):
                chance = _("(may be chance)")
                note = f"{note} {chance}"
        bars.append(Bar(group_name(name, group["label"]), value, text, flagged, note))
    line: float | None = None
    line_label = ""
    if best_value:
        line = best_value * threshold if higher else best_value / threshold
        line_label = _("four-fifths line: %(value)s") % {"value": format_metric(metric, line)}
    title = _("%(metric)s — %(attribute)s") % {
        "metric": METRIC_NAMES.get(metric, metric),
        "attribute": attribute_name(name),
    }
    if not higher:
        lower = _("(lower is better)")
        title = f"{title} {lower}"
    svg = bar_chart(
        chart_id=f"chart-{name}-{metric}",
        title=title,
        bars=bars,
        maximum=1.0 if metric in UNIT_SCALE else 0.0,
        line=line,
        line_label=line_label,
    )
    return Chart(title, mark_safe(svg))  # noqa: S308 (built from escaped parts in charts.py)


def present(data: dict[str, Any]) -> dict[str, Any]:
    """Template context for a report, in the active language."""
    metrics = [(m["name"], bool(m["higher_is_better"])) for m in data["metrics"]]
    threshold = float(data["threshold"])
    significance = float(data.get("significance", 0.05))
    min_group = int(data["min_group"])
    sections: list[Section] = []
    flags: list[Flag] = []
    for attribute in data["attributes"]:
        rows = []
        for group in attribute["groups"]:
            cells = [
                Cell(
                    metric=metric,
                    value=format_metric(metric, group["values"].get(metric)),
                    ratio=format_ratio(group["ratios"].get(metric)),
                    flagged=is_flagged(group["ratios"].get(metric), threshold),
                    chance=_may_be_chance(group, metric, significance),
                )
                for metric, _higher in metrics
            ]
            rows.append(
                Row(
                    label=group_name(attribute["name"], group["label"]),
                    n="—" if group["n"] is None else str(group["n"]),
                    suppressed=bool(group["suppressed"]),
                    cells=cells,
                )
            )
            for metric in group["flagged"]:
                flags.append(
                    Flag(
                        attribute_name(attribute["name"]),
                        _("%(attribute)s: %(sentence)s")
                        % {
                            "attribute": attribute_name(attribute["name"]),
                            "sentence": _flag_sentence(attribute, group, metric, significance),
                        },
                    )
                )
        charts = [
            _chart(attribute, metric, higher, threshold, min_group, significance)
            for metric, higher in metrics
        ]
        sections.append(Section(attribute["name"], attribute_name(attribute["name"]), rows, charts))
    return {
        "report": data,
        "population_name": population_name(data["population"]),
        "sections": sections,
        "flags": flags,
        "metrics": [
            {"name": name, "title": METRIC_NAMES.get(name, name), "help": METRIC_HELP.get(name, "")}
            for name, _higher in metrics
        ],
        "threshold": format_ratio(threshold),
    }


def render_report(data: dict[str, Any]) -> str:
    """The self-contained HTML report, in the active language."""
    context = present(data)
    context.update({"css": mark_safe(REPORT_CSS), "rtl": get_language_bidi()})  # noqa: S308
    return render_to_string("analytics/report.html", context)
