"""What the document page tests share: the demo's titles and reading a page or a document by title."""

from __future__ import annotations

from mufakat.documents.models import OutcomeDocument

REGISTER = "/series/amm-57/documents/"
COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
PLAN = "Mekong–U.S. Partnership Plan of Action 2024–2026"
WORK_PLAN = "ARF Work Plan on Maritime Security 2024–2027"


def demo_document(title: str) -> OutcomeDocument:
    return OutcomeDocument.objects.select_related("current_version").get(title_en=title)


def document_url(document: OutcomeDocument, suffix: str = "") -> str:
    return f"/series/amm-57/documents/{document.pk}/{suffix}"
