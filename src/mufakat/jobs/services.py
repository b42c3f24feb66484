"""Enqueue a job (on commit, so a rolled-back change starts nothing) and run one attempt of it, with retries
and back-off when it fails. Jobs are passed ids, never model instances: the worker reads fresh rows."""

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

from .models import Job, JobState

# kind -> the dotted path of `function(*, job: Job, **params) -> JSON-serialisable result`.
JOB_KINDS: dict[str, str] = {
    "silence.deadline": "mufakat.jobs.kinds.silence_deadline",
    "silence.reminder": "mufakat.jobs.kinds.silence_reminder",
    "notifications.deliver": "mufakat.notifications.jobs.deliver",
    "notifications.digest": "mufakat.notifications.jobs.digest",
}


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


def job_run(*, job_id: UUID | str) -> Any:
    """Run one attempt of the job. A job already finished is not run again (a duplicate task is harmless).
    On failure: queue the next attempt after the back-off, or, after the last attempt, mark it failed with its
    error; the exception is re-raised so the queue records the failed attempt too."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return None
        job.state, job.attempts, job.started_at = JobState.RUNNING, job.attempts + 1, timezone.now()
        job.save(update_fields=["state", "attempts", "started_at"])
    function: Callable[..., Any] = import_string(JOB_KINDS[job.kind])
    try:
        result = function(job=job, **job.params)
    except Exception as exc:
        now = timezone.now()
        if job.attempts < job.max_attempts:
            retry_at = now + job_backoff(job.attempts)
            Job.objects.filter(pk=job.pk).update(state=JobState.RETRYING, error=_error_text(exc), run_after=retry_at)
            _submit(job.pk, retry_at)
        else:
            Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=_error_text(exc), finished_at=now)
        raise
    Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED, result=result, error="", finished_at=timezone.now())
    return result
