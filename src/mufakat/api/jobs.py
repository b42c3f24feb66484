"""/api/v1/jobs/{id}: a background job's state, progress, result and error."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from mufakat.jobs.models import Job
from mufakat.jobs.selectors import job_for_reader

from .auth import SIGNED_IN, request_user
from .common import errors

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
def job_detail(request: HttpRequest, job_id: UUID) -> JobOut:
    """A job's state (queued, running, retrying, succeeded, failed), progress, result and, when it failed,
    its error. For whoever enqueued it and the chair secretariat of its series; anyone else gets 404."""
    return job_out(job_for_reader(user=request_user(request), job_id=job_id))
