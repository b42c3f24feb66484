"""The day × room grid both the programme timetable and the bilaterals schedule are drawn on: rows of
SLOT_MINUTES after a header row, a column per room, a mark at each whole hour (one set of styles)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

SLOT_MINUTES = 5
SLOTS_PER_HOUR = 60 // SLOT_MINUTES
HEADER_ROWS = 1

BlockT = TypeVar("BlockT")


@dataclass(frozen=True)
class HourMark:
    at: datetime
    row: int

    @property
    def style(self) -> str:
        return f"grid-row: {self.row} / span {SLOTS_PER_HOUR};"


@dataclass(frozen=True)
class RoomColumn:
    name: str | None
    column: int


@dataclass(frozen=True)
class GridDay(Generic[BlockT]):
    """One day of a day × room grid (the programme's sessions, the bilateral meetings): the same styles."""

    day: date
    rooms: list[RoomColumn]
    hours: list[HourMark]
    blocks: list[BlockT]
    slots: int

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"

    @property
    def style(self) -> str:
        return f"--rooms: {len(self.rooms)}; --slots: {self.slots};"


def hour_marks(start: datetime, slots: int) -> list[HourMark]:
    """A mark at each whole hour of a grid day that starts at `start` and has `slots` rows."""
    return [
        HourMark(at=start + timedelta(hours=h), row=HEADER_ROWS + 1 + h * SLOTS_PER_HOUR)
        for h in range(slots // SLOTS_PER_HOUR)
    ]


class _Starting(Protocol):
    @property
    def starts_at(self) -> datetime: ...


StartingT = TypeVar("StartingT", bound=_Starting)


def by_local_day(items: Iterable[StartingT], zone: ZoneInfo) -> list[tuple[date, list[StartingT]]]:
    """`items` grouped by the day, in `zone`, on which each starts; the days in order."""
    days: dict[date, list[StartingT]] = {}
    for item in items:
        days.setdefault(item.starts_at.astimezone(zone).date(), []).append(item)
    return sorted(days.items())
