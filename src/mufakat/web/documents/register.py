"""The register of outcome documents ("the list of documents to be adopted"), per series and per meeting,
and the chair's form to add an entry."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.documents.enums import STATUS_ORDER, STATUS_PHRASES
from mufakat.documents.rules import can_manage_documents, require_manage
from mufakat.documents.selectors import document_list
from mufakat.documents.services import document_create
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting, Series
from mufakat.web.common import form_add_error, page, series_view
from mufakat.web.documents.forms import DocumentForm


def _form(series: Series, data: object = None, meeting: Meeting | None = None) -> DocumentForm:
    meetings = list(meeting_selectors.meeting_list(series=series))
    parties = meeting_selectors.series_parties(series=series)
    initial = {"meeting": str(meeting.pk)} if meeting else None
    return DocumentForm(data, meetings=meetings, parties=parties, initial=initial)


def _register_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    *,
    meeting: Meeting | None = None,
    form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    documents = list(document_list(viewer=viewer, series=series, meeting=meeting))
    counts = Counter(document.status_key for document in documents)
    return page(
        request,
        "documents/register.html",
        {
            "series": series,
            "meeting": meeting,
            "groups": [(m, list(docs)) for m, docs in groupby(documents, key=lambda d: d.meeting)],
            "total": len(documents),
            "counts": [(STATUS_PHRASES[value], counts[value], value) for value in STATUS_ORDER if value in counts],
            "form": form or (_form(series, meeting=meeting) if can_manage_documents(viewer) else None),
        },
        viewer=viewer,
        status=status,
    )


@require_safe
@series_view()
def document_register(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    return _register_page(request, series, viewer)


@require_safe
@series_view()
def meeting_documents(request: HttpRequest, series: Series, viewer: SeriesViewer, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_list(series=series).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("%(series)s has no meeting with id %(id)d.") % {"series": series.code, "id": meeting_id})
    return _register_page(request, series, viewer, meeting=meeting)


@require_POST
@series_view(login_required=True)
def document_new(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    require_manage(viewer)
    form = _form(series, request.POST)
    if not form.is_valid():
        return _register_page(request, series, viewer, form=form, status=400)
    try:
        document = document_create(actor=viewer, **form.document_data())
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _register_page(request, series, viewer, form=form, status=exc.status_code)
    messages.success(
        request,
        _("“%(title)s” is added to the register of %(meeting)s.")
        % {"title": document.title, "meeting": document.meeting.short_title},
    )
    return redirect("web:document-detail", code=series.code, document_id=document.pk)
