from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from mufakat.core.errors import NotFound

from .models import Job
from .rules import can_view_job


def job_for_reader(*, user: Any, job_id: UUID | str) -> Job:
    """The job, if this user may read it. One answer for "no such job" and "not yours", so ids reveal nothing."""
    job = Job.objects.select_related("series", "enqueued_by").filter(pk=job_id).first()
    if job is None or not can_view_job(user, job):
        raise NotFound(_("no job with id %(job_id)s.") % {"job_id": job_id}, field="job_id")
    return job
