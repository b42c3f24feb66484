from __future__ import annotations

from collections.abc import Sequence

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.documents.services import ParagraphInput, document_create, document_version_circulate
from mufakat.meetings.models import Meeting


def document_with_text(
    *,
    actor: SeriesViewer,
    meeting: Meeting,
    texts: Sequence[str],
    title_en: str = "Joint Statement on Test Cooperation",
    kind: str = "joint_statement",
    classification: str = "restricted",
) -> tuple[OutcomeDocument, DocumentVersion]:
    """A register entry with a first draft of these paragraphs (lines starting '# ' are headings)."""
    document = document_create(
        actor=actor, meeting=meeting, kind=kind, title_en=title_en, classification=classification
    )
    version = document_version_circulate(
        actor=actor,
        document=document,
        paragraphs=[
            ParagraphInput(text=t[2:], kind="heading") if t.startswith("# ") else ParagraphInput(text=t) for t in texts
        ],
        based_on_version_id=None,
    )
    document.refresh_from_db()
    return document, version


def paragraphs_of(version: DocumentVersion) -> list[Paragraph]:
    return list(Paragraph.objects.filter(version=version).order_by("position"))


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)
