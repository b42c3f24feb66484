"""Word downloads of a document's pages: the clean text (the FINAL text once decided), the bracketed text of
the draft shown, and the comparison of two drafts. The same access as the pages: a document the viewer may
not see is 'not found', and the negotiation record (drafts, brackets, comparisons) is for the delegations and
secretariats only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.documents import selectors, word
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.rules import can_see_drafts
from mufakat.meetings.models import Series
from mufakat.web.common import series_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _version(viewer: SeriesViewer, document: OutcomeDocument, number: int | None) -> DocumentVersion:
    """Draft `number`, or the current one. Who reads decided texts only reads the current (final) one."""
    current = document.current_version
    if number is None or (current is not None and number == current.number):
        if current is None:
            raise NotFound(_("“%(title)s” has no text yet.") % {"title": document.title}, field="version")
        return current
    if not can_see_drafts(viewer):
        raise NotFound(_("no draft %(number)s of this document.") % {"number": number}, field="version")
    return selectors.version_get(document=document, number=number)


def _record_document(series: Series, viewer: SeriesViewer, document_id: int) -> OutcomeDocument:
    """A document whose negotiation record the viewer may read; to anyone else it does not exist."""
    document = selectors.document_get(viewer=viewer, series=series, document_id=document_id)
    if not can_see_drafts(viewer):
        raise NotFound(_("no document %(id)s in this series.") % {"id": document_id}, field="document_id")
    return document


@require_safe
@series_view()
def document_clean_docx(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    """The clean text of the draft shown (`?version=N`, default the current one); the decided text is FINAL."""
    document = selectors.document_get(viewer=viewer, series=series, document_id=document_id)
    view = selectors.clean_text(version=_version(viewer, document, _number(request, "version")))
    suffix = "final" if document.is_final and view.version.pk == document.current_version_id else "clean"
    return _docx(
        word.clean_docx(document=document, view=view),
        filename=f"document-{document.pk}-draft-{view.version.number}-{suffix}.docx",
    )


@require_safe
@series_view(login_required=True)
def document_bracketed_docx(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int
) -> HttpResponse:
    """The bracketed text of the draft shown, brackets and party tags visible."""
    document = _record_document(series, viewer, document_id)
    version = _version(viewer, document, _number(request, "version"))
    view = selectors.bracketed_text(version=version, with_proposals=False)
    return _docx(
        word.bracketed_docx(document=document, view=view),
        filename=f"document-{document.pk}-draft-{version.number}-bracketed.docx",
    )


@require_safe
@series_view(login_required=True)
def document_compare_docx(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    """Draft `old` against draft `new` (as on the comparison page): insertions underlined, deletions struck."""
    document = _record_document(series, viewer, document_id)
    old_number, new_number = _number(request, "old"), _number(request, "new")
    if old_number is None or new_number is None:
        raise NotFound(_("say which two drafts to compare (old and new)."), field="old")
    old = selectors.version_get(document=document, number=old_number)
    new = selectors.version_get(document=document, number=new_number)
    content = word.comparison_docx(
        document=document, old=old, new=new, comparison=selectors.version_compare(old=old, new=new)
    )
    return _docx(content, filename=f"document-{document.pk}-draft-{old.number}-{new.number}.docx")
