"""Response schemas of series, meetings and sessions; the chair's attendance additions."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from mufakat.api.reference.schemas import MemberOut, PartyOut
from mufakat.meetings.enums import AdditionKind


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


class AttendanceAdditionIn(Schema):
    party: str = Field(max_length=12, description="Party code, e.g. TL.")
    kind: AdditionKind
    note: str = Field("", max_length=240)


class AttendanceAdditionOut(Schema):
    id: int
    meeting_id: int
    party: PartyOut
    kind: str
    note: str
