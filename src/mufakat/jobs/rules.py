"""Who may read a job: whoever enqueued it, and the chair secretariat of its series."""

from __future__ import annotations

from typing import Any

from mufakat.accounts.rules import viewer_for

from .models import Job


def can_view_job(user: Any, job: Job) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if job.enqueued_by_id is not None and job.enqueued_by_id == user.pk:
        return True
    return job.series is not None and viewer_for(user, job.series).is_chair
