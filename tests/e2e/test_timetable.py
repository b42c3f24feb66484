"""The programme timetable in a browser: a day × room grid on a desktop, one list per day on a phone that
never scrolls sideways, day tabs (timetable.js), and a delegation's week on a phone."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e

SATURDAY = "/series/amm-57/programme/#day-2024-07-27"


@pytest.fixture
def programme_data(demo_data: None) -> None:
    """The demo, its delegations and accounts, and the AMM-57 programme releases v1 and v2."""
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.programme import programme_demo_load

    delegations_demo_load()
    programme_demo_load()


def test_timetable_on_a_phone_is_a_list_that_never_scrolls_sideways(
    phone_page: Any, live_server: Any, programme_data: None
) -> None:
    phone_page.goto(f"{live_server.url}{SATURDAY}")

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the timetable is {width}px wide on a 390px phone: it scrolls sideways"
    saturday = phone_page.locator("#day-2024-07-27")
    assert (saturday.is_visible(), phone_page.locator("#day-2024-07-26").is_visible()) == (True, False)
    assert saturday.locator(".tt-room").first.is_visible() is False
    blocks = saturday.locator("a.tt-block")
    assert blocks.count() == 5
    press = blocks.nth(4)
    assert press.locator(".tt-time").inner_text() == "18:30–19:15"
    assert press.locator(".tt-place").inner_text() == "Press Centre"
    boxes = [blocks.nth(i).bounding_box() for i in range(5)]
    # One card under the other, each as wide as the list, none past the screen's edge.
    assert [round(box["x"]) for box in boxes] == [round(boxes[0]["x"])] * 5
    assert all(box["x"] + box["width"] <= 390 for box in boxes)
    assert all(first["y"] + first["height"] <= second["y"] for first, second in pairwise(boxes))
    screenshot(phone_page, "timetable-phone.png")


def test_timetable_on_a_desktop_is_a_grid_with_room_columns(page: Any, live_server: Any, programme_data: None) -> None:
    page.goto(f"{live_server.url}{SATURDAY}")

    saturday = page.locator("#day-2024-07-27")
    rooms = saturday.locator(".tt-room")
    assert rooms.all_inner_texts() == ["Plenary Hall", "Press Centre", "Meeting Room 1"]
    headers = {name: rooms.nth(i).bounding_box() for i, name in enumerate(rooms.all_inner_texts())}
    plenary = saturday.locator("a.tt-block", has_text="14:00–17:00").bounding_box()
    press = saturday.locator("a.tt-block", has_text="18:30–19:15").bounding_box()
    # Each session sits in its room's column...
    assert headers["Plenary Hall"]["x"] <= plenary["x"] < headers["Press Centre"]["x"]
    assert headers["Press Centre"]["x"] <= press["x"] < headers["Meeting Room 1"]["x"]
    # ...and its height is its length: three hours against forty-five minutes.
    assert round(plenary["height"] / press["height"]) == 4
    assert plenary["y"] + plenary["height"] < press["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "timetable-desktop.png")


def test_timetable_day_tabs_show_one_day_at_a_time(page: Any, live_server: Any, programme_data: None) -> None:
    page.goto(f"{live_server.url}/series/amm-57/programme/")

    # Outside the week of the meetings the first day shows.
    assert [page.locator(f"#day-2024-07-{day}").is_visible() for day in (23, 24, 25, 26, 27)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    page.get_by_role("link", name="Fri 26 Jul").click()

    assert [page.locator(f"#day-2024-07-{day}").is_visible() for day in (23, 24, 25, 26, 27)] == [
        False,
        False,
        False,
        True,
        False,
    ]
    assert page.evaluate("location.hash") == "#day-2024-07-26"
    assert page.locator("#day-2024-07-26 .tt-room").all_inner_texts() == ["Plenary Hall", "Meeting Room 1"]
    page.get_by_role("link", name="All days").click()
    assert page.locator("section.tt-day:visible").count() == 5
    assert page.locator("a.tt-block:visible").count() == 26


def test_japan_week_on_a_phone(phone_page: Any, live_server: Any, programme_data: None) -> None:
    log_in(phone_page, live_server.url, "jp.delegate")
    phone_page.goto(f"{live_server.url}/series/amm-57/delegations/JP/week/")

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the week is {width}px wide on a 390px phone: it scrolls sideways"
    # The first day with sessions for Japan shows first: Friday, PMC+1 JP and Mekong-Japan.
    friday = phone_page.locator("#day-2024-07-26")
    assert friday.is_visible() is True
    assert friday.locator("li.session .time").all_inner_texts() == ["13:30–14:15", "19:00–19:45"]
    assert friday.locator("li.free .time").all_inner_texts() == ["08:00–13:30", "14:15–19:00", "19:45–21:00"]
    screenshot(phone_page, "week-japan-phone.png")
