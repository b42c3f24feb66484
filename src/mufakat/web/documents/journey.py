"""A document's journey page, and the list a SOM reviews before a summit: the documents to be decided at a
meeting with where each stands (also as CSV)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import ApplicationError, NotFound
from mufakat.documents import selectors
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.rules import can_manage_documents, require_manage
from mufakat.documents.services import journey_step_record
from mufakat.meetings.models import Meeting, Series
from mufakat.web.common import form_add_error, page, series_view

from .journey_form import JourneyStepForm, journey_meetings


def viewers_of(request: HttpRequest, known: SeriesViewer) -> selectors.journey.ViewerOf:
    """The caller's viewer in each series a document belongs to (built once a series)."""
    cache: dict[int, SeriesViewer] = {}

    def viewer_of(series: Series) -> SeriesViewer:
        if series.pk == known.series_id:
            return known
        if series.pk not in cache:
            cache[series.pk] = viewer_for(request.user, series)
        return cache[series.pk]

    return viewer_of


def _journey_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    document: OutcomeDocument,
    *,
    form: JourneyStepForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None and can_manage_documents(viewer) and not document.is_final:
        form = JourneyStepForm(meetings=journey_meetings(document))
    return page(
        request,
        "documents/journey.html",
        {"series": series, "document": document, "draft_line": "", "tab": "journey", "step_form": form},
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@series_view()
def document_journey_page(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = selectors.document_get(viewer=viewer, series=series, document_id=document_id)
    if request.method != "POST":
        return _journey_page(request, series, viewer, document)
    require_manage(viewer)
    form = JourneyStepForm(request.POST, meetings=journey_meetings(document))
    if not form.is_valid():
        return _journey_page(request, series, viewer, document, form=form, status=400)
    data = form.cleaned_data
    try:
        version = selectors.version_get(document=document, number=data["version"]) if data["version"] else None
        journey_step_record(
            actor=viewer,
            document=document,
            action=data["action"],
            meeting=form.meeting_of("meeting"),
            procedure_en=data["procedure_en"],
            on=data["on"],
            version=version,
            recommended_to=form.meeting_of("recommended_to"),
            note=data["note"],
        )
    except ApplicationError as exc:
        form_add_error(form, exc)
        return _journey_page(request, series, viewer, document, form=form, status=exc.status_code)
    messages.success(request, _("The step is recorded."))
    return redirect("web:document-journey", code=series.code, document_id=document.pk)


def _meeting(series: Series, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("body", "series").filter(series=series, pk=meeting_id).first()
    if meeting is None:
        raise NotFound(
            _("no meeting %(meeting_id)s in %(series)s.") % {"meeting_id": meeting_id, "series": series.code},
            field="meeting_id",
        )
    return meeting


@require_safe
@series_view()
def documents_for_meeting_page(
    request: HttpRequest, series: Series, viewer: SeriesViewer, meeting_id: int
) -> HttpResponse:
    meeting = _meeting(series, meeting_id)
    rows = selectors.documents_for_meeting(meeting=meeting, viewer_of=viewers_of(request, viewer))
    if request.GET.get("format") == "csv":
        return _csv(meeting, rows)
    return page(
        request, "documents/for_meeting.html", {"series": series, "meeting": meeting, "rows": rows}, viewer=viewer
    )


def _csv(meeting: Meeting, rows: list[selectors.Standing]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["document", "kind", "lead", "status", "last step", "date", "place", "steps"])
    for row in rows:
        last = row.last_step
        writer.writerow(
            [
                row.document.title_en,
                row.document.kind,
                row.document.lead_party.code if row.document.lead_party else "",
                row.document.status_key,
                f"{last.action} ({last.where})" if last else "",
                last.on.isoformat() if last else "",
                last.place if last else "",
                row.steps,
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="documents-for-{meeting.short_title}.csv"'
    return response
