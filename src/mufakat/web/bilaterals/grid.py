"""Arranges bilateral meetings for the templates: the day × room grid (rooms as columns, rows of
SLOT_MINUTES as in the programme timetable, so the same styles apply) and per-day lists. No queries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from mufakat.bilaterals.models import BilateralAssignment, BilateralRequest, BilateralRoom
from mufakat.reference.models import Party
from mufakat.web.common import ListingDay
from mufakat.web.grid import HEADER_ROWS, SLOT_MINUTES, GridDay, RoomColumn, by_local_day, hour_marks


def request_parties(request: BilateralRequest) -> list[Party]:
    """The requester, then the counterparts by code (from the prefetched responses)."""
    return [request.requester, *(response.party for response in request.responses.all())]


def request_codes(request: BilateralRequest) -> str:
    return "–".join(party.code for party in request_parties(request))


def request_names(request: BilateralRequest) -> str:
    return " – ".join(party.name for party in request_parties(request))


@dataclass(frozen=True)
class MeetingBlock:
    assignment: BilateralAssignment
    starts_at: datetime
    ends_at: datetime
    row_start: int
    row_end: int
    column: int

    @property
    def codes(self) -> str:
        return request_codes(self.assignment.request)

    @property
    def names(self) -> str:
        return request_names(self.assignment.request)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def style(self) -> str:
        return f"grid-row: {self.row_start} / {self.row_end}; grid-column: {self.column};"


def meeting_grid(
    assignments: Sequence[BilateralAssignment], *, rooms: Sequence[BilateralRoom], time_zone: str
) -> list[GridDay[MeetingBlock]]:
    """Each day with meetings, every bilateral room a column (in `rooms` order), rows of SLOT_MINUTES from
    the hour of the day's first meeting to the hour after its last."""
    zone = ZoneInfo(time_zone)
    columns = {room.pk: index + 2 for index, room in enumerate(rooms)}
    days = []
    for day, day_assignments in by_local_day(assignments, zone):
        midnight = datetime.combine(day, time(0), tzinfo=zone)
        first = min(a.starts_at.astimezone(zone) for a in day_assignments)
        last = max(a.ends_at.astimezone(zone) for a in day_assignments)
        start = first.replace(minute=0, second=0, microsecond=0)
        end = midnight + timedelta(hours=max(math.ceil((last - midnight).total_seconds() / 3600), start.hour + 1))
        slots = int((end - start).total_seconds() // 60) // SLOT_MINUTES

        def row(at: datetime, start: datetime = start) -> int:
            return HEADER_ROWS + 1 + round((at - start).total_seconds() / 60 / SLOT_MINUTES)

        blocks = [
            MeetingBlock(
                assignment=a,
                starts_at=a.starts_at.astimezone(zone),
                ends_at=a.ends_at.astimezone(zone),
                row_start=row(a.starts_at.astimezone(zone)),
                row_end=max(row(a.ends_at.astimezone(zone)), row(a.starts_at.astimezone(zone)) + 1),
                column=columns.get(a.room_id, len(columns) + 2),
            )
            for a in sorted(day_assignments, key=lambda a: (a.starts_at, columns.get(a.room_id, 0), a.pk))
        ]
        days.append(
            GridDay(
                day=day,
                rooms=[RoomColumn(name=room.room.name, column=columns[room.pk]) for room in rooms],
                hours=hour_marks(start, slots),
                blocks=blocks,
                slots=slots,
            )
        )
    return days


@dataclass(frozen=True)
class ListedDay(ListingDay):
    assignments: list[BilateralAssignment]


def meetings_by_day(assignments: Sequence[BilateralAssignment], *, time_zone: str) -> list[ListedDay]:
    zone = ZoneInfo(time_zone)
    return [ListedDay(day=day, assignments=items) for day, items in by_local_day(assignments, zone)]
