"""Endpoints for the foundation: parties, frameworks with members on a date, series, meetings, sessions; and
the chair's attendance additions (guests, special observers) to a meeting."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Status
from ninja.pagination import paginate

from mufakat.accounts.rules import require
from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.delegations import services as delegation_services
from mufakat.delegations.rules import can_manage_delegations
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting, Series, Session
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Framework, Party
from mufakat.reference.selectors import MemberOnDate, MembershipIndex

from .access_schemas import AttendanceAdditionIn, AttendanceAdditionOut
from .auth import SIGNED_IN, request_viewer
from .common import BoundedPagination, errors, party_from_body
from .schemas import (
    ChairOut,
    ErrorOut,
    FrameworkMembersOut,
    FrameworkOut,
    MeetingDetailOut,
    MeetingOut,
    MemberOut,
    MembershipOut,
    PartyOut,
    SeriesOut,
    SessionOut,
    VenueOut,
)

reference_router = Router(tags=["reference"])
meetings_router = Router(tags=["meetings"])


def _party(party: Party) -> PartyOut:
    return PartyOut(code=party.code, kind=party.kind, name_en=party.name_en, name_vi=party.name_vi)


def _member(member: MemberOnDate) -> MemberOut:
    return MemberOut(party=_party(member.party), role=member.role, via=member.via)


def _framework(framework: Framework) -> FrameworkOut:
    return FrameworkOut(
        code=framework.code,
        kind=framework.kind,
        abbreviation=framework.abbreviation,
        name_en=framework.name_en,
        name_vi=framework.name_vi,
        established=framework.established,
        includes=[f.code for f in framework.includes.all()],
    )


@reference_router.get("/parties", response={200: list[PartyOut], 401: ErrorOut})
@paginate(BoundedPagination)
def list_parties(request: HttpRequest) -> list[PartyOut]:
    return [_party(p) for p in reference_selectors.party_list()]


@reference_router.get("/parties/{code}", response={200: PartyOut, 401: ErrorOut, 404: ErrorOut})
def get_party(request: HttpRequest, code: str) -> PartyOut:
    return _party(get_or_not_found(Party.objects, what=_("party"), field="code", value=code, code=code.upper()))


@reference_router.get("/frameworks", response={200: list[FrameworkOut], 401: ErrorOut})
def list_frameworks(request: HttpRequest) -> list[FrameworkOut]:
    return [_framework(f) for f in reference_selectors.framework_list()]


@reference_router.get("/frameworks/{code}/members", response={200: FrameworkMembersOut, 401: ErrorOut, 404: ErrorOut})
def framework_members(request: HttpRequest, code: str, on: date | None = None) -> FrameworkMembersOut:
    """Who belongs to the framework on a date (default: today), including included frameworks' members."""
    framework = get_or_not_found(
        Framework.objects.prefetch_related("includes"), what=_("framework"), field="code", value=code, code=code
    )
    day = on or timezone.localdate()
    members = MembershipIndex().members_on(framework.pk, day)
    return FrameworkMembersOut(
        framework=_framework(framework),
        on=day,
        count=len(members),
        counts=reference_selectors.members_count_by_role(members),
        members=[_member(m) for m in members],
    )


@reference_router.get(
    "/frameworks/{code}/memberships", response={200: list[MembershipOut], 401: ErrorOut, 404: ErrorOut}
)
def framework_memberships(request: HttpRequest, code: str) -> list[MembershipOut]:
    """The framework's own membership rows over time (without included frameworks)."""
    framework = get_or_not_found(Framework.objects, what=_("framework"), field="code", value=code, code=code)
    return [
        MembershipOut(
            party=_party(m.party),
            role=m.role,
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            source_note=m.source_note,
        )
        for m in MembershipIndex().history(framework.pk)
    ]


@reference_router.get("/chairs", response={200: list[ChairOut], 400: ErrorOut, 401: ErrorOut})
def chairs(
    request: HttpRequest,
    first_year: Annotated[int, Field(ge=1967, le=2200)] = 2010,
    last_year: Annotated[int, Field(ge=1967, le=2200)] = 2035,
) -> list[ChairOut]:
    """ASEAN chairs: recorded years as recorded, the rest suggested by the alphabetical rule."""
    if last_year < first_year:
        raise ValidationFailed(
            _("last_year %(last_year)s is before first_year %(first_year)s.")
            % {"last_year": last_year, "first_year": first_year},
            field="last_year",
        )
    return [
        ChairOut(year=s.year, party=_party(s.party), recorded=s.recorded)
        for s in reference_selectors.chair_rotation(first_year=first_year, last_year=last_year)
    ]


def _series(series: Series, meeting_count: int) -> SeriesOut:
    venue = series.venue
    return SeriesOut(
        code=series.code,
        title_en=series.title_en,
        title_vi=series.title_vi,
        theme_en=series.theme_en,
        theme_vi=series.theme_vi,
        chair=_party(series.chair),
        venue=VenueOut(
            name_en=venue.name_en,
            name_vi=venue.name_vi,
            city_en=venue.city_en,
            city_vi=venue.city_vi,
            country=venue.country.code,
            time_zone=venue.time_zone,
        ),
        start_date=series.start_date,
        end_date=series.end_date,
        meeting_count=meeting_count,
    )


@meetings_router.get("/series", response={200: list[SeriesOut], 401: ErrorOut})
def list_series(request: HttpRequest) -> list[SeriesOut]:
    return [
        _series(s, s.meeting_count)  # type: ignore[attr-defined]  # annotated by series_list
        for s in meeting_selectors.series_list().select_related("venue__country")
    ]


@meetings_router.get("/series/{code}", response={200: SeriesOut, 401: ErrorOut, 404: ErrorOut})
def get_series(request: HttpRequest, code: str) -> SeriesOut:
    series = get_or_not_found(
        meeting_selectors.series_list().select_related("venue__country"),
        what=_("series"),
        field="code",
        value=code,
        code=code,
    )
    return _series(series, series.meeting_count)


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
        attending=[_member(m) for m in attending],
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
    require(
        can_manage_delegations(viewer, meeting.series_id),
        _("only the chair secretariat of the series adds guests and special observers."),
    )
    party = party_from_body(data.party, field="party")
    addition = delegation_services.attendance_addition_create(
        actor=viewer, meeting=meeting, party=party, kind=data.kind.value, note=data.note
    )
    out = AttendanceAdditionOut(
        id=addition.pk, meeting_id=meeting.pk, party=_party(party), kind=addition.kind, note=addition.note
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
