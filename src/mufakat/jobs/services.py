"""Enqueue a job (on commit, so a rolled-back change starts nothing) and run one attempt of it, with retries
and back-off when it fails; cancel one; requeue the jobs a dead worker left running. Jobs are passed ids,
never model instances: the worker reads fresh rows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import ApplicationError, ValidationFailed

from .models import FINISHED_STATES, Job, JobState
from .rules import can_cancel_job

# kind -> the dotted path of `function(*, job: Job, **params) -> JSON-serialisable result`.
JOB_KINDS: dict[str, str] = {
    "silence.deadline": "mufakat.jobs.kinds.silence_deadline",
    "silence.reminder": "mufakat.jobs.kinds.silence_reminder",
    "bilaterals.solve": "mufakat.jobs.kinds.bilaterals_solve",
    "notifications.deliver": "mufakat.notifications.jobs.deliver",
    "notifications.digest": "mufakat.notifications.jobs.digest",
}
# The kinds a person may stop. A silence deadline is not one: the procedure itself is what gets cancelled.
CANCELLABLE_KINDS = frozenset({"bilaterals.solve"})


class JobCancelled(Exception):
    """Raised inside a running job that noticed it was cancelled: it stops, saves nothing, is not retried."""


def job_backoff(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1, 2, …): doubling from the base, capped."""
    base = float(getattr(settings, "MUFAKAT_JOB_BACKOFF_SECONDS", 30.0))
    cap = float(getattr(settings, "MUFAKAT_JOB_BACKOFF_MAX_SECONDS", 3600.0))
    return timedelta(seconds=min(cap, base * 2 ** (attempt - 1)))


def job_enqueue(
    *,
    kind: str,
    params: dict[str, Any],
    series_id: int | None = None,
    enqueued_by: Any = None,
    run_after: datetime | None = None,
    max_attempts: int | None = None,
) -> Job:
    """Record the job now and put it on the queue when the surrounding transaction commits."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        params=params,
        series_id=series_id,
        enqueued_by=enqueued_by if enqueued_by is not None and enqueued_by.is_authenticated else None,
        run_after=run_after,
        max_attempts=max_attempts or int(getattr(settings, "MUFAKAT_JOB_MAX_ATTEMPTS", 5)),
    )
    transaction.on_commit(functools.partial(_submit, job.pk, run_after))
    return job


def _submit(job_id: UUID, run_after: datetime | None) -> None:
    from .tasks import run_job  # noqa: PLC0415 - tasks imports this module

    task = run_job.using(run_after=run_after) if run_after is not None else run_job
    result = task.enqueue(str(job_id))
    Job.objects.filter(pk=job_id).update(task_id=result.id)


def job_progress(*, job_id: UUID | str, progress: dict[str, Any]) -> None:
    """A running job reports how far it got (e.g. phase, best weight, bound, gap); the job page shows it."""
    Job.objects.filter(pk=job_id).update(progress=progress)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def job_is_cancelled(*, job_id: UUID | str) -> bool:
    """Asked by a running job between its steps."""
    return Job.objects.filter(pk=job_id, state=JobState.CANCELLED).exists()


def job_succeed_within(*, job_id: UUID | str, result: Any) -> None:
    """Called by a job inside the transaction that saves its work: the job's row is locked, so a cancel
    either came before (JobCancelled is raised and the work rolls back) or waits and then finds the job
    succeeded. Either way a cancelled job never leaves its work behind."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.state == JobState.CANCELLED:
        raise JobCancelled
    Job.objects.filter(pk=job_id).update(state=JobState.SUCCEEDED, result=result, error="", finished_at=timezone.now())


