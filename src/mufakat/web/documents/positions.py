"""Positions and the silence procedure on a document's board; the SOM's recommendation and the meeting's
decision. Each POST calls one service; refusals come back on the page with the form, a superseded draft as
a 409 page naming the current one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.rules import require_manage
from mufakat.documents.services import (
    document_decide,
    document_recommend,
    position_take,
    positions_request,
    silence_break,
    silence_cancel,
    silence_start,
)
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.web.common import form_add_error, series_view
from mufakat.web.documents.forms import (
    DecideForm,
    PositionForm,
    PositionsRequestForm,
    ReasonForm,
    RecommendForm,
    SilenceBreakForm,
    SilenceStartForm,
)

from .pages import board_page, document_page
from .shared import acting_parties, back_to, document_for, post_on_page

# Positions and the silence procedure ------------------------------------------------------------


@require_POST
@series_view(login_required=True)
def position_new(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = document_for(series, viewer, document_id)
    form = PositionForm(request.POST, parties=acting_parties(viewer, document))

    def act() -> HttpResponse:
        position = position_take(
            actor=viewer,
            document=document,
            version_id=form.cleaned_data["version_id"],
            party=form.chosen_party,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("%(party)s: %(position)s on draft %(number)d.")
            % {
                "party": form.chosen_party.code,
                "position": position.get_kind_display(),
                "number": position.version.number,
            },
        )
        return back_to(document, "document-board")

    return post_on_page(request, series, viewer, document, page=board_page, act=act, position_form=form)


@require_POST
@series_view(login_required=True)
def positions_request_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int
) -> HttpResponse:
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    form = PositionsRequestForm(request.POST)

    def act() -> HttpResponse:
        parties = positions_request(actor=viewer, document=document, version_id=form.cleaned_data["version_id"])
        messages.success(
            request,
            _("Positions requested from %(parties)s.") % {"parties": ", ".join(party.code for party in parties)},
        )
        return back_to(document, "document-board")

    return post_on_page(request, series, viewer, document, page=board_page, act=act, request_form=form)


@require_POST
@series_view(login_required=True)
def silence_start_view(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    form = SilenceStartForm(request.POST)

    def act() -> HttpResponse:
        silence_start(
            actor=viewer,
            document=document,
            version_id=form.cleaned_data["version_id"],
            deadline=form.local_deadline(),
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, _("The draft is circulated under silence procedure."))
        return back_to(document, "document-board")

    return post_on_page(request, series, viewer, document, page=board_page, act=act, silence_form=form)


@require_POST
@series_view(login_required=True)
def silence_break_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, procedure_id: int
) -> HttpResponse:
    document = document_for(series, viewer, document_id)
    procedure = selectors.silence_procedure_get(document=document, procedure_id=procedure_id)
    form = SilenceBreakForm(request.POST, parties=acting_parties(viewer, document))
    if not form.is_valid():
        return board_page(request, document, viewer, status=400, break_form=form)
    try:
        silence_break(actor=viewer, procedure=procedure, party=form.chosen_party, reason=form.cleaned_data["reason"])
    except (ValidationFailed, Conflict) as exc:
        form_add_error(form, exc)
        return board_page(request, document, viewer, status=exc.status_code, break_form=form)
    messages.success(request, _("%(party)s broke silence.") % {"party": form.chosen_party.code})
    return back_to(document, "document-board")


@require_POST
@series_view(login_required=True)
def silence_cancel_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, procedure_id: int
) -> HttpResponse:
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    procedure = selectors.silence_procedure_get(document=document, procedure_id=procedure_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("say why the procedure is cancelled."), field="reason")
    silence_cancel(actor=viewer, procedure=procedure, reason=form.cleaned_data["reason"])
    messages.success(request, _("The silence procedure is cancelled."))
    return back_to(document, "document-board")


# Recommendation and decision ----------------------------------------------------------------------


@require_POST
@series_view(login_required=True)
def document_recommend_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int
) -> HttpResponse:
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    form = RecommendForm(request.POST, meetings=meeting_selectors.meeting_prepared_by(meeting=document.meeting))

    def act() -> HttpResponse:
        document_recommend(
            actor=viewer,
            document=document,
            expected_version=form.cleaned_data["expected_version"],
            from_meeting=form.meetings[form.cleaned_data["from_meeting"]],
        )
        messages.success(request, _("The document is recommended."))
        return back_to(document)

    return post_on_page(request, series, viewer, document, page=document_page, act=act, recommend_form=form)


@require_POST
@series_view(login_required=True)
def document_decide_view(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    form = DecideForm(request.POST)

    def act() -> HttpResponse:
        decided = document_decide(
            actor=viewer,
            document=document,
            expected_version=form.cleaned_data["expected_version"],
            place=form.cleaned_data["place"],
            on=form.cleaned_data["on"],
        )
        messages.success(
            request,
            _("“%(title)s” is %(status)s.") % {"title": decided.title, "status": decided.status_phrase},
        )
        return back_to(decided, "document-final")

    return post_on_page(request, series, viewer, document, page=document_page, act=act, decide_form=form)
