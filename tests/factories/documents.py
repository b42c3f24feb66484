from __future__ import annotations

from collections.abc import Sequence

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.enums import PositionKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.documents.services import (
    ParagraphInput,
    document_create,
    document_recommend,
    document_version_circulate,
    position_take,
)
from mufakat.documents.services.common import consensus_parties
from mufakat.meetings.models import Meeting, Series


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


def amm_draft(*, actor: SeriesViewer, series: Series, texts: Sequence[str]) -> tuple[OutcomeDocument, DocumentVersion]:
    """A register entry of the series' AMM with a first draft of these paragraphs."""
    amm = Meeting.objects.get(series=series, body__code="AMM")
    return document_with_text(actor=actor, meeting=amm, texts=texts)


def paragraphs_of(version: DocumentVersion) -> list[Paragraph]:
    return list(Paragraph.objects.filter(version=version).order_by("position"))


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def document_cleared(
    *,
    actor: SeriesViewer,
    meeting: Meeting,
    texts: Sequence[str],
    title_en: str = "Joint Statement on Test Cooperation",
) -> OutcomeDocument:
    """A first draft every consensus party has agreed to: cleared, ready for the meeting's decision (the demo's
    meetings have all decided on theirs by 27 July 2024)."""
    document, version = document_with_text(actor=actor, meeting=meeting, texts=texts, title_en=title_en)
    for entry in consensus_parties(document):
        position_take(actor=actor, document=document, version_id=version.pk, party=entry.party, kind=PositionKind.AGREE)
    document.refresh_from_db()
    return document


def document_recommended(
    *, actor: SeriesViewer, meeting: Meeting, from_meeting: Meeting, texts: Sequence[str], title_en: str
) -> OutcomeDocument:
    """A cleared document that `from_meeting` (the SOM) recommended to its meeting, still to be decided."""
    document = document_cleared(actor=actor, meeting=meeting, texts=texts, title_en=title_en)
    return document_recommend(
        actor=actor, document=document, expected_version=document.version, from_meeting=from_meeting
    )
