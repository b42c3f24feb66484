"""Run the queued jobs here and now, as a worker would, for tests whose data is not committed (a worker's own
connection would not see it): each queued job gets one attempt, in the order queued."""

from __future__ import annotations

from mufakat.jobs.models import Job, JobState
from mufakat.jobs.services import job_run


def run_queued_jobs() -> list[Job]:
    jobs = list(Job.objects.filter(state=JobState.QUEUED).order_by("created_at"))
    for job in jobs:
        job_run(job_id=job.pk)
    return [Job.objects.get(pk=job.pk) for job in jobs]
