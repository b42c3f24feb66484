"""Who is free when, derived from the released programme: the grid of time the scheduler counts in, and
each principal's free time (bilaterals.adapter writes it into the scheduler's dataclasses).

Availability is derived, not typed. A party's principal is busy during every released session of every
meeting its party attends (framework membership on the meeting's date, plus the chair's attendance
additions, as meetings.selectors counts them), widened by the series' buffer (walking time) on both
sides; outside its arrival and departure; and during the blocked periods its delegation entered. Which
sessions bind which principal follows the meeting's level:

- a minister sits in the leaders' and ministers' meetings;
- a SOM Leader prepares them in the senior officials' meetings and sits behind the minister in the
  ministerial ones, so is busy in all three;
- working-level meetings (consultations) bind neither;
- a press conference binds only the meeting's chair (the series' chair when the meeting names none).

Time is a grid of GRAIN_MINUTES from the first day's start of bilaterals (the series setting, within
the venue's opening hours) in the venue's time zone; busy times are rounded outwards to the grid, free
times inwards, so nothing derived here is ever shorter than the truth allows."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from mufakat.meetings.enums import BodyLevel, SessionKind
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series
from mufakat.meetings.selectors import (
    ReleasedSession,
    meeting_attendance,
    programme_latest_release,
    release_sessions,
    series_additions,
)
from mufakat.reference.selectors import MembershipIndex

from .enums import Level
from .models import BilateralSettings, BlockedPeriod, DelegationPresence
from .scheduler.instance import Day, Interval
from .selectors import bilateral_settings_of

GRAIN_MINUTES = 15

BUSY_LEVELS: dict[str, frozenset[str]] = {
    Level.MINISTER: frozenset({BodyLevel.LEADERS, BodyLevel.MINISTERS}),
    Level.SOM_LEADER: frozenset({BodyLevel.LEADERS, BodyLevel.MINISTERS, BodyLevel.SENIOR_OFFICIALS}),
}


# The grid ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """Grains of `grain_minutes` counted from `epoch` (aware, UTC)."""

    epoch: datetime
    grain_minutes: int = GRAIN_MINUTES

    def _grains(self, at: datetime) -> float:
        return (at - self.epoch).total_seconds() / (self.grain_minutes * 60)

    def floor(self, at: datetime) -> int:
        return math.floor(self._grains(at))

    def ceil(self, at: datetime) -> int:
        return math.ceil(self._grains(at))

    def on_grid(self, at: datetime) -> bool:
        return self._grains(at).is_integer()

    def at(self, grain: int) -> datetime:
        return self.epoch + timedelta(minutes=grain * self.grain_minutes)


def working_hours(series: Series, settings: BilateralSettings | None = None) -> tuple[time, time]:
    """A delegation's working day at the series: the hours bilaterals may be held (the series' settings),
    within the venue's opening hours. The one definition of "free time": the scheduler, a delegation's
    free time on the bilaterals page and its week (page, API and calendar) all count within it."""
    settings = settings or bilateral_settings_of(series)
    venue = series.venue
    return max(settings.day_starts, venue.opens_at), min(settings.day_ends, venue.closes_at)


def series_days(series: Series) -> list[date]:
    return [series.start_date + timedelta(days=n) for n in range((series.end_date - series.start_date).days + 1)]


def series_grid(series: Series, settings: BilateralSettings) -> Grid:
    starts, _ends = working_hours(series, settings)
    return Grid(epoch=datetime.combine(series.start_date, starts, tzinfo=series.venue.tzinfo).astimezone(UTC))


def grid_days(series: Series, settings: BilateralSettings, grid: Grid) -> tuple[Day, ...]:
    starts, ends = working_hours(series, settings)
    zone = series.venue.tzinfo
    days = []
    for day in series_days(series):
        first = grid.ceil(datetime.combine(day, starts, tzinfo=zone))
        last = grid.floor(datetime.combine(day, ends, tzinfo=zone))
        days.append(Day(label=day.isoformat(), span=Interval(first, max(first, last))))
    return tuple(days)


# Interval arithmetic on grains ------------------------------------------------------------------------


def intervals_merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for interval in sorted(i for i in intervals if i.length > 0):
        if merged and interval.start <= merged[-1].end:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, interval.end))
        else:
            merged.append(interval)
    return merged


def intervals_subtract(free: Sequence[Interval], busy: Iterable[Interval]) -> list[Interval]:
    result = list(free)
    for cut in intervals_merge(busy):
        pieces = []
        for interval in result:
            if cut.end <= interval.start or interval.end <= cut.start:
                pieces.append(interval)
                continue
            if interval.start < cut.start:
                pieces.append(Interval(interval.start, cut.start))
            if cut.end < interval.end:
                pieces.append(Interval(cut.end, interval.end))
        result = pieces
    return result


def intervals_clip(free: Sequence[Interval], start: int | None, end: int | None) -> list[Interval]:
    low = start if start is not None else -(10**9)
    high = end if end is not None else 10**9
    return [Interval(max(i.start, low), min(i.end, high)) for i in free if min(i.end, high) > max(i.start, low)]


# What binds whom ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeFacts:
    """The released programme as the adapter needs it: each session with the parties it binds per level."""

    release: ProgrammeRelease | None
    sessions: list[ReleasedSession]
    binds: dict[str, dict[str, frozenset[str]]]  # session uid -> level -> party codes busy in it


def programme_facts(*, series: Series) -> ProgrammeFacts:
    """Constant queries: the latest release, the series' meetings, memberships and attendance additions."""
    release = programme_latest_release(series=series)
    if release is None:
        return ProgrammeFacts(release=None, sessions=[], binds={})
    index = MembershipIndex()
    additions = series_additions(series=series)
    meetings = {
        meeting.pk: meeting
        for meeting in Meeting.objects.filter(series=series).select_related("body", "chair", "series__chair")
    }
    attending: dict[int, frozenset[str]] = {}
    for meeting in meetings.values():
        members = meeting_attendance(meeting=meeting, index=index, additions=additions.get(meeting.pk, []))
        attending[meeting.pk] = frozenset(member.party.code for member in members)
    sessions = release_sessions(release)
    binds: dict[str, dict[str, frozenset[str]]] = {}
    for entry in sessions:
        held = meetings.get(entry.meeting_id)
        if held is None:
            continue
        parties = attending[held.pk]
        if entry.kind == SessionKind.PRESS_CONFERENCE:
            chair = held.chair or series.chair
            parties = parties & {chair.code}
        binds[entry.uid] = {
            level: parties if held.body.level in levels else frozenset() for level, levels in BUSY_LEVELS.items()
        }
    return ProgrammeFacts(release=release, sessions=sessions, binds=binds)


