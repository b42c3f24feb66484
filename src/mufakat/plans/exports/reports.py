"""The reports as CSV (formula-safe) and a party's reporting deadlines as an iCalendar feed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from mufakat.meetings.ics import UID_DOMAIN
from mufakat.plans.enums import ReportState
from mufakat.plans.models import ImplementationReport
from mufakat.plans.selectors import Deadline, report_is_late

REPORT_COLUMNS = [
    "plan",
    "period",
    "line",
    "line_title",
    "party",
    "status",
    "progress",
    "state",
    "submitted_at",
    "late",
    "narrative",
    "links",
    "returned_reason",
]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def report_rows(reports: Iterable[ImplementationReport]) -> Iterable[list[Any]]:
    """One row per report (select_related line, period, party); times in the period's time zone."""
    for report in reports:
        zone = ZoneInfo(report.period.time_zone)
        yield [
            report.period.plan_id,
            report.period.label,
            report.line.number,
            report.line.title_en,
            report.party.code,
            report.status,
            report.progress,
            report.state,
            report.submitted_at.astimezone(zone).isoformat(timespec="minutes") if report.submitted_at else "",
            "yes" if report_is_late(report) else "no",
            report.narrative,
            " ".join(report.links),
            report.returned_reason if report.state == ReportState.RETURNED else "",
        ]


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character is quoted away."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def reports_csv(reports: Iterable[ImplementationReport]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheets read Vietnamese names right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(REPORT_COLUMNS)
    for row in report_rows(reports):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def deadlines_ics(*, name: str, deadlines: Sequence[Deadline]) -> bytes:
    """One event per reporting deadline, at the deadline in the time zone it was set in (with its VTIMEZONE),
    and an alarm a week before. The UID is stable (plan, period, party); SEQUENCE follows the period's
    version, so a moved deadline replaces the old event in subscribed calendars."""
    calendar = Calendar()
    calendar.add("prodid", "-//mufakat//reporting deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for deadline in deadlines:
        period = deadline.period
        event = Event()
        event.add("uid", f"plan-{period.plan_id}-period-{period.pk}-{deadline.party_code.lower()}@{UID_DOMAIN}")
        event.add("sequence", period.version - 1)
        event.add("dtstamp", stamp)
        event.add("dtstart", period.due_at.astimezone(ZoneInfo(period.time_zone)))
        event.add(
            "summary",
            _("%(party)s: reports due for %(plan)s, %(period)s")
            % {"party": deadline.party_name, "plan": deadline.plan_title, "period": period.label},
        )
        event.add(
            "description",
            _("Implementation reports on %(count)d action lines for the period %(period)s.")
            % {"count": deadline.lines, "period": period.label},
        )
        event.add("status", "CONFIRMED")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event["summary"])
        alarm.add("trigger", -timedelta(days=7))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical
