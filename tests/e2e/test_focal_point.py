"""Issue 3's browser test: Viet Nam's focal point logs in, adds a participant and sees it pending accreditation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def delegations_data(demo_data: None) -> None:
    """The demo series plus AMM-57's delegations, participants, circulars and the four demo accounts."""
    from mufakat.demo.delegations import delegations_demo_load

    delegations_demo_load()


def test_focal_point_adds_a_participant_and_sees_it_pending(
    page: Any, live_server: Any, delegations_data: None
) -> None:
    log_in(page, live_server.url, "vn.focal")
    assert page.locator("header .who").inner_text() == "Nguyễn Thị Lan"
    assert page.locator("header .role").inner_text() == "Delegation focal point · Viet Nam amm-57"

    page.goto(f"{live_server.url}/series/amm-57/")
    page.get_by_role("link", name="Delegations").click()
    page.get_by_role("link", name="Viet Nam").click()
    assert page.locator("h1").inner_text() == "Delegation of Viet Nam"
    assert page.locator("tr.participant-row").count() == 3

    page.get_by_role("link", name="Add participant").click()
    page.get_by_label("Name (English)").fill("Tran Thu Ha")
    page.get_by_label("Name (Vietnamese)").fill("Trần Thu Hà")
    page.get_by_label("Title (English)").fill("Second Secretary, ASEAN Department")
    page.get_by_label("Rank").select_option("officer")
    page.get_by_label("Role").select_option("adviser")
    with page.expect_navigation():
        page.get_by_role("button", name="Register for accreditation").click()

    assert page.url == f"{live_server.url}/series/amm-57/delegations/VN/"
    assert page.locator("li.message").inner_text() == "Tran Thu Ha is registered and pending accreditation."
    row = page.locator("tr.participant-row", has_text="Tran Thu Ha")
    assert row.locator("td.status").inner_text() == "Pending accreditation"
    assert page.locator("#places").inner_text() == "4 of 10 places used"
    screenshot(page, "focal-point-participant-pending.png")


def test_delegation_page_on_a_phone_in_vietnamese(phone_page: Any, live_server: Any, delegations_data: None) -> None:
    log_in(phone_page, live_server.url, "vn.focal")
    phone_page.goto(f"{live_server.url}/series/amm-57/delegations/VN/")
    with phone_page.expect_navigation():
        phone_page.select_option("#language", "vi")

    assert phone_page.locator("h1").inner_text() == "Đoàn Việt Nam"
    assert phone_page.locator("tr.participant-row").count() == 3
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone: it scrolls sideways"
    screenshot(phone_page, "delegation-vi-phone.png")
