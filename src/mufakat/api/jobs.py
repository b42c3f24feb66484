"""/api/v1/jobs/{id}: a background job's state, progress, result and error; and cancelling one."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from mufakat.accounts.rules import viewer_for
from mufakat.jobs.models import Job
from mufakat.jobs.selectors import job_for_reader
from mufakat.jobs.services import job_cancel as cancel

from .auth import SIGNED_IN, request_user
from .common import errors, presents_conflict

jobs_router = Router(tags=["jobs"])


class JobOut(Schema):
    id: UUID
    kind: str
    state: str
    series: str | None
    enqueued_by: str | None
    attempts: int
    max_attempts: int
    run_after: datetime | None
    progress: dict[str, Any]
    result: Any
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobStartedOut(JobOut):
    url: str = Field(description="This job in the API: poll it for its state, progress and result.")
    page: str = Field(description="This job's page in the web UI.")


def job_started_out(job: Job) -> JobStartedOut:
    """A job just queued, with where to follow it."""
    return JobStartedOut(
        **job_out(job).model_dump(),
        url=f"/api/v1/jobs/{job.pk}",
        page=reverse("web:job-detail", args=[job.pk]),
    )


@presents_conflict(Job)
def job_in_conflict(request: HttpRequest, job: Job) -> JobStartedOut:
    """A 409 refusing a job because another one is queued or running (a second solve of a series): `current`
    is that job, with where to follow it. Only a chair secretariat is refused so, who may read every job of
    the series."""
    return job_started_out(job)


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        kind=job.kind,
        state=job.state,
        series=job.series.code if job.series else None,
        enqueued_by=job.enqueued_by.username if job.enqueued_by else None,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        run_after=job.run_after,
        progress=job.progress,
        result=job.result,
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@jobs_router.get("/jobs/{job_id}", response={200: JobOut, **errors(401, 404)}, auth=SIGNED_IN)
def job_detail(request: HttpRequest, job_id: str) -> JobOut:
    """A job's state (queued, running, retrying, succeeded, failed), progress, result and, when it failed,
    its error. For whoever enqueued it and the chair secretariat of its series; anyone else gets 404, as does
    an id that is not a UUID."""
    return job_out(job_for_reader(user=request_user(request), job_id=job_id))


@jobs_router.post("/jobs/{job_id}/cancel", response={200: JobOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN)
def job_cancel(request: HttpRequest, job_id: str) -> JobOut:
    """Cancel a queued, waiting or running job (the chair secretariat of its series, or whoever started it;
    only kinds that can stop, such as `bilaterals.solve`). A running solve stops at its next check, within
    about a second, and saves no draft; its `finished_at` is set once it has stopped. A finished job is 400."""
    user = request_user(request)
    job = job_for_reader(user=user, job_id=job_id)
    cancel(actor=viewer_for(user, job.series), job=job)
    return job_out(job_for_reader(user=user, job_id=job_id))
