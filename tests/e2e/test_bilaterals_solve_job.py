"""Issue 14's browser test: the chair secretariat starts a solve from the schedule page; the page answers at once
with the job queued, then, while a worker runs it, shows its progress (phase, best weight, bound, gap) by
reloading itself, and finally the new draft."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot
from tests.e2e.test_bilaterals_grid import bilaterals_data

pytestmark = pytest.mark.e2e

__all__ = ["bilaterals_data"]


def test_chair_starts_a_solve_and_the_page_follows_the_job_to_the_draft(
    page: Any, live_server: Any, bilaterals_data: None, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    log_in(page, live_server.url, "lao.chair")
    page.goto(f"{live_server.url}/series/amm-57/bilaterals/schedule/")
    page.get_by_label("Time limit (seconds)").fill("10")
    with page.expect_navigation():
        page.locator("#solve-form").get_by_role("button", name="Solve").click()

    # No worker yet: the request came back at once, with the job waiting for one.
    assert page.locator("li.message").inner_text() == (
        "Solving in the background (at most 10 seconds); this page shows how far it got."
    )
    assert page.locator("#solve-job-state").inner_text() == "queued"
    assert page.locator("#solve-job-phase").inner_text() == "waiting for a worker"
    assert page.locator("#solve-cancel-form").get_by_role("button").inner_text() == "Cancel the solve"
    # While it runs, Solve waits, and says so; the time limit asked for stays in the form.
    expect(page.locator("#solve-form").get_by_role("button", name="Solve")).to_be_disabled()
    assert page.locator("#solve-busy").inner_text() == (
        "You can solve again once the solve below has finished, or after you cancel it."
    )
    assert page.get_by_label("Time limit (seconds)").input_value() == "10"
    screenshot(page, "bilaterals-solve-queued.png")

    request.getfixturevalue("worker")  # a worker starts; the page reloads itself every 2 s meanwhile
    expect(page.locator("#solve-job-state")).to_have_text("succeeded", timeout=60_000)

    result = page.locator("#solve-job-result").inner_text()
    assert result.startswith("Draft schedule 1: ")
    assert result.endswith(" of 40 requests placed. See the draft")
    best = page.locator("#solve-best").inner_text()
    assert page.locator("#figure-weight").inner_text() == best
    assert page.locator("#solve-bound").inner_text() == page.locator("#figure-bound").inner_text()
    assert page.locator("#solve-gap").inner_text().endswith(" %")
    assert page.locator("#schedule-title").inner_text() == "Draft schedule 1"
    assert page.locator("#solve-cancel-form").count() == 0
    expect(page.locator("#solve-form").get_by_role("button", name="Solve")).to_be_enabled()
    assert page.locator("#solve-job-progress dt").first.inner_text() == "Ran for"
    screenshot(page, "bilaterals-solve-done.png")
