"""Who may read a job, and cancel one: whoever enqueued it, and the chair secretariat of its series."""

from __future__ import annotations

from typing import Any

from mufakat.accounts.rules import SeriesViewer, viewer_for

from .models import Job


def can_view_job(user: Any, job: Job) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if job.enqueued_by_id is not None and job.enqueued_by_id == user.pk:
        return True
    return job.series is not None and viewer_for(user, job.series).is_chair


def can_cancel_job(viewer: SeriesViewer, job: Job) -> bool:
    """`viewer` is the actor in the job's series."""
    if viewer.is_authenticated and job.enqueued_by_id is not None and job.enqueued_by_id == viewer.user.pk:
        return True
    return job.series_id is not None and viewer.series_id == job.series_id and viewer.is_chair
