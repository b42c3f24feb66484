"""Issue 11: the positions board's "In your time zone" line is written like every other time on the page
(the page language's DATETIME_FORMAT), not in the browser's own locale ("July 29, 2024 at 11:00 AM")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

WORK_PLAN = "ARF Work Plan on Maritime Security 2024–2027"


@pytest.fixture
def american_page_in_utc(browser: Any) -> Iterator[Any]:
    """A reader whose browser speaks US English and lives in UTC."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="UTC")
    yield context.new_page()
    context.close()


def test_board_shows_the_deadline_in_the_readers_zone_in_the_pages_format(
    american_page_in_utc: Any, live_server: Any, register_data: None
) -> None:
    from mufakat.documents.models import OutcomeDocument

    page = american_page_in_utc
    page.set_default_timeout(30000)
    plan = OutcomeDocument.objects.get(title_en=WORK_PLAN)
    log_in(page, live_server.url, "vn.focal")

    page.goto(f"{live_server.url}/series/amm-57/documents/{plan.pk}/board/")
    english = (page.inner_text("#silence-deadline"), page.inner_text("#silence-local"))
    with page.expect_navigation():
        page.select_option("#language", "vi")
    vietnamese = (page.inner_text("#silence-deadline"), page.inner_text("#silence-local"))

    # The demo's deadline: 29 July 2024, 18:00 in Vientiane, which is 11:00 in UTC.
    assert english == ("29 July 2024, 18:00 Vientiane (Asia/Vientiane)", "29 July 2024, 11:00 (UTC)")
    assert vietnamese == ("18:00, 29 tháng 7 năm 2024 Viêng Chăn (Asia/Vientiane)", "11:00, 29 tháng 7 năm 2024 (UTC)")
