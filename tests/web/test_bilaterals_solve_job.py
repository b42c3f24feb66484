"""The schedule page follows a solve that runs as a background job (issue 14): queued, then its phase and figures
while it runs (the page reloads itself until it is done), then the new draft, or its error, or its cancel; the
cancel buttons on the schedule page and on the job's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralSchedule
from mufakat.bilaterals.services import bilateral_solve_start
from mufakat.jobs.models import Job, JobState
from mufakat.jobs.services import job_progress
from mufakat.meetings.models import Series
from mufakat.web.bilaterals import solving
from tests.jobs.run import run_queued_jobs
from tests.web.pages import Element
from tests.web.pages import html_page as _page

SCHEDULE = "/series/amm-57/bilaterals/schedule/"


def _refresh(page: Element) -> str | None:
    refresh = [meta.attrs["content"] for meta in page.find_all("meta") if meta.attrs.get("http-equiv") == "refresh"]
    return refresh[0] if refresh else None


def test_the_page_shows_the_running_solve_its_phase_and_figures_and_reloads_itself(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=30)
    queued = _page(chair_secretariat_client.get(SCHEDULE))
    assert (queued.find(id="solve-job-state").text, queued.find(id="solve-job-phase").text, _refresh(queued)) == (
        "queued",
        "waiting for a worker",
        "2",
    )

    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1, started_at=timezone.now())
    job_progress(
        job_id=job.pk,
        progress={
            "phase": "solving",
            "time_limit": 30.0,
            "seconds": 12.3,
            "best_weight": 151.0,
            "bound": 160.0,
            "gap": 0.05625,
        },
    )
    running = _page(chair_secretariat_client.get(SCHEDULE))

    assert running.find(id="solve-job-state").text == "running"
    assert running.find(id="solve-job-phase").text == "solving"
    assert [running.find(id=key).text for key in ("solve-seconds", "solve-best", "solve-bound", "solve-gap")] == [
        "12.3 s of at most 30 s",
        "151",
        "160",
        "5.63 %",
    ]
    assert running.find("form", id="solve-cancel-form").attrs["action"] == f"/jobs/{job.pk}/cancel/"
    assert _refresh(running) == "2"


def test_the_page_shows_the_new_draft_once_the_job_is_done_and_stops_reloading(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    run_queued_jobs()

    page = _page(chair_secretariat_client.get(SCHEDULE))

    draft = BilateralSchedule.objects.get(series=bilateral_requests_demo)
    assert page.find(id="solve-job-state").text == "succeeded"
    assert page.find(id="solve-job-result").text == (
        f"Draft schedule 1: {draft.assignments.count()} of 40 requests placed. See the draft"
    )
    assert page.find(id="solve-best").text == f"{draft.objective:g}"
    assert page.find(id="schedule-title").text == "Draft schedule 1"
    assert (_refresh(page), page.find_all("form", id="solve-cancel-form")) == (None, [])


def test_chair_cancels_the_solve_from_the_schedule_page(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)

    response = chair_secretariat_client.post(f"/jobs/{job.pk}/cancel/", {"next": SCHEDULE})
    assert (response.status_code, response["Location"]) == (302, SCHEDULE)
    run_queued_jobs()
    page = _page(chair_secretariat_client.get(SCHEDULE))

    assert page.texts("li", cls="message") == [
        "The job is cancelled; a running solve stops within a few seconds and saves nothing."
    ]
    assert (page.find(id="solve-job-state").text, page.find(id="solve-job-cancelled").text) == (
        "cancelled",
        "Cancelled: no draft was saved.",
    )
    assert BilateralSchedule.objects.count() == 0


def test_a_second_solve_is_refused_on_the_page_while_one_is_queued_with_a_link_to_it(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    response = chair_secretariat_client.post(SCHEDULE + "solve/", {"time_limit": "10"})
    page = _page(chair_secretariat_client.get(response["Location"]))

    assert page.texts("li", cls="message") == [
        "A solve of 57th ASEAN Foreign Ministers' Meeting and Related Meetings is already queued; wait for it or "
        "cancel it first. The job's page"
    ]
    assert page.find("a", id="running-solve-link").attrs["href"] == f"/jobs/{job.pk}/"
    assert Job.objects.filter(kind="bilaterals.solve").count() == 1


def test_the_solve_button_is_disabled_while_a_solve_runs_and_says_why(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    running = _page(chair_secretariat_client.get(SCHEDULE))
    Job.objects.filter(pk=job.pk).update(state=JobState.CANCELLED, finished_at=timezone.now())
    after = _page(chair_secretariat_client.get(SCHEDULE))

    button = running.find("form", id="solve-form").find("button")
    assert (button.attrs.get("disabled"), button.attrs["aria-describedby"], running.find(id="solve-busy").text) == (
        "",
        "solve-busy",
        "You can solve again once the solve below has finished, or after you cancel it.",
    )
    again = after.find("form", id="solve-form").find("button")
    assert ("disabled" in again.attrs, after.find_all(id="solve-busy")) == (False, [])


def test_the_solve_form_keeps_the_time_limit_last_used(
    chair_secretariat_client: Client, bilateral_requests_demo: Series
) -> None:
    before = _page(chair_secretariat_client.get(SCHEDULE)).find("input", id="id_time_limit").attrs["value"]
    chair_secretariat_client.post(SCHEDULE + "solve/", {"time_limit": "30"})

    after = _page(chair_secretariat_client.get(SCHEDULE)).find("input", id="id_time_limit").attrs["value"]

    assert (before, after) == ("20", "30")


def test_a_failed_solve_shows_its_error_to_the_chair(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, attempts=5, error="RuntimeError: HiGHS ran out of memory", finished_at=timezone.now()
    )

    page = _page(chair_secretariat_client.get(SCHEDULE))

    assert page.find(id="solve-job-error").text == (
        "The solve failed and was not retried again; no draft was saved. RuntimeError: HiGHS ran out of memory"
    )


def test_job_page_has_a_cancel_button_for_the_chair_and_names_the_schedule(
    chair_secretariat_client: Client,
    asean_secretariat: SeriesViewer,
    bilateral_requests_demo: Series,
    chair_secretariat: SeriesViewer,
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)

    page = _page(chair_secretariat_client.get(f"/jobs/{job.pk}/"))
    assert page.find("form", id="job-cancel-form").attrs["action"] == f"/jobs/{job.pk}/cancel/"
    assert (page.find("a", cls="subject").text, page.find("a", cls="subject").attrs["href"]) == (
        "The bilateral schedule of 57th ASEAN Foreign Ministers' Meeting and Related Meetings",
        SCHEDULE,
    )

    response = chair_secretariat_client.post(f"/jobs/{job.pk}/cancel/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/jobs/{job.pk}/"
    cancelled = _page(chair_secretariat_client.get(f"/jobs/{job.pk}/"))
    assert (cancelled.find(id="job-cancelled").text, cancelled.find_all("form", id="job-cancel-form")) == (
        "Cancelled: it stopped without saving anything.",
        [],
    )


def _progress_rows(client: Client, job: Job) -> list[tuple[str, str]]:
    progress = _page(client.get(f"/jobs/{job.pk}/")).find("dl", cls="progress")
    return list(zip(progress.texts("dt"), progress.texts("dd"), strict=True))


RUNNING = {"phase": "solving", "time_limit": 120.0, "seconds": 13.5, "best_weight": 114.0, "bound": 114.0, "gap": 0.0}


def test_job_page_names_the_solves_figures(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=30)
    job_progress(
        job_id=job.pk,
        progress={"phase": "building", "time_limit": 30.0, "seconds": 1.5, "best_weight": 12.0, "bound": None},
    )

    assert _progress_rows(chair_secretariat_client, job) == [
        ("Phase", "reading the requests and building the model"),
        ("Time limit (seconds)", "30"),
        ("Running for", "1.5 s"),
        ("Best weight so far", "12"),
        ("Proven bound", "—"),
    ]


def test_job_page_in_vietnamese_writes_the_figures_for_the_language_and_the_gap_in_percent(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=120)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1, started_at=timezone.now())
    job_progress(job_id=job.pk, progress=RUNNING | {"bound": 120.5, "gap": 0.05})
    chair_secretariat_client.cookies["django_language"] = "vi"

    page = _page(chair_secretariat_client.get(f"/jobs/{job.pk}/"))
    rows = _progress_rows(chair_secretariat_client, job)

    assert page.find("h1").text == "Tác vụ nền: Xếp lịch gặp song phương"
    # The first row, "Phase", waits for its Vietnamese in the catalogue.
    assert rows[1:] == [
        ("Giới hạn thời gian (giây)", "120"),
        ("Thời gian đã chạy", "13,5 giây"),
        ("Trọng số tốt nhất đến nay", "114"),
        ("Cận đã chứng minh", "120,5"),
        ("Chênh lệch", "5,00 %"),
    ]


def test_job_page_of_a_cancelled_solve_says_how_long_it_ran_and_no_phase(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=120)
    started = timezone.now()
    job_progress(job_id=job.pk, progress=RUNNING)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.CANCELLED, attempts=1, started_at=started, finished_at=started + timedelta(seconds=14.2)
    )

    page = _page(chair_secretariat_client.get(f"/jobs/{job.pk}/"))

    assert page.find("dd", id="job-ran-for").text == "14.2 s"
    assert _progress_rows(chair_secretariat_client, job) == [
        ("Time limit (seconds)", "120"),
        ("Best weight so far", "114"),
        ("Proven bound", "114"),
        ("Gap", "0.00 %"),
    ]


def test_job_page_of_a_finished_solve_shows_its_draft_and_figures(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    run_queued_jobs()

    page = _page(chair_secretariat_client.get(f"/jobs/{job.pk}/"))

    draft = BilateralSchedule.objects.get(series=bilateral_requests_demo)
    result = page.find("dl", cls="result")
    assert page.find(id="job-result-summary").text == (
        f"Draft schedule 1: {draft.assignments.count()} of 40 requests placed. See the draft"
    )
    assert list(zip(result.texts("dt"), result.texts("dd"), strict=True)) == [
        ("Scheduled weight", f"{draft.objective:g}"),
        ("Proven bound", f"{draft.bound:g}"),
        ("Gap", f"{draft.gap * 100:.2f} %"),
        ("Idle gaps", f"{draft.gaps}"),
        ("Proven fewest idle gaps", f"{draft.gaps_bound}"),
        ("Worst principal's idle gaps", f"{max(draft.gaps_by_principal.values())}"),
        ("Solver", draft.solver_status_label),
    ]
    assert [label for label, _ in _progress_rows(chair_secretariat_client, job)] == [
        "Time limit (seconds)",
        "Best weight so far",
        "Proven bound",
        "Gap",
    ]


def test_the_schedule_page_says_how_long_a_cancelled_solve_ran(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    job = bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=120)
    started = timezone.now()
    job_progress(job_id=job.pk, progress=RUNNING)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.CANCELLED, attempts=1, started_at=started, finished_at=started + timedelta(seconds=14.2)
    )

    panel = _page(chair_secretariat_client.get(SCHEDULE)).find("dl", id="solve-job-progress")

    assert list(zip(panel.texts("dt"), panel.texts("dd"), strict=True)) == [
        ("Ran for", "14.2 s of at most 120 s"),
        ("Best weight so far", "114"),
        ("Proven bound", "114"),
        ("Gap", "0.00 %"),
    ]


def test_a_solve_finishing_while_the_page_is_read_shows_its_draft(
    chair_secretariat_client: Client,
    bilateral_requests_demo: Series,
    chair_secretariat: SeriesViewer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The job finishes (saving its draft in the same transaction) between two reads of one page view. Read
    schedules first, then the job, the page said "succeeded" beside "No schedule yet" and stopped reloading."""
    bilateral_solve_start(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)
    real_latest = solving.bilateral_solve_job_latest

    def finish_then_read(*, series: Series) -> Job | None:
        run_queued_jobs()  # the worker finishes just before the page reads the job
        return real_latest(series=series)

    monkeypatch.setattr(solving, "bilateral_solve_job_latest", finish_then_read)
    page = _page(chair_secretariat_client.get(SCHEDULE))

    assert page.find(id="solve-job-state").text == "succeeded"
    assert page.find(id="schedule-title").text == "Draft schedule 1"
