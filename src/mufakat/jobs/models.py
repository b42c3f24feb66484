from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    RETRYING = "retrying", _("waiting to retry")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


# States after which a job never runs again.
FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)


# What each kind of job is called on its page; a kind without a label shows its code.
JOB_KIND_LABELS = {
    "silence.deadline": _("Silence procedure deadline"),
    "silence.reminder": _("Silence procedure reminder"),
    "bilaterals.solve": _("Bilateral schedule solve"),
    "notifications.deliver": _("Sending a notice by e-mail"),
    "notifications.digest": _("Sending a daily digest"),
}


class Job(models.Model):
    """One piece of background work and what became of it. Its attempts are tasks on the queue
    (django_tasks_db's DBTaskResult rows); `task_id` is the latest one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    series = models.ForeignKey("meetings.Series", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    enqueued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    run_after = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    progress = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "state"])]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def kind_label(self) -> str:
        return str(JOB_KIND_LABELS.get(self.kind, self.kind))
