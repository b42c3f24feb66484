"""Issue 6's browser test: the chair secretariat logs in, solves the AMM-57 bilaterals (a job, run by a worker
beside the server) and sees the draft as a day × room grid, every meeting in its room's column; on a phone the
grid becomes a list that never scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e

ROOMS = ["Bilateral Room 1", "Bilateral Room 2", "Bilateral Room 3", "Champa Room"]


@pytest.fixture
def bilaterals_data(demo_data: None) -> None:
    """The demo, its delegations and accounts, the programme releases and the bilateral requests (unsolved)."""
    from mufakat.demo.bilaterals import bilaterals_demo_load
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.programme import programme_demo_load

    delegations_demo_load()
    programme_demo_load()
    bilaterals_demo_load(solve=False)


def test_chair_solves_and_sees_the_grid_with_rooms_as_columns(
    page: Any, live_server: Any, bilaterals_data: None, worker: Any
) -> None:
    from playwright.sync_api import expect

    log_in(page, live_server.url, "lao.chair")
    page.goto(f"{live_server.url}/series/amm-57/")
    page.locator("nav.series-nav").get_by_role("link", name="Bilaterals").click()
    page.get_by_role("link", name="Schedule").click()
    assert page.locator("#no-schedule").inner_text() == "No schedule yet: solve to make a draft."

    page.get_by_label("Time limit (seconds)").fill("10")
    with page.expect_navigation():
        page.locator("#solve-form").get_by_role("button", name="Solve").click()

    # The solve runs as a job in the worker beside the server; the page reloads itself until it is done.
    expect(page.locator("#schedule-title")).to_have_text("Draft schedule 1", timeout=60_000)
    assert page.locator("#solve-job-result").inner_text().startswith("Draft schedule 1: ")
    thursday = page.locator("#day-2024-07-25")
    rooms = thursday.locator(".tt-room")
    assert rooms.all_inner_texts() == ROOMS
    headers = [rooms.nth(i).bounding_box() for i in range(len(ROOMS))]
    blocks = thursday.locator("a.tt-block")
    assert blocks.count() > 0
    for index in range(blocks.count()):
        block = blocks.nth(index)
        box = block.bounding_box()
        room = block.locator(".tt-place").inner_text()
        header = headers[ROOMS.index(room)]
        # Each meeting sits in its room's column, below the header row.
        assert header["x"] <= box["x"] < header["x"] + header["width"]
        assert box["y"] >= header["y"] + header["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "bilaterals-grid-desktop.png")


def test_bilateral_grid_on_a_phone_is_a_list(phone_page: Any, live_server: Any, bilaterals_data: None) -> None:
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.bilaterals.services import bilateral_schedule_solve
    from mufakat.meetings.models import Series

    series = Series.objects.get(code="amm-57")
    bilateral_schedule_solve(actor=viewer_for(User.objects.get(username="lao.chair"), series), series=series)
    log_in(phone_page, live_server.url, "lao.chair")
    phone_page.goto(f"{live_server.url}/series/amm-57/bilaterals/schedule/#day-2024-07-25")

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the bilateral grid is {width}px wide on a 390px phone: it scrolls sideways"
    thursday = phone_page.locator("#day-2024-07-25")
    assert thursday.locator(".tt-room").first.is_visible() is False
    blocks = thursday.locator("a.tt-block")
    boxes = [blocks.nth(i).bounding_box() for i in range(min(blocks.count(), 5))]
    assert len({round(box["x"]) for box in boxes}) == 1
    assert thursday.locator(".tt-place").first.is_visible() is True
    screenshot(phone_page, "bilaterals-grid-phone.png")


def test_compact_days_fit_a_phone(phone_page: Any, live_server: Any, bilaterals_data: None) -> None:
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.bilaterals.services import bilateral_schedule_solve
    from mufakat.meetings.models import Series

    series = Series.objects.get(code="amm-57")
    schedule = bilateral_schedule_solve(
        actor=viewer_for(User.objects.get(username="lao.chair"), series), series=series, time_limit=10
    ).schedule
    log_in(phone_page, live_server.url, "lao.chair")
    phone_page.goto(f"{live_server.url}/series/amm-57/bilaterals/schedule/#compactness")

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the compact days are {width}px wide on a 390px phone: they scroll sideways"
    assert phone_page.locator("#figure-idle-gaps").inner_text() == str(sum(schedule.gaps_by_principal.values()))
    strip = phone_page.locator(".day-strip").first
    box = strip.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    # Every segment lies inside its strip.
    for segment in strip.locator(".seg").all():
        inner = segment.bounding_box()
        assert inner is not None
        assert box["x"] - 1 <= inner["x"]
        assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 1
    screenshot(phone_page, "bilaterals-compact-days-phone.png")
