"""Reads of series and meetings: look-ups, attendance derived from framework membership, the demo clock."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Min, Prefetch, QuerySet
from django.utils.translation import gettext as _

from mufakat.core.errors import get_or_not_found
from mufakat.meetings.models import AttendanceAddition, Body, Meeting, Room, Series, Session, Venue
from mufakat.reference.models import Party
from mufakat.reference.selectors import MemberOnDate, MembershipIndex


def series_list() -> QuerySet[Series]:
    return (
        Series.objects.select_related("chair", "venue")
        .annotate(meeting_count=Count("meetings"))
        .order_by("-start_date")
    )


def series_get(*, code: str) -> Series:
    """The series with this code, or NotFound naming the code: the one look-up that web pages, the API and
    the CLI share (with the number of its meetings, which every series header shows)."""
    series: Series = get_or_not_found(
        series_list().select_related("venue__country"), what=_("series"), field="code", value=code, code=code
    )
    return series


def _meeting_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "body", "body__framework", "body__prepares", "series", "venue", "chair", "co_chair"
    )


def meeting_list(*, series: Series | None = None, body: Body | None = None) -> QuerySet[Meeting]:
    meetings = _meeting_queryset()
    if series is not None:
        meetings = meetings.filter(series=series)
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings.annotate(
        first_session_at=Min("sessions__starts_at"), last_session_end=Max("sessions__ends_at")
    ).order_by("start_date", "first_session_at", "body__code")


def meeting_get(*, meeting_id: int) -> Meeting:
    return (
        _meeting_queryset()
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.select_related("room").order_by("starts_at")))
        .get(pk=meeting_id)
    )


def meeting_attendance(
    *,
    meeting: Meeting,
    index: MembershipIndex | None = None,
    additions: list[AttendanceAddition] | None = None,
) -> list[MemberOnDate]:
    """Who attends: the members of the body's framework on the meeting's first day, plus the parties
    the chair added (guests, special observers). Pass `additions` to avoid a query per meeting."""
    index = index or MembershipIndex()
    members = index.members_on(meeting.body.framework_id, meeting.start_date)
    if additions is None:
        additions = list(AttendanceAddition.objects.filter(meeting=meeting).select_related("party"))
    present = {m.party.pk for m in members}
    extra = [
        MemberOnDate(party=a.party, role=a.kind, via="addition")
        for a in additions
        if a.meeting_id == meeting.pk and a.party_id not in present
    ]
    return sorted(members + extra, key=lambda m: m.party.name_en)


def series_additions(*, series: Series) -> dict[int, list[AttendanceAddition]]:
    return _additions_by_meeting(AttendanceAddition.objects.filter(meeting__series=series))


def additions_by_meeting(*, meeting_ids: list[int]) -> dict[int, list[AttendanceAddition]]:
    return _additions_by_meeting(AttendanceAddition.objects.filter(meeting_id__in=meeting_ids))


def _additions_by_meeting(additions: QuerySet[AttendanceAddition]) -> dict[int, list[AttendanceAddition]]:
    by_meeting: dict[int, list[AttendanceAddition]] = defaultdict(list)
    for addition in additions.select_related("party"):
        by_meeting[addition.meeting_id].append(addition)
    return by_meeting


def series_parties(*, series: Series) -> list[Party]:
    """Every party attending at least one meeting of the series (membership or addition)."""
    index = MembershipIndex()
    additions = series_additions(series=series)
    parties: dict[int, Party] = {}
    for meeting in Meeting.objects.filter(series=series).select_related("body"):
        for member in meeting_attendance(meeting=meeting, index=index, additions=additions.get(meeting.pk, [])):
            parties[member.party.pk] = member.party
    return sorted(parties.values(), key=lambda p: p.name_en)


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    attendance: list[MemberOnDate]

    @property
    def party_count(self) -> int:
        return len(self.attendance)


def series_programme(*, series: Series) -> list[tuple[date, list[MeetingRow]]]:
    """The series' meetings grouped by day, each with its derived attendance (constant queries)."""
    index = MembershipIndex()
    additions = series_additions(series=series)
    days: dict[date, list[MeetingRow]] = defaultdict(list)
    for meeting in meeting_list(series=series):
        attendance = meeting_attendance(meeting=meeting, index=index, additions=additions.get(meeting.pk, []))
        days[meeting.start_date].append(MeetingRow(meeting=meeting, attendance=attendance))
    return sorted(days.items())


def meeting_prepared_by(*, meeting: Meeting) -> list[Meeting]:
    """Meetings of the bodies that prepare this one, in the same series."""
    if meeting.series_id is None:
        return []
    return list(meeting_list(series=meeting.series).filter(body__prepares=meeting.body))


def meeting_prepares(*, meeting: Meeting) -> list[Meeting]:
    if meeting.series_id is None or meeting.body.prepares_id is None:
        return []
    return list(meeting_list(series=meeting.series).filter(body=meeting.body.prepares))


def room_list(*, venue: Venue | None) -> QuerySet[Room]:
    """The rooms of a venue, largest first (the order of the timetable's columns)."""
    return Room.objects.filter(venue=venue).order_by("-capacity", "name")


@dataclass(frozen=True)
class DemoClock:
    at: datetime  # aware
    time_zone: str  # the demo series' venue's, to show the moment as the story tells it


def demo_clock() -> DemoClock | None:
    """The demo clock when demo data is loaded (the latest, if several series carry one), else None. One query."""
    row = (
        Series.objects.filter(demo_as_of__isnull=False)
        .order_by("-demo_as_of")
        .values_list("demo_as_of", "venue__time_zone")
        .first()
    )
    if row is None or row[0] is None:
        return None
    return DemoClock(at=row[0], time_zone=row[1])
