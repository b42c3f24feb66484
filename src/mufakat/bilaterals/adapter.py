"""The adapter between the database and the pure scheduler: it loads a series' accepted requests, rooms and
principals and writes them as the scheduler's dataclasses (bilaterals.scheduler.instance). Who is free when
is derived in bilaterals.availability; this module only reads."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime

from mufakat.core.text import Text, gettext_noop
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import ReleasedSession

from .availability import (
    Grid,
    ProgrammeFacts,
    grid_days,
    intervals_clip,
    intervals_merge,
    intervals_subtract,
    principal_available,
    principal_id,
    principal_inputs,
    programme_facts,
    series_grid,
)
from .enums import ScheduleStatus, UnscheduledReason
from .models import BilateralAssignment, BilateralRequest, BilateralRoom, BilateralSchedule
from .scheduler.instance import Assignment, Instance, Interval, Principal, Request, Room
from .selectors import bilateral_requests_schedulable, bilateral_settings_of

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
    return tuple(intervals_merge(intervals))


def bilateral_instance_build(*, series: Series) -> BuiltInstance:
    """Load everything a solve needs and write it as the scheduler's Instance.

    Only accepted requests go in. A request the solver cannot be asked about (a party without a
    delegation in the series, a window outside the days of bilaterals) is left out and reported in
    `excluded`; the rest are still scheduled. Meetings confirmed in the published schedule are pinned;
    every assignment of the published schedule is passed as `previous` (minimal perturbation)."""
    settings = bilateral_settings_of(series)
    grid = series_grid(series, settings)
    days = grid_days(series, settings, grid)
    horizon = max((day.span.end for day in days), default=0)
    facts = programme_facts(series=series)
    inputs = principal_inputs(series)
    delegated = set(series.delegations.values_list("party__code", flat=True))
    buffer = settings.buffer_minutes

    rooms: dict[str, BilateralRoom] = {}
    instance_rooms = []
    for room in BilateralRoom.objects.filter(series=series).select_related("room").order_by("room__name"):
        free = intervals_clip(
            [day.span for day in days],
            grid.ceil(room.available_from) if room.available_from else None,
            grid.floor(room.available_to) if room.available_to else None,
        )
        used = [Interval(grid.floor(e.starts_at), grid.ceil(e.ends_at)) for e in _room_entries(facts, room)]
        rooms[str(room.pk)] = room
        instance_rooms.append(
            Room(
                id=str(room.pk),
                name=room.room.name,
                capacity=room.capacity,
                available=tuple(intervals_subtract(free, used)),
            )
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
    after_of = _precedences(series)
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
                after=after_of.get(request.pk, ()),
            )
        )
    # A precedence on a request that is not put to the solver (withdrawn, declined) no longer binds.
    instance_requests = [replace(r, after=tuple(a for a in r.after if a in requests)) for r in instance_requests]

    instance_principals = tuple(
        Principal(
            id=principal_id(party, level),
            party=party,
            level=level,
            available=principal_available(
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


def _precedences(series: Series) -> dict[int, tuple[str, ...]]:
    """For each request of the series, the ids (as instance ids) of the requests it must come after."""
    out: dict[int, list[str]] = {}
    through = BilateralRequest.after.through
    links = through.objects.filter(from_bilateralrequest__series=series).order_by("to_bilateralrequest_id")
    for source, predecessor in links.values_list("from_bilateralrequest_id", "to_bilateralrequest_id"):
        out.setdefault(source, []).append(str(predecessor))
    return {k: tuple(v) for k, v in out.items()}
