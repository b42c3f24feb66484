"""The adapter between the database and the pure scheduler: it derives who is free when from the released
programme and writes the scheduler's dataclasses (bilaterals.scheduler.instance).

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
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from mufakat.core.text import Text, gettext_noop
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

from .enums import SCHEDULABLE, Level, ScheduleStatus, UnscheduledReason
from .models import (
    BilateralAssignment,
    BilateralRequest,
    BilateralRoom,
    BilateralSchedule,
    BilateralSettings,
    BlockedPeriod,
    DelegationPresence,
)
from .scheduler.instance import Assignment, Day, Instance, Interval, Principal, Request, Room

GRAIN_MINUTES = 15

BUSY_LEVELS: dict[str, frozenset[str]] = {
    Level.MINISTER: frozenset({BodyLevel.LEADERS, BodyLevel.MINISTERS}),
    Level.SOM_LEADER: frozenset({BodyLevel.LEADERS, BodyLevel.MINISTERS, BodyLevel.SENIOR_OFFICIALS}),
}


def bilateral_settings_of(series: Series) -> BilateralSettings:
    """The series' settings, or the defaults (unsaved) when the chair never changed them."""
    found = BilateralSettings.objects.filter(series=series).first()
    return found if found is not None else BilateralSettings(series=series)


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


def _days(series: Series, settings: BilateralSettings, grid: Grid) -> tuple[Day, ...]:
    starts, ends = working_hours(series, settings)
    zone = series.venue.tzinfo
    days = []
    for day in series_days(series):
        first = grid.ceil(datetime.combine(day, starts, tzinfo=zone))
        last = grid.floor(datetime.combine(day, ends, tzinfo=zone))
        days.append(Day(label=day.isoformat(), span=Interval(first, max(first, last))))
    return tuple(days)


# Interval arithmetic on grains ------------------------------------------------------------------------


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for interval in sorted(i for i in intervals if i.length > 0):
        if merged and interval.start <= merged[-1].end:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, interval.end))
        else:
            merged.append(interval)
    return merged


def _subtract(free: Sequence[Interval], busy: Iterable[Interval]) -> list[Interval]:
    result = list(free)
    for cut in _merge(busy):
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


def _clip(free: Sequence[Interval], start: int | None, end: int | None) -> list[Interval]:
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


def _principal_inputs(series: Series) -> PrincipalInputs:
    presence = {
        (p.delegation.party.code, p.level): p
        for p in DelegationPresence.objects.filter(delegation__series=series).select_related("delegation__party")
    }
    blocked: dict[tuple[str, str], list[BlockedPeriod]] = defaultdict(list)
    for period in BlockedPeriod.objects.filter(delegation__series=series).select_related("delegation__party"):
        blocked[(period.delegation.party.code, period.level)].append(period)
    return PrincipalInputs(presence=presence, blocked=blocked)


