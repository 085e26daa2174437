"""Horizontal bar charts as inline SVG: no JavaScript, no external file, readable printed.

Framework-free (no Django import). Only SVG presentation attributes are used (no ``style``
attribute or element), so that the charts render under the site's Content-Security-Policy.
Every bar carries its value in words next to it, and flagged bars say so in words, so that
colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 720
LABEL_WIDTH = 180
BAR_WIDTH = 240
ROW = 28
TOP = 30
BOTTOM = 10
LABEL_CHARS = 26

COLOUR = "#2563eb"
FLAGGED = "#b45309"
MUTED = "#6b7280"
TEXT = "#111827"
LINE = "#111827"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to draw (suppressed or undefined)
    text: str  # the value as shown next to the bar, e.g. "40 %", or why there is none
    flagged: bool = False
    note: str = ""  # words after the value, e.g. "flagged: under four-fifths"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    maximum: float,
    line: float | None = None,
    line_label: str = "",
) -> str:
    """An SVG chart of ``bars`` on a scale from 0 to ``maximum``, with an optional dashed
    vertical ``line`` (the four-fifths line) labelled ``line_label``."""
    maximum = max(maximum, line or 0.0, *(bar.value or 0.0 for bar in bars), 1e-9)
    height = TOP + ROW * max(1, len(bars)) + BOTTOM
    title_id = f"{chart_id}-title"

    def x_of(value: float) -> float:
        return LABEL_WIDTH + BAR_WIDTH * max(0.0, value) / maximum

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(title_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" '
        f'font-size="13" class="chart">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" y2="{height - BOTTOM}" '
        f'stroke="{MUTED}" stroke-width="1"/>',
    ]
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        middle = y + ROW / 2 + 4
        colour = FLAGGED if bar.flagged else COLOUR
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" fill="{TEXT}">'
            f"<title>{escape(bar.label)}</title>{escape(_short(bar.label))}</text>"
        )
        end: float = LABEL_WIDTH
        if bar.value is not None:
            end = x_of(bar.value)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 5}" width="{end - LABEL_WIDTH:.1f}" '
                f'height="{ROW - 10}" fill="{colour}"'
                + (
                    ' stroke="#78350f" stroke-width="2" stroke-dasharray="4 2"'
                    if bar.flagged
                    else ""
                )
                + "/>"
            )
        words = bar.text + (f" — {bar.note}" if bar.note else "")
        weight = ' font-weight="bold"' if bar.flagged else ""
        fill = FLAGGED if bar.flagged else (TEXT if bar.value is not None else MUTED)
        parts.append(
            f'<text x="{end + 6:.1f}" y="{middle:.1f}" fill="{fill}"{weight}>{escape(words)}</text>'
        )
    if line is not None:
        x = x_of(line)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - BOTTOM}" '
            f'stroke="{LINE}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        anchor, at = ("start", x + 4) if x < WIDTH - 240 else ("end", x - 4)
        parts.append(
            f'<text x="{at:.1f}" y="{TOP - 12}" text-anchor="{anchor}" fill="{TEXT}" '
            f'font-size="12">{escape(line_label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
