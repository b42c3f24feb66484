"""Request and response schemas for bilateral meetings: requests and answers, presence and blocked periods,
rooms and settings, schedules (solve, the draft, the published schedule, moves, publishing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from mufakat.api.common import LocalTime, Text
from mufakat.api.reference.schemas import PartyOut
from mufakat.bilaterals.enums import Level

Version = Annotated[int, Field(ge=1, le=2_147_483_647, description="The version you read; a stale one gets 409.")]
PartyCode = Annotated[str, Field(min_length=2, max_length=12, pattern=r"^[A-Za-z]{2,12}$")]


class BilateralIntervalIn(Schema):
    starts_at: datetime = Field(description="With a UTC offset, e.g. 2024-07-26T09:00:00+07:00.")
    ends_at: datetime


class BilateralIntervalOut(Schema):
    starts_at: datetime
    ends_at: datetime


# Requests -----------------------------------------------------------------------------------------------


class BilateralCounterpartOut(Schema):
    party: PartyOut
    response: str = Field(description="pending, accepted or declined.")
    responded_at: datetime | None


class BilateralRequestOut(Schema):
    id: int
    series: str
    requester: PartyOut
    counterparts: list[BilateralCounterpartOut]
    level: str = Field(description="minister or som_leader.")
    duration_minutes: int
    priority: int = Field(description="1 (low) to 5 (high).")
    window_start: datetime | None
    window_end: datetime | None
    preferred: list[BilateralIntervalOut]
    after: list[int] = Field(
        description="Ids of the requests (of those the caller may see) this one must come after: when both are "
        "scheduled it starts after they end."
    )
    status: str = Field(description="requested, accepted, declined, withdrawn, scheduled or unscheduled.")
    note: str
    created_at: datetime
    version: int = Field(description="Send it back when answering or withdrawing; a stale one is refused with 409.")


class BilateralRequestIn(Schema):
    requester: PartyCode = Field(description="The requesting party's code, e.g. VN.")
    counterparts: list[PartyCode] = Field(min_length=1, max_length=5, description="The parties to meet, e.g. [JP].")
    level: Level = Level.MINISTER
    duration_minutes: int = Field(30, ge=15, le=600, description="A multiple of 15.")
    priority: int = Field(3, ge=1, le=5)
    window_start: datetime | None = Field(None, description="Not before; with a UTC offset.")
    window_end: datetime | None = Field(None, description="Not after; with a UTC offset.")
    preferred: list[BilateralIntervalIn] = Field(default_factory=list, max_length=20)
    note: Text = Field("", max_length=2000)
    after: list[int] = Field(
        default_factory=list, max_length=20, description="Ids of requests of the series this one must come after."
    )


class BilateralResponseIn(Schema):
    party: PartyCode = Field(description="The invited party answering, e.g. JP.")
    accept: bool
    version: Version


class BilateralWithdrawIn(Schema):
    version: Version


class BilateralAfterIn(Schema):
    after: list[int] = Field(
        max_length=20, description="Ids of requests of the series this one must come after; [] clears."
    )
    version: Version


class BilateralRequestConflictOut(Schema):
    """409: the edit was made against a stale version; `current` is the request as it is now."""

    detail: str
    field: str | None = None
    record: str | None = None
    current: BilateralRequestOut


# Presence, blocked periods, free time -------------------------------------------------------------------


class BilateralPresenceIn(Schema):
    arrives_at: datetime | None = Field(None, description="Null: there from the start of the series.")
    departs_at: datetime | None = Field(None, description="Null: there to the end.")
    version: Version | None = Field(None, description="The presence's version when changing one already entered.")


class BilateralPresenceOut(Schema):
    level: str
    arrives_at: datetime | None
    departs_at: datetime | None
    version: int | None = Field(description="Null while nothing is entered (there the whole series).")


class BilateralBlockedIn(Schema):
    level: Level = Level.MINISTER
    starts_at: datetime
    ends_at: datetime
    note: Text = Field("", max_length=240)


class BilateralBlockedOut(Schema):
    id: int
    level: str
    starts_at: datetime
    ends_at: datetime
    note: str


class BilateralFreeOut(Schema):
    level: str
    free: list[BilateralIntervalOut] = Field(
        description="Derived: in town, not in a session (with the buffer), not blocked."
    )


class BilateralAvailabilityOut(Schema):
    series: str
    party: PartyOut
    time_zone: str
    presence: list[BilateralPresenceOut]
    blocked: list[BilateralBlockedOut]
    free: list[BilateralFreeOut]


# Rooms and settings -------------------------------------------------------------------------------------


class BilateralRoomIn(Schema):
    room: Text = Field(min_length=1, max_length=120, description="A room name at the series' venue.")
    capacity: int = Field(ge=2, le=20, description="How many delegations it seats.")
    available_from: datetime | None = None
    available_to: datetime | None = None


class BilateralRoomOut(Schema):
    id: int
    room: str
    capacity: int
    available_from: datetime | None
    available_to: datetime | None


class BilateralSettingsIn(Schema):
    buffer_minutes: int | None = Field(None, ge=0, le=120)
    day_starts: LocalTime | None = None
    day_ends: LocalTime | None = None
    time_limit_seconds: int | None = Field(None, ge=1, le=600)
    gap_fairness: int | None = Field(
        None, ge=0, le=20, description="No principal more than this many idle gaps above the one with fewest."
    )
    version: Version | None = None


class BilateralSettingsOut(Schema):
    buffer_minutes: int
    day_starts: LocalTime
    day_ends: LocalTime
    time_limit_seconds: int
    gap_fairness: int
    version: int


# Schedules ----------------------------------------------------------------------------------------------


class BilateralSolveIn(Schema):
    time_limit: float | None = Field(None, gt=0, le=120, description="Seconds; default: the series setting.")


class BilateralMeetingOut(Schema):
    id: int
    request_id: int
    parties: list[str] = Field(description="Party codes, the requester first.")
    level: str
    day: date = Field(description="The day in the venue's time zone.")
    starts_at: datetime
    ends_at: datetime
    starts_at_local: datetime
    ends_at_local: datetime
    room: str
    confirmed: bool
    version: int


class BilateralUnscheduledOut(Schema):
    request_id: int
    parties: list[str]
    priority: int
    reason: str = Field(
        description="no_common_day, no_common_slot, no_room, lost_to_priority, infeasible_pin, time_limit, "
        "unknown_principal, invalid_request or removed."
    )
    detail: str


class BilateralMoveOut(Schema):
    request_id: int
    before: dict[str, str] | None
    after: dict[str, str] | None


class BilateralPrincipalGapsOut(Schema):
    principal: str = Field(description='"<party code>/<level>", e.g. "VN/minister".')
    party: str
    level: str
    meetings: int
    gaps: int = Field(
        description="Idle gaps: free stretches between two meetings in one half-day with no session between."
    )


class BilateralCompactnessOut(Schema):
    gaps: int | None = Field(description="Idle gaps of every principal, as the meetings stand now (chair only).")
    gaps_at_solve: int | None = Field(description="Idle gaps as the solver left them (chair only).")
    gaps_bound: int | None = Field(description="The proven fewest idle gaps for the meetings placed (chair only).")
    worst_gaps: int | None = Field(description="The worst principal's idle gaps (chair only).")
    gap_fairness: int | None = Field(description="The fairness setting the solve ran with.")
    principals: list[BilateralPrincipalGapsOut] = Field(description="For a delegation: its own principals only.")


class BilateralScheduleOut(Schema):
    id: int
    series: str
    number: int
    status: str = Field(description="draft, published or superseded.")
    solver: str
    solver_status: str = Field(description="optimal, feasible, infeasible or empty.")
    objective: float = Field(description="The priority-weighted number of meetings placed.")
    bound: float = Field(description="A proven upper bound on the objective.")
    gap: float = Field(description="(bound - objective) / bound; 0 is proven optimal.")
    seconds: float
    greedy_objective: float | None = Field(description="What first come, first served would place (weight).")
    greedy_scheduled: int | None
    requested: int = Field(description="Accepted requests the solve considered.")
    created_at: datetime
    published_at: datetime | None
    version: int = Field(description="Send it back when publishing; a stale one is refused with 409.")
    time_zone: str
    meetings: list[BilateralMeetingOut] = Field(description="For a delegation: its own meetings only.")
    unscheduled: list[BilateralUnscheduledOut] = Field(description="For a delegation: its own requests only.")
    moves: list[BilateralMoveOut] | None = Field(
        description="Meetings moved against the schedule published before (chair)."
    )
    moved: int | None = Field(
        default=None,
        description="Meetings of the schedule published before that this one re-times or drops (chair; "
        "null without one).",
    )
    moves_minimum: int | None = Field(
        default=None,
        description="Proven: any schedule at least this heavy re-times or drops at least this many; equal "
        "to moved when moved is the fewest possible (chair; null when not proven).",
    )
    compactness: BilateralCompactnessOut | None = Field(
        None, description="Idle gaps in the principals' days; null for a schedule saved without its instance."
    )


class BilateralPublishIn(Schema):
    version: Version


class BilateralMeetingPatchIn(Schema):
    """Move a meeting of the draft (starts_at, room) or mark it confirmed; only the fields sent change."""

    version: Version
    starts_at: datetime | None = Field(None, description="On the 15-minute grid, with a UTC offset.")
    room: Text | None = Field(None, max_length=120, description="A bilateral room's name.")
    confirmed: bool | None = None


class BilateralMeetingConflictOut(Schema):
    """409: the edit was made against a stale version; `current` is the meeting as it is now."""

    detail: str
    field: str | None = None
    record: str | None = None
    current: BilateralMeetingOut
