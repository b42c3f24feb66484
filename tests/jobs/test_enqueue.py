"""A silence procedure's deadline becomes a job on the queue when (and only if) its transaction commits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mufakat.documents.models import SilenceProcedure
from mufakat.jobs import services as job_services
from mufakat.jobs.models import Job
from mufakat.jobs.services import job_backoff, job_run
from tests.jobs.conftest import silence_started

T0 = datetime(2024, 7, 23, 11, 0, tzinfo=UTC)
DEADLINE = datetime(2024, 7, 24, 11, 0, tzinfo=UTC)


def test_silence_start_enqueues_its_deadline_job_on_commit(
    drafted, chair_secretariat, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        procedure = silence_started(chair_secretariat, drafted, started=T0, deadline=DEADLINE)
        assert DBTaskResult.objects.count() == 0  # not before the commit
    # The deadline, and the reminder an hour before it (the deadline is only a day away: no 24-hour reminder);
    # on PostgreSQL the live room's NOTIFY is one more callback after the commit, not a job.
    job_submissions = [c for c in callbacks if getattr(c, "func", None) is job_services._submit]
    assert len(job_submissions) == 2
    assert sorted(Job.objects.values_list("kind", "params__which")) == [
        ("silence.deadline", None),
        ("silence.reminder", "1h"),
    ]
    job = Job.objects.get(kind="silence.deadline")
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert (job.kind, job.params, job.series_id, job.enqueued_by_id, job.state, job.run_after) == (
        "silence.deadline",
        {"procedure_id": procedure.pk},
        procedure.version.document.meeting.series_id,
        chair_secretariat.user.pk,
        "queued",
        DEADLINE,
    )
    assert (task.pk, task.task_path, task.args_kwargs, task.run_after, task.status) == (
        job.task_id,
        "mufakat.jobs.tasks.run_job",
        {"args": [str(job.pk)], "kwargs": {}},
        DEADLINE,
        "READY",
    )


def test_silence_start_rolled_back_enqueues_nothing(
    drafted, chair_secretariat, django_capture_on_commit_callbacks
) -> None:
    def start_then_fail() -> None:
        with transaction.atomic():
            silence_started(chair_secretariat, drafted, started=T0, deadline=DEADLINE)
            raise RuntimeError("the request failed after starting silence")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        start_then_fail()
    assert (callbacks, Job.objects.count(), DBTaskResult.objects.count(), SilenceProcedure.objects.count()) == (
        [],
        0,
        0,
        0,
    )


def test_job_run_of_a_finished_job_does_nothing(drafted, chair_secretariat) -> None:
    silence_started(chair_secretariat, drafted, started=T0, deadline=DEADLINE)
    job = Job.objects.get(kind="silence.deadline")
    Job.objects.filter(pk=job.pk).update(state="succeeded", attempts=1, result={"concluded": True})
    assert job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert (job.state, job.attempts, job.result) == ("succeeded", 1, {"concluded": True})


def test_job_backoff_doubles_from_the_base_and_is_capped(settings) -> None:
    settings.MUFAKAT_JOB_BACKOFF_SECONDS = 30
    settings.MUFAKAT_JOB_BACKOFF_MAX_SECONDS = 200
    assert [job_backoff(attempt) for attempt in (1, 2, 3, 4)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=200),
    ]
