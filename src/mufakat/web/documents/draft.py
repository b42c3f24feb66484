"""The new-draft editor: the whole text in one textarea (or a .docx upload). Paragraphs keep their identity
across the edit (`drafting.pair_paragraphs`), so open proposals and ad ref marks follow them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.documents import drafting, selectors
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.rules import can_circulate
from mufakat.documents.services import ParagraphInput, document_version_circulate
from mufakat.documents.word import document_version_import
from mufakat.meetings.models import Series
from mufakat.web.common import form_add_error, series_view
from mufakat.web.documents.forms import DraftForm

from .shared import back_to, document_form_page


def _old(version: DocumentVersion | None) -> list[drafting.OldParagraph]:
    if version is None:
        return []
    return [drafting.OldParagraph(p.uid, p.kind, p.text) for p in selectors.paragraph_texts(version=version)]


def _draft_page(
    request: HttpRequest,
    document: OutcomeDocument,
    viewer: SeriesViewer,
    form: DraftForm,
    *,
    status: int = 200,
    conflict: str = "",
) -> HttpResponse:
    return document_form_page(
        request,
        document,
        viewer,
        "documents/draft_form.html",
        status=status,
        version=document.current_version,
        form=form,
        conflict=conflict,
    )


def _fresh_form(document: OutcomeDocument, data: dict[str, str] | None = None) -> DraftForm:
    version = document.current_version
    initial = {
        "based_on_version_id": version.pk if version else None,
        "text": drafting.blocks_to_text(_old(version)),
        **(data or {}),
    }
    return DraftForm(initial=initial)


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def draft_new(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = selectors.document_get(viewer=viewer, series=series, document_id=document_id)
    if not can_circulate(viewer, document):
        raise PermissionDenied(_("only the chair secretariat or the lead party's focal point circulates drafts."))
    if request.method == "GET":
        return _draft_page(request, document, viewer, _fresh_form(document))
    form = DraftForm(request.POST, request.FILES)
    if not form.is_valid():
        return _draft_page(request, document, viewer, form, status=400)
    data = form.cleaned_data
    based_on = data["based_on_version_id"]
    try:
        if data["file"]:
            version = document_version_import(
                actor=viewer, document=document, data=data["file"], based_on_version_id=based_on, note=data["note"]
            )
        else:
            blocks = drafting.text_to_blocks(data["text"])
            previous = (
                _old(document.current_version)
                if document.current_version and document.current_version.pk == based_on
                else []
            )
            uids = drafting.pair_paragraphs(previous, blocks) if previous else [None] * len(blocks)
            version = document_version_circulate(
                actor=viewer,
                document=document,
                paragraphs=[
                    ParagraphInput(text=block.text, kind=block.kind, uid=uid)
                    for block, uid in zip(blocks, uids, strict=True)
                ],
                based_on_version_id=based_on,
                note=data["note"],
            )
    except Conflict as exc:
        document = selectors.document_get(viewer=viewer, series=series, document_id=document_id)
        fresh = _fresh_form(document)
        return _draft_page(request, document, viewer, fresh, status=exc.status_code, conflict=exc.message)
    except ValidationFailed as exc:
        if exc.field and exc.field.startswith("paragraphs"):
            exc.field = "text"
        form_add_error(form, exc)
        return _draft_page(request, document, viewer, form, status=exc.status_code)
    messages.success(
        request,
        _("Draft %(number)d of “%(title)s” is circulated.") % {"number": version.number, "title": document.title},
    )
    return back_to(document)
