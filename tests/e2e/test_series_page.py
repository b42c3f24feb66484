from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import screenshot

pytestmark = pytest.mark.e2e


def test_series_page_in_english_then_vietnamese(page: Any, live_server: Any, demo_data: None) -> None:
    page.goto(f"{live_server.url}/series/amm-57/")

    assert page.locator("h1").inner_text() == "57th ASEAN Foreign Ministers' Meeting and Related Meetings"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("tr.meeting-row").count() == 22
    assert page.get_by_role("link", name="57th ASEAN Foreign Ministers' Meeting (AMM-57)").count() == 1

    with page.expect_navigation():
        page.select_option("#language", "vi")

    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan"
    assert page.get_by_role("link", name="Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57").count() == 1
    assert page.locator("tr.meeting-row").count() == 22
    screenshot(page, "series-vi.png")


def test_series_page_on_a_phone_shows_meetings_and_party_counts(
    phone_page: Any, live_server: Any, demo_data: None
) -> None:
    phone_page.goto(f"{live_server.url}/series/amm-57/")

    arf_row = phone_page.locator("tr.meeting-row", has_text="31st ASEAN Regional Forum (ARF-31)")
    assert arf_row.locator("td.num").inner_text() == "27"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone: it scrolls sideways"
    screenshot(phone_page, "series-phone.png")


def test_meeting_page_lists_sessions_in_venue_time(page: Any, live_server: Any, demo_data: None) -> None:
    page.goto(f"{live_server.url}/series/amm-57/")
    page.get_by_role("link", name="57th ASEAN Foreign Ministers' Meeting (AMM-57)").click()

    assert page.locator("h1").inner_text() == "57th ASEAN Foreign Ministers' Meeting (AMM-57)"
    sessions = page.locator("table.sessions tbody tr")
    assert sessions.count() == 4
    assert "09:00–12:00" in sessions.nth(1).inner_text()
    assert page.locator("#attending").inner_text() == "11 attending parties"
