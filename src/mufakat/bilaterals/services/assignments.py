"""Adjusting the draft bilateral schedule by hand: move a meeting (checked against the same hard constraints by
the solver's own validator) and confirm meetings with the parties. Chair secretariat only; audited;
versions checked."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.adapter import bilateral_instance_build, request_label
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import BilateralAssignment, BilateralRoom, BilateralSchedule
from mufakat.bilaterals.validators import validate_aware
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update

from .common import require_chair
from .schedules import CHAIR_ONLY, draft_problems

ASSIGNMENT_AUDIT_FIELDS = ["request", "starts_at", "ends_at", "room", "confirmed", "version"]


def _assignment_locked(assignment_id: int, actor: SeriesViewer) -> BilateralAssignment:
    assignment = lock_then_read(
        BilateralAssignment.objects.select_related(
            "schedule", "schedule__series", "schedule__series__venue", "request__requester", "room__room"
        ),
        pk=assignment_id,
    )
    if assignment is None or actor.series_id != assignment.schedule.series_id:
        raise NotFound(
            _("no bilateral meeting with id %(assignment_id)s.") % {"assignment_id": assignment_id},
            field="assignment_id",
        )
    require_chair(actor, assignment.schedule.series_id, CHAIR_ONLY)
    return assignment


@transaction.atomic
def bilateral_assignment_move(
    *,
    actor: SeriesViewer,
    assignment_id: int,
    expected_version: int,
    starts_at: datetime,
    room: BilateralRoom | None = None,
) -> BilateralAssignment:
    """Move a meeting of the draft to another time (and room). The draft with the move is checked with the
    solver's validator against the same hard constraints (principals free and in one place, buffers, room
    capacity and hours, windows); a move that adds a conflict is refused, naming it."""
    assignment = _assignment_locked(assignment_id, actor)
    schedule = assignment.schedule
    series = schedule.series
    request = assignment.request
    record = f"bilateral meeting {request_label(request)}"
    # The schedule's status is read once its lock is held: a publish may have changed it while this waited.
    schedule.status = BilateralSchedule.objects.select_for_update().values_list("status", flat=True).get(pk=schedule.pk)
    check_fresh(assignment, expected_version=expected_version, record=record)
    if schedule.status != ScheduleStatus.DRAFT:
        raise ValidationFailed(
            _("belongs to a published schedule; adjust the draft, or solve again to change it."),
            field="schedule",
            record=record,
        )
    if assignment.confirmed:
        raise ValidationFailed(
            _("is confirmed with the parties; mark it unconfirmed before moving it."), field="confirmed", record=record
        )
    validate_aware(starts_at, field="starts_at", record=record)
    room = room or assignment.room
    if room.series_id != series.pk:
        raise ValidationFailed(
            _("%(name)s is not a bilateral room of %(series)s.") % {"name": room.room.name, "series": series.code},
            field="room",
            record=record,
        )
    built = bilateral_instance_build(series=series)
    if str(request.pk) not in built.requests:
        raise ValidationFailed(
            _("is %(status)s and no longer goes into a schedule; solve again.") % {"status": request.status},
            field="request",
            record=record,
        )
    if not built.grid.on_grid(starts_at):
        raise ValidationFailed(
            _("%(time)s is not on the %(grain_minutes)s-minute grid (use :00, :15, :30 or :45).")
            % {
                "time": format(starts_at.astimezone(series.venue.tzinfo), "%H:%M"),
                "grain_minutes": built.grid.grain_minutes,
            },
            field="starts_at",
            record=record,
        )
    current = list(
        BilateralAssignment.objects.filter(schedule=schedule).select_related("request__requester", "room__room")
    )
    before_problems = set(draft_problems(built, current))
    moved = [a for a in current if a.pk != assignment.pk]
    candidate = BilateralAssignment(
        pk=assignment.pk, schedule=schedule, request=request, starts_at=starts_at, room=room, ends_at=starts_at
    )
    new_problems = [p for p in draft_problems(built, [*moved, candidate]) if p not in before_problems]
    if new_problems:
        local = starts_at.astimezone(series.venue.tzinfo)
        raise ValidationFailed(
            _("cannot move to %(when)s in %(room)s: %(problems)s.")
            % {"when": format(local, "%d %b %H:%M"), "room": room.room.name, "problems": "; ".join(new_problems[:5])},
            field="starts_at",
            record=record,
        )
    versioned_update(
        assignment,
        expected_version=expected_version,
        record=record,
        changes={
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(minutes=request.duration_minutes),
            "room": room,
        },
        audit=AuditTrail(actor, "bilateral_assignment.move", ASSIGNMENT_AUDIT_FIELDS),
    )
    BilateralSchedule.objects.filter(pk=schedule.pk).update(version=F("version") + 1)
    return assignment


@transaction.atomic
def bilateral_assignment_confirm(
    *, actor: SeriesViewer, assignment_id: int, expected_version: int, confirmed: bool
) -> BilateralAssignment:
    """Mark a meeting as agreed with the parties (or not). A confirmed meeting of the published schedule is
    pinned in the next solve."""
    assignment = _assignment_locked(assignment_id, actor)
    record = f"bilateral meeting {request_label(assignment.request)}"
    check_fresh(assignment, expected_version=expected_version, record=record)
    if assignment.schedule.status == ScheduleStatus.SUPERSEDED:
        raise ValidationFailed(_("belongs to a superseded schedule."), field="schedule", record=record)
    versioned_update(
        assignment,
        expected_version=expected_version,
        record=record,
        changes={"confirmed": confirmed},
        update_fields=["confirmed"],
        audit=AuditTrail(
            actor,
            "bilateral_assignment.confirm" if confirmed else "bilateral_assignment.unconfirm",
            ASSIGNMENT_AUDIT_FIELDS,
        ),
    )
    BilateralSchedule.objects.filter(pk=assignment.schedule_id).update(version=F("version") + 1)
    return assignment
