"""Issue 7's browser test: Viet Nam's focal point opens the SEANWFZ Executive Committee's review of the Plan of
Action from the meeting's page and sees the charts drawn on the server (inline SVG, no script)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def plans_data(demo_data: None) -> None:
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.plans import plans_demo_load

    delegations_demo_load()
    plans_demo_load()


def _excom_id() -> int:
    from mufakat.meetings.models import Meeting

    return Meeting.objects.get(series__code="amm-57", body__code="SEANWFZ-EXCOM").pk


def test_focal_point_opens_the_review_and_sees_the_charts(page: Any, live_server: Any, plans_data: None) -> None:
    log_in(page, live_server.url, "vn.focal")
    page.goto(f"{live_server.url}/meetings/{_excom_id()}/")
    with page.expect_navigation():
        page.locator("#plans-of-action a").first.click()

    assert page.locator("h1").inner_text().startswith("Review by the SEANWFZ ExCom:")
    progress = page.locator("svg.chart-progress")
    timeline = page.locator("svg.chart-timeline")
    assert (progress.is_visible(), timeline.is_visible()) == (True, True)
    assert page.locator("svg.chart-progress rect.bar-progress").count() == 4
    assert page.locator("svg.chart-timeline g.timeline-period").count() == 2  # 2023 and 2024: no later period
    assert progress.bounding_box()["width"] > 600
    assert page.locator("svg.chart-progress title").first.text_content() == "Progress by area"
    assert page.locator("table.areas tbody tr").count() == 4
    # The charts need no script: the only one is the demo banner's (it folds the banner on phones).
    assert page.locator("script:not(#demo-banner-script)").count() == 0
    screenshot(page, "plan-review-charts.png")


def test_review_page_on_a_phone_does_not_scroll_sideways(phone_page: Any, live_server: Any, plans_data: None) -> None:
    from mufakat.plans.models import Plan

    log_in(phone_page, live_server.url, "vn.focal")
    plan = Plan.objects.get(title_en__startswith="Plan of Action to Strengthen").pk
    phone_page.goto(f"{live_server.url}/meetings/{_excom_id()}/plans/{plan}/review/")

    # The phone gets the narrow drawing, whose labels stay at least 12 px high.
    assert (
        phone_page.locator("svg.chart-progress").is_visible(),
        phone_page.locator("svg.chart-progress-phone").is_visible(),
    ) == (False, True)
    label_height = phone_page.locator("svg.chart-progress-phone text.chart-label").first.bounding_box()["height"]
    assert label_height >= 12, f"chart labels are {label_height:.1f} px high on a phone"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone: it scrolls sideways"
