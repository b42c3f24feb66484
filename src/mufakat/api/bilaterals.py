"""Bilateral meetings: requests and answers, a delegation's presence, blocked periods and derived free time,
rooms and settings, the chair's schedules (solve, the draft, moves, publishing), the published schedule
and a party's meetings as iCalendar.

Nothing here is public: the chair secretariat sees everything; a delegation sees the requests and
meetings it takes part in. Writes go through bilaterals.services (which check
rights and versions and audit); a stale `version` is answered with 409 and the current state."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.adapter import request_party_codes
from mufakat.bilaterals.availability import principals_free_time
from mufakat.bilaterals.enums import Level, ScheduleStatus
from mufakat.bilaterals.exports import party_meetings_ics
from mufakat.bilaterals.models import (
    BilateralAssignment,
    BilateralRequest,
    BilateralRoom,
    BilateralSchedule,
    BilateralSettings,
    BilateralUnscheduled,
)
from mufakat.bilaterals.reasons import unscheduled_detail
from mufakat.bilaterals.rules import can_manage_bilaterals, can_view_all_bilaterals
from mufakat.bilaterals.selectors import bilateral_settings_of
from mufakat.bilaterals.services.schedules import CHAIR_ONLY
from mufakat.core.errors import Conflict, NotFound, ValidationFailed, get_or_not_found
from mufakat.delegations.models import Delegation
from mufakat.delegations.selectors import delegation_get
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series

from .auth import SIGNED_IN, request_viewer
from .bilaterals_schemas import (
    BilateralAvailabilityOut,
    BilateralBlockedIn,
    BilateralBlockedOut,
    BilateralCounterpartOut,
    BilateralFreeOut,
    BilateralIntervalOut,
    BilateralMeetingConflictOut,
    BilateralMeetingOut,
    BilateralMeetingPatchIn,
    BilateralMoveOut,
    BilateralPresenceIn,
    BilateralPresenceOut,
    BilateralPublishIn,
    BilateralRequestConflictOut,
    BilateralRequestIn,
    BilateralRequestOut,
    BilateralResponseIn,
    BilateralRoomIn,
    BilateralRoomOut,
    BilateralScheduleOut,
    BilateralSettingsIn,
    BilateralSettingsOut,
    BilateralSolveIn,
    BilateralUnscheduledOut,
    BilateralWithdrawIn,
)
from .common import errors, parties_from_body, party_from_body, series_or_404
from .programme_schemas import DbInt
from .schemas import PartyOut

bilaterals_router = Router(tags=["bilaterals"])


def _party_out(party: Any) -> PartyOut:
    return PartyOut(code=party.code, kind=party.kind, name_en=party.name_en, name_vi=party.name_vi)


def _viewer(request: HttpRequest, series: Series) -> SeriesViewer:
    return request_viewer(request, series)


def _chair(request: HttpRequest, series: Series) -> SeriesViewer:
    viewer = _viewer(request, series)
    require(can_manage_bilaterals(viewer, series.pk), CHAIR_ONLY)
    return viewer


# Requests -----------------------------------------------------------------------------------------------


def _request_out(item: BilateralRequest, series: Series) -> BilateralRequestOut:
    return BilateralRequestOut(
        id=item.pk,
        series=series.code,
        requester=_party_out(item.requester),
        counterparts=[
            BilateralCounterpartOut(party=_party_out(r.party), response=r.response, responded_at=r.responded_at)
            for r in item.responses.all()
        ],
        level=item.level,
        duration_minutes=item.duration_minutes,
        priority=item.priority,
        window_start=item.window_start,
        window_end=item.window_end,
        preferred=[BilateralIntervalOut(starts_at=start, ends_at=end) for start, end in item.preferred],
        status=item.status,
        note=item.note,
        created_at=item.created_at,
        version=item.version,
    )


def _request_now(viewer: SeriesViewer, series: Series, request_id: int) -> BilateralRequestOut:
    return _request_out(selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id), series)


@bilaterals_router.get(
    "/series/{code}/bilaterals/requests",
    response={200: list[BilateralRequestOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_list(request: HttpRequest, code: str) -> list[BilateralRequestOut]:
    """Every request (chair secretariat), or the requests the caller's party makes or is invited to, by
    priority (highest first)."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    return [_request_out(item, series) for item in selectors.bilateral_request_list(viewer=viewer, series=series)]


