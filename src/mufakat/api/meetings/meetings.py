"""/meetings and /sessions: meetings with who attends, sessions with UTC and venue-local times; the chair's
attendance additions (guests, special observers) to a meeting."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from mufakat.api.auth import SIGNED_IN, request_viewer
from mufakat.api.common import BoundedPagination, ErrorOut, errors, party_from_body
from mufakat.api.meetings.common import meetings_router
from mufakat.api.meetings.schemas import (
    AttendanceAdditionIn,
    AttendanceAdditionOut,
    MeetingDetailOut,
    MeetingOut,
    SessionOut,
)
from mufakat.api.reference.common import member_out, party_out
from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.delegations import services as delegation_services
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting, Session
from mufakat.reference.selectors import MemberOnDate, MembershipIndex


def _session(session: Session, meeting: Meeting) -> SessionOut:
    tz = meeting.venue.tzinfo if meeting.venue else timezone.get_current_timezone()
    return SessionOut(
        id=session.pk,
        meeting_id=meeting.pk,
        title_en=session.title_en,
        title_vi=session.title_vi,
        kind=session.kind,
        room=session.room.name if session.room else None,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        starts_at_local=session.starts_at.astimezone(tz),
        ends_at_local=session.ends_at.astimezone(tz),
        time_zone=meeting.venue.time_zone if meeting.venue else None,
    )


def _meeting_fields(meeting: Meeting, attending: list[MemberOnDate]) -> dict[str, object]:
    return {
        "id": meeting.pk,
        "series": meeting.series.code if meeting.series else None,
        "body": meeting.body.code,
        "framework": meeting.body.framework.code,
        "level": meeting.body.level,
        "ordinal": meeting.ordinal,
        "short_title": meeting.short_title,
        "title_en": meeting.title_en,
        "title_vi": meeting.title_vi,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "date_precision": meeting.date_precision,
        "status": meeting.status,
        "chair": meeting.chair.code if meeting.chair else None,
        "venue": str(meeting.venue) if meeting.venue else None,
        "attending_count": len(attending),
        "version": meeting.version,
    }


@meetings_router.get("/meetings", response={200: list[MeetingOut], 401: ErrorOut})
@paginate(BoundedPagination)
def list_meetings(request: HttpRequest, series: str | None = None, body: str | None = None) -> list[MeetingOut]:
    """Meetings, filtered by series code and/or body code, in date order."""
    meetings = meeting_selectors.meeting_list()
    if series:
        meetings = meetings.filter(series__code=series)
    if body:
        meetings = meetings.filter(body__code=body)
    return _MeetingPage(meetings)  # type: ignore[return-value]  # the paginator slices it like a list


class _MeetingPage:
    """Meetings whose attendance is derived only for the page the paginator slices out, not for the
    whole archive (~1,000 meetings a year): count in SQL, attendance for at most `limit` meetings."""

    def __init__(self, meetings: QuerySet[Meeting]) -> None:
        self._meetings = meetings

    def __len__(self) -> int:
        return self._meetings.count()

    def __getitem__(self, page: slice) -> list[MeetingOut]:
        rows = list(self._meetings[page])
        index = MembershipIndex()
        additions = meeting_selectors.additions_by_meeting(meeting_ids=[m.pk for m in rows])
        return [
            MeetingOut(
                **_meeting_fields(  # type: ignore[arg-type]
                    m, meeting_selectors.meeting_attendance(meeting=m, index=index, additions=additions.get(m.pk, []))
                )
            )
            for m in rows
        ]


@meetings_router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, 401: ErrorOut, 404: ErrorOut})
def get_meeting(request: HttpRequest, meeting_id: int) -> MeetingDetailOut:
    meeting = get_or_not_found(
        meeting_selectors.meeting_list(), what=_("meeting"), field="meeting_id", value=meeting_id, pk=meeting_id
    )
    attending = meeting_selectors.meeting_attendance(meeting=meeting)
    sessions = Session.objects.filter(meeting=meeting).select_related("room").order_by("starts_at")
    return MeetingDetailOut(
        **_meeting_fields(meeting, attending),  # type: ignore[arg-type]
        attending=[member_out(m) for m in attending],
        sessions=[_session(s, meeting) for s in sessions],
        prepared_by=[m.pk for m in meeting_selectors.meeting_prepared_by(meeting=meeting)],
        prepares=[m.pk for m in meeting_selectors.meeting_prepares(meeting=meeting)],
    )


@meetings_router.post(
    "/meetings/{meeting_id}/attendance-additions",
    response={201: AttendanceAdditionOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def add_attendance(request: HttpRequest, meeting_id: int, data: AttendanceAdditionIn) -> Status[AttendanceAdditionOut]:
    """Add a party its framework membership would not bring to the meeting, as a guest or special
    observer (chair secretariat of the meeting's series). It then appears in the meeting's `attending`."""
    meeting = get_or_not_found(
        meeting_selectors.meeting_list(), what=_("meeting"), field="meeting_id", value=meeting_id, pk=meeting_id
    )
    viewer = request_viewer(request, meeting.series)
    party = party_from_body(data.party, field="party")
    addition = delegation_services.attendance_addition_create(
        actor=viewer, meeting=meeting, party=party, kind=data.kind.value, note=data.note
    )
    out = AttendanceAdditionOut(
        id=addition.pk, meeting_id=meeting.pk, party=party_out(party), kind=addition.kind, note=addition.note
    )
    return Status(201, out)


@meetings_router.get("/sessions", response={200: list[SessionOut], 400: ErrorOut, 401: ErrorOut})
@paginate(BoundedPagination)
def list_sessions(request: HttpRequest, series: str | None = None, meeting: int | None = None) -> list[SessionOut]:
    """Sessions with UTC and venue-local times, filtered by series code or meeting id."""
    # Checked here, not in the signature: @paginate re-evaluates annotations where Annotated is unknown.
    if meeting is not None and not 1 <= meeting <= 2**31 - 1:
        raise ValidationFailed(_("%(meeting)s is not a meeting id.") % {"meeting": meeting}, field="meeting")
    sessions = Session.objects.select_related("room", "meeting", "meeting__venue").order_by("starts_at")
    if series:
        sessions = sessions.filter(meeting__series__code=series)
    if meeting:
        sessions = sessions.filter(meeting_id=meeting)
    return [_session(s, s.meeting) for s in sessions]
