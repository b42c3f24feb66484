"""The bilateral schedule: solve (load through the adapter, run the pure solver, save a draft) and publish
(the draft checked once more by the solver's own validator). Chair secretariat only; audited; versions
checked (409 on a stale one). Adjusting the draft by hand is bilaterals.services.assignments."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.audit import audit_record
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals import scheduler
from mufakat.bilaterals.adapter import BuiltInstance, bilateral_instance_build, request_label
from mufakat.bilaterals.enums import SCHEDULABLE, RequestStatus, ScheduleStatus
from mufakat.bilaterals.models import BilateralAssignment, BilateralRequest, BilateralSchedule, BilateralUnscheduled
from mufakat.bilaterals.notices import bilateral_schedule_published_notify
from mufakat.bilaterals.scheduler.instance import Assignment, Result, SolveStatus
from mufakat.bilaterals.scheduler.validate import check_compactness
from mufakat.bilaterals.selectors import bilateral_settings_of
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.text import text_to_json
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.models import Series

from .common import require_chair

CHAIR_ONLY = gettext_lazy("only the chair secretariat schedules bilaterals.")


class SolveWatch(Protocol):
    """Whoever watches a solve run (the background job): told each phase and the solver's figures as they
    move, asked whether to stop, and given the draft inside its saving transaction, where raising rolls the
    draft back (a solve cancelled at the last moment saves nothing)."""

    def phase(self, name: str) -> None: ...

    def status(self, status: SolveStatus) -> None: ...

    def stopped(self) -> bool: ...

    def saving(self, schedule: BilateralSchedule) -> None: ...


@dataclass(frozen=True)
class SolveOutcome:
    schedule: BilateralSchedule
    result: Result
    greedy: Result
    built: BuiltInstance


def solve_time_limit(*, series: Series, time_limit: float | None) -> float:
    """The seconds a solve may take: as asked, else the series' setting; refused outside (0, 600]."""
    limit = float(time_limit if time_limit is not None else bilateral_settings_of(series).time_limit_seconds)
    if not 0 < limit <= 600:
        raise ValidationFailed(
            _("%(limit)s is not between 0 and 600 seconds.") % {"limit": format(limit, "g")}, field="time_limit"
        )
    return limit


def bilateral_schedule_solve(
    *,
    actor: SeriesViewer,
    series: Series,
    time_limit: float | None = None,
    progress: Callable[[str], None] | None = None,
    watch: SolveWatch | None = None,
) -> SolveOutcome:
    """Solve the series' accepted requests and save the result as the new draft (an older draft is
    superseded). The published schedule is passed to the solver as `previous`, so a re-solve keeps as many
    meetings where they were as it can; confirmed meetings are pinned. The greedy first-come-first-served
    baseline runs beside it for comparison. The solve runs outside any transaction; saving is atomic.
    A `watch` stopping the solve raises scheduler.SolveStopped and saves nothing."""
    require_chair(actor, series.pk, CHAIR_ONLY)
    limit = solve_time_limit(series=series, time_limit=time_limit)
    if watch is not None:
        watch.phase("building")
    built = bilateral_instance_build(series=series)
    if progress is not None:
        progress(
            f"{len(built.instance.requests)} accepted request(s), {len(built.instance.principals)} principal(s), "
            f"{len(built.instance.rooms)} room(s), {len(built.instance.days)} day(s); "
            f"{len(built.excluded)} request(s) left out as entered."
        )
    started = time.monotonic()
    if watch is not None:
        watch.phase("solving")
    result = scheduler.solve(
        built.instance,
        time_limit=limit,
        gap_fairness=bilateral_settings_of(series).gap_fairness,
        previous=built.previous,
        progress=progress,
        observe=watch.status if watch is not None else None,
        stop=watch.stopped if watch is not None else None,
    )
    if watch is not None:
        watch.phase("saving")
    baseline = scheduler.greedy(built.instance)
    problems = scheduler.validate(built.instance, result.assignments)
    if problems:
        # The solver is checked by an independent validator; a schedule that fails it is never saved.
        raise ValidationFailed(
            _("the solver returned a schedule that breaks a hard constraint: %(problems)s")
            % {"problems": "; ".join(problems[:5])},
            field="schedule",
            record=f"bilateral schedule of {series.code}",
        )
    # Gaps are recounted independently too; a disagreement or an unmet fairness setting is said in the log.
    result.log += [f"compactness check: {problem}" for problem in check_compactness(built.instance, result)]
    with transaction.atomic():
        schedule = _save_draft(actor=actor, series=series, built=built, result=result, baseline=baseline)
        if watch is not None:
            watch.saving(schedule)
    if progress is not None:
        progress(f"saved draft schedule {schedule.number} in {time.monotonic() - started:.1f} s.")
    return SolveOutcome(schedule=schedule, result=result, greedy=baseline, built=built)


