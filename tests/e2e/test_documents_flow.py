"""Issue 5's browser test: the chair walks a planned document from its first draft to the FINAL text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e

# The demo's SEANWFZ Commission adopted its work plan on 24 July 2024; this planned entry is the test's own.
TITLE = "Work Plan on Regional Cooperation in Nuclear Safety 2025–2027"


@pytest.fixture
def documents_data(demo_data: None) -> None:
    """The demo series, AMM-57's delegations and demo accounts, its register of outcome documents, and a
    planned entry for the SEANWFZ Commission (every demo meeting decided on its own texts by 27 July 2024)."""
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.documents import documents_demo_load
    from mufakat.documents.services import document_create
    from mufakat.meetings.models import Meeting
    from mufakat.reference.models import Party

    delegations_demo_load()
    documents_demo_load()
    commission = Meeting.objects.get(series__code="amm-57", body__code="SEANWFZ-COM")
    document_create(
        actor=viewer_for(User.objects.get(username="lao.chair"), commission.series),
        meeting=commission,
        kind="work_plan",
        title_en=TITLE,
        lead_party=Party.objects.get(code="MY"),
        disposition="adopt",
        classification="restricted",
    )


def _submit(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_chair_takes_a_document_from_first_draft_to_final(page: Any, live_server: Any, documents_data: None) -> None:
    page.set_default_timeout(8000)
    log_in(page, live_server.url, "lao.chair")
    page.goto(f"{live_server.url}/series/amm-57/")
    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    assert page.locator("#document-status").inner_text() == "Planned"

    page.get_by_role("link", name="Circulate the first draft").click()
    page.locator("textarea[name=text]").fill(
        "# Purpose\n\nThe Commission engages the nuclear-weapon States on the Protocol.\n\n"
        "The Commission meets the States at least once a year."
    )
    _submit(page, "Circulate the draft")
    assert page.locator("#draft-line").inner_text().startswith("Draft 1, circulated ")

    # The secretariat records what Viet Nam's delegation says: it switches the page to speak for VN.
    page.get_by_label("Recording for the delegation").select_option("VN")
    with page.expect_navigation():
        page.locator("#speaking-for button").click()
    paragraph = page.locator("li.para.kind-paragraph").nth(1)
    paragraph.locator("summary", has_text="Propose a change").click()
    paragraph.get_by_label("The words").fill("at least once a year")
    paragraph.get_by_label("New text").fill("twice a year")
    with page.expect_navigation():
        paragraph.get_by_role("button", name="Propose").click()
    assert page.locator(".para-text .bracket").inner_text() == (
        "[Option A: at least once a year / Option B: twice a year (VN)]"
    )

    page.locator("li.proposal input[type=checkbox]").check()
    _submit(page, "Accept selected into a new draft")
    assert page.locator("#draft-line").inner_text().startswith("Draft 2, circulated ")
    assert page.locator("li.para.kind-paragraph").nth(1).locator(".para-text").inner_text() == (
        "The Commission meets the States twice a year."
    )

    page.get_by_role("link", name="Positions").click()
    parties = page.locator("#take-position select[name=party] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    for code in parties:
        page.locator("#take-position select[name=party]").select_option(code)
        page.locator("#take-position").get_by_label("Agree", exact=True).check()
        _submit(page, "Record the position")
    assert page.locator("#consensus-count").inner_text() == f"{len(parties)} of {len(parties)} agree · Consensus"
    assert page.locator("#document-status").inner_text() == "Cleared"

    page.get_by_role("link", name="Bracketed text").click()
    page.locator("#decide summary").click()
    _submit(page, "Adopt the text")
    assert page.locator("#final-marker").inner_text() == "FINAL"
    assert page.locator("#final-title").inner_text() == TITLE
    assert page.locator("#final-place").inner_text().startswith("Vientiane, ")
    assert page.locator("p.clean-para").nth(1).inner_text() == "2. The Commission meets the States twice a year."
    screenshot(page, "document-final.png")


def test_document_pages_do_not_scroll_sideways_on_a_phone(
    phone_page: Any, live_server: Any, documents_data: None
) -> None:
    from mufakat.documents.models import OutcomeDocument

    communique = OutcomeDocument.objects.get(title_en__startswith="Joint Communiqué of the 57th")
    phone_page.set_default_timeout(8000)
    log_in(phone_page, live_server.url, "vn.focal")
    widths = {}
    for suffix in ("", "board/", "compare/", "versions/"):
        phone_page.goto(f"{live_server.url}/series/amm-57/documents/{communique.pk}/{suffix}")
        widths[suffix] = phone_page.evaluate("document.documentElement.scrollWidth")
    phone_page.goto(f"{live_server.url}/series/amm-57/documents/")
    widths["register"] = phone_page.evaluate("document.documentElement.scrollWidth")

    assert widths == {"": 390, "board/": 390, "compare/": 390, "versions/": 390, "register": 390}
