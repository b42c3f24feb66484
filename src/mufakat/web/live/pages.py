"""The wall screens (a document's text for the room's projector; a session's agenda item and speakers), the
chair's pointer, and the floor: delegations ask, the chair gives and closes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.documents import selectors as document_selectors
from mufakat.live import selectors, services
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from mufakat.web.common import page, series_view


@require_safe
@series_view(login_required=True)
def document_screen(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    """The current draft in large type, read only; the chair's pointer highlighted (live.js keeps it in view)."""
    document = selectors.live_document_get(viewer=viewer, series=series, document_id=document_id)
    version = document.current_version
    pointed = selectors.pointer_of(document=document)
    paragraphs = []
    if version is not None:
        text = document_selectors.bracketed_text(version=version, with_proposals=False)
        paragraphs = [
            {
                "p": p,
                "html": mark_safe(p.html()),  # noqa: S308 - brackets.html() escapes every text it holds
                "pointed": p.uid == pointed,
                "anchor": f"p-{p.uid}",
            }
            for p in text.paragraphs
        ]
    context = {"series": series, "document": document, "version": version, "paragraphs": paragraphs, "pointed": pointed}
    return page(request, "live/document_screen.html", context, viewer=viewer)


@require_POST
@series_view(login_required=True)
def screen_pointer(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = selectors.live_document_get(viewer=viewer, series=series, document_id=document_id)
    uid = request.POST.get("paragraph", "")
    services.screen_pointer_set(actor=viewer, document=document, paragraph_uid=uid or None)
    target = redirect("web:document-detail", code=series.code, document_id=document.pk)
    if uid:
        target["Location"] += f"#p-{uid}"
    return target


def _floor_context(series: Series, viewer: SeriesViewer, session_id: int) -> dict[str, object]:
    session = selectors.live_session_get(viewer=viewer, series=series, session_id=session_id)
    state = selectors.floor_state(session=session)
    own = list(Party.objects.filter(pk__in=viewer.party_ids).order_by("code"))
    open_parties = {r.party_id for r in state.waiting} | ({state.speaking.party_id} if state.speaking else set())
    return {
        "series": series,
        "session": session,
        "meeting": session.meeting,
        "state": state,
        "is_chair": viewer.is_chair,
        "may_ask": [p for p in own if p.pk not in open_parties],
        "own_requests": [r for r in state.waiting if r.party_id in viewer.party_ids],
    }


@require_safe
@series_view(login_required=True)
def session_floor(request: HttpRequest, series: Series, viewer: SeriesViewer, session_id: int) -> HttpResponse:
    """The floor: who speaks, who is next; a delegation asks; the chair gives, closes and sets the item."""
    return page(request, "live/floor.html", _floor_context(series, viewer, session_id), viewer=viewer)


@require_safe
@series_view(login_required=True)
def session_screen(request: HttpRequest, series: Series, viewer: SeriesViewer, session_id: int) -> HttpResponse:
    return page(request, "live/session_screen.html", _floor_context(series, viewer, session_id), viewer=viewer)


def _int(value: str | None, field: str) -> int:
    if not value or not value.isdigit():
        raise ValidationFailed(_("is not a number."), field=field)
    return int(value)


@require_POST
@series_view(login_required=True)
def floor_action(
    request: HttpRequest, series: Series, viewer: SeriesViewer, session_id: int, action: str
) -> HttpResponse:
    session = selectors.live_session_get(viewer=viewer, series=series, session_id=session_id)
    if action == "ask":
        party = Party.objects.filter(code=request.POST.get("party", "")).first()
        if party is None:
            raise ValidationFailed(_("is not a party."), field="party")
        services.floor_request(actor=viewer, session=session, party=party)
    elif action == "give":
        services.floor_give(actor=viewer, session=session, request_id=_int(request.POST.get("request"), "request"))
    elif action == "close":
        services.floor_close(actor=viewer, session=session, request_id=_int(request.POST.get("request"), "request"))
    elif action == "item":
        item = request.POST.get("agenda_item", "")
        services.session_item_set(actor=viewer, session=session, agenda_item_id=int(item) if item.isdigit() else None)
    else:
        raise Http404(_("Nothing to do here."))
    return redirect("web:session-floor", code=series.code, session_id=session.pk)