@dataclass(frozen=True)
class PrincipalInputs:
    presence: dict[tuple[str, str], DelegationPresence]
    blocked: dict[tuple[str, str], list[BlockedPeriod]]


def principal_inputs(series: Series) -> PrincipalInputs:
    presence = {
        (p.delegation.party.code, p.level): p
        for p in DelegationPresence.objects.filter(delegation__series=series).select_related("delegation__party")
    }
    blocked: dict[tuple[str, str], list[BlockedPeriod]] = defaultdict(list)
    for period in BlockedPeriod.objects.filter(delegation__series=series).select_related("delegation__party"):
        blocked[(period.delegation.party.code, period.level)].append(period)
    return PrincipalInputs(presence=presence, blocked=blocked)


def principal_available(
    *,
    party: str,
    level: str,
    days: Sequence[Day],
    grid: Grid,
    buffer_minutes: int,
    facts: ProgrammeFacts,
    inputs: PrincipalInputs,
) -> tuple[Interval, ...]:
    free: list[Interval] = [day.span for day in days]
    presence = inputs.presence.get((party, level))
    if presence is not None:
        free = intervals_clip(
            free,
            grid.ceil(presence.arrives_at) if presence.arrives_at else None,
            grid.floor(presence.departs_at) if presence.departs_at else None,
        )
    buffer = timedelta(minutes=buffer_minutes)
    busy = [
        Interval(grid.floor(entry.starts_at - buffer), grid.ceil(entry.ends_at + buffer))
        for entry in facts.sessions
        if party in facts.binds.get(entry.uid, {}).get(level, frozenset())
    ]
    busy += [
        Interval(grid.floor(period.starts_at), grid.ceil(period.ends_at))
        for period in inputs.blocked.get((party, level), [])
    ]
    return tuple(intervals_subtract(free, busy))


def principal_id(party_code: str, level: str) -> str:
    return f"{party_code}/{level}"


def principals_free_time(
    *, series: Series, principals: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[datetime, datetime]]]:
    """When each principal (party code, level) is free for bilaterals (aware UTC datetimes). The programme,
    memberships and presences are loaded once for all of them."""
    settings = bilateral_settings_of(series)
    grid = series_grid(series, settings)
    days = grid_days(series, settings, grid)
    facts = programme_facts(series=series)
    inputs = principal_inputs(series)
    free = {}
    for party, level in principals:
        available = principal_available(
            party=party,
            level=level,
            days=days,
            grid=grid,
            buffer_minutes=settings.buffer_minutes,
            facts=facts,
            inputs=inputs,
        )
        free[(party, level)] = [(grid.at(i.start), grid.at(i.end)) for i in available]
    return free


def principal_free_time(*, series: Series, party_code: str, level: str) -> list[tuple[datetime, datetime]]:
    """When the party's principal at this level is free for bilaterals (aware UTC datetimes)."""
    return principals_free_time(series=series, principals=[(party_code, level)])[(party_code, level)]
