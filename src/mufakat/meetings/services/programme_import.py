"""Import sessions into a series' draft programme from CSV.

Columns (header row required, any order): meeting (a short title such as AMM-57 or PMC+1 JP, or a body code
such as AMM), title_en, title_vi, kind, room (a room name at the venue, or empty), date (YYYY-MM-DD, venue
local), start and end (HH:MM, venue local). Every row is checked before anything is written; one bad row
refuses the whole file with the row number (the header is row 1, as in a spreadsheet) and the field. The
sessions are then created through services.session_create in one transaction."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.cleantext import TextRefused, clean_text
from mufakat.core.errors import ApplicationError, ValidationFailed
from mufakat.meetings.enums import SessionKind
from mufakat.meetings.models import Meeting, Room, Series, Session
from mufakat.meetings.rules import is_series_chair

from .programme import session_create

COLUMNS = ("meeting", "title_en", "title_vi", "kind", "room", "date", "start", "end")
OPTIONAL_COLUMNS = frozenset({"title_vi"})
MAX_ROWS = 2000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class CsvProblem:
    row: int
    field: str
    message: str


@dataclass(frozen=True)
class CsvSession:
    row: int
    meeting: Meeting
    title_en: str
    title_vi: str
    kind: str
    room: Room | None
    starts_at: datetime
    ends_at: datetime


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _meeting_index(series: Series) -> dict[str, list[Meeting]]:
    index: dict[str, list[Meeting]] = {}
    for meeting in Meeting.objects.filter(series=series).select_related("body", "venue").order_by("start_date", "pk"):
        for name in {_key(meeting.short_title), _key(meeting.body.code)}:
            index.setdefault(name, []).append(meeting)
    return index


def _clock(value: str) -> time | None:
    match = _CLOCK.fullmatch(value)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def _day(value: str) -> date | None:
    if not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class _RowChecker:
    """Turns one CSV record into a CsvSession, or records what is wrong with it, field by field."""

    def __init__(self, series: Series) -> None:
        self.series = series
        self.meetings = _meeting_index(series)
        self.rooms: dict[int, dict[str, Room]] = {}
        for room in Room.objects.filter(venue__in=self._venue_ids()):
            self.rooms.setdefault(room.venue_id, {})[_key(room.name)] = room
        self.problems: list[CsvProblem] = []

    def _venue_ids(self) -> set[int]:
        ids = {self.series.venue_id}
        ids.update(m.venue_id for meetings in self.meetings.values() for m in meetings if m.venue_id)
        return ids

    def problem(self, row: int, field: str, message: str) -> None:
        self.problems.append(CsvProblem(row, field, message))

    def _meeting(self, row: int, value: str) -> Meeting | None:
        if not value:
            self.problem(row, "meeting", _("is empty; give a short title such as AMM-57 or a body code such as AMM."))
            return None
        found = self.meetings.get(_key(value), [])
        if len(found) > 1:
            titles = ", ".join(m.short_title for m in found)
            self.problem(
                row,
                "meeting",
                _("%(value)r matches several meetings (%(titles)s); use the short title.")
                % {"value": value, "titles": titles},
            )
            return None
        if not found:
            self.problem(
                row,
                "meeting",
                _("no meeting %(value)r in %(series)s; use a short title such as AMM-57 or a body code such as AMM.")
                % {"value": value, "series": self.series.code},
            )
            return None
        return found[0]

    def _room(self, row: int, value: str, meeting: Meeting | None) -> Room | None:
        if not value or meeting is None:
            return None
        venue_id = meeting.venue_id or self.series.venue_id
        rooms = self.rooms.get(venue_id, {})
        room = rooms.get(_key(value))
        if room is None:
            names = ", ".join(sorted(r.name for r in rooms.values())) or "none"
            self.problem(
                row, "room", _("no room %(value)r at the venue; rooms: %(names)s.") % {"value": value, "names": names}
            )
        return room

    def check(self, row: int, record: dict[str, str]) -> CsvSession | None:
        before = len(self.problems)
        meeting = self._meeting(row, record["meeting"])
        title_en = record["title_en"]
        if not title_en:
            self.problem(row, "title_en", _("is empty."))
        kind = record["kind"] or SessionKind.PLENARY
        if kind not in SessionKind.values:
            self.problem(
                row,
                "kind",
                _("%(kind)r is not one of %(values)s.") % {"kind": kind, "values": ", ".join(SessionKind.values)},
            )
        room = self._room(row, record["room"], meeting)
        day = _day(record["date"])
        if day is None:
            self.problem(row, "date", _("%(value)r is not a date written YYYY-MM-DD.") % {"value": record["date"]})
        start, end = _clock(record["start"]), _clock(record["end"])
        if start is None:
            self.problem(
                row, "start", _("%(value)r is not a time written HH:MM (24-hour clock).") % {"value": record["start"]}
            )
        if end is None:
            self.problem(
                row, "end", _("%(value)r is not a time written HH:MM (24-hour clock).") % {"value": record["end"]}
            )
        elif start is not None and end <= start:
            self.problem(
                row,
                "end",
                _("%(value)s is not after start %(value2)s.") % {"value": record["end"], "value2": record["start"]},
            )
        if meeting is not None and day is not None and not meeting.start_date <= day <= meeting.end_date:
            self.problem(
                row,
                "date",
                _("%(day)s is outside the dates of %(meeting)s (%(start_date)s..%(end_date)s).")
                % {
                    "day": day,
                    "meeting": meeting.short_title,
                    "start_date": meeting.start_date,
                    "end_date": meeting.end_date,
                },
            )
        if len(self.problems) > before or meeting is None or day is None or start is None or end is None:
            return None
        zone = ZoneInfo((meeting.venue or self.series.venue).time_zone)
        return CsvSession(
            row=row,
            meeting=meeting,
            title_en=title_en,
            title_vi=record["title_vi"],
            kind=kind,
            room=room,
            starts_at=datetime.combine(day, start, tzinfo=zone),
            ends_at=datetime.combine(day, end, tzinfo=zone),
        )


def _refuse(problems: list[CsvProblem]) -> ValidationFailed:
    first, rest = problems[0], problems[1:]
    message = first.message
    if rest:
        shown = "; ".join(
            _("row %(row)s field %(field)r: %(problem)s")
            % {"row": p.row, "field": p.field, "problem": p.message.rstrip(".")}
            for p in rest[:5]
        )
        message += " " + _("Also %(count)s more problem(s): %(problems)s.") % {
            "count": len(rest),
            "problems": shown + ("; …" if len(rest) > 5 else ""),
        }
    message += " " + _("Nothing was imported.")
    return ValidationFailed(message, field=first.field, record=f"CSV row {first.row}")


def programme_csv_check(*, series: Series, text: str) -> list[CsvSession]:
    """Every row of the CSV checked and resolved to meetings and rooms; ValidationFailed naming the first bad
    row and field (and counting the others) when any row is wrong."""
    if "\x00" in text:
        raise ValidationFailed(
            _("contains a NUL character; save the spreadsheet as CSV UTF-8."), field="file", record="CSV"
        )
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        return _checked_rows(series, reader)
    except csv.Error as exc:
        # A stray quote or a cell past the csv module's size limit (131,072 characters): name the row.
        raise ValidationFailed(
            f"cannot be read as CSV ({exc}); check the quotes in that row and save the file as CSV UTF-8.",
            field="file",
            record=f"CSV row {reader.line_num + 1}",
        ) from exc
    except TextRefused as exc:
        raise ValidationFailed(str(exc), field="file", record=f"CSV row {reader.line_num}") from exc


def _checked_rows(series: Series, reader: csv.DictReader[str]) -> list[CsvSession]:
    header = [(name or "").strip().casefold() for name in (reader.fieldnames or [])]
    if not header:
        raise ValidationFailed(_("is empty; the first row must name the columns."), field="file", record="CSV")
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in header and name not in OPTIONAL_COLUMNS]
    if unknown or missing:
        field = (unknown or missing)[0]
        raise ValidationFailed(
            (
                _("unknown column(s) %(columns)s") % {"columns": ", ".join(unknown)}
                if unknown
                else _("missing column(s) %(columns)s") % {"columns": ", ".join(missing)}
            )
            + _("; the header must name %(columns)s.") % {"columns": ", ".join(COLUMNS)},
            field=field,
            record="CSV row 1",
        )
    reader.fieldnames = header
    checker = _RowChecker(series)
    rows: list[CsvSession] = []
    count = 0
    for row, raw in enumerate(reader, start=2):
        values = {name: clean_text(raw.get(name) or "").strip() for name in COLUMNS}
        if None in raw:
            checker.problem(
                row,
                "file",
                _("has %(value)s values; the header has %(count)s.")
                % {"value": len(header) + len(raw[None]), "count": len(header)},
            )
            continue
        if not any(values.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ValidationFailed(
                _("more than %(max_rows)s sessions; split the file.") % {"max_rows": MAX_ROWS},
                field="file",
                record="CSV",
            )
        checked = checker.check(row, values)
        if checked is not None:
            rows.append(checked)
    if checker.problems:
        raise _refuse(checker.problems)
    if not rows:
        raise ValidationFailed(_("has no sessions below the header row."), field="file", record="CSV")
    return rows


@transaction.atomic
def programme_import(*, actor: SeriesViewer, series: Series, text: str) -> list[Session]:
    """Create the CSV's sessions in the series' draft programme (chair secretariat): all rows or none."""
    require(is_series_chair(actor, series.pk), _("only the chair secretariat edits the programme."))
    created = []
    for entry in programme_csv_check(series=series, text=text):
        try:
            created.append(
                session_create(
                    actor=actor,
                    meeting=entry.meeting,
                    title_en=entry.title_en,
                    title_vi=entry.title_vi,
                    kind=entry.kind,
                    room=entry.room,
                    starts_at=entry.starts_at,
                    ends_at=entry.ends_at,
                )
            )
        except ApplicationError as exc:
            raise type(exc)(
                f"{exc.message} Nothing was imported.", field=exc.field, record=f"CSV row {entry.row}"
            ) from exc
    return created
