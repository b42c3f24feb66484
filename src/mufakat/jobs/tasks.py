"""The one task on the queue: run an attempt of a Job (its kind decides what it does)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .services import job_run


@task()
def run_job(job_id: str) -> Any:
    return job_run(job_id=job_id)
