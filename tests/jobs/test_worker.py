"""`mufakat worker` and its loop: deadlines concluded exactly once however many workers run and however late
they come back; failed jobs retried with back-off, then shown failed with their error. The data is committed
for real (as in tests/races) so the workers' own connections see it; run on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mufakat.accounts.models import AuditEvent
from mufakat.cli import main
from mufakat.documents.models import SilenceProcedure
from mufakat.jobs.models import Job
from mufakat.jobs.services import job_enqueue
from mufakat.jobs.tasks import run_job
from mufakat.jobs.worker import WorkerLoop
from mufakat.notifications.models import Notice
from tests.jobs.conftest import past_silence, silence_started
from tests.races.conftest import race
from tests.web.pages import parse


@pytest.fixture(autouse=True)
def _committed(transactional_db: None) -> None:
    """The workers' connections must see the test's rows: commit them."""


def _conclusions(procedure: SilenceProcedure) -> int:
    return AuditEvent.objects.filter(action="silence.conclude", object_id=str(procedure.pk)).count()


def _silence_notices(procedure: SilenceProcedure) -> dict[str, int]:
    notices = Notice.objects.filter(object_type="documents.silenceprocedure", object_id=str(procedure.pk))
    return dict(Counter(notices.values_list("kind", flat=True)))


def _status(procedure: SilenceProcedure) -> str:
    return SilenceProcedure.objects.get(pk=procedure.pk).status


def test_deadline_job_delivered_twice_to_two_workers_concludes_once(drafted, chair_secretariat) -> None:
    procedure = past_silence(chair_secretariat, drafted)
    job = Job.objects.get(kind="silence.deadline")
    run_job.enqueue(str(job.pk))  # the same job delivered a second time: a re-run must not conclude again

    race(2, lambda i: WorkerLoop(once=True, sweeps=False, worker_id=f"worker-{i}").run())

    assert (_conclusions(procedure), _status(procedure), Job.objects.get(kind="silence.deadline").state) == (
        1,
        "held",
        "succeeded",
    )
    deadline_tasks = DBTaskResult.objects.filter(args_kwargs__args__0=str(job.pk))
    assert sorted(deadline_tasks.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]
    assert _silence_notices(procedure) == {"silence.started": 1, "silence.held": 1}


def test_two_workers_with_their_sweeps_conclude_a_deadline_once(drafted, chair_secretariat) -> None:
    procedure = past_silence(chair_secretariat, drafted)

    loops = [WorkerLoop(once=True, worker_id=f"worker-{i}") for i in range(2)]
    race(2, lambda i: loops[i].run())

    assert (_conclusions(procedure), _status(procedure), Job.objects.get(kind="silence.deadline").state) == (
        1,
        "held",
        "succeeded",
    )
    assert sum(loop.tasks_run for loop in loops) == 3  # the deadline and its two reminders, run once each
    assert _silence_notices(procedure) == {"silence.started": 1, "silence.held": 1}
    held = SilenceProcedure.objects.get(pk=procedure.pk)
    assert (held.concluded_at, held.version.document.status) == (procedure.deadline, "cleared")


def test_worker_down_at_the_deadline_concludes_once_when_it_comes_back(drafted, chair_secretariat, capsys) -> None:
    procedure = past_silence(chair_secretariat, drafted)  # the deadline passed an hour ago; no worker ran
    assert (_status(procedure), Job.objects.get(kind="silence.deadline").state) == ("running", "queued")

    assert main(["worker", "--once"]) == 0
    # The deadline job and the two reminder jobs, which find the deadline passed and remind no one.
    assert capsys.readouterr().out == ("worker stopped: 3 job(s) run, 0 overdue deadline(s) concluded by the sweep.\n")
    job = Job.objects.get(kind="silence.deadline")
    assert (job.state, job.attempts, job.result, job.error) == (
        "succeeded",
        1,
        {"procedure_id": procedure.pk, "concluded": True, "status": "held"},
        "",
    )

    assert main(["worker", "--once"]) == 0  # and again: nothing left to do
    assert capsys.readouterr().out == ("worker stopped: 0 job(s) run, 0 overdue deadline(s) concluded by the sweep.\n")
    assert (_conclusions(procedure), _status(procedure)) == (1, "held")
    assert _silence_notices(procedure) == {"silence.started": 1, "silence.held": 1}
    assert set(Job.objects.filter(kind="silence.reminder").values_list("result__sent", flat=True)) == {False}


def test_a_deadline_whose_task_was_lost_is_concluded_by_the_sweep(drafted, chair_secretariat, capsys) -> None:
    procedure = past_silence(chair_secretariat, drafted)
    DBTaskResult.objects.all().delete()  # the process died between the commit and the enqueue

    assert main(["worker", "--once"]) == 0
    assert capsys.readouterr().out == (
        f"silence procedure {procedure.pk} concluded by the sweep: {_held(procedure).result}\n"
        "worker stopped: 0 job(s) run, 1 overdue deadline(s) concluded by the sweep.\n"
    )
    assert (_conclusions(procedure), _status(procedure)) == (1, "held")


def _held(procedure: SilenceProcedure) -> SilenceProcedure:
    return SilenceProcedure.objects.get(pk=procedure.pk)


def test_a_deadline_job_does_not_run_before_the_deadline(drafted, chair_secretariat) -> None:
    now = timezone.now()
    procedure = silence_started(
        chair_secretariat, drafted, started=now - timedelta(hours=1), deadline=now + timedelta(hours=2)
    )
    loop = WorkerLoop(once=True)
    loop.run()
    assert (loop.tasks_run, loop.concluded, _status(procedure), Job.objects.get(kind="silence.deadline").state) == (
        0,
        0,
        "running",
        "queued",
    )


def _move_due_tasks_to_now() -> None:
    """As if the back-off had elapsed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_failing_job_is_retried_with_backoff_then_failed_visible_to_the_chair_not_a_partner(
    failing_kind, amm_57, member_focal_point, persona_client, settings
) -> None:
    chair_secretariat_client, partner_delegate_client = (
        persona_client("chair_secretariat"),
        persona_client("partner_delegate"),
    )
    settings.MUFAKAT_JOB_BACKOFF_SECONDS = 60
    job = job_enqueue(
        kind=failing_kind,
        params={"message": "the mail server refused: 554"},
        series_id=amm_57.pk,
        enqueued_by=member_focal_point.user,
        max_attempts=3,
    )
    backoffs = []
    for attempt in (1, 2):
        before = timezone.now()
        WorkerLoop(once=True, sweeps=False).run()
        job.refresh_from_db()
        assert (job.state, job.attempts, job.error) == (
            "retrying",
            attempt,
            "RuntimeError: the mail server refused: 554",
        )
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == job.run_after
        backoffs.append(round((job.run_after - before).total_seconds() / 60))
        WorkerLoop(once=True, sweeps=False).run()  # not due yet: nothing runs
        assert Job.objects.get(pk=job.pk).attempts == attempt
        _move_due_tasks_to_now()
    assert backoffs == [1, 2]  # minutes: 60 s, then doubled

    WorkerLoop(once=True, sweeps=False).run()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error, job.finished_at is not None) == (
        "failed",
        3,
        "RuntimeError: the mail server refused: 554",
        True,
    )
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3

    body = chair_secretariat_client.get(f"/api/v1/jobs/{job.pk}").json()
    assert {key: body[key] for key in ("id", "kind", "state", "series", "enqueued_by", "attempts", "error")} == {
        "id": str(job.pk),
        "kind": "test.always_fails",
        "state": "failed",
        "series": "amm-57",
        "enqueued_by": member_focal_point.user.username,
        "attempts": 3,
        "error": "RuntimeError: the mail server refused: 554",
    }
    page = chair_secretariat_client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    assert "Failed: it was not retried again" in page.text
    assert "RuntimeError: the mail server refused: 554" in page.text

    refused = partner_delegate_client.get(f"/api/v1/jobs/{job.pk}")
    assert (refused.status_code, refused.json()) == (
        404,
        {"detail": f"no job with id {job.pk}.", "field": "job_id", "record": None},
    )
    hidden = partner_delegate_client.get(f"/jobs/{job.pk}/")
    assert (hidden.status_code, parse(hidden).find(id="reason").text) == (404, f"no job with id {job.pk}.")