def _principal_available(
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
        free = _clip(
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
    return tuple(_subtract(free, busy))


def principal_id(party_code: str, level: str) -> str:
    return f"{party_code}/{level}"


def principals_free_time(
    *, series: Series, principals: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[datetime, datetime]]]:
    """When each principal (party code, level) is free for bilaterals (aware UTC datetimes). The programme,
    memberships and presences are loaded once for all of them."""
    settings = bilateral_settings_of(series)
    grid = series_grid(series, settings)
    days = _days(series, settings, grid)
    facts = programme_facts(series=series)
    inputs = _principal_inputs(series)
    free = {}
    for party, level in principals:
        available = _principal_available(
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


# The instance -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Excluded:
    """A request the adapter could not put to the solver, with the reason shown to the chair."""

    request_id: int
    reason: str
    text: Text

    @property
    def detail(self) -> str:
        return str(self.text)


@dataclass
class BuiltInstance:
    instance: Instance
    grid: Grid
    requests: dict[str, BilateralRequest]
    rooms: dict[str, BilateralRoom]
    excluded: list[Excluded] = field(default_factory=list)
    previous: list[Assignment] = field(default_factory=list)
    published: BilateralSchedule | None = None

    def without_pins(self) -> Instance:
        """The instance with no pinned meeting: what a hand-adjusted draft is checked against."""
        return replace(
            self.instance,
            requests=tuple(replace(r, pinned_start=None, pinned_room=None) for r in self.instance.requests),
        )


def request_party_codes(request: BilateralRequest) -> list[str]:
    """The requester first, then the counterparts by code."""
    return [request.requester.code, *sorted(c.party.code for c in request.responses.all())]


def request_label(request: BilateralRequest) -> str:
    """'VN–JP (minister)'."""
    return f"{'–'.join(request_party_codes(request))} ({request.level})"


def _room_entries(facts: ProgrammeFacts, room: BilateralRoom) -> list[ReleasedSession]:
    return [entry for entry in facts.sessions if entry.room == room.room.name]


def _window(request: BilateralRequest, grid: Grid, horizon: int) -> tuple[Interval, ...] | None:
    if request.window_start is None and request.window_end is None:
        return None
    start = grid.ceil(request.window_start) if request.window_start else 0
    end = grid.floor(request.window_end) if request.window_end else horizon
    start, end = max(start, 0), min(end, horizon)
    return (Interval(start, max(start, end)),)


def _preferred(request: BilateralRequest, grid: Grid, horizon: int) -> tuple[Interval, ...]:
    intervals = []
    for pair in request.preferred or []:
        start = max(grid.ceil(datetime.fromisoformat(pair[0])), 0)
        end = min(grid.floor(datetime.fromisoformat(pair[1])), horizon)
        if end > start:
            intervals.append(Interval(start, end))
    return tuple(_merge(intervals))


def bilateral_requests_schedulable(*, series: Series) -> list[BilateralRequest]:
    """Accepted requests (and those a published schedule placed or left out): what a solve takes in."""
    return list(
        BilateralRequest.objects.filter(series=series, status__in=SCHEDULABLE)
        .select_related("requester")
        .prefetch_related("responses__party")
        .order_by("pk")
    )


def bilateral_instance_build(*, series: Series) -> BuiltInstance:
    """Load everything a solve needs and write it as the scheduler's Instance.

    Only accepted requests go in. A request the solver cannot be asked about (a party without a
    delegation in the series, a window outside the days of bilaterals) is left out and reported in
    `excluded`; the rest are still scheduled. Meetings confirmed in the published schedule are pinned;
    every assignment of the published schedule is passed as `previous` (minimal perturbation)."""
    settings = bilateral_settings_of(series)
    grid = series_grid(series, settings)
    days = _days(series, settings, grid)
    horizon = max((day.span.end for day in days), default=0)
    facts = programme_facts(series=series)
    inputs = _principal_inputs(series)
    delegated = set(series.delegations.values_list("party__code", flat=True))
    buffer = settings.buffer_minutes

    rooms: dict[str, BilateralRoom] = {}
    instance_rooms = []
    for room in BilateralRoom.objects.filter(series=series).select_related("room").order_by("room__name"):
        free = _clip(
            [day.span for day in days],
            grid.ceil(room.available_from) if room.available_from else None,
            grid.floor(room.available_to) if room.available_to else None,
        )
        used = [Interval(grid.floor(e.starts_at), grid.ceil(e.ends_at)) for e in _room_entries(facts, room)]
        rooms[str(room.pk)] = room
        instance_rooms.append(
            Room(id=str(room.pk), name=room.room.name, capacity=room.capacity, available=tuple(_subtract(free, used)))
        )

    published = (
        BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED)
        .prefetch_related("assignments")
        .first()
    )
    published_by_request: dict[int, BilateralAssignment] = (
        {a.request_id: a for a in published.assignments.all()} if published else {}
    )

    requests: dict[str, BilateralRequest] = {}
    instance_requests = []
    excluded = []
    principals: set[tuple[str, str]] = set()
    for request in bilateral_requests_schedulable(series=series):
        label = request_label(request)
        codes = request_party_codes(request)
        missing = [code for code in codes if code not in delegated]
        if missing:
            excluded.append(
                Excluded(
                    request.pk,
                    UnscheduledReason.INVALID_REQUEST,
                    Text(
                        gettext_noop("%(label)s: %(parties)s has no delegation in %(series)s."),
                        {"label": label, "parties": ", ".join(missing), "series": series.code},
                    ),
                )
            )
            continue
        window = _window(request, grid, horizon)
        if window is not None and window[0].length * grid.grain_minutes < request.duration_minutes:
            excluded.append(
                Excluded(
                    request.pk,
                    UnscheduledReason.INVALID_REQUEST,
                    Text(
                        gettext_noop(
                            "%(label)s: its window leaves less than %(minutes)s minutes within the days and hours "
                            "of bilaterals."
                        ),
                        {"label": label, "minutes": request.duration_minutes},
                    ),
                )
            )
            continue
        pinned = published_by_request.get(request.pk)
        pin = pinned if pinned is not None and pinned.confirmed else None
        requests[str(request.pk)] = request
        principals.update((code, request.level) for code in codes)
        instance_requests.append(
            Request(
                id=str(request.pk),
                principals=tuple(principal_id(code, request.level) for code in codes),
                duration=math.ceil(request.duration_minutes / grid.grain_minutes),
                priority=request.priority,
                window=window,
                preferred=_preferred(request, grid, horizon),
                pinned_start=grid.floor(pin.starts_at) if pin else None,
                pinned_room=str(pin.room_id) if pin else None,
                label=label,
            )
        )

    instance_principals = tuple(
        Principal(
            id=principal_id(party, level),
            party=party,
            level=level,
            available=_principal_available(
                party=party, level=level, days=days, grid=grid, buffer_minutes=buffer, facts=facts, inputs=inputs
            ),
        )
        for party, level in sorted(principals)
    )
    previous = [
        Assignment(request_id=str(a.request_id), start=grid.floor(a.starts_at), room_id=str(a.room_id))
        for a in published_by_request.values()
        if str(a.request_id) in requests
    ]
    instance = Instance(
        epoch=grid.epoch,
        grain_minutes=grid.grain_minutes,
        horizon=horizon,
        buffer=math.ceil(buffer / grid.grain_minutes),
        days=days,
        principals=instance_principals,
        rooms=tuple(instance_rooms),
        requests=tuple(instance_requests),
        name=f"{series.code} bilaterals"
        + (f" (programme v{facts.release.number})" if facts.release else " (no programme released)"),
        utc_offset_minutes=_utc_offset_minutes(series, grid),
    )
    return BuiltInstance(
        instance=instance,
        grid=grid,
        requests=requests,
        rooms=rooms,
        excluded=excluded,
        previous=sorted(previous, key=lambda a: int(a.request_id)),
        published=published,
    )


def _utc_offset_minutes(series: Series, grid: Grid) -> int:
    offset = grid.epoch.astimezone(series.venue.tzinfo).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0
