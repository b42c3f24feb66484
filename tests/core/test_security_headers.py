"""Production headers: HSTS on HTTPS, and a Content-Security-Policy whose nonce is the one the page's inline
script carries (the suite runs in production mode, see pytest_plugin)."""

from __future__ import annotations

import re

from django.test import Client

from mufakat.core.security import INLINE_HANDLERS, _sha256, content_security_policy
from tests.documents.conftest import documents_demo, programme_demo

__all__ = ["documents_demo", "programme_demo"]


def test_https_responses_carry_hsts_for_a_year(db: None) -> None:
    response = Client().get("/accounts/login/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_pages_carry_a_csp_with_a_fresh_nonce_and_the_handlers_hashes(db: None) -> None:
    first = Client().get("/accounts/login/")["Content-Security-Policy"]
    second = Client().get("/accounts/login/")["Content-Security-Policy"]

    nonce = re.search(r"'nonce-([^']+)'", first)
    assert nonce is not None
    assert first == content_security_policy(nonce[1])
    assert first != second
    assert "object-src 'none'" in first
    assert "frame-ancestors 'none'" in first
    assert all(_sha256(handler) in first for handler in INLINE_HANDLERS)


def test_the_document_page_script_carries_the_nonce_of_its_policy(
    documents_demo: object, chair_secretariat_client: Client
) -> None:
    from mufakat.documents.models import OutcomeDocument

    document = OutcomeDocument.objects.get(meeting__series__code="amm-57", title_en__startswith="Joint Communiqué")

    response = chair_secretariat_client.get(f"/series/amm-57/documents/{document.pk}/")

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce is not None
    assert f'<script nonce="{nonce[1]}">' in response.content.decode()


def test_every_inline_handler_in_the_templates_is_allowed_by_the_policy() -> None:
    from pathlib import Path

    import mufakat

    templates = Path(mufakat.__file__).parent / "web" / "templates"
    handlers = {
        match
        for path in templates.rglob("*.html")
        for match in re.findall(r' on[a-z]+="([^"]*)"', path.read_text(encoding="utf-8"))
    }

    assert handlers <= set(INLINE_HANDLERS)