def _save_draft(
    *, actor: SeriesViewer, series: Series, built: BuiltInstance, result: Result, baseline: Result
) -> BilateralSchedule:
    Series.objects.select_for_update().filter(pk=series.pk).first()
    BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.DRAFT).update(
        status=ScheduleStatus.SUPERSEDED, version=F("version") + 1
    )
    number = (BilateralSchedule.objects.filter(series=series).aggregate(n=Max("number"))["n"] or 0) + 1
    pinned = {r.id for r in built.instance.requests if r.pinned_start is not None}
    schedule = BilateralSchedule.objects.create(
        series=series,
        number=number,
        solver=result.solver,
        solver_status=result.status,
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        seconds=result.seconds,
        seconds_to_first=result.seconds_to_first,
        gaps=result.gaps,
        gaps_bound=result.gaps_bound,
        gaps_by_principal=result.gaps_by_principal,
        gap_fairness=result.gap_fairness,
        greedy_objective=baseline.objective,
        greedy_scheduled=len(baseline.assignments),
        requested=len(built.instance.requests) + len(built.excluded),
        inputs=scheduler.instance_to_json(built.instance),  # the documented instance format
        moves=[
            {
                "request_id": move.request_id,
                "before": _assignment_json(built, move.before),
                "after": _assignment_json(built, move.after),
            }
            for move in result.moves
        ],
        log=list(result.log[-200:]),
        moved=result.moved if built.previous else None,
        moves_minimum=result.moves_minimum if built.previous else None,
        created_by=actor.user if actor.is_authenticated else None,
    )
    durations = {r.id: r.duration for r in built.instance.requests}
    BilateralAssignment.objects.bulk_create(
        [
            BilateralAssignment(
                schedule=schedule,
                request=built.requests[a.request_id],
                starts_at=built.grid.at(a.start),
                ends_at=built.grid.at(a.start + durations[a.request_id]),
                room=built.rooms[a.room_id],
                confirmed=a.request_id in pinned,
            )
            for a in sorted(result.assignments, key=lambda a: (a.start, a.room_id))
        ]
    )
    BilateralUnscheduled.objects.bulk_create(
        [
            BilateralUnscheduled(
                schedule=schedule,
                request=built.requests[u.request_id],
                reason=u.reason,
                detail=u.detail,
                detail_text=text_to_json(u.text) if u.text else {},
            )
            for u in result.unscheduled
            if u.request_id in built.requests
        ]
        + [
            BilateralUnscheduled(
                schedule=schedule,
                request_id=e.request_id,
                reason=e.reason,
                detail=e.detail,
                detail_text=text_to_json(e.text) if e.text else {},
            )
            for e in built.excluded
        ]
    )
    audit_record(
        viewer=actor,
        action="bilateral_schedule.solve",
        obj=schedule,
        after={
            "number": number,
            "solver": result.solver,
            "status": result.status,
            "scheduled": len(result.assignments),
            "requested": schedule.requested,
            "objective": result.objective,
            "bound": result.bound,
            "greedy_objective": baseline.objective,
        },
    )
    return schedule


def _assignment_json(built: BuiltInstance, assignment: Assignment | None) -> dict[str, str] | None:
    if assignment is None:
        return None
    room = built.rooms.get(assignment.room_id)
    return {
        "starts_at": built.grid.at(assignment.start).isoformat(),
        "room": room.room.name if room else assignment.room_id,
    }


