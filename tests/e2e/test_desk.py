"""Issue 14's browser test: Viet Nam's focal point opens "my desk", sees a running silence procedure with
its countdown ticking, and reaches the document in one click; and the desk on a phone, in Vietnamese."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings

from mufakat.demo.delegations import DEMO_PASSWORD
from tests.e2e.browser import log_in, screenshot
from tests.e2e.test_documents_flow import documents_data

__all__ = ["documents_data"]

pytestmark = pytest.mark.e2e

ARF_STATEMENT = "Chairman's Statement of the 31st ASEAN Regional Forum"
ARF_STATEMENT_VI = "Tuyên bố của Chủ tịch Diễn đàn Khu vực ASEAN lần thứ 31"


@pytest.fixture
def silence_running(documents_data: None) -> int:
    """The ARF Chairman's statement (in drafting, no brackets) circulated under silence for two more days, as
    the chair would today (the demo's own procedure ended in July 2024). Returns the document's id."""
    from django.utils import timezone

    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.documents.models import OutcomeDocument
    from mufakat.documents.services import silence_start

    document = OutcomeDocument.objects.select_related("meeting__series").get(title_en=ARF_STATEMENT)
    chair = viewer_for(User.objects.get(username="lao.chair"), document.meeting.series)
    assert document.current_version_id is not None
    silence_start(
        actor=chair,
        document=document,
        version_id=document.current_version_id,
        deadline=timezone.now() + timedelta(days=2, hours=3),
        time_zone="Asia/Vientiane",
    )
    return document.pk


def test_focal_point_sees_the_running_silence_on_the_desk_and_reaches_the_document(
    page: Any, live_server: Any, silence_running: int
) -> None:
    page.set_default_timeout(30000)
    log_in(page, live_server.url, "vn.focal")

    # Logging in lands on the home page, which is the desk.
    assert (page.url, page.locator("h1").inner_text()) == (f"{live_server.url}/", "My desk")
    row = page.locator("#desk-deadlines .desk-row.kind-silence")
    assert row.count() == 1
    assert row.locator(".desk-what").inner_text() == "Silence procedure on draft 1 ends"
    assert row.locator(".desk-subject").inner_text() == ARF_STATEMENT
    assert row.locator(".desk-where").inner_text() == "amm-57 · ARF-31"
    assert row.locator(".desk-relative").inner_text() == "in 2\xa0days, 2\xa0hours"
    countdown = row.locator(".countdown")
    first = countdown.inner_text()
    # The script has taken over from the server's figure ("2 days 2 hours 59 minutes") and ticks it down.
    assert first.startswith("2 days 2 hours 5")
    assert first.endswith(" seconds") or first.endswith(" 1 second")
    page.wait_for_function(
        "([el, text]) => el.textContent !== text", arg=[countdown.element_handle(), first], timeout=5000
    )
    screenshot(page, "desk-silence-countdown.png")

    with page.expect_navigation():
        row.locator("a.desk-link").click()

    assert page.url == f"{live_server.url}/series/amm-57/documents/{silence_running}/board/#silence"
    assert page.locator("h1").inner_text() == ARF_STATEMENT
    assert page.locator("#silence-status").inner_text() == "Running"


def test_desk_on_a_phone_in_vietnamese(browser: Any, live_server: Any, silence_running: int) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("vn.focal")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    row = page.locator("#desk-deadlines .desk-row.kind-silence")
    assert row.locator(".desk-subject").inner_text() == ARF_STATEMENT_VI
    assert row.locator(".desk-relative").inner_text() == "còn 2\xa0ngày, 2\xa0giờ"
    # Ticked by the script in Vietnamese units ("2 ngày 2 giờ 59 phút 41 second" until the catalogue has seconds).
    assert row.locator(".countdown").inner_text().startswith("2 ngày 2 giờ 5")
    # The phone's header and the folded demo banner leave the desk's title within the first 300 px.
    top = page.evaluate("document.querySelector('h1').getBoundingClientRect().top")
    assert top < 300, f"the desk's title starts {top}px down a 390px phone"
    assert page.locator("#demo-banner-details").evaluate("el => el.open") is False
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the desk is {width}px wide on a 390px phone: it scrolls sideways"
    screenshot(page, "desk-vi-phone.png")
    context.close()
