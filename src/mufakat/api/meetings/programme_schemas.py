"""Request and response schemas for the programme (releases, the draft, conflicts, sessions, a party's
week), agendas and the SOM's recommendations."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from ninja import Field, Schema

from mufakat.api.common import DbInt, ErrorOut, Text
from mufakat.api.reference.schemas import PartyOut
from mufakat.meetings.enums import RecommendationSubject, SessionKind, SessionStatus

# Programme releases -----------------------------------------------------------------------------


class ReleasedSessionOut(Schema):
    uid: str = Field(description="Stable across edits and releases; the iCalendar UID is `<uid>@mufakat`.")
    meeting_id: int
    meeting: str = Field(description="The meeting's short title, e.g. AMM-57.")
    title: str
    kind: str
    room: str | None
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    starts_at_local: datetime = Field(description="In the venue's time zone.")
    ends_at_local: datetime = Field(description="In the venue's time zone.")


class ChangeOut(Schema):
    kind: str = Field(description="added, moved, room_changed, retitled, reinstated, cancelled or removed.")
    uid: str
    meeting: str
    title: str
    before: str | None = Field(description="starts_at/ends_at (UTC ISO 8601) for moves; the old room or title.")
    after: str | None


class AcknowledgedConflictOut(Schema):
    key: str
    message: str


class ReleaseSummaryOut(Schema):
    series: str
    number: int
    released_at: datetime
    note: str
    time_zone: str
    session_count: int = Field(description="Scheduled (not cancelled) sessions in this release.")
    changelog: list[ChangeOut] = Field(description="What changed against the previous release.")
    acknowledged_conflicts: list[AcknowledgedConflictOut] | None = Field(
        description="The conflicts the chair acknowledged when releasing; the secretariats only (null otherwise)."
    )


class ReleaseOut(ReleaseSummaryOut):
    sessions: list[ReleasedSessionOut]


class ConflictOut(Schema):
    key: str = Field(description="Stable identity: acknowledge a conflict by this key when releasing.")
    kind: str = Field(description="room, party, participant, outside_dates or outside_hours.")
    subject: str = Field(description="The room, party, participant or meeting concerned.")
    message: str
    sessions: list[str] = Field(description="The UIDs of the sessions involved.")
    group: str = Field(
        description="The key of its group: the conflicts of one kind between the same sessions (every party a "
        "moved session puts in two places). Acknowledging the group's key acknowledges each of them; for a "
        "conflict alone in its group it is the conflict's own key."
    )


class DraftSessionOut(Schema):
    id: int
    uid: str
    version: int = Field(description="Send it back when changing the session; a stale one is refused with 409.")
    meeting_id: int
    meeting: str
    title_en: str
    title_vi: str
    kind: str
    room: str | None
    status: str
    starts_at: datetime
    ends_at: datetime
    starts_at_local: datetime
    ends_at_local: datetime
    time_zone: str


class DraftOut(Schema):
    series: str
    latest_release: int | None = Field(description="The number of the latest release; null before the first.")
    sessions: list[DraftSessionOut] = Field(description="Every session of the draft, cancelled ones included.")
    conflicts: list[ConflictOut]
    changes: list[ChangeOut] = Field(description="What releasing now would change against the latest release.")


class ReleaseIn(Schema):
    acknowledged: list[Text] = Field(
        default_factory=list, max_length=500, description="The keys of every current conflict (see /conflicts)."
    )
    note: Text = Field("", max_length=2000)


class SessionIn(Schema):
    meeting_id: DbInt
    title_en: Text = Field(max_length=240)
    title_vi: Text = Field("", max_length=300)
    kind: SessionKind = SessionKind.PLENARY
    room: Text | None = Field(None, max_length=120, description="A room name at the meeting's venue.")
    starts_at: datetime = Field(description="With a UTC offset, e.g. 2024-07-26T09:00:00+07:00.")
    ends_at: datetime = Field(description="With a UTC offset; after starts_at.")


class SessionPatchIn(Schema):
    """Only the fields sent are changed (null leaves a field as it is)."""

    version: int = Field(ge=1, le=2_147_483_647, description="The version you read; a stale one is refused with 409.")
    title_en: Text | None = Field(None, max_length=240)
    title_vi: Text | None = Field(None, max_length=300)
    kind: SessionKind | None = None
    room: Text | None = Field(None, max_length=120, description="A room name at the meeting's venue.")
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    status: SessionStatus | None = Field(None, description="`cancelled` cancels the session; `scheduled` reinstates.")


class SessionConflictOut(ErrorOut):
    current: DraftSessionOut


class ImportOut(Schema):
    created: int
    sessions: list[DraftSessionOut]


# A party's week ---------------------------------------------------------------------------------


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime
    starts_at_local: datetime
    ends_at_local: datetime


class WeekBilateralOut(Schema):
    uid: str = Field(description="`bilateral-<request id>`, stable across schedules; the iCalendar UID adds @mufakat.")
    request_id: int
    parties: list[PartyOut] = Field(description="The requesting party first, then its counterparts.")
    level: str = Field(description="minister or som_leader.")
    room: str
    confirmed: bool
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    starts_at_local: datetime = Field(description="In the venue's time zone.")
    ends_at_local: datetime = Field(description="In the venue's time zone.")


class WeekDeadlineOut(Schema):
    uid: str = Field(description="Stable: `silence-<procedure id>` or `plan-<plan>-period-<period>-<party>`.")
    kind: Literal["silence", "report"] = Field(
        description="silence: a silence procedure ends on a document; report: implementation reports are due."
    )
    at: datetime = Field(description="UTC.")
    at_local: datetime = Field(description="In the time zone the deadline was set in.")
    time_zone: str
    title: str = Field(description="The document, or the plan and its reporting period.")
    document_id: int | None = None
    plan_id: int | None = None
    lines: int | None = Field(None, description="Action lines the party reports on (report deadlines).")


class WeekDayOut(Schema):
    date: date
    sessions: list[ReleasedSessionOut]
    bilaterals: list[WeekBilateralOut] = Field(description="The party's meetings in the published schedule.")
    deadlines: list[WeekDeadlineOut]
    free: list[SlotOut] = Field(
        description="Gaps of at least 30 minutes between sessions and bilaterals, from day_starts to day_ends."
    )


class WeekOut(Schema):
    series: str
    party: PartyOut
    release: int | None = Field(description="The release the week is read from; null before the first.")
    bilateral_schedule: int | None = Field(description="The published bilateral schedule; null before the first.")
    time_zone: str
    day_starts: time = Field(
        description="Free time is counted from this hour (the bilateral settings' hours, within the venue's)."
    )
    day_ends: time = Field(description="... to this one.")
    days: list[WeekDayOut]
    other_deadlines: list[WeekDeadlineOut] = Field(description="The party's deadlines before or after the series.")


# Agendas ----------------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    id: int
    number: str = Field(description="Derived from the order: 1, 2, 2.1, 2.2, 3.")
    title_en: str
    title_vi: str
    children: list[AgendaItemOut]


class AgendaOut(Schema):
    meeting_id: int
    meeting: str
    status: str = Field(description="draft, recommended (by the SOM) or adopted (at the meeting).")
    agenda_version: int = Field(description="Send it back when changing the agenda; a stale one is refused with 409.")
    items: list[AgendaItemOut]


class AgendaItemAddedOut(AgendaOut):
    item_id: int = Field(description="The new item.")


class AgendaItemIn(Schema):
    title_en: Text = Field(max_length=400)
    title_vi: Text = Field("", max_length=500)
    parent_id: DbInt | None = Field(None, description="An item of this agenda, to add a sub-item under it.")
    agenda_version: int = Field(
        ge=1, le=2_147_483_647, description="The agenda_version you read; a stale one is refused with 409."
    )


class AgendaConflictOut(ErrorOut):
    current: AgendaOut


# Recommendations --------------------------------------------------------------------------------


class MeetingRefOut(Schema):
    id: int
    short_title: str
    title_en: str
    title_vi: str
    start_date: date


class RecommendationOut(Schema):
    id: int
    from_meeting: MeetingRefOut
    to_meeting: MeetingRefOut
    subject: str
    release_number: int | None
    document_id: int | None = Field(
        description="The document recommended (subject document); listed only to whoever may see that document."
    )
    text_en: str = Field(description="For a document, derived from the document's title and disposition.")
    text_vi: str
    status: str = Field(description="recommended, adopted or not_adopted.")
    recommended_at: datetime
    decided_at: datetime | None


class RecommendationsOut(Schema):
    made: list[RecommendationOut] = Field(description="What this meeting recommended to the meeting it prepares.")
    received: list[RecommendationOut] = Field(description="What the meeting preparing this one recommended to it.")


class RecommendationIn(Schema):
    to_meeting_id: DbInt
    subject: RecommendationSubject
    release_number: DbInt | None = Field(None, description="The programme release recommended (subject programme).")
    text_en: Text = Field("", max_length=4000)
    text_vi: Text = Field("", max_length=4000)


class RecommendationDecisionIn(Schema):
    adopted: bool
