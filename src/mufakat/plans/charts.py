"""The review page's charts as inline SVG, drawn on the server: no chart library, no script. Pure: takes the
figures and the (already translated) labels, returns SVG markup with every text escaped. Each chart scales to
the page's width (viewBox), names itself for screen readers (role="img", <title>, <desc>), and the page
shows the same figures as tables next to it. Each chart also comes in a phone layout (``phone=True``): a
narrow drawing with the labels above the bars and larger type, since the wide one scaled down to a
390 px screen shrinks its 12-unit labels to about 6 px."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from .review import COMPLETED, DISCONTINUED, NOT_STARTED, ONGOING, UNREPORTED, RollUp

COLOURS = {
    COMPLETED: "#2e7d32",
    ONGOING: "#e0a100",
    NOT_STARTED: "#8a97a8",
    DISCONTINUED: "#4b5563",
    UNREPORTED: "#f1c6c6",
}
PROGRESS = "#0b5ea8"
TRACK = "#e8eef6"
INK = "#1d2733"
MUTED = "#5b6776"
WIDTH = 720
# The phone layout is drawn at about the width it is shown at, so its type keeps its size.
PHONE_WIDTH = 360


def _text(
    x: float, y: float, text: str, *, size: int = 12, anchor: str = "start", fill: str = INK, cls: str = ""
) -> str:
    klass = f" class={quoteattr(cls)}" if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{klass}>'
        f"{escape(text)}</text>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg_open(kind: str, *, phone: bool, width: int, height: int, title: str, description: str) -> list[str]:
    name = f"chart-{kind}-phone" if phone else f"chart-{kind}"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {name}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{name}-title {name}-desc" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{name}-title">{escape(title)}</title>',
        f'<desc id="{name}-desc">{escape(description)}</desc>',
    ]


def _phone_legend(keys: Sequence[tuple[str, str, str]], *, top: float) -> list[str]:
    """The phone layout's legend: two columns of (shape, colour, label), one row every 20 units."""
    parts = []
    for index, (shape, colour, label) in enumerate(keys):
        x, y = (index % 2) * PHONE_WIDTH / 2, top + (index // 2) * 20
        if shape == "diamond":
            parts.append(f'<path d="M{x + 6:.0f} {y:.0f} l6 6 l-6 6 l-6 -6 z" fill="{colour}"/>')
        elif shape == "ring":
            parts.append(
                f'<circle cx="{x + 6:.0f}" cy="{y + 6:.0f}" r="4.5" fill="#fff" stroke="{colour}" stroke-width="3"/>'
            )
        else:
            parts.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="12" height="12" fill="{colour}"/>')
        alone = index == len(keys) - 1 and index % 2 == 0
        parts.append(_text(x + 17, y + 11, _shorten(label, 48 if alone else 24), size=13))
    return parts


def _phone_legend_height(count: int) -> int:
    return 20 * ((count + 1) // 2)


def progress_chart_svg(
    rows: Sequence[RollUp],
    *,
    title: str,
    description: str,
    legend: Mapping[str, str],
    progress_label: str,
    phone: bool = False,
) -> str:
    """A horizontal bar per area: the mean progress (0–100%) as the bar, and under it a strip of how the
    expected reports divide between completed, ongoing, not started, discontinued and no report."""
    if phone:
        return _progress_chart_phone(
            rows, title=title, description=description, legend=legend, progress_label=progress_label
        )
    label_w, bar_x, bar_w, row_h, top = 250, 260, 380, 42, 28
    height = top + row_h * max(len(rows), 1) + 40
    parts = _svg_open("progress", phone=False, width=WIDTH, height=height, title=title, description=description)
    for tick in (0, 25, 50, 75, 100):
        x = bar_x + bar_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 40}" stroke="#d9dee5"/>')
        parts.append(_text(x, top - 10, f"{tick}%", size=10, anchor="middle", fill=MUTED))
    for index, row in enumerate(rows):
        y = top + index * row_h
        label = f"{row.key} {row.label}"
        parts.append(f'<g class="chart-row" data-key={quoteattr(row.key)}><title>{escape(label)}</title>')
        parts.append(_text(label_w, y + 15, _shorten(label, 38), anchor="end", cls="chart-label"))
        parts.append(f'<rect x="{bar_x}" y="{y + 2}" width="{bar_w}" height="18" fill="{TRACK}" rx="2"/>')
        progress = row.mean_progress or 0.0
        parts.append(
            f'<rect class="bar-progress" x="{bar_x}" y="{y + 2}" width="{bar_w * progress / 100:.1f}" height="18" '
            f'fill="{PROGRESS}" rx="2" data-value="{progress:.1f}"/>'
        )
        shown = "—" if row.mean_progress is None else f"{row.mean_progress:.0f}%"
        parts.append(_text(bar_x + bar_w + 8, y + 16, shown, cls="chart-value"))
        x = float(bar_x)
        for status in (COMPLETED, ONGOING, NOT_STARTED, DISCONTINUED, UNREPORTED):
            width = bar_w * row.share(status)
            if width > 0:
                parts.append(
                    f'<rect class="bar-status {status}" x="{x:.1f}" y="{y + 24}" width="{width:.1f}" height="7" '
                    f'fill="{COLOURS[status]}"><title>{escape(legend[status])}: {getattr(row, status)}</title></rect>'
                )
                x += width
        parts.append("</g>")
    legend_y = height - 16
    x = 10.0
    parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{PROGRESS}"/>')
    parts.append(_text(x + 16, legend_y, progress_label, size=11))
    x += 26 + 7 * len(progress_label)
    for status in (COMPLETED, ONGOING, NOT_STARTED, DISCONTINUED, UNREPORTED):
        parts.append(f'<rect x="{x:.0f}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[status]}"/>')
        parts.append(_text(x + 16, legend_y, legend[status], size=11))
        x += 26 + 6.5 * len(legend[status])
    parts.append("</svg>")
    return "".join(parts)


def _progress_chart_phone(
    rows: Sequence[RollUp], *, title: str, description: str, legend: Mapping[str, str], progress_label: str
) -> str:
    """The phone layout: each area's name on its own line above a bar that spans the drawing."""
    bar_x, bar_w, row_h, top = 12, 286, 60, 22
    statuses = (COMPLETED, ONGOING, NOT_STARTED, DISCONTINUED, UNREPORTED)
    rows_end = top + row_h * max(len(rows), 1)
    height = rows_end + 8 + _phone_legend_height(1 + len(statuses))
    parts = _svg_open("progress", phone=True, width=PHONE_WIDTH, height=height, title=title, description=description)
    for tick in (0, 25, 50, 75, 100):
        x = bar_x + bar_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{rows_end}" stroke="#d9dee5"/>')
        parts.append(_text(x, top - 8, f"{tick}%", size=11, anchor="middle", fill=MUTED))
    for index, row in enumerate(rows):
        y = top + index * row_h
        label = f"{row.key} {row.label}"
        parts.append(f'<g class="chart-row" data-key={quoteattr(row.key)}><title>{escape(label)}</title>')
        parts.append(_text(0, y + 16, _shorten(label, 44), size=14, cls="chart-label"))
        parts.append(f'<rect x="{bar_x}" y="{y + 23}" width="{bar_w}" height="16" fill="{TRACK}" rx="2"/>')
        progress = row.mean_progress or 0.0
        parts.append(
            f'<rect class="bar-progress" x="{bar_x}" y="{y + 23}" width="{bar_w * progress / 100:.1f}" height="16" '
            f'fill="{PROGRESS}" rx="2" data-value="{progress:.1f}"/>'
        )
        shown = "—" if row.mean_progress is None else f"{row.mean_progress:.0f}%"
        parts.append(_text(bar_x + bar_w + 6, y + 36, shown, size=14, cls="chart-value"))
        x = float(bar_x)
        for status in statuses:
            width = bar_w * row.share(status)
            if width > 0:
                parts.append(
                    f'<rect class="bar-status {status}" x="{x:.1f}" y="{y + 42}" width="{width:.1f}" height="8" '
                    f'fill="{COLOURS[status]}"><title>{escape(legend[status])}: {getattr(row, status)}</title></rect>'
                )
                x += width
        parts.append("</g>")
    keys = [("square", PROGRESS, progress_label)] + [("square", COLOURS[s], legend[s]) for s in statuses]
    parts.extend(_phone_legend(keys, top=rows_end + 8))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TimelineItem:
    label: str
    starts_on: date
    ends_on: date
    due_on: date
    caption: str
    review_on: date | None = None
    frozen_on: date | None = None
    current: bool = False


def timeline_svg(
    items: Sequence[TimelineItem],
    *,
    title: str,
    description: str,
    legend: Mapping[str, str],
    today: date | None = None,
    phone: bool = False,
) -> str:
    """The reporting periods on a time axis: each period's span, its deadline (a diamond), the meeting that
    took its reports up (a circle), and a caption with how many reports came in on time, late or not at all.
    The phone layout is narrower, with larger type and the legend in two columns under the periods."""
    if phone:
        width, label_w, left, right, row_h, top, size = PHONE_WIDTH, 44, 50, PHONE_WIDTH - 12, 50, 30, 14
        height = top + row_h * max(len(items), 1) + 4 + _phone_legend_height(3)
        rows_end = height - 4 - _phone_legend_height(3)
    else:
        width, label_w, left, right, row_h, top, size = WIDTH, 70, 80, WIDTH - 20, 46, 30, 12
        height = top + row_h * max(len(items), 1) + 36
        rows_end = height - 36
    dates = [d for item in items for d in (item.starts_on, item.ends_on, item.due_on, item.review_on) if d]
    first = min(dates, default=date(2000, 1, 1)).replace(month=1, day=1)
    last = max(dates, default=first) + timedelta(days=45)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return left + (right - left) * (day - first).days / span

    parts = _svg_open("timeline", phone=phone, width=width, height=height, title=title, description=description)
    for year in range(first.year, last.year + 1):
        x = x_of(date(year, 1, 1))
        parts.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{rows_end}" stroke="#d9dee5"/>')
        # A year line near the right edge has its label on its left, inside the drawing.
        near_edge = x + 4 * size > width
        parts.append(
            _text(
                x - 3 if near_edge else x + 3,
                top - 12,
                str(year),
                size=size - 2,
                fill=MUTED,
                anchor="end" if near_edge else "start",
            )
        )
    if today is not None and first <= today <= last:
        x = x_of(today)
        parts.append(
            f'<line class="today" x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{rows_end}" stroke="#a10f0f" '
            'stroke-dasharray="4 3"/>'
        )
    for index, item in enumerate(items):
        y = top + index * row_h
        weight = ' font-weight="600"' if item.current else ""
        parts.append(f'<g class="timeline-period" data-label={quoteattr(item.label)}>')
        parts.append(
            f'<text x="{label_w}" y="{y + 14}" font-size="{size}" text-anchor="end" fill="{INK}"{weight}>'
            f"{escape(item.label)}</text>"
        )
        x1, x2 = x_of(item.starts_on), x_of(item.ends_on)
        fill = PROGRESS if item.current else "#9cc0e4"
        parts.append(
            f'<rect class="period-span" x="{x1:.1f}" y="{y + 4}" width="{max(x2 - x1, 2):.1f}" height="12" '
            f'fill="{fill}" rx="2"><title>{escape(item.label)}: {item.starts_on} – {item.ends_on}</title></rect>'
        )
        dx = x_of(item.due_on)
        parts.append(
            f'<path class="deadline" d="M{dx:.1f} {y + 2} l6 8 l-6 8 l-6 -8 z" fill="{INK}">'
            f"<title>{escape(legend['due'])}: {item.due_on}</title></path>"
        )
        if item.review_on is not None:
            rx = x_of(item.review_on)
            parts.append(
                f'<circle class="review" cx="{rx:.1f}" cy="{y + 10}" r="6" fill="#fff" stroke="{COLOURS[COMPLETED]}" '
                f'stroke-width="3"><title>{escape(legend["review"])}: {item.review_on}</title></circle>'
            )
        parts.append(_text(left, y + 34, item.caption, size=size - 1, fill=MUTED, cls="timeline-caption"))
        parts.append("</g>")
    if phone:
        keys = [
            ("square", "#9cc0e4", legend["period"]),
            ("diamond", INK, legend["due"]),
            ("ring", COLOURS[COMPLETED], legend["review"]),
        ]
        parts.extend(_phone_legend(keys, top=rows_end + 4))
        parts.append("</svg>")
        return "".join(parts)
    legend_y = height - 12
    parts.append(f'<rect x="10" y="{legend_y - 10}" width="14" height="10" fill="#9cc0e4"/>')
    parts.append(_text(28, legend_y, legend["period"], size=11))
    x = 40 + 7 * len(legend["period"])
    parts.append(f'<path d="M{x:.0f} {legend_y - 11} l6 7 l-6 7 l-6 -7 z" fill="{INK}"/>')
    parts.append(_text(x + 10, legend_y, legend["due"], size=11))
    x += 24 + 6.5 * len(legend["due"])
    parts.append(
        f'<circle cx="{x:.0f}" cy="{legend_y - 4}" r="5" fill="#fff" stroke="{COLOURS[COMPLETED]}" stroke-width="3"/>'
    )
    parts.append(_text(x + 10, legend_y, legend["review"], size=11))
    parts.append("</svg>")
    return "".join(parts)
