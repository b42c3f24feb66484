"""What a desk is made of: its rows (what is to be done, on what, in which series, by when, where), in three
sections, and the helper each series' rows are written with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import ngettext

from mufakat.meetings.models import Series

Section = Literal["answer", "deadline", "next"]


@dataclass(frozen=True)
class DeskRow:
    """One thing on the desk. `kind` names it for programs and styles (position, silence, proposal,
    bilateral_request, report_due, report_returned, participant_returned; for the chair resolve,
    bilateral_unanswered, report_review, accreditation; next: session, bilateral)."""

    kind: str
    section: Section
    what: str  # what is to be done, in the active language
    subject: str  # the thing it is done on: a document's title, a plan's period, a session
    series_code: str
    series_title: str
    meeting: str  # the meeting's short title (AMM-57), or ""
    party_code: str  # the party it awaits, "" for the chair's own work
    due_at: datetime | None
    time_zone: str
    url: str
    count: int = 1

    @property
    def local_due(self) -> datetime | None:
        return self.due_at.astimezone(ZoneInfo(self.time_zone)) if self.due_at else None


@dataclass(frozen=True)
class Desk:
    now: datetime
    rows: list[DeskRow] = field(default_factory=list)
    series_codes: list[str] = field(default_factory=list)

    def section(self, name: Section) -> list[DeskRow]:
        return [row for row in self.rows if row.section == name]

    @property
    def answer(self) -> list[DeskRow]:
        return self.section("answer")

    @property
    def deadlines(self) -> list[DeskRow]:
        return self.section("deadline")

    @property
    def upcoming(self) -> list[DeskRow]:
        return self.section("next")

    def seconds_left(self, row: DeskRow) -> int | None:
        """Until the row's due time (0 once it has passed); None for a row without one."""
        return max(0, int((row.due_at - self.now).total_seconds())) if row.due_at else None


# The order of kinds within a moment and a series: a key that reads the same in every language (sorting on the
# translated text put English and Vietnamese rows in different orders). Within a kind, the selectors' own order.
KIND_ORDER = (
    "position",
    "silence",
    "proposal",
    "bilateral_request",
    "report_due",
    "report_returned",
    "participant_returned",
    "resolve",
    "bilateral_unanswered",
    "report_review",
    "accreditation",
    "session",
    "bilateral",
)


# The rows about a number of things, each worded for its number (the literal pairs here, for makemessages).
COUNTED: dict[str, Callable[[int], str]] = {
    "resolve": lambda n: ngettext("Resolve %(count)d open proposal", "Resolve %(count)d open proposals", n),
    "bilateral_unanswered": lambda n: ngettext(
        "%(count)d bilateral request waits for an answer", "%(count)d bilateral requests wait for an answer", n
    ),
    "report_due": lambda n: ngettext("%(count)d report due", "%(count)d reports due", n),
    "report_returned": lambda n: ngettext(
        "%(count)d report returned for clarification", "%(count)d reports returned for clarification", n
    ),
    "report_review": lambda n: ngettext(
        "%(count)d submitted report to review", "%(count)d submitted reports to review", n
    ),
    "accreditation": lambda n: ngettext(
        "%(count)d participant waits for accreditation", "%(count)d participants wait for accreditation", n
    ),
}


@dataclass(frozen=True)
class SeriesRows:
    """What every row of one series repeats."""

    series: Series

    def row(self, **values: Any) -> DeskRow:
        values.setdefault("time_zone", self.series.venue.time_zone)
        values.setdefault("party_code", "")
        values.setdefault("meeting", "")
        values.setdefault("due_at", None)
        return DeskRow(series_code=self.series.code, series_title=self.series.title, **values)

    def counted(self, kind: str, count: int, **values: Any) -> list[DeskRow]:
        """The row about `count` things of this kind, worded for that number; none when there are none."""
        return (
            [self.row(kind=kind, what=COUNTED[kind](count) % {"count": count}, count=count, **values)] if count else []
        )

    def url(self, name: str, *args: Any, query: dict[str, str] | None = None, anchor: str = "") -> str:
        url = reverse(f"web:{name}", args=[self.series.code, *args])
        return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")
