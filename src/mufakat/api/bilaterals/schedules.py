"""Bilateral schedules: solved, drafted, published, a meeting moved; and a party's meetings as iCalendar."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import SIGNED_IN, request_viewer, series_viewer
from mufakat.api.bilaterals.common import bilaterals_router, chair_viewer
from mufakat.api.bilaterals.schemas import (
    BilateralCompactnessOut,
    BilateralMeetingConflictOut,
    BilateralMeetingOut,
    BilateralMeetingPatchIn,
    BilateralMoveOut,
    BilateralPrincipalGapsOut,
    BilateralPublishIn,
    BilateralScheduleOut,
    BilateralSolveIn,
    BilateralUnscheduledOut,
)
from mufakat.api.common import ICS, DbInt, errors, file_doc, file_response, presents_conflict
from mufakat.api.jobs import JobStartedOut, job_started_out
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.adapter import request_party_codes
from mufakat.bilaterals.compactness import schedule_compactness
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.exports import party_meetings_ics
from mufakat.bilaterals.models import BilateralAssignment, BilateralSchedule, BilateralUnscheduled
from mufakat.bilaterals.reasons import unscheduled_detail
from mufakat.bilaterals.rules import can_view_all_bilaterals
from mufakat.core.errors import NotFound, ValidationFailed, get_or_not_found
from mufakat.delegations.selectors import delegation_get
from mufakat.jobs.selectors import job_for_reader
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_get


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
    meetings = list(selectors.bilateral_assignment_list(viewer=viewer, schedule=schedule))
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
        meetings=[_meeting_out(a, zone) for a in meetings],
        unscheduled=[
            _unscheduled_out(u) for u in selectors.bilateral_unscheduled_list(viewer=viewer, schedule=schedule)
        ],
        moves=[BilateralMoveOut(**move) for move in schedule.moves] if is_chair else None,
        moved=schedule.moved if is_chair else None,
        moves_minimum=schedule.moves_minimum if is_chair else None,
        compactness=_compactness_out(schedule, meetings, viewer, is_chair=is_chair),
    )


def _compactness_out(
    schedule: BilateralSchedule, meetings: list[BilateralAssignment], viewer: SeriesViewer, *, is_chair: bool
) -> BilateralCompactnessOut | None:
    """The chair sees every principal and the totals; a delegation its own principals (counted from its own
    meetings, which are all of its principals' meetings), no totals."""
    figures = schedule_compactness(schedule, meetings)
    if figures is None:
        return None
    strips = [s for s in figures.strips if is_chair or s.party in viewer.party_codes]
    return BilateralCompactnessOut(
        gaps=figures.total if is_chair else None,
        gaps_at_solve=schedule.gaps if is_chair else None,
        gaps_bound=figures.bound if is_chair else None,
        worst_gaps=(figures.worst.gaps if figures.worst else 0) if is_chair else None,
        gap_fairness=figures.fairness,
        principals=[
            BilateralPrincipalGapsOut(
                principal=s.principal, party=s.party, level=s.level, meetings=s.meetings, gaps=s.gaps
            )
            for s in strips
        ],
    )


def _schedule_now(viewer: SeriesViewer, series: Series, schedule_id: int) -> BilateralSchedule:
    """The schedule as saved (its version moved on), through the access-checked selector."""
    return selectors.bilateral_schedule_by_id(viewer=viewer, series=series, schedule_id=schedule_id)


@bilaterals_router.post(
    "/series/{code}/bilaterals/schedules",
    response={202: JobStartedOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def bilateral_schedule_solve(request: HttpRequest, code: str, data: BilateralSolveIn) -> Status[JobStartedOut]:
    """Start solving every accepted request into a new draft (chair secretariat) and return at once, 202,
    with the background job: poll `url` (GET /api/v1/jobs/{id}) for its `progress` (phase, seconds,
    best_weight, bound, gap) and, once it has `succeeded`, its `result` (the new draft's `schedule_id`,
    `number`, meetings scheduled, weight, bound, gap); then GET …/schedules/draft for the meetings. Cancel
    with POST /api/v1/jobs/{id}/cancel. 409 while another solve of the series is queued or running, with that
    job as `current` (its `id`, `url` and `page`).
    (Before background jobs this answered 201 with the draft itself, after solving within the request.)"""
    series = series_get(code=code)
    viewer = chair_viewer(request, series)
    job = services.bilateral_solve_start(actor=viewer, series=series, time_limit=data.time_limit)
    return Status(202, job_started_out(job_for_reader(user=viewer.user, job_id=job.pk)))


@bilaterals_router.get(
    "/series/{code}/bilaterals/schedules/draft",
    response={200: BilateralScheduleOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_schedule_draft(request: HttpRequest, code: str) -> BilateralScheduleOut:
    """The current draft schedule (chair secretariat); 404 when there is none."""
    series = series_get(code=code)
    viewer = chair_viewer(request, series)
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
    series, viewer = series_viewer(request, code)
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
    series = series_get(code=code)
    viewer = chair_viewer(request, series)
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


@presents_conflict(BilateralAssignment)
def _meeting_conflict_now(request: HttpRequest, assignment: BilateralAssignment) -> BilateralMeetingOut:
    """A 409 shows the meeting as it is now; only the chair secretariat gets this far."""
    series = assignment.schedule.series
    return _meeting_out(_assignment_now(series, assignment.pk), series.venue.tzinfo)


@bilaterals_router.patch(
    "/series/{code}/bilaterals/meetings/{meeting_id}",
    response={200: BilateralMeetingOut, 409: BilateralMeetingConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_meeting_patch(
    request: HttpRequest, code: str, meeting_id: DbInt, data: BilateralMeetingPatchIn
) -> BilateralMeetingOut:
    """Move a meeting of the draft (`starts_at`, `room`) or mark it confirmed (chair secretariat). A move is
    checked against every hard constraint with the solver's validator and refused with 400 naming the
    conflict; a stale `version` gets 409 with the meeting as it is now."""
    series = series_get(code=code)
    viewer = chair_viewer(request, series)
    assignment = _assignment_now(series, meeting_id)
    zone = series.venue.tzinfo
    version = data.version
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
    return _meeting_out(_assignment_now(series, meeting_id), zone)


_ICS_DOC = file_doc(ICS, "iCalendar (RFC 5545) of the party's meetings in the published schedule.")


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
    series = series_get(code=code)
    delegation = delegation_get(series=series, party_code=party)
    body = party_meetings_ics(viewer=request_viewer(request, series), series=series, delegation=delegation)
    return file_response(body, media_type=ICS, filename=f"{series.code}-{delegation.party.code.lower()}-bilaterals.ics")
