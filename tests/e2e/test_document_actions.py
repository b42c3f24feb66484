"""Issue 11's browser checks of the document page: the chair rejects a proposal through the page that asks
for the reason (no script needed), and the Word download of the draft shown is a .docx."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from tests.e2e.browser import log_in
from tests.e2e.test_documents_flow import _submit, documents_data

pytestmark = pytest.mark.e2e

__all__ = ["documents_data"]

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"


def test_chair_rejects_a_proposal_only_with_a_reason(page: Any, live_server: Any, documents_data: None) -> None:
    page.set_default_timeout(8000)
    log_in(page, live_server.url, "lao.chair")
    page.goto(f"{live_server.url}/series/amm-57/documents/")
    page.get_by_role("link", name=COMMUNIQUE).click()
    proposal = page.locator("li.proposal", has_text="replace “some Ministers” by “many Ministers”")
    proposal_id = proposal.get_attribute("id")

    with page.expect_navigation():
        proposal.get_by_role("link", name="Reject").click()
    _submit(page, f"Reject proposal #{proposal_id.removeprefix('proposal-')}")
    assert page.locator("#field-note .errorlist").inner_text() == (
        "Say why the proposal is rejected; the record keeps the reason."
    )

    page.get_by_label("Reason").fill("No consensus in the room.")
    _submit(page, f"Reject proposal #{proposal_id.removeprefix('proposal-')}")
    assert page.locator(".messages").inner_text() == f"Proposal #{proposal_id.removeprefix('proposal-')} is rejected."
    assert page.locator(f"#{proposal_id}").count() == 0


def test_member_downloads_the_bracketed_draft_in_word(page: Any, live_server: Any, documents_data: None) -> None:
    page.set_default_timeout(8000)
    log_in(page, live_server.url, "vn.focal")
    page.goto(f"{live_server.url}/series/amm-57/documents/")
    page.get_by_role("link", name=COMMUNIQUE).click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Bracketed text, draft 3 (.docx)").click()
    word = docx.Document(io.BytesIO(download.value.path().read_bytes()))

    assert download.value.suggested_filename.endswith("-draft-3-bracketed.docx")
    assert word.paragraphs[0].text == COMMUNIQUE
