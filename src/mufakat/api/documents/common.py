"""What every documents operation shares: the router, finding the document through the access check."""

# No `from __future__ import annotations`: @paginate re-reads the list operation's signature from its own
# module, where postponed annotations (Query, DocumentStatus) would not resolve.

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.api.auth import series_viewer
from mufakat.api.documents.schemas import ConsensusOut, ParagraphOut, VersionOut
from mufakat.core.errors import NotFound
from mufakat.documents import brackets, selectors
from mufakat.documents.enums import PositionKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.rules import can_see_drafts
from mufakat.meetings.models import Series

documents_router = Router(tags=["documents"])

DOCUMENT = "/series/{code}/documents/{document_id}"
MAX_ID = 2_147_483_647
DRAFTS_ONLY = gettext_lazy("the negotiation record is for the delegations and secretariats of the series.")


def found(request: HttpRequest, code: str, document_id: int) -> tuple[Series, SeriesViewer, OutcomeDocument]:
    series, viewer = series_viewer(request, code)
    return series, viewer, selectors.document_get(viewer=viewer, series=series, document_id=document_id)


def drafts(viewer: SeriesViewer) -> None:
    require(can_see_drafts(viewer), DRAFTS_ONLY)


def version_or_current(viewer: SeriesViewer, document: OutcomeDocument, number: int | None) -> DocumentVersion:
    """A numbered version, or the current one. Who sees decided texts only sees the current (final) one."""
    current = document.current_version
    if number is None or (current is not None and number == current.number):
        if current is None:
            raise NotFound(_("%(document)s has no text yet.") % {"document": document.title_en}, field="version")
        return current
    if not can_see_drafts(viewer):
        raise NotFound(
            _("%(document)s has no draft %(number)s.") % {"document": document.title_en, "number": number},
            field="version",
        )
    return selectors.version_get(document=document, number=number)


def consensus_summary(board: selectors.Board) -> ConsensusOut:
    return ConsensusOut(
        needed=len(board.rows),
        agreeing=board.agreeing,
        reserving=board.count(PositionKind.RESERVE),
        objecting=board.count(PositionKind.OBJECT),
        pending=board.pending,
        consensus=board.consensus,
    )


def version_out(version: DocumentVersion) -> VersionOut:
    texts = selectors.paragraph_texts(version=version)
    numbers = brackets.paragraph_numbers(texts)
    return VersionOut(
        id=version.pk,
        number=version.number,
        circulated_at=version.circulated_at,
        origin=version.origin,
        note=version.note,
        document_id=version.document_id,
        based_on_id=version.based_on_id,
        paragraphs=[
            ParagraphOut(uid=p.uid, number=numbers[p.uid], kind=p.kind, text=p.text, ad_ref=p.ad_ref) for p in texts
        ],
    )
