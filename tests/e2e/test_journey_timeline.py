"""Issue 15's browser test: the public opens the Biosafety and Biosecurity declaration's journey on a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def journey_data(demo_data: None) -> int:
    from mufakat.demo.journey import BIOSAFETY_TITLE, journey_demo_load
    from mufakat.documents.models import OutcomeDocument

    journey_demo_load()
    return OutcomeDocument.objects.get(title_en=BIOSAFETY_TITLE).pk


def test_public_opens_the_declaration_timeline_on_a_phone(phone_page: Any, live_server: Any, journey_data: int) -> None:
    page = phone_page
    page.set_default_timeout(8000)
    # The FINAL text carries the timeline beneath it.
    page.goto(f"{live_server.url}/series/summit-44-45/documents/{journey_data}/final/")

    steps = page.locator("#journey .step")
    assert steps.count() == 5
    assert steps.nth(2).locator(".step-place").inner_text() == "Vientiane Province"
    assert steps.nth(2).locator(".step-what a").inner_text().startswith("3rd Consultation Meeting")
    assert steps.nth(4).locator(".step-action").inner_text() == "Adopted"
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
