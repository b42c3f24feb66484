"""What the document pages share: the document look-up, the venue's time zone, the draft line, the parties a
viewer speaks for, a form refusal in one line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.rules import can_act_for
from mufakat.documents.services import consensus_parties
from mufakat.meetings.models import Series, Venue
from mufakat.reference.models import Party
from mufakat.web.common import form_add_error, page


def venue_of(document: OutcomeDocument) -> Venue | None:
    return document.meeting.effective_venue


def zone_of(document: OutcomeDocument) -> ZoneInfo:
    venue = venue_of(document)
    return venue.tzinfo if venue else ZoneInfo("UTC")


def local_time(document: OutcomeDocument, moment: Any) -> str:
    """'23 July 2024, 18:00 Vientiane': the venue's wall-clock time (the language's DATETIME_FORMAT) and its city."""
    venue = venue_of(document)
    when = formats.date_format(moment.astimezone(zone_of(document)), "DATETIME_FORMAT")
    return f"{when} {venue.city}" if venue else f"{when} UTC"


def draft_line(document: OutcomeDocument, version: DocumentVersion | None) -> str:
    if version is None:
        return _("No draft circulated yet")
    return _("Draft %(number)s, circulated %(when)s") % {
        "number": version.number,
        "when": local_time(document, version.circulated_at),
    }


def document_form_page(
    request: HttpRequest,
    document: OutcomeDocument,
    viewer: SeriesViewer,
    template: str,
    *,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A form page about one document: its series, the document and its draft line, and what `context` adds."""
    return page(
        request,
        template,
        {
            "series": document.meeting.series,
            "document": document,
            "draft_line": draft_line(document, document.current_version),
            **context,
        },
        viewer=viewer,
        status=status,
    )


def acting_parties(viewer: SeriesViewer, document: OutcomeDocument) -> list[Party]:
    """The parties whose consent the document needs and for which this viewer may speak."""
    if not (viewer.is_secretariat or viewer.party_ids):
        return []
    return [entry.party for entry in consensus_parties(document) if can_act_for(viewer, entry.party.pk)]


def speaking_party(request: HttpRequest, document: OutcomeDocument, parties: list[Party]) -> Party | None:
    """The party this page's forms speak for. A delegate speaks for its own; the secretariat, recording
    what is said in the room, picks the delegation that has the floor (`?as=VN`, kept for the series)."""
    if not parties:
        return None
    if len(parties) == 1:
        return parties[0]
    key = f"documents-speaking-for-{document.meeting.series_id}"
    wanted = request.GET.get("as") or request.session.get(key)
    chosen = next((party for party in parties if party.code == wanted), parties[0])
    if request.GET.get("as") and chosen.code == wanted:
        request.session[key] = chosen.code
    return chosen


def document_url(document: OutcomeDocument, name: str = "document-detail", anchor: str = "") -> str:
    url = reverse(f"web:{name}", args=[document.meeting.series.code, document.pk])  # type: ignore[union-attr]
    return url + (f"#{anchor}" if anchor else "")


def back_to(document: OutcomeDocument, name: str = "document-detail", anchor: str = "") -> HttpResponseRedirect:
    return redirect(document_url(document, name, anchor))


def document_for(series: Series, viewer: SeriesViewer, document_id: int) -> OutcomeDocument:
    return selectors.document_get(viewer=viewer, series=series, document_id=document_id)


def refused_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    document: OutcomeDocument,
    exc: Conflict | ValidationFailed,
    *,
    page: Callable[..., HttpResponse],
    **form: forms.Form,
) -> HttpResponse:
    """`page` again after a service refused a form: on a conflict, with the document as it is now and the
    conflict said; on invalid input, with the form (passed as `page`'s keyword) and the error on its field."""
    if isinstance(exc, Conflict):
        current = document_for(series, viewer, document.pk)
        return page(request, current, viewer, status=exc.status_code, conflict=exc.message)
    for bound in form.values():
        form_add_error(bound, exc)
    return page(request, document, viewer, status=exc.status_code, **form)


def post_on_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    document: OutcomeDocument,
    *,
    page: Callable[..., HttpResponse],
    act: Callable[[], HttpResponse],
    **form: forms.Form,
) -> HttpResponse:
    """A form POSTed from `page` (the form passed as `page`'s keyword): invalid, it comes back on `page` (400);
    valid, `act` calls the service and answers; a refusal comes back as `refused_page` says."""
    if not all(bound.is_valid() for bound in form.values()):
        return page(request, document, viewer, status=400, **form)
    try:
        return act()
    except (Conflict, ValidationFailed) as exc:
        return refused_page(request, series, viewer, document, exc, page=page, **form)


def form_refusal(form: Any) -> ValidationFailed:
    """A form that does not validate and has no field to show it on: say what is wrong in one line."""
    errors = "; ".join(f"{name}: {' '.join(messages_)}" for name, messages_ in form.errors.items())
    return ValidationFailed(errors, field="form")
