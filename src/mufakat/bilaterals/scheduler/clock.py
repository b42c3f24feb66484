"""Grains as the venue's wall-clock time, for messages a protocol officer reads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from mufakat.bilaterals.scheduler.instance import Instance
from mufakat.core.text import Days, Span, Text, gettext_noop


def local_time(instance: Instance, grain: int) -> datetime:
    """The naive wall-clock time at the venue where `grain` begins."""
    minutes = grain * instance.grain_minutes + instance.utc_offset_minutes
    return (instance.epoch + timedelta(minutes=minutes)).replace(tzinfo=None)


def when(instance: Instance, grain: int) -> str:
    """'26 Jul 14:00'."""
    moment = local_time(instance, grain)
    return f"{moment.day} {moment:%b %H:%M}"


def span(instance: Instance, start: int, end: int) -> str:
    """'26 Jul 14:00–14:30' (the end on another day is written in full)."""
    first, last = local_time(instance, start), local_time(instance, end)
    if first.date() == last.date():
        return f"{when(instance, start)}–{last:%H:%M}"
    return f"{when(instance, start)} – {when(instance, end)}"


def minutes(instance: Instance, grains: int) -> Text:
    """'30 min', '2 h', '1 h 30 min' (a Text: shown in the reader's language)."""
    total = grains * instance.grain_minutes
    hours, rest = divmod(total, 60)
    if not hours:
        return Text(gettext_noop("%(minutes)s min"), {"minutes": rest})
    if not rest:
        return Text(gettext_noop("%(hours)s h"), {"hours": hours})
    return Text(gettext_noop("%(hours)s h %(minutes)s min"), {"hours": hours, "minutes": rest})


def day_label(instance: Instance, index: int) -> str:
    """'26 Jul' for the instance's day `index`."""
    label = instance.days[index].label
    try:
        day = date.fromisoformat(label)
    except ValueError:
        return label
    return f"{day.day} {day:%b}"


def day_ranges(instance: Instance, indices: Iterable[int]) -> str:
    """'24–25 Jul, 27 Jul': consecutive days collapsed into ranges."""
    ordered = sorted(set(indices))
    if not ordered:
        return "no day"
    runs: list[tuple[int, int]] = []
    for index in ordered:
        if runs and index == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    parts = []
    for first, last in runs:
        if first == last:
            parts.append(day_label(instance, first))
        else:
            head, tail = day_label(instance, first), day_label(instance, last)
            same_month = head.split(" ")[-1] == tail.split(" ")[-1]
            parts.append(f"{head.split(' ')[0]}–{tail}" if same_month else f"{head} – {tail}")
    return ", ".join(parts)


def days(instance: Instance, indices: Iterable[int]) -> Days:
    """The days as a value a page writes in the reader's language (English: as `day_ranges`)."""
    ordered = sorted(set(indices))
    return Days(tuple(instance.days[index].label for index in ordered), day_ranges(instance, ordered))


def span_value(instance: Instance, start: int, end: int) -> Span:
    """The stretch as a value a page writes in the reader's language (English: as `span`)."""
    first, last = local_time(instance, start), local_time(instance, end)
    return Span(first.isoformat(), last.isoformat(), span(instance, start, end))
