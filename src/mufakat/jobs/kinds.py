"""What each kind of job does. Each takes the Job and its params (ids, never instances) and is idempotent."""

from __future__ import annotations

import time
from typing import Any

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.bilaterals.models import BilateralSchedule
from mufakat.bilaterals.scheduler import SolveStatus, SolveStopped
from mufakat.bilaterals.services import bilateral_schedule_solve
from mufakat.documents.models import SilenceProcedure
from mufakat.documents.services import silence_conclude, silence_remind
from mufakat.meetings.models import Series

from .models import Job
from .services import JobCancelled, job_is_cancelled, job_progress, job_succeed_within

# How often a running solve asks the database whether it was cancelled: a cancel takes effect within this.
CANCEL_CHECK_SECONDS = 1.0


def silence_deadline(*, job: Job, procedure_id: int) -> dict[str, Any]:
    """At the deadline: conclude that silence procedure if it is still running. Broken, cancelled or already
    concluded (by another worker, or by the sweep) leaves it as it is."""
    concluded = silence_conclude(procedure_id=procedure_id)
    status = SilenceProcedure.objects.filter(pk=procedure_id).values_list("status", flat=True).first()
    return {"procedure_id": procedure_id, "concluded": concluded is not None, "status": status}


def silence_reminder(*, job: Job, procedure_id: int, which: str) -> dict[str, Any]:
    """Before the deadline: remind the parties that have said nothing, unless the procedure no longer runs, its
    deadline passed, a later reminder is already due, or this one was sent (by another worker, or the sweep)."""
    notice = silence_remind(procedure_id=procedure_id, which=which)
    return {"procedure_id": procedure_id, "which": which, "sent": notice is not None}


class _SolveJobWatch:
    """A solve's SolveWatch as a job: its phase and figures go to the job's progress, a cancel stops it, and
    the draft is saved in the same transaction that marks the job succeeded."""

    def __init__(self, job: Job, time_limit: float) -> None:
        self.job_id = job.pk
        self.progress: dict[str, Any] = {"phase": "queued", "time_limit": time_limit}
        self._checked_at: float | None = None

    def _report(self) -> None:
        job_progress(job_id=self.job_id, progress=dict(self.progress))

    def phase(self, name: str) -> None:
        self.progress["phase"] = name
        self._report()

    def status(self, status: SolveStatus) -> None:
        self.progress |= {
            "seconds": status.seconds,
            "best_weight": status.best,
            "bound": status.bound,
            "gap": status.gap,
        }
        self._report()

    def stopped(self) -> bool:
        now = time.monotonic()
        if self._checked_at is not None and now - self._checked_at < CANCEL_CHECK_SECONDS:
            return False
        self._checked_at = now
        return job_is_cancelled(job_id=self.job_id)

    def saving(self, schedule: BilateralSchedule) -> None:
        self.progress["phase"] = "saved"
        self._report()
        job_succeed_within(job_id=self.job_id, result=_solve_result(schedule))


def _solve_result(schedule: BilateralSchedule) -> dict[str, Any]:
    result: dict[str, Any] = {
        "schedule_id": schedule.pk,
        "number": schedule.number,
        "scheduled": schedule.assignments.count(),
        "requested": schedule.requested,
        "weight": schedule.objective,
        "bound": schedule.bound,
        "gap": schedule.gap,
        "idle_gaps": schedule.gaps,
        "idle_gaps_bound": schedule.gaps_bound,
        "worst_principal_gaps": max(schedule.gaps_by_principal.values(), default=0)
        if schedule.gaps_by_principal
        else 0,
        "solver_status": schedule.solver_status,
    }
    if schedule.moved is not None:  # a re-solve against the published schedule: its moves and their proven fewest
        result |= {"moved": schedule.moved, "moves_minimum": schedule.moves_minimum}
    return result


def bilaterals_solve(*, job: Job, series_id: int, time_limit: float) -> dict[str, Any]:
    """Solve the series' bilaterals into a new draft, as the chair who started the job (rights checked again:
    one who is no longer chair is refused), or as the system when an operator started it without a name."""
    series = Series.objects.select_related("venue").get(pk=series_id)
    actor = (
        viewer_for(job.enqueued_by, series)
        if job.enqueued_by is not None
        else SeriesViewer.system(series.pk, purpose="bilateral solve job")
    )
    watch = _SolveJobWatch(job, time_limit)
    try:
        outcome = bilateral_schedule_solve(actor=actor, series=series, time_limit=time_limit, watch=watch)
    except SolveStopped as exc:
        raise JobCancelled from exc
    return _solve_result(outcome.schedule)
