"""Shapes released sessions for the templates: the day × room grid, changelog rows in venue time, a party's
days with their free slots. No queries here: the views load, these functions arrange."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mufakat.bilaterals.enums import Level
from mufakat.core.text import render
from mufakat.delegations.week import PartyWeek, WeekDeadline, WeekEvent
from mufakat.meetings.enums import SessionKind
from mufakat.meetings.programme import ChangeKind, Conflict, ConflictGroup, ConflictKind, group_conflicts
from mufakat.meetings.selectors import ReleasedSession
from mufakat.web.common import ListingDay
from mufakat.web.grid import HEADER_ROWS, SLOT_MINUTES, GridDay, RoomColumn, by_local_day, hour_marks


def kind_label(kind: str) -> str:
    return str(SessionKind(kind).label) if kind in SessionKind.values else kind


@dataclass(frozen=True)
class Block:
    """One session placed on the grid: rows count SLOT_MINUTES from the day's first hour, after the header."""

    entry: ReleasedSession
    title: str
    starts_at: datetime
    ends_at: datetime
    row_start: int
    row_end: int
    column: int
    lane: int = 0
    lanes: int = 1

    @property
    def kind_label(self) -> str:
        return kind_label(self.entry.kind)

    @property
    def show_kind(self) -> bool:
        """'Working lunch · Working lunch' says nothing twice: the kind shows where the title does not say it."""
        return self.entry.kind != SessionKind.PLENARY and self.kind_label.lower() not in self.title.lower()

    @property
    def style(self) -> str:
        lanes = f" --lane: {self.lane}; --lanes: {self.lanes};" if self.lanes > 1 else ""
        return f"grid-row: {self.row_start} / {self.row_end}; grid-column: {self.column};{lanes}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def _room_key(order: Mapping[str, int]) -> Callable[[str | None], tuple[int, int, str]]:
    def key(name: str | None) -> tuple[int, int, str]:
        if name is None:
            return (2, 0, "")
        return (0, order[name], name) if name in order else (1, 0, name)

    return key


def _lanes(blocks: list[Block]) -> list[Block]:
    """Sessions that overlap in one room (an acknowledged conflict) sit side by side, not on top."""
    placed: list[Block] = []
    by_room: dict[int, list[Block]] = {}
    for block in blocks:
        by_room.setdefault(block.column, []).append(block)
    for room_blocks in by_room.values():
        lane_ends: list[datetime] = []
        lanes: list[int] = []
        for block in room_blocks:
            lane = next((i for i, end in enumerate(lane_ends) if end <= block.starts_at), len(lane_ends))
            if lane == len(lane_ends):
                lane_ends.append(block.ends_at)
            else:
                lane_ends[lane] = block.ends_at
            lanes.append(lane)
        for block, lane in zip(room_blocks, lanes, strict=True):
            placed.append(replace(block, lane=lane, lanes=len(lane_ends)) if len(lane_ends) > 1 else block)
    return sorted(placed, key=lambda b: (b.starts_at, b.column, b.entry.uid))