def job_run(*, job_id: UUID | str) -> Any:
    """Run one attempt of the job. A job already finished or cancelled is not run (a duplicate task is
    harmless). On failure: queue the next attempt after the back-off, or, after the last attempt, mark it failed
    with its error; the exception is re-raised so the queue records the failed attempt too. A refusal (an
    ApplicationError: the chair is no longer chair, the series has no rooms) fails at once: trying again would
    be refused again. A job cancelled while it ran stops as cancelled."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in FINISHED_STATES:
            return None
        job.state, job.attempts, job.started_at = JobState.RUNNING, job.attempts + 1, timezone.now()
        job.save(update_fields=["state", "attempts", "started_at"])
    function: Callable[..., Any] = import_string(JOB_KINDS[job.kind])
    running = Job.objects.filter(pk=job.pk, state=JobState.RUNNING)  # a cancel meanwhile is never overwritten
    try:
        result = function(job=job, **job.params)
    except JobCancelled:
        Job.objects.filter(pk=job.pk, state=JobState.CANCELLED).update(finished_at=timezone.now())
        return None
    except Exception as exc:
        now = timezone.now()
        if job.attempts < job.max_attempts and not isinstance(exc, ApplicationError):
            retry_at = now + job_backoff(job.attempts)
            if running.update(state=JobState.RETRYING, error=_error_text(exc), run_after=retry_at):
                _submit(job.pk, retry_at)
        else:
            running.update(state=JobState.FAILED, error=_error_text(exc), finished_at=now)
        Job.objects.filter(pk=job.pk, state=JobState.CANCELLED).update(finished_at=now)
        raise
    Job.objects.filter(pk=job.pk).exclude(state=JobState.CANCELLED).update(
        state=JobState.SUCCEEDED, result=result, error="", finished_at=timezone.now()
    )
    return result


def job_cancel(*, actor: SeriesViewer, job: Job) -> Job:
    """Cancel a queued, waiting or running job (the chair secretariat of its series, or whoever started it).
    A queued one never runs; a running one stops at its next check and saves nothing (its `finished_at` is
    set when it has stopped). Audited."""
    with transaction.atomic():
        locked = Job.objects.select_for_update(of=("self",)).select_related("series", "enqueued_by").get(pk=job.pk)
        require(
            can_cancel_job(actor, locked), _("only the chair secretariat, or whoever started it, cancels this job.")
        )
        record = f"{locked.kind} job {locked.pk}"
        if locked.kind not in CANCELLABLE_KINDS:
            raise ValidationFailed(
                _("a job of this kind (%(kind)s) cannot be cancelled.") % {"kind": locked.kind_label},
                field="kind",
                record=record,
            )
        if locked.state in FINISHED_STATES:
            raise ValidationFailed(
                _("is %(state)s already; there is nothing to cancel.") % {"state": locked.get_state_display()},
                field="state",
                record=record,
            )
        before = locked.state
        locked.state = JobState.CANCELLED
        if before != JobState.RUNNING:
            locked.finished_at = timezone.now()
        locked.save(update_fields=["state", "finished_at"])
        audit_record(
            viewer=actor, action="job.cancel", obj=locked, before={"state": before}, after={"state": "cancelled"}
        )
    return locked


def job_reap_stale(*, now: datetime | None = None) -> list[Job]:
    """Jobs left running by a worker that died (started longer ago than MUFAKAT_JOB_STALE_SECONDS, longer than
    any solve may run): queued again as a retry, or failed after the last attempt, with the reason as their error.
    A cancelled one whose worker died is marked finished."""
    now = now or timezone.now()
    stale_seconds = float(getattr(settings, "MUFAKAT_JOB_STALE_SECONDS", 900.0))
    cutoff = now - timedelta(seconds=stale_seconds)
    Job.objects.filter(state=JobState.CANCELLED, finished_at=None, started_at__lt=cutoff).update(finished_at=now)
    reaped = []
    for job_id in Job.objects.filter(state=JobState.RUNNING, started_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=job_id, state=JobState.RUNNING).first()
            if job is None or job.started_at is None or job.started_at >= cutoff:
                continue
            job.error = _(
                "the worker running attempt %(attempt)d stopped without finishing it "
                "(still running after %(seconds)d s)."
            ) % {"attempt": job.attempts, "seconds": stale_seconds}
            if job.attempts < job.max_attempts:
                job.state, job.run_after = JobState.RETRYING, now
                transaction.on_commit(functools.partial(_submit, job.pk, now))
            else:
                job.state, job.finished_at = JobState.FAILED, now
            job.save(update_fields=["state", "run_after", "error", "finished_at"])
        reaped.append(job)
    return reaped
