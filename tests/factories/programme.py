"""Crafted programme sessions as pure data (no database): AMM-57-like meetings in Vientiane, July 2024."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from mufakat.meetings.programme import ProgrammeSession

VIENTIANE = ZoneInfo("Asia/Vientiane")

# The six sessions Japan attends in the AMM-57 demo programme, as calendar summaries (sorted).
JAPAN_WEEK_SUMMARIES = [
    "APT FMM-25: Plenary session",
    "ARF-31: Plenary session",
    "ARF-31: Press conference of the Chair",
    "EAS FMM-14: Plenary session",
    "Mekong-Japan FMM-15: Plenary session",
    "PMC+1 JP: Plenary session",
]


def vientiane(day: int, clock: str) -> datetime:
    """`vientiane(25, "09:00")`: that wall-clock time in Vientiane (UTC+7) on the day of July 2024."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime(2024, 7, day, hours, minutes, tzinfo=VIENTIANE)


def programme_session_build(
    uid: str,
    *,
    day: int = 25,
    start: str,
    end: str,
    meeting_id: int = 1,
    meeting_title: str = "AMM-57",
    level: str = "ministers",
    title: str = "Plenary session",
    room: str | None = "Plenary Hall",
    parties: tuple[str, ...] = (),
    participants: tuple[str, ...] = (),
    meeting_days: tuple[int, int] = (25, 25),
    opens_at: time = time(7, 0),
    closes_at: time = time(23, 0),
) -> ProgrammeSession:
    """A session on `day` from `start` to `end` (Vientiane wall clock) of a meeting held on `meeting_days`."""
    return ProgrammeSession(
        uid=uid,
        meeting_id=meeting_id,
        meeting_title=meeting_title,
        level=level,
        title=title,
        room=room,
        starts_at=vientiane(day, start),
        ends_at=vientiane(day, end),
        meeting_start=date(2024, 7, meeting_days[0]),
        meeting_end=date(2024, 7, meeting_days[1]),
        time_zone="Asia/Vientiane",
        opens_at=opens_at,
        closes_at=closes_at,
        parties=frozenset(parties),
        participants=frozenset(participants),
    )
