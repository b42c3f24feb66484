"""Issue 17's browser check: beside a paragraph of the AMM-57 Joint Communiqué, the agreed language of the 56th
and 55th AMM communiqués, opened from a collapsed panel (no script needed), on a desktop and at 390 px; citing
one fills the proposal's justification with its stable link."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
SOURCE = "Joint Communiqué of the 56th ASEAN Foreign Ministers' Meeting"


@pytest.fixture
def archive_data(demo_data: None) -> None:
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.documents import documents_demo_load
    from mufakat.demo.precedents import precedents_demo_load

    delegations_demo_load()
    documents_demo_load()
    precedents_demo_load()


def _open_communique(page: Any, base_url: str) -> Any:
    log_in(page, base_url, "vn.focal")
    page.goto(f"{base_url}/series/amm-57/documents/")
    page.get_by_role("link", name=COMMUNIQUE).click()
    return page.locator("li.para", has_text="We discussed the situation in the South China Sea")


def test_precedents_panel_beside_a_paragraph_and_one_click_citation(
    page: Any, live_server: Any, archive_data: None
) -> None:
    page.set_default_timeout(8000)
    paragraph = _open_communique(page, live_server.url)
    panel = paragraph.locator("details.precedents")

    assert panel.locator(".precedent-list").is_visible() is False
    panel.locator("summary").click()
    first = panel.locator("li.precedent").first
    assert first.locator(".precedent-source a").inner_text() == f"{SOURCE} ¶ 4"
    assert first.locator(".precedent-summary").inner_text() == "identical except ‘recent’ → ‘serious’"
    assert (first.locator("del").inner_text(), first.locator("ins").inner_text()) == ("recent", "serious")
    screenshot(page, "precedents-panel.png")

    with page.expect_navigation():
        first.get_by_role("link", name="Cite in a proposal").click()
    justification = page.get_by_label("Justification").input_value()
    assert justification.startswith(f"Agreed language: {SOURCE} ¶ 4 (2023), /precedents/")


def test_precedents_panel_fits_a_phone(phone_page: Any, live_server: Any, archive_data: None) -> None:
    phone_page.set_default_timeout(8000)
    paragraph = _open_communique(phone_page, live_server.url)

    paragraph.locator("details.precedents summary").click()

    assert paragraph.locator("li.precedent").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
