"""The public face on a phone (390 px): the released programme and an adopted text, in English then in
Vietnamese through the plain language link, with no sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def public_data(register_data: None) -> int:
    """The programme releases and the register; returns the public Mekong–U.S. Plan of Action's id."""
    from mufakat.demo.programme import programme_demo_load
    from mufakat.documents.models import OutcomeDocument

    programme_demo_load()
    return OutcomeDocument.objects.get(title_en="Mekong–U.S. Partnership Plan of Action 2024–2026").pk


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone: it scrolls sideways"


def test_public_programme_and_adopted_text_on_a_phone(phone_page: Any, live_server: Any, public_data: int) -> None:
    phone_page.goto(f"{live_server.url}/public/en/series/amm-57/")

    assert (
        phone_page.locator("#series-title").inner_text() == "57th ASEAN Foreign Ministers' Meeting and Related Meetings"
    )
    assert phone_page.locator(".public-sessions li").count() > 20
    _fits(phone_page)
    screenshot(phone_page, "public-programme-phone.png")

    phone_page.get_by_role("link", name="Mekong–U.S. Partnership Plan of Action 2024–2026").first.click()

    assert phone_page.locator("#final-title").inner_text() == "Mekong–U.S. Partnership Plan of Action 2024–2026"
    assert phone_page.locator(".clean-para").count() > 0
    _fits(phone_page)

    with phone_page.expect_navigation():
        phone_page.locator("#lang-link").click()

    assert phone_page.url == f"{live_server.url}/public/vi/documents/{public_data}/"
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert (
        phone_page.locator("#final-title").inner_text()
        == "Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026"
    )
    _fits(phone_page)
    screenshot(phone_page, "public-document-phone-vi.png")
