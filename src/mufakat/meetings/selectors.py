"""Reads of meetings: series, meetings with attendance derived from framework membership."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min, Prefetch, QuerySet

from mufakat.reference.selectors import MemberOnDate, MembershipIndex

from .models import Body, Meeting, Series, Session


def series_list() -> QuerySet[Series]:
    return (
        Series.objects.select_related("chair", "venue")
        .annotate(meeting_count=Count("meetings"))
        .order_by("-start_date")
    )


def series_get(*, code: str) -> Series:
    return Series.objects.select_related("chair", "venue", "venue__country").get(code=code)


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


def meeting_attendance(*, meeting: Meeting, index: MembershipIndex | None = None) -> list[MemberOnDate]:
    """Who attends: the members of the body's framework on the meeting's first day."""
    index = index or MembershipIndex()
    return index.members_on(meeting.body.framework_id, meeting.start_date)


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
    days: dict[date, list[MeetingRow]] = defaultdict(list)
    for meeting in meeting_list(series=series):
        days[meeting.start_date].append(
            MeetingRow(meeting=meeting, attendance=meeting_attendance(meeting=meeting, index=index))
        )
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


def body_meetings(*, body: Body) -> QuerySet[Meeting]:
    return meeting_list(body=body)
