from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class PartyOut(Schema):
    code: str
    kind: str
    name_en: str
    name_vi: str


class MemberOut(Schema):
    party: PartyOut
    role: str
    via: str


class FrameworkOut(Schema):
    code: str
    kind: str
    abbreviation: str
    name_en: str
    name_vi: str
    established: date | None
    includes: list[str]


class FrameworkMembersOut(Schema):
    framework: FrameworkOut
    on: date
    count: int = Field(description="All parties on the date, every role together (the length of `members`).")
    counts: dict[str, int] = Field(
        description='Parties per role, e.g. {"member": 10, "observer": 1}; roles nobody holds are left out. '
        "Quote these, not `count`, in a headline."
    )
    members: list[MemberOut]


class MembershipOut(Schema):
    party: PartyOut
    role: str
    valid_from: date | None
    valid_to: date | None
    source_note: str


class ChairOut(Schema):
    year: int
    party: PartyOut
    recorded: bool


class VenueOut(Schema):
    name_en: str
    name_vi: str
    city_en: str
    city_vi: str
    country: str
    time_zone: str


class SeriesOut(Schema):
    code: str
    title_en: str
    title_vi: str
    theme_en: str
    theme_vi: str
    chair: PartyOut
    venue: VenueOut
    start_date: date
    end_date: date
    meeting_count: int


class SessionOut(Schema):
    id: int
    meeting_id: int
    title_en: str
    title_vi: str
    kind: str
    room: str | None
    starts_at: datetime
    ends_at: datetime
    starts_at_local: datetime
    ends_at_local: datetime
    time_zone: str | None


class MeetingOut(Schema):
    id: int
    series: str | None
    body: str
    framework: str
    level: str
    ordinal: int | None
    short_title: str
    title_en: str
    title_vi: str
    start_date: date
    end_date: date
    date_precision: str
    status: str
    chair: str | None
    venue: str | None
    attending_count: int
    version: int


class MeetingDetailOut(MeetingOut):
    attending: list[MemberOut]
    sessions: list[SessionOut]
    prepared_by: list[int]
    prepares: list[int]