def test_worker_interval_must_be_positive(capsys) -> None:
    assert main(["worker", "--interval", "0"]) == 2
    assert capsys.readouterr().err == "error: field '--interval': must be a positive number of seconds.\n"


def test_two_workers_with_their_sweeps_send_a_due_reminder_once(drafted, chair_secretariat) -> None:
    """Back 30 minutes before a deadline (no worker ran for two days): the 1-hour reminder goes out once, however
    many workers and sweeps try; the 24-hour one, overtaken, not at all."""
    now = timezone.now()
    procedure = silence_started(
        chair_secretariat, drafted, started=now - timedelta(days=2), deadline=now + timedelta(minutes=30)
    )

    loops = [WorkerLoop(once=True, worker_id=f"worker-{i}") for i in range(2)]
    race(2, lambda i: loops[i].run())

    assert _silence_notices(procedure) == {"silence.started": 1, "silence.reminder": 1}
    reminder = Notice.objects.get(kind="silence.reminder")
    assert (reminder.key, sorted(reminder.notifications.values_list("user__username", flat=True))) == (
        f"silence:{procedure.pk}:reminder:1h",
        ["vn.focal"],
    )
    assert _status(procedure) == "running"


def test_the_sweep_requeues_a_job_left_running_by_a_dead_worker(drafted, chair_secretariat, settings) -> None:
    settings.MUFAKAT_JOB_STALE_SECONDS = 900
    procedure = past_silence(chair_secretariat, drafted)
    Job.objects.exclude(kind="silence.deadline").delete()  # its reminders, overtaken, play no part here
    DBTaskResult.objects.exclude(pk__in=Job.objects.values("task_id")).delete()
    job = Job.objects.get()
    # A worker claimed the task and died mid-run a while ago: its task and the job still say running.
    DBTaskResult.objects.update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, started_at=timezone.now() - timedelta(hours=1))

    lines: list[str] = []
    first = WorkerLoop(once=True, report=lines.append)
    first.run()
    job.refresh_from_db()
    assert (first.tasks_run, first.reaped, job.state, job.attempts) == (0, 1, "retrying", 1)
    assert job.error == "the worker running attempt 1 stopped without finishing it (still running after 900 s)."
    assert lines[-1] == f"job {job.pk} (silence.deadline) left running by a dead worker: retrying"

    second = WorkerLoop(once=True, sweeps=False)
    second.run()
    job.refresh_from_db()
    assert (second.tasks_run, job.state, job.attempts, job.error) == (1, "succeeded", 2, "")
    assert (_conclusions(procedure), _status(procedure)) == (1, "held")  # by the sweep, once
