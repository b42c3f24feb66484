"""A document's journey page, and the list a SOM reviews before a summit: the documents to be decided at a
meeting with where each stands (also as CSV)."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import NotFound
from mufakat.documents import selectors
from mufakat.meetings.models import Meeting, Series
from mufakat.web.common import page, series_view


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


@require_safe
@series_view()
def document_journey_page(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = selectors.document_get(viewer=viewer, series=series, document_id=document_id)
    return page(
        request,
        "documents/journey.html",
        {"series": series, "document": document, "draft_line": "", "tab": "journey"},
        viewer=viewer,
    )


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