def _instance_assignments(
    built: BuiltInstance, assignments: list[BilateralAssignment]
) -> tuple[list[Assignment], list[str]]:
    """The draft as the solver's Assignments (those whose request is still in the instance), and problems
    that no validator sees: a start off the grid."""
    result, problems = [], []
    for a in assignments:
        if str(a.request_id) not in built.requests:
            continue
        if not built.grid.on_grid(a.starts_at):
            problems.append(f"{request_label(a.request)} does not start on the {built.grid.grain_minutes}-minute grid")
        result.append(
            Assignment(request_id=str(a.request_id), start=built.grid.floor(a.starts_at), room_id=str(a.room_id))
        )
    return result, problems


def draft_problems(built: BuiltInstance, assignments: list[BilateralAssignment]) -> list[str]:
    instance_assignments, problems = _instance_assignments(built, assignments)
    return problems + list(scheduler.validate(built.without_pins(), instance_assignments))


@transaction.atomic
def bilateral_schedule_publish(
    *, actor: SeriesViewer, schedule_id: int, expected_version: int | None = None
) -> BilateralSchedule:
    """The draft becomes the published schedule; the one published before is superseded. The draft is
    checked once more against the current state (an arrival may have changed since the solve): a schedule
    that breaks a hard constraint now is refused, and the chair solves again. Requests it places become
    scheduled, the others it considered unscheduled."""
    schedule = lock_then_read(BilateralSchedule.objects.select_related("series", "series__venue"), pk=schedule_id)
    if schedule is None or actor.series_id != schedule.series_id:
        raise NotFound(
            _("no bilateral schedule with id %(schedule_id)s.") % {"schedule_id": schedule_id}, field="schedule_id"
        )
    require_chair(actor, schedule.series_id, CHAIR_ONLY)
    series = schedule.series
    record = f"bilateral schedule {schedule.number} of {series.code}"
    check_fresh(schedule, expected_version=expected_version, record=record)
    if schedule.status != ScheduleStatus.DRAFT:
        raise ValidationFailed(
            _("is %(status)s; only a draft is published.") % {"status": schedule.status}, field="status", record=record
        )
    assignments = list(
        BilateralAssignment.objects.filter(schedule=schedule).select_related("request__requester", "room__room")
    )
    built = bilateral_instance_build(series=series)
    problems = draft_problems(built, assignments)
    if problems:
        raise ValidationFailed(
            _("breaks a hard constraint as things stand now; solve again: %(problems)s.")
            % {"problems": "; ".join(problems[:5])},
            field="schedule",
            record=record,
        )
    # What the parties are told is measured against the schedule this one replaces.
    previous_id = (
        BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED)
        .values_list("pk", flat=True)
        .first()
    )
    BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED).update(
        status=ScheduleStatus.SUPERSEDED, version=F("version") + 1
    )
    # Audited below with what publishing did to the requests, not as a before/after of the schedule's fields.
    versioned_update(
        schedule,
        expected_version=expected_version,
        record=record,
        changes={
            "status": ScheduleStatus.PUBLISHED,
            "published_at": timezone.now(),
            "published_by": actor.user if actor.is_authenticated else None,
        },
        update_fields=["status", "published_at", "published_by"],
    )
    placed = {a.request_id for a in assignments}
    left_out = set(BilateralUnscheduled.objects.filter(schedule=schedule).values_list("request_id", flat=True))
    BilateralRequest.objects.filter(pk__in=placed, status__in=SCHEDULABLE).update(
        status=RequestStatus.SCHEDULED, version=F("version") + 1
    )
    BilateralRequest.objects.filter(pk__in=left_out - placed, status__in=SCHEDULABLE).update(
        status=RequestStatus.UNSCHEDULED, version=F("version") + 1
    )
    audit_record(
        viewer=actor,
        action="bilateral_schedule.publish",
        obj=schedule,
        after={"number": schedule.number, "scheduled": len(placed), "unscheduled": len(left_out - placed)},
    )
    bilateral_schedule_published_notify(actor=actor, schedule=schedule, previous_id=previous_id)
    return schedule
