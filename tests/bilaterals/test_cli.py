"""`mufakat bilaterals schedule --series S [--time-limit S] [--publish] [--as USER] [--background]` on the AMM-57
requests."""

from __future__ import annotations

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.bilaterals.models import BilateralSchedule
from mufakat.cli import main
from mufakat.jobs.models import Job
from mufakat.meetings.models import Series
from tests.jobs.run import run_queued_jobs


def test_schedule_prints_progress_and_a_summary(
    bilateral_requests_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bilaterals", "schedule", "--series", "amm-57", "--time-limit", "10"])

    out = capsys.readouterr().out.splitlines()
    schedule = BilateralSchedule.objects.get(series=bilateral_requests_demo)
    placed = schedule.assignments.count()
    assert code == 0
    assert out[0] == "solving the bilaterals of amm-57 (time limit 10 s)"
    assert out[1] == (
        "  40 accepted request(s), 27 principal(s), 4 room(s), 5 day(s); 0 request(s) left out as entered."
    )
    summary = next(line for line in out if line.startswith("draft schedule 1: "))
    assert summary.startswith(f"draft schedule 1: {placed} of 40 requests scheduled; weight {schedule.objective:g}, ")
    assert f"greedy baseline weight {schedule.greedy_objective:g}" in summary
    assert f"{schedule.seconds:.1f} s used of a 10 s limit); greedy baseline" in summary
    assert len([line for line in out if line.startswith("  not scheduled: request ")]) == 40 - placed
    assert schedule.status == "draft"


def test_schedule_publish_as_the_chair(bilateral_requests_demo: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bilaterals", "schedule", "--series", "amm-57", "--publish", "--as", "lao.chair"])

    assert code == 0
    assert capsys.readouterr().out.splitlines()[-1] == "schedule 1 published."
    assert BilateralSchedule.objects.get(series=bilateral_requests_demo).status == "published"
    assert AuditEvent.objects.get(action="bilateral_schedule.publish").actor_username == "lao.chair"


def test_schedule_as_someone_not_the_chair_is_refused(
    bilateral_requests_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bilaterals", "schedule", "--series", "amm-57", "--as", "jp.delegate"])

    assert (code, capsys.readouterr().err) == (2, "error: only the chair secretariat schedules bilaterals.\n")
    assert BilateralSchedule.objects.count() == 0


def test_schedule_in_the_background_queues_a_job_as_the_chair(
    bilateral_requests_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["bilaterals", "schedule", "--series", "amm-57", "--time-limit", "20", "--background", "--as", "lao.chair"]
    )

    job = Job.objects.get()
    assert (code, capsys.readouterr().out) == (
        0,
        f"solve of amm-57 queued as job {job.pk} (time limit 20 s); a worker (`mufakat worker`, or the one "
        f"`mufakat serve` starts) runs it: /jobs/{job.pk}/\n",
    )
    assert (job.kind, job.params, job.enqueued_by.username, BilateralSchedule.objects.count()) == (
        "bilaterals.solve",
        {"series_id": bilateral_requests_demo.pk, "time_limit": 20.0},
        "lao.chair",
        0,
    )
    [done] = run_queued_jobs()
    assert (done.state, done.result["number"]) == ("succeeded", 1)


def test_schedule_in_the_background_cannot_publish_what_is_not_solved_yet(
    bilateral_requests_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bilaterals", "schedule", "--series", "amm-57", "--background", "--publish"])

    assert (code, capsys.readouterr().err) == (
        2,
        "error: field '--publish': cannot publish a draft that a worker has yet to make; publish it when the job "
        "has succeeded.\n",
    )
    assert Job.objects.count() == 0
