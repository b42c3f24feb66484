"""Why a request has no place, in the reader's language: the scheduler keeps each sentence as an English
template and its values (`core.text`); this renders the stored one with the active language's gettext, naming
each principal as the page does ("Sri Lanka (Minister)") and writing days in the reader's language."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext

from mufakat.bilaterals.enums import Level
from mufakat.bilaterals.models import BilateralUnscheduled
from mufakat.core.text import Days, Principal, Span, render, text_from_json
from mufakat.reference.models import Party


def unscheduled_detail(unscheduled: BilateralUnscheduled) -> str:
    """The sentence in the active language; a row saved without a template keeps its English detail."""
    if unscheduled.detail_text:
        return render(text_from_json(unscheduled.detail_text), gettext, _resolve)
    return unscheduled.detail


def _resolve(value: Any) -> str:
    if isinstance(value, Principal):
        return principal_label(value.id)
    if isinstance(value, Days):
        return days_label(value)
    if isinstance(value, Span):
        return span_label(value)
    return str(value)


def principal_label(principal: str) -> str:
    """'LK/minister' as 'Sri Lanka (Minister)'; an id of another shape is shown as it is."""
    code, _slash, level = principal.partition("/")
    party = Party.objects.filter(code=code).first()
    if party is None or level not in Level.values:
        return principal
    return f"{party.name} ({Level(level).label})"


def days_label(value: Days) -> str:
    """The days in the reader's language ('24–25 July, 27 July'; '24–25 tháng 7'), consecutive ones joined."""
    try:
        days = sorted({date.fromisoformat(label) for label in value.days})
    except ValueError:
        return value.english
    if not days:
        return value.english
    runs: list[list[date]] = []
    for day in days:
        if runs and day == runs[-1][1] + timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ", ".join(
        date_format(first, "MONTH_DAY_FORMAT")
        if first == last
        else f"{date_format(first, 'MONTH_DAY_FORMAT')}–{date_format(last, 'MONTH_DAY_FORMAT')}"
        for first, last in runs
    )


def span_label(value: Span) -> str:
    """Venue wall-clock time in the reader's language ('Fri 26 Jul, 14:00–14:30'; 'T6 26/7, 14:00–14:30')."""
    try:
        first, last = datetime.fromisoformat(value.start), datetime.fromisoformat(value.end)
    except ValueError:
        return value.english
    if first.date() == last.date():
        return f"{date_format(first, 'DAY_DATETIME_FORMAT')}–{time_format(last, 'TIME_FORMAT')}"
    return f"{date_format(first, 'DAY_DATETIME_FORMAT')} – {date_format(last, 'DAY_DATETIME_FORMAT')}"