@bilaterals_router.post(
    "/series/{code}/bilaterals/requests",
    response={201: BilateralRequestOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_create(request: HttpRequest, code: str, data: BilateralRequestIn) -> Status[BilateralRequestOut]:
    """Ask to meet one or more parties (a bilateral, or a trilateral such as US–Japan–ROK), by the requesting
    party's focal point or a delegate (or the chair secretariat on its behalf). The counterparts are asked to
    accept. A refusal names the field: a counterpart without a delegation in the series, the requester
    itself, a window outside the series, a duration not a multiple of 15 minutes or longer than any free
    slot of a principal."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    codes = [c.strip().upper() for c in data.counterparts]
    if len(set(codes)) != len(codes):
        raise ValidationFailed(_("names a party twice."), field="counterparts")
    item = services.bilateral_request_create(
        actor=viewer,
        series=series,
        requester=party_from_body(data.requester, field="requester"),
        counterparts=parties_from_body(codes, field="counterparts"),
        level=data.level.value,
        duration_minutes=data.duration_minutes,
        priority=data.priority,
        window_start=data.window_start,
        window_end=data.window_end,
        preferred=[(p.starts_at, p.ends_at) for p in data.preferred],
        note=data.note,
    )
    return Status(201, _request_now(viewer, series, item.pk))


@bilaterals_router.get(
    "/series/{code}/bilaterals/requests/{request_id}",
    response={200: BilateralRequestOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_get(request: HttpRequest, code: str, request_id: DbInt) -> BilateralRequestOut:
    """One request the caller may see (404 otherwise: who asked whom is not disclosed)."""
    series = series_or_404(code)
    return _request_now(_viewer(request, series), series, request_id)


@bilaterals_router.post(
    "/series/{code}/bilaterals/requests/{request_id}/response",
    response={200: BilateralRequestOut, 409: BilateralRequestConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_respond(
    request: HttpRequest, code: str, request_id: DbInt, data: BilateralResponseIn
) -> BilateralRequestOut | Status[BilateralRequestConflictOut]:
    """An invited party accepts or declines (its focal point or a delegate). When every counterpart has
    accepted, the request is accepted and goes into the next solve; one refusal declines it."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    try:
        services.bilateral_request_respond(
            actor=viewer,
            request_id=item.pk,
            party=party_from_body(data.party, field="party"),
            accept=data.accept,
            expected_version=data.version,
        )
    except Conflict as exc:
        return Status(409, _request_conflict(exc, viewer, series, item.pk))
    return _request_now(viewer, series, item.pk)


def _request_conflict(
    exc: Conflict, viewer: SeriesViewer, series: Series, request_id: int
) -> BilateralRequestConflictOut:
    return BilateralRequestConflictOut(
        detail=exc.message, field=exc.field, record=exc.record, current=_request_now(viewer, series, request_id)
    )


@bilaterals_router.post(
    "/series/{code}/bilaterals/requests/{request_id}/withdraw",
    response={200: BilateralRequestOut, 409: BilateralRequestConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_withdraw(
    request: HttpRequest, code: str, request_id: DbInt, data: BilateralWithdrawIn
) -> BilateralRequestOut | Status[BilateralRequestConflictOut]:
    """The requesting party takes its request back; a published meeting of it shows as cancelled."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    try:
        services.bilateral_request_withdraw(actor=viewer, request_id=item.pk, expected_version=data.version)
    except Conflict as exc:
        return Status(409, _request_conflict(exc, viewer, series, item.pk))
    return _request_now(viewer, series, item.pk)


# Presence, blocked periods, free time -------------------------------------------------------------------


def _availability(viewer: SeriesViewer, series: Series, delegation: Delegation) -> BilateralAvailabilityOut:
    presences = {p.level: p for p in selectors.presence_list(viewer=viewer, delegation=delegation)}
    code = delegation.party.code
    free = principals_free_time(series=series, principals=[(code, level) for level in Level.values])
    return BilateralAvailabilityOut(
        series=series.code,
        party=_party_out(delegation.party),
        time_zone=series.venue.time_zone,
        presence=[
            BilateralPresenceOut(
                level=level,
                arrives_at=presences[level].arrives_at if level in presences else None,
                departs_at=presences[level].departs_at if level in presences else None,
                version=presences[level].version if level in presences else None,
            )
            for level in Level.values
        ],
        blocked=[
            BilateralBlockedOut(id=p.pk, level=p.level, starts_at=p.starts_at, ends_at=p.ends_at, note=p.note)
            for p in selectors.blocked_period_list(viewer=viewer, delegation=delegation)
        ],
        free=[
            BilateralFreeOut(
                level=level,
                free=[BilateralIntervalOut(starts_at=start, ends_at=end) for start, end in free[(code, level)]],
            )
            for level in Level.values
        ],
    )


@bilaterals_router.get(
    "/series/{code}/bilaterals/delegations/{party}/availability",
    response={200: BilateralAvailabilityOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_availability(request: HttpRequest, code: str, party: str) -> BilateralAvailabilityOut:
    """The party's arrival and departure per principal, its blocked periods, and the free time the scheduler
    derives from them and the released programme (the party's people and the chair secretariat)."""
    series = series_or_404(code)
    return _availability(_viewer(request, series), series, delegation_get(series=series, party_code=party))


@bilaterals_router.put(
    "/series/{code}/bilaterals/delegations/{party}/presence/{level}",
    response={200: BilateralAvailabilityOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def bilateral_presence_set(
    request: HttpRequest, code: str, party: str, level: Level, data: BilateralPresenceIn
) -> BilateralAvailabilityOut:
    """When the party's minister (or SOM Leader) arrives and leaves; null: there from the start, or to the end."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    delegation = delegation_get(series=series, party_code=party)
    services.delegation_presence_set(
        actor=viewer,
        delegation=delegation,
        level=level.value,
        arrives_at=data.arrives_at,
        departs_at=data.departs_at,
        expected_version=data.version,
    )
    return _availability(viewer, series, delegation)


@bilaterals_router.post(
    "/series/{code}/bilaterals/delegations/{party}/blocked",
    response={201: BilateralAvailabilityOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_blocked_add(
    request: HttpRequest, code: str, party: str, data: BilateralBlockedIn
) -> Status[BilateralAvailabilityOut]:
    """A time the principal is busy outside the programme; no bilateral is placed in it."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    delegation = delegation_get(series=series, party_code=party)
    services.blocked_period_add(
        actor=viewer,
        delegation=delegation,
        level=data.level.value,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        note=data.note,
    )
    return Status(201, _availability(viewer, series, delegation))


@bilaterals_router.delete(
    "/series/{code}/bilaterals/delegations/{party}/blocked/{period_id}",
    response={200: BilateralAvailabilityOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_blocked_remove(request: HttpRequest, code: str, party: str, period_id: DbInt) -> BilateralAvailabilityOut:
    series = series_or_404(code)
    viewer = _viewer(request, series)
    delegation = delegation_get(series=series, party_code=party)
    services.blocked_period_remove(actor=viewer, delegation=delegation, period_id=period_id)
    return _availability(viewer, series, delegation)


# Rooms and settings -------------------------------------------------------------------------------------


def _room_out(room: BilateralRoom) -> BilateralRoomOut:
    return BilateralRoomOut(
        id=room.pk,
        room=room.room.name,
        capacity=room.capacity,
        available_from=room.available_from,
        available_to=room.available_to,
    )


@bilaterals_router.get(
    "/series/{code}/bilaterals/rooms", response={200: list[BilateralRoomOut], **errors(401, 403, 404)}, auth=SIGNED_IN
)
def bilateral_room_list(request: HttpRequest, code: str) -> list[BilateralRoomOut]:
    """The rooms set aside for bilaterals and how many delegations each seats (chair secretariat)."""
    series = series_or_404(code)
    _chair(request, series)
    return [_room_out(room) for room in selectors.bilateral_room_list(series=series)]


@bilaterals_router.put(
    "/series/{code}/bilaterals/rooms",
    response={200: list[BilateralRoomOut], **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_room_set(request: HttpRequest, code: str, data: BilateralRoomIn) -> list[BilateralRoomOut]:
    """Set a room of the venue aside for bilaterals, or change its capacity and hours (chair secretariat)."""
    series = series_or_404(code)
    viewer = _chair(request, series)
    venue_rooms = meeting_selectors.room_list(venue=series.venue)
    room = venue_rooms.filter(name__iexact=data.room.strip()).first()
    if room is None:
        names = ", ".join(sorted(venue_rooms.values_list("name", flat=True)))
        raise ValidationFailed(
            _("no room %(room)r at %(venue)s; rooms: %(names)s.")
            % {"room": data.room, "venue": series.venue.name_en, "names": names},
            field="room",
        )
    services.bilateral_room_set(
        actor=viewer,
        series=series,
        room=room,
        capacity=data.capacity,
        available_from=data.available_from,
        available_to=data.available_to,
    )
    return [_room_out(r) for r in selectors.bilateral_room_list(series=series)]


def _settings_out(settings: BilateralSettings) -> BilateralSettingsOut:
    return BilateralSettingsOut(
        buffer_minutes=settings.buffer_minutes,
        day_starts=settings.day_starts,
        day_ends=settings.day_ends,
        time_limit_seconds=settings.time_limit_seconds,
        version=settings.version,
    )


@bilaterals_router.get(
    "/series/{code}/bilaterals/settings", response={200: BilateralSettingsOut, **errors(401, 403, 404)}, auth=SIGNED_IN
)
def bilateral_settings_get(request: HttpRequest, code: str) -> BilateralSettingsOut:
    """The buffer between meetings (walking time), the hours of bilaterals and the solver's time limit."""
    series = series_or_404(code)
    _chair(request, series)
    return _settings_out(bilateral_settings_of(series))


@bilaterals_router.patch(
    "/series/{code}/bilaterals/settings",
    response={200: BilateralSettingsOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def bilateral_settings_patch(request: HttpRequest, code: str, data: BilateralSettingsIn) -> BilateralSettingsOut:
    series = series_or_404(code)
    viewer = _chair(request, series)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if k != "version" and v is not None}
    return _settings_out(
        services.bilateral_settings_update(actor=viewer, series=series, expected_version=data.version, **changes)
    )


# Schedules ----------------------------------------------------------------------------------------------


def _meeting_out(assignment: BilateralAssignment, zone: ZoneInfo) -> BilateralMeetingOut:
    local_start = assignment.starts_at.astimezone(zone)
    return BilateralMeetingOut(
        id=assignment.pk,
        request_id=assignment.request_id,
        parties=request_party_codes(assignment.request),
        level=assignment.request.level,
        day=local_start.date(),
        starts_at=assignment.starts_at,
        ends_at=assignment.ends_at,
        starts_at_local=local_start,
        ends_at_local=assignment.ends_at.astimezone(zone),
        room=assignment.room.room.name,
        confirmed=assignment.confirmed,
        version=assignment.version,
    )


def _unscheduled_out(item: BilateralUnscheduled) -> BilateralUnscheduledOut:
    return BilateralUnscheduledOut(
        request_id=item.request_id,
        parties=request_party_codes(item.request),
        priority=item.request.priority,
        reason=item.reason,
        detail=unscheduled_detail(item),
    )


def _schedule_out(schedule: BilateralSchedule, viewer: SeriesViewer, series: Series) -> BilateralScheduleOut:
    zone = series.venue.tzinfo
    is_chair = can_view_all_bilaterals(viewer, series.pk)
    return BilateralScheduleOut(
        id=schedule.pk,
        series=series.code,
        number=schedule.number,
        status=schedule.status,
        solver=schedule.solver,
        solver_status=schedule.solver_status,
        objective=schedule.objective,
        bound=schedule.bound,
        gap=schedule.gap,
        seconds=schedule.seconds,
        greedy_objective=schedule.greedy_objective,
        greedy_scheduled=schedule.greedy_scheduled,
        requested=schedule.requested,
        created_at=schedule.created_at,
        published_at=schedule.published_at,
        version=schedule.version,
        time_zone=series.venue.time_zone,
        meetings=[_meeting_out(a, zone) for a in selectors.bilateral_assignment_list(viewer=viewer, schedule=schedule)],
        unscheduled=[
            _unscheduled_out(u) for u in selectors.bilateral_unscheduled_list(viewer=viewer, schedule=schedule)
        ],
        moves=[BilateralMoveOut(**move) for move in schedule.moves] if is_chair else None,
    )


def _schedule_now(viewer: SeriesViewer, series: Series, schedule_id: int) -> BilateralSchedule:
    """The schedule as saved (its version moved on), through the access-checked selector."""
    return selectors.bilateral_schedule_by_id(viewer=viewer, series=series, schedule_id=schedule_id)


@bilaterals_router.post(
    "/series/{code}/bilaterals/schedules",
    response={201: BilateralScheduleOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_schedule_solve(request: HttpRequest, code: str, data: BilateralSolveIn) -> Status[BilateralScheduleOut]:
    """Solve every accepted request and save the result as the new draft (chair secretariat): the meetings
    placed, the requests left out and why, the scheduled weight with its proven bound and gap, and the greedy
    first-come-first-served baseline. Runs synchronously within `time_limit` seconds."""
    series = series_or_404(code)
    viewer = _chair(request, series)
    outcome = services.bilateral_schedule_solve(actor=viewer, series=series, time_limit=data.time_limit)
    return Status(201, _schedule_out(_schedule_now(viewer, series, outcome.schedule.pk), viewer, series))


@bilaterals_router.get(
    "/series/{code}/bilaterals/schedules/draft",
    response={200: BilateralScheduleOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_schedule_draft(request: HttpRequest, code: str) -> BilateralScheduleOut:
    """The current draft schedule (chair secretariat); 404 when there is none."""
    series = series_or_404(code)
    viewer = _chair(request, series)
    schedule = selectors.bilateral_schedule_get(viewer=viewer, series=series, status=ScheduleStatus.DRAFT)
    if schedule is None:
        raise NotFound(
            _("%(series)s has no draft bilateral schedule; solve to make one.") % {"series": series.code}, field="code"
        )
    return _schedule_out(schedule, viewer, series)


@bilaterals_router.get(
    "/series/{code}/bilaterals/schedules/published",
    response={200: BilateralScheduleOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_schedule_published(request: HttpRequest, code: str) -> BilateralScheduleOut:
    """The published schedule: all of it for the chair secretariat, a delegation's own meetings (and its own
    requests left out) for a delegation; 404 before the first publication."""
    series = series_or_404(code)
    viewer = _viewer(request, series)
    schedule = selectors.bilateral_schedule_get(viewer=viewer, series=series, status=ScheduleStatus.PUBLISHED)
    if schedule is None:
        raise NotFound(_("%(series)s has no published bilateral schedule yet.") % {"series": series.code}, field="code")
    return _schedule_out(schedule, viewer, series)


@bilaterals_router.post(
    "/series/{code}/bilaterals/schedules/{schedule_id}/publish",
    response={200: BilateralScheduleOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def bilateral_schedule_publish(
    request: HttpRequest, code: str, schedule_id: DbInt, data: BilateralPublishIn
) -> BilateralScheduleOut:
    """Publish the draft (chair secretariat); the schedule published before is superseded. A draft that
    breaks a hard constraint as things stand now (an arrival changed since the solve) is refused with 400."""
    series = series_or_404(code)
    viewer = _chair(request, series)
    schedule = selectors.bilateral_schedule_by_id(viewer=viewer, series=series, schedule_id=schedule_id)
    services.bilateral_schedule_publish(actor=viewer, schedule_id=schedule.pk, expected_version=data.version)
    return _schedule_out(_schedule_now(viewer, series, schedule.pk), viewer, series)


def _assignment_now(series: Series, assignment_id: int) -> BilateralAssignment:
    assignment: BilateralAssignment = get_or_not_found(
        BilateralAssignment.objects.select_related("request__requester", "room__room").prefetch_related(
            "request__responses__party"
        ),
        what=_("bilateral meeting"),
        field="meeting_id",
        value=assignment_id,
        pk=assignment_id,
        schedule__series=series,
    )
    return assignment


@bilaterals_router.patch(
    "/series/{code}/bilaterals/meetings/{meeting_id}",
    response={200: BilateralMeetingOut, 409: BilateralMeetingConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_meeting_patch(
    request: HttpRequest, code: str, meeting_id: DbInt, data: BilateralMeetingPatchIn
) -> BilateralMeetingOut | Status[BilateralMeetingConflictOut]:
    """Move a meeting of the draft (`starts_at`, `room`) or mark it confirmed (chair secretariat). A move is
    checked against every hard constraint with the solver's validator and refused with 400 naming the
    conflict; a stale `version` gets 409 with the meeting as it is now."""
    series = series_or_404(code)
    viewer = _chair(request, series)
    assignment = _assignment_now(series, meeting_id)
    zone = series.venue.tzinfo
    version = data.version
    try:
        if data.starts_at is not None or data.room is not None:
            room = None
            if data.room is not None:
                room = selectors.bilateral_room_list(series=series).filter(room__name__iexact=data.room.strip()).first()
                if room is None:
                    raise ValidationFailed(
                        _("no bilateral room %(room)r in %(series)s.") % {"room": data.room, "series": series.code},
                        field="room",
                    )
            moved = services.bilateral_assignment_move(
                actor=viewer,
                assignment_id=assignment.pk,
                expected_version=version,
                starts_at=data.starts_at or assignment.starts_at,
                room=room,
            )
            version = moved.version
        if data.confirmed is not None:
            services.bilateral_assignment_confirm(
                actor=viewer, assignment_id=assignment.pk, expected_version=version, confirmed=data.confirmed
            )
    except Conflict as exc:
        current = _meeting_out(_assignment_now(series, meeting_id), zone)
        return Status(
            409, BilateralMeetingConflictOut(detail=exc.message, field=exc.field, record=exc.record, current=current)
        )
    return _meeting_out(_assignment_now(series, meeting_id), zone)


# iCalendar ----------------------------------------------------------------------------------------------

_ICS_DOC = {
    "responses": {
        200: {
            "description": "iCalendar (RFC 5545) of the party's meetings in the published schedule.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}


@bilaterals_router.get(
    "/series/{code}/bilaterals/delegations/{party}/meetings.ics",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=_ICS_DOC,
)
def bilateral_meetings_ics(request: HttpRequest, code: str, party: str) -> HttpResponse:
    """The party's bilateral meetings in the published schedule as a calendar (the party's people and the
    chair secretariat): UIDs stable across schedules, SEQUENCE counting the schedules that moved a meeting,
    a withdrawn meeting as cancelled."""
    series = series_or_404(code)
    delegation = delegation_get(series=series, party_code=party)
    body = party_meetings_ics(viewer=_viewer(request, series), series=series, delegation=delegation)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{series.code}-{delegation.party.code.lower()}-bilaterals.ics"'
    return response
