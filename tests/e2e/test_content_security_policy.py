"""In the browser, under the production Content-Security-Policy: the silence board's inline script (allowed
by its nonce) shows the deadline in the reader's zone, and no page logs a policy violation."""

from __future__ import annotations

from typing import Any

from tests.e2e.browser import log_in
from tests.e2e.test_documents_flow import documents_data

__all__ = ["documents_data"]

WORK_PLAN = "ARF Work Plan on Maritime Security 2024–2027"


def test_inline_script_runs_under_the_policy_and_nothing_is_blocked(
    page: Any, live_server: Any, documents_data: None
) -> None:
    from mufakat.documents.models import OutcomeDocument

    document = OutcomeDocument.objects.get(meeting__series__code="amm-57", title_en=WORK_PLAN)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.set_default_timeout(30000)
    log_in(page, live_server.url, "lao.chair")

    response = page.goto(f"{live_server.url}/series/amm-57/documents/{document.pk}/board/")

    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    local = page.locator("#silence-local").inner_text()
    assert local != "—"
    assert local.endswith(")")
    page.goto(f"{live_server.url}/series/amm-57/programme/booklet/")
    page.goto(f"{live_server.url}/series/amm-57/")
    page.goto(f"{live_server.url}/desk/")
    assert [text for text in violations if "Content Security Policy" in text] == []