def timetable_days(
    entries: Sequence[ReleasedSession],
    *,
    time_zone: str,
    room_order: Sequence[str],
    titles: Mapping[str, str] | None = None,
) -> list[GridDay[Block]]:
    """The released sessions day by day as a grid: columns are the rooms used that day (in `room_order`,
    unknown rooms after, sessions without a room last), rows are SLOT_MINUTES from the first hour."""
    zone = ZoneInfo(time_zone)
    titles = titles or {}
    order = {name: index for index, name in enumerate(room_order)}
    days = []
    for day, day_entries in by_local_day(entries, zone):
        midnight = datetime.combine(day, time(0), tzinfo=zone)
        first = min(e.starts_at.astimezone(zone) for e in day_entries)
        last = min(max(e.ends_at.astimezone(zone) for e in day_entries), midnight + timedelta(days=1))
        start = first.replace(minute=0, second=0, microsecond=0)
        end_hours = math.ceil((last - midnight).total_seconds() / 3600)
        end = midnight + timedelta(hours=max(end_hours, start.hour + 1))
        rooms = sorted({e.room for e in day_entries}, key=_room_key(order))
        columns = {name: index + 2 for index, name in enumerate(rooms)}
        slots = int((end - start).total_seconds() // 60) // SLOT_MINUTES

        def row(at: datetime, *, up: bool, start: datetime = start, end: datetime = end) -> int:
            minutes = (min(at, end) - start).total_seconds() / 60
            slot = math.ceil(minutes / SLOT_MINUTES) if up else math.floor(minutes / SLOT_MINUTES)
            return HEADER_ROWS + 1 + slot

        blocks = []
        for entry in sorted(day_entries, key=lambda e: (e.starts_at, e.uid)):
            local_start, local_end = entry.starts_at.astimezone(zone), entry.ends_at.astimezone(zone)
            row_start = row(local_start, up=False)
            blocks.append(
                Block(
                    entry=entry,
                    title=titles.get(entry.uid) or entry.title,
                    starts_at=local_start,
                    ends_at=local_end,
                    row_start=row_start,
                    row_end=max(row(local_end, up=True), row_start + 1),
                    column=columns[entry.room],
                )
            )
        days.append(
            GridDay(
                day=day,
                rooms=[RoomColumn(name=name, column=columns[name]) for name in rooms],
                hours=hour_marks(start, slots),
                blocks=_lanes(blocks),
                slots=slots,
            )
        )
    return days


# Changelogs ------------------------------------------------------------------------------------------

CHANGE_LABELS: dict[str, Promise] = {
    ChangeKind.ADDED: _("Added"),
    ChangeKind.MOVED: _("Moved"),
    ChangeKind.ROOM_CHANGED: _("Room changed"),
    ChangeKind.RETITLED: _("Retitled"),
    ChangeKind.REINSTATED: _("Reinstated"),
    ChangeKind.CANCELLED: _("Cancelled"),
    ChangeKind.REMOVED: _("Removed"),
}
_TIMED = {ChangeKind.ADDED, ChangeKind.MOVED, ChangeKind.REINSTATED, ChangeKind.CANCELLED, ChangeKind.REMOVED}


@dataclass(frozen=True)
class ChangeRow:
    kind: str
    label: str
    uid: str
    meeting: str
    title: str
    before: str
    after: str


def when_local(value: str, zone: ZoneInfo) -> str:
    """'2024-07-27T11:30:00+00:00/2024-07-27T12:15:00+00:00' → 'Sat 27 Jul, 18:30–19:15' in the venue's zone."""
    start_text, _sep, end_text = value.partition("/")
    start = datetime.fromisoformat(start_text).astimezone(zone)
    end = datetime.fromisoformat(end_text).astimezone(zone)
    end_format = "TIME_FORMAT" if end.date() == start.date() else "DAY_DATETIME_FORMAT"
    return f"{formats.date_format(start, 'DAY_DATETIME_FORMAT')}–{formats.date_format(end, end_format)}"


def change_rows(changes: Iterable[Mapping[str, str | None]], *, time_zone: str) -> list[ChangeRow]:
    """A release's (or the draft's) changelog, with times in the venue's zone."""
    zone = ZoneInfo(time_zone)

    def shown(kind: str, value: str | None) -> str:
        if value is None:
            return ""
        return when_local(value, zone) if kind in _TIMED else value

    return [
        ChangeRow(
            kind=str(change["kind"]),
            label=str(CHANGE_LABELS.get(str(change["kind"]), change["kind"])),
            uid=str(change["uid"]),
            meeting=str(change["meeting"]),
            title=str(change["title"]),
            before=shown(str(change["kind"]), change["before"]),
            after=shown(str(change["kind"]), change["after"]),
        )
        for change in changes
    ]


# A party's week ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekItem:
    """One line of a party's day: a session, a bilateral meeting, a deadline, or (none of them) a free slot."""

    starts_at: datetime
    ends_at: datetime
    event: WeekEvent | None = None
    deadline: WeekDeadline | None = None
    title: str = ""

    @property
    def is_free(self) -> bool:
        return self.event is None and self.deadline is None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def kind_label(self) -> str:
        if self.event is None:
            return ""
        if self.event.kind == "bilateral":
            return str(Level(self.event.level).label) if self.event.level in Level.values else self.event.level
        return kind_label(self.event.session_kind)

    @property
    def show_kind(self) -> bool:
        if self.event is None or self.event.session_kind == SessionKind.PLENARY:
            return False
        return self.event.kind == "bilateral" or self.kind_label.lower() not in self.title.lower()

    @property
    def duration(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        if not hours:
            return str(_("%(minutes)d min") % {"minutes": minutes})
        return str(_("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": minutes})


@dataclass(frozen=True)
class WeekDay(ListingDay):
    items: list[WeekItem]

    @property
    def session_count(self) -> int:
        return sum(item.event is not None and item.event.kind == "session" for item in self.items)

    @property
    def bilateral_count(self) -> int:
        return sum(item.event is not None and item.event.kind == "bilateral" for item in self.items)

    @property
    def is_empty(self) -> bool:
        """Nothing but free time: the day tabs skip it when choosing the day to show first."""
        return all(item.is_free for item in self.items)


def week_days(week: PartyWeek, *, titles: Mapping[str, str] | None = None) -> list[WeekDay]:
    """Each day of the series: the party's sessions, bilaterals and deadlines, and its free slots, in time order
    (times in the venue's zone). Session titles in the active language from `titles`; a bilateral is named
    by its parties, in the active language."""
    zone = ZoneInfo(week.time_zone)
    titles = titles or {}
    result = []
    for day in week.days:
        items = [
            WeekItem(
                starts_at=e.starts_at.astimezone(zone),
                ends_at=e.ends_at.astimezone(zone),
                event=e,
                title=" – ".join(p.name for p in e.parties) if e.kind == "bilateral" else titles.get(e.uid) or e.title,
            )
            for e in day.events
        ]
        items += [WeekItem(starts_at=start, ends_at=end) for start, end in day.free]
        items += [
            WeekItem(starts_at=d.at.astimezone(zone), ends_at=d.at.astimezone(zone), deadline=d, title=d.title)
            for d in day.deadlines
        ]
        order = {True: 2, False: 1}
        result.append(
            WeekDay(
                day=day.day,
                items=sorted(items, key=lambda i: (i.starts_at, 0 if i.deadline else order[i.is_free])),
            )
        )
    return result


# Conflicts ---------------------------------------------------------------------------------------------

CONFLICT_LABELS: dict[str, Promise] = {
    ConflictKind.ROOM: _("Room booked twice"),
    ConflictKind.PARTY: _("Party expected in two places"),
    ConflictKind.PARTICIPANT: _("Participant named twice"),
    ConflictKind.OUTSIDE_DATES: _("Outside the meeting's dates"),
    ConflictKind.OUTSIDE_HOURS: _("Outside opening hours"),
}


@dataclass(frozen=True)
class ConflictRow:
    """One group of conflicts (see meetings.programme.ConflictGroup): ticking it acknowledges all of them."""

    group: ConflictGroup
    label: str
    who: list[str]  # the parties (by name, in the page's language) or participants concerned
    what: str  # the two sessions, or what is wrong with the one

    @property
    def key(self) -> str:
        return self.group.key

    @property
    def kind(self) -> str:
        return self.group.kind


def conflict_rows(conflicts: Sequence[Conflict], *, party_names: Mapping[str, str] | None = None) -> list[ConflictRow]:
    """The conflicts as the chair reads them: ten parties expected in two places by one moved session are one
    row naming the ten, not ten rows."""
    names = party_names or {}
    rows = []
    for group in group_conflicts(conflicts):
        first = group.conflicts[0]
        who: list[str] = []
        if group.kind == ConflictKind.PARTY:
            who = [names.get(code, code) for code in group.subjects]
        elif group.kind == ConflictKind.PARTICIPANT:
            who = list(group.subjects)
        rows.append(
            ConflictRow(
                group=group,
                label=str(CONFLICT_LABELS.get(group.kind, group.kind)),
                who=who,
                what=render(first.where, gettext)
                if who and first.where
                else (render(first.text, gettext) if first.text else first.message),
            )
        )
    return rows
