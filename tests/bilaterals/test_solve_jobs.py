"""A solve as a background job (issue 14): started by the chair with the solve's own refusals, one at a time per
series, run by a worker as that chair with its phase and figures as progress, cancelled (queued or running)
without leaving a draft, a refusal at run time failing at once, other failures retried then failed, and a job
left running by a dead worker requeued by the sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mufakat.accounts.models import AuditEvent, RoleAssignment
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import BilateralSchedule, DelegationPresence
from mufakat.bilaterals.services import bilateral_solve_start
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.jobs.kinds import bilaterals_solve
from mufakat.jobs.models import Job, JobState
from mufakat.jobs.services import (
    JobCancelled,
    job_cancel,
    job_enqueue,
    job_reap_stale,
    job_run,
    job_succeed_within,
)
from mufakat.meetings.models import Series
from tests.factories.programme import vientiane


def _drafts(series: Series) -> int:
    return BilateralSchedule.objects.filter(series=series).count()


def test_start_queues_a_job_that_solves_as_the_chair_and_records_progress_and_result(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)

    assert (job.kind, job.state, job.params, job.series_id, job.enqueued_by) == (
        "bilaterals.solve",
        "queued",
        {"series_id": bilateral_requests_demo.pk, "time_limit": 5.0},
        bilateral_requests_demo.pk,
        chair_secretariat.user,
    )
    assert _drafts(bilateral_requests_demo) == 0  # nothing solved inside the request

    job_run(job_id=job.pk)

    job.refresh_from_db()
    draft = BilateralSchedule.objects.get(series=bilateral_requests_demo, status=ScheduleStatus.DRAFT)
    assert (job.state, job.attempts, job.error) == ("succeeded", 1, "")
    assert job.result == {
        "schedule_id": draft.pk,
        "number": 1,
        "scheduled": draft.assignments.count(),
        "requested": 40,
        "weight": draft.objective,
        "bound": draft.bound,
        "gap": draft.gap,
        "idle_gaps": draft.gaps,
        "idle_gaps_bound": draft.gaps_bound,
        "worst_principal_gaps": max(draft.gaps_by_principal.values()),
        "solver_status": draft.solver_status,
    }  # no "moved" nor "moves_minimum": nothing was published before
    assert {key: job.progress[key] for key in ("phase", "time_limit", "best_weight", "bound")} == {
        "phase": "saved",
        "time_limit": 5.0,
        "best_weight": draft.objective,
        "bound": draft.bound,
    }
    assert job.progress["gap"] == pytest.approx(draft.gap, abs=1e-6)
    solved = AuditEvent.objects.get(action="bilateral_schedule.solve")
    started = AuditEvent.objects.get(action="bilateral_schedule.solve_start")
    assert (solved.actor_username, started.actor_username, started.object_id, started.after) == (
        "lao.chair",
        "lao.chair",
        str(job.pk),
        {"time_limit": 5.0},
    )


def test_a_resolve_job_reports_the_published_meetings_moved_and_the_proven_fewest(
    bilaterals_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    DelegationPresence.objects.filter(delegation__party__code="JP", level="minister").update(
        arrives_at=vientiane(26, "09:00")
    )
    job = bilateral_solve_start(actor=chair_secretariat, series=bilaterals_demo, time_limit=10)

    job_run(job_id=job.pk)

    job.refresh_from_db()
    draft = BilateralSchedule.objects.get(series=bilaterals_demo, status=ScheduleStatus.DRAFT)
    assert draft.moved is not None
    assert draft.moved >= 1  # Japan's meetings before 26 July 09:00 had to move
    assert (job.result["moved"], job.result["moves_minimum"]) == (draft.moved, draft.moves_minimum)


def test_a_second_solve_is_refused_while_one_is_queued(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    first = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)

    with pytest.raises(Conflict) as refused:
        bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)

    assert (refused.value.message, refused.value.current_object) == (
        "a solve of 57th ASEAN Foreign Ministers' Meeting and Related Meetings is already queued "
        f"(job {first.pk}); wait for it or cancel it first.",
        first,
    )
    assert Job.objects.filter(kind="bilaterals.solve").count() == 1
    job_cancel(actor=chair_secretariat, job=first)
    assert bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5).pk != first.pk


def test_start_refuses_as_the_solve_does(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    with pytest.raises(PermissionDenied) as denied:
        bilateral_solve_start(actor=partner_delegate, series=bilateral_requests_demo, time_limit=5)
    with pytest.raises(ValidationFailed) as too_long:
        bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=601)

    assert (denied.value.message, too_long.value.message, too_long.value.field) == (
        "only the chair secretariat schedules bilaterals.",
        "601 is not between 0 and 600 seconds.",
        "time_limit",
    )
    assert Job.objects.count() == 0


def test_a_cancelled_queued_solve_never_runs(bilateral_requests_demo: Series, chair_secretariat: SeriesViewer) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)

    job_cancel(actor=chair_secretariat, job=job)
    assert job_run(job_id=job.pk) is None  # the worker finds it cancelled

    job.refresh_from_db()
    assert (job.state, job.attempts, job.finished_at is not None, _drafts(bilateral_requests_demo)) == (
        "cancelled",
        0,
        True,
        0,
    )
    cancelled = AuditEvent.objects.get(action="job.cancel")
    assert (cancelled.actor_username, cancelled.before, cancelled.after) == (
        "lao.chair",
        {"state": "queued"},
        {"state": "cancelled"},
    )


def test_a_solve_cancelled_while_running_stops_and_saves_no_draft(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1, started_at=timezone.now())
    job.refresh_from_db()

    job_cancel(actor=chair_secretariat, job=job)
    assert Job.objects.get(pk=job.pk).finished_at is None  # still stopping

    with pytest.raises(JobCancelled):  # the solver's first check finds it cancelled
        bilaterals_solve(job=job, **job.params)
    with pytest.raises(JobCancelled):  # and had it finished solving, saving would have been rolled back
        job_succeed_within(job_id=job.pk, result={})

    assert (Job.objects.get(pk=job.pk).state, _drafts(bilateral_requests_demo)) == ("cancelled", 0)
    assert Job.objects.get(pk=job.pk).progress["phase"] == "solving"


def test_a_finished_or_uncancellable_job_is_not_cancelled(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)
    job_run(job_id=job.pk)
    with pytest.raises(ValidationFailed) as finished:
        job_cancel(actor=chair_secretariat, job=job)
    deadline = job_enqueue(kind="silence.deadline", params={"procedure_id": 1}, series_id=bilateral_requests_demo.pk)
    with pytest.raises(ValidationFailed) as uncancellable:
        job_cancel(actor=chair_secretariat, job=deadline)

    assert (finished.value.message, uncancellable.value.message) == (
        "is succeeded already; there is nothing to cancel.",
        "a job of this kind (Silence procedure deadline) cannot be cancelled.",
    )


def test_only_the_chair_or_whoever_started_it_cancels(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer, asean_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)
    with pytest.raises(PermissionDenied) as denied:
        job_cancel(actor=asean_secretariat, job=job)
    assert (denied.value.message, Job.objects.get(pk=job.pk).state) == (
        "only the chair secretariat, or whoever started it, cancels this job.",
        "queued",
    )


def test_a_chair_who_lost_the_role_before_the_job_ran_is_refused_at_once_not_retried(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)
    RoleAssignment.objects.filter(user=chair_secretariat.user, series=bilateral_requests_demo).delete()

    with pytest.raises(PermissionDenied):
        job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.error, _drafts(bilateral_requests_demo)) == (
        "failed",
        1,
        "PermissionDenied: only the chair secretariat schedules bilaterals.",
        0,
    )


def test_a_failing_solve_is_retried_with_backoff_then_failed_with_its_error(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer, settings
) -> None:
    settings.MUFAKAT_JOB_BACKOFF_SECONDS = 60
    # A solve whose series vanished between the click and the run: not a refusal, so it is retried.
    job = job_enqueue(
        kind="bilaterals.solve",
        params={"series_id": 2_000_000_000, "time_limit": 5},
        series_id=bilateral_requests_demo.pk,
        enqueued_by=chair_secretariat.user,
        max_attempts=2,
    )
    error = "DoesNotExist: Series matching query does not exist."
    with pytest.raises(Exception, match="does not exist"):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error, round((job.run_after - timezone.now()).total_seconds() / 10)) == (
        "retrying",
        1,
        error,
        6,
    )
    with pytest.raises(Exception, match="does not exist"):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error, job.finished_at is not None) == ("failed", 2, error, True)


def test_the_sweep_requeues_a_job_a_dead_worker_left_running_and_fails_it_after_the_last_attempt(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer, settings
) -> None:
    settings.MUFAKAT_JOB_STALE_SECONDS = 900
    now = timezone.now()
    stale = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)
    Job.objects.filter(pk=stale.pk).update(state=JobState.RUNNING, attempts=1, started_at=now - timedelta(seconds=901))
    last = job_enqueue(kind="bilaterals.solve", params={}, series_id=bilateral_requests_demo.pk, max_attempts=1)
    Job.objects.filter(pk=last.pk).update(state=JobState.RUNNING, attempts=1, started_at=now - timedelta(hours=2))
    fresh = job_enqueue(kind="bilaterals.solve", params={}, series_id=bilateral_requests_demo.pk)
    Job.objects.filter(pk=fresh.pk).update(state=JobState.RUNNING, attempts=1, started_at=now - timedelta(seconds=899))

    reaped = job_reap_stale(now=now)

    assert sorted(str(job.pk) for job in reaped) == sorted([str(stale.pk), str(last.pk)])
    error = "the worker running attempt 1 stopped without finishing it (still running after 900 s)."
    assert [
        (job.state, job.error, job.run_after == now, job.finished_at == now)
        for job in Job.objects.filter(pk__in=[stale.pk, last.pk, fresh.pk]).order_by("created_at")
    ] == [("retrying", error, True, False), ("failed", error, False, True), ("running", "", False, False)]
    assert job_reap_stale(now=now) == []
