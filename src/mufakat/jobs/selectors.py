from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from mufakat.core.errors import NotFound

from .models import Job
from .rules import can_view_job


def job_for_reader(*, user: Any, job_id: UUID | str) -> Job:
    """The job, if this user may read it. One answer for "no such job", "not yours" and an id that is no UUID
    at all (a typed path parameter would answer that with its own 422), so ids reveal nothing."""
    try:
        pk = job_id if isinstance(job_id, UUID) else UUID(str(job_id))
    except ValueError:
        pk = None
    job = Job.objects.select_related("series__venue", "enqueued_by").filter(pk=pk).first() if pk is not None else None
    if job is None or not can_view_job(user, job):
        raise NotFound(_("no job with id %(job_id)s.") % {"job_id": job_id}, field="job_id")
    return job
