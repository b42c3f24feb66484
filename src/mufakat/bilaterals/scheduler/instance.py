"""The scheduler's input and output: plain dataclasses, no ORM, no Django.

Time is a grid of grains (15 minutes by default) counted from `Instance.epoch` (an aware UTC
datetime). Grain g covers [epoch + g * grain, epoch + (g + 1) * grain). Every interval is half-open
in grains: `Interval(4, 6)` is grains 4 and 5. The adapter (bilaterals.adapter, bilaterals.availability) derives
availability from the released programme and writes these; `mufakat bilaterals solve` reads them
from the JSON format documented in docs/bilaterals-instance.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from mufakat.core.text import Text


@dataclass(frozen=True, order=True)
class Interval:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"interval ends ({self.end}) before it starts ({self.start})")

    @property
    def length(self) -> int:
        return self.end - self.start

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass(frozen=True)
class Day:
    """A calendar day of the instance, in grains, for day preferences and per-day reporting."""

    label: str  # ISO date in the venue's time zone, e.g. "2024-07-26"
    span: Interval


@dataclass(frozen=True)
class Principal:
    """The person who sits in a meeting: a party's minister or its SOM Leader.

    `id` is "<party code>/<level>", e.g. "VN/minister". `available` lists when the principal is in
    town and not in a multilateral session (the adapter has already removed session times and their
    buffers, arrival and departure, and blocked periods)."""

    id: str
    party: str
    level: str
    available: tuple[Interval, ...]


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    capacity: int  # delegations it seats; a trilateral needs 3
    available: tuple[Interval, ...]


@dataclass(frozen=True)
class Request:
    """One requested meeting. `principals[0]` belongs to the requesting party.

    `window` restricts where it may start and end (None: anywhere); `preferred` are softer: the
    objective rewards a start inside them. `pinned_start`/`pinned_room` fix an already confirmed
    meeting; an infeasible pin is reported, never silently moved."""

    id: str
    principals: tuple[str, ...]
    duration: int  # grains
    priority: int  # weight: 1 (low) .. 5 (high); the objective maximises the sum of scheduled weights
    window: tuple[Interval, ...] | None = None
    preferred: tuple[Interval, ...] = ()
    pinned_start: int | None = None
    pinned_room: str | None = None
    label: str = ""
    # Precedences: ids of requests this one must come after. When both are placed, this one starts at
    # or after the other ends, plus the buffer when they share a principal. When the other is not
    # placed, this one may still be (the trilateral can still happen if a bilateral before it is dropped).
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instance:
    epoch: datetime
    grain_minutes: int
    horizon: int  # grains; every interval lies in [0, horizon)
    buffer: int  # grains a principal needs between two meetings (walking time)
    days: tuple[Day, ...]
    principals: tuple[Principal, ...]
    rooms: tuple[Room, ...]
    requests: tuple[Request, ...]
    name: str = ""
    # The venue's offset from UTC, only for writing times in messages ("arrives 26 Jul 14:00"); the
    # grid itself is in grains from the UTC epoch. One fixed offset: meeting weeks rarely straddle a
    # daylight-saving change.
    utc_offset_minutes: int = 0
    # Requests a loader could not take as entered (a malformed time, a pin off the grid): each is
    # still listed in `requests`, and every solve reports it unscheduled with this verdict.
    rejected: tuple[Unscheduled, ...] = ()


@dataclass(frozen=True)
class Assignment:
    request_id: str
    start: int
    room_id: str

    def end(self, request: Request) -> int:
        return self.start + request.duration


UnscheduledReason = Literal[
    "unknown_principal",  # a principal the instance does not define
    "no_common_day",  # the counterpart is absent on every day the requester is present
    "no_common_slot",  # present the same days but never free together for the duration (within window)
    "no_room",  # free together but no room large enough is free then
    "infeasible_pin",  # the pinned start/room breaks a hard constraint
    "lost_to_priority",  # feasible alone, displaced by higher-priority or better-packed requests
    "time_limit",  # the solver stopped before placing it and cannot say more
    "invalid_request",  # cannot be scheduled as entered: no duration, a window wholly outside the instance
]


@dataclass(frozen=True)
class Unscheduled:
    request_id: str
    reason: UnscheduledReason
    detail: str  # one sentence a protocol officer understands, naming the parties and days
    # The same sentence as a template and its values, for showing it in the reader's language.
    text: Text | None = field(default=None, compare=False)

    @classmethod
    def because(cls, request_id: str, reason: UnscheduledReason, text: Text) -> Unscheduled:
        return cls(request_id, reason, str(text), text)


@dataclass(frozen=True)
class Move:
    request_id: str
    before: Assignment | None
    after: Assignment | None


@dataclass
class Result:
    assignments: list[Assignment]
    unscheduled: list[Unscheduled]
    objective: float  # priority-weighted count of scheduled meetings
    bound: float  # proven upper bound on that objective
    status: Literal["optimal", "feasible", "infeasible", "empty"]
    solver: str  # "highs", "cp-sat", "greedy"
    seconds: float
    seconds_to_first: float | None = None
    seconds_to_1pct: float | None = None
    moves: list[Move] = field(default_factory=list)  # filled when re-solving against a previous schedule
    log: list[str] = field(default_factory=list)
    seconds_to_gap: float | None = None  # when the gap first reached the requested tolerance (mip_gap)
    time_limit: float | None = None  # what the caller allowed; `seconds` is the time used
    cut: list[str] = field(default_factory=list)  # phases whose solver call was killed at its budget
    # Rescheduling: a proven lower bound on the previous meetings that any schedule at least this heavy
    # re-times or drops, equal to the ones re-timed or dropped when the exact second stage finished
    # (None when it could not run or was cut).
    moves_minimum: int | None = None
    # Compactness: idle gaps in the principals' days (scheduler.gaps), the proven fewest for the
    # meetings placed, every principal's gaps (those with a meeting), and the fairness setting: no
    # principal more than that many gaps above the one with fewest, where the schedule allows.
    gaps: int = 0
    gaps_bound: int = 0
    gaps_by_principal: dict[str, int] = field(default_factory=dict)
    gap_fairness: int = 2

    @property
    def worst_gaps(self) -> int:
        return max(self.gaps_by_principal.values(), default=0)

    @property
    def gap_spread(self) -> int:
        """Gaps of the worst principal above the one with fewest."""
        values = self.gaps_by_principal.values()
        return max(values, default=0) - min(values, default=0)

    @property
    def moved(self) -> int:
        """Previous meetings re-timed or dropped (a room change alone does not count): what
        `moves_minimum` bounds from below."""
        gone = [m for m in self.moves if m.before is not None and (m.after is None or m.after.start != m.before.start)]
        return len(gone)

    @property
    def gap(self) -> float:
        """Relative gap between the proven bound and the objective (0.0 = proven optimal)."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)


@dataclass(frozen=True)
class SolveStatus:
    """Where a solve stands, for whoever watches it run (a job's progress): seconds since it started, the
    scheduled weight, the proven bound (None before there is one) and the relative gap between them."""

    seconds: float
    best: float
    bound: float | None
    gap: float | None


Observe = Callable[[SolveStatus], None]
