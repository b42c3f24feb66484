"""The chair's side of the programme: the draft beside the latest release (changes, conflicts to acknowledge,
the release form) and the session forms. The pages are the chair secretariat's; the services refuse anyone
else's writes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, NotFound, ValidationFailed
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting, Series, Session
from mufakat.meetings.programme import Conflict as ProgrammeConflict
from mufakat.meetings.programme import ConflictKind
from mufakat.meetings.rules import is_series_chair
from mufakat.meetings.selectors import (
    programme_conflicts,
    programme_draft_changes,
    programme_latest_release,
    programme_sessions,
)
from mufakat.meetings.services import programme_release, session_change, session_create
from mufakat.reference import selectors as reference_selectors
from mufakat.web.common import form_add_error, page, series_view
from mufakat.web.meetings.forms import ReleaseForm, SessionEditForm, SessionForm

from .timetable import change_rows, conflict_rows


def _chair_page(viewer: SeriesViewer, series: Series) -> None:
    """The draft and the session forms are the chair's pages: anyone else is refused the page (the services
    refuse their writes)."""
    require(is_series_chair(viewer, series.pk), _("Only the chair secretariat edits and releases the programme."))


def _party_names(conflicts: list[ProgrammeConflict]) -> dict[str, str]:
    codes = {c.subject for c in conflicts if c.kind == ConflictKind.PARTY}
    return {party.code: party.name for party in reference_selectors.party_list().filter(code__in=codes)}


def _draft_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    form: ReleaseForm,
    *,
    acknowledged: set[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    _chair_page(viewer, series)
    zone = ZoneInfo(series.venue.time_zone)
    latest = programme_latest_release(series=series)
    changes = change_rows([c.as_dict() for c in programme_draft_changes(series=series)], time_zone=zone.key)
    conflicts = programme_conflicts(series=series)
    changed = {change.uid for change in changes}
    in_conflict = {uid for conflict in conflicts for uid in conflict.session_uids}
    days: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for session, pure in programme_sessions(series=series, include_cancelled=True):
        start = session.starts_at.astimezone(zone)
        days[start.date()].append(
            {
                "session": session,
                "starts_at": start,
                "ends_at": session.ends_at.astimezone(zone),
                "changed": pure.uid in changed,
                "in_conflict": pure.uid in in_conflict,
            }
        )
    return page(
        request,
        "programme_draft.html",
        {
            "series": series,
            "latest": latest,
            "changes": changes,
            "conflicts": conflict_rows(conflicts, party_names=_party_names(conflicts)),
            "acknowledged": acknowledged or set(),
            "days": sorted(days.items()),
            "meetings": meeting_selectors.meeting_list(series=series),
            "form": form,
            "time_zone": zone.key,
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def programme_draft(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    if request.method == "GET":
        return _draft_page(request, series, viewer, ReleaseForm())
    form = ReleaseForm(request.POST)
    acknowledged = form.acknowledged()
    if not form.is_valid():
        return _draft_page(request, series, viewer, form, acknowledged=set(acknowledged), status=400)
    try:
        release = programme_release(
            actor=viewer, series=series, acknowledged=acknowledged, note=form.cleaned_data["note"]
        )
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _draft_page(request, series, viewer, form, acknowledged=set(acknowledged), status=exc.status_code)
    messages.success(request, _("Programme v%(number)d is released.") % {"number": release.number})
    return redirect("web:programme", code=series.code)


def _zone(series: Series, meeting: Meeting) -> ZoneInfo:
    return ZoneInfo((meeting.venue or series.venue).time_zone)


def _session_form_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    meeting: Meeting,
    form: SessionForm,
    *,
    session: Session | None = None,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    _chair_page(viewer, series)
    return page(
        request,
        "session_form.html",
        {"series": series, "meeting": meeting, "session": session, "form": form, **context},
        viewer=viewer,
        status=status,
    )


def _rooms(series: Series, meeting: Meeting) -> list[Any]:
    return list(meeting_selectors.room_list(venue=meeting.venue or series.venue))


def _shown(value: Any) -> str:
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value or "")


def _unsaved(form: SessionEditForm, current: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, what the user typed, what is stored now) for every field where the two differ."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        yours, stored = _shown(form.cleaned_data[name]), _shown(current.get(name))
        if yours == stored:
            continue
        labels = {str(key): str(label) for key, label in getattr(field, "choices", [])}
        rows.append((str(field.label), labels.get(yours, yours), labels.get(stored, stored)))
    return rows


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def session_edit(request: HttpRequest, series: Series, viewer: SeriesViewer, session_id: int) -> HttpResponse:
    session = meeting_selectors.session_get(series=series, session_id=session_id)
    meeting, zone, rooms = session.meeting, _zone(series, session.meeting), _rooms(series, session.meeting)
    if request.method == "GET":
        form = SessionEditForm(initial=SessionForm.initial_from(session, zone), rooms=rooms, time_zone=zone.key)
        return _session_form_page(request, series, viewer, meeting, form, session=session)
    form = SessionEditForm(request.POST, rooms=rooms, time_zone=zone.key)
    if not form.is_valid():
        return _session_form_page(request, series, viewer, meeting, form, session=session, status=400)
    try:
        changed = session_change(
            actor=viewer, session_id=session.pk, expected_version=form.cleaned_data["version"], **form.session_data()
        )
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _session_form_page(request, series, viewer, meeting, form, session=session, status=exc.status_code)
    except Conflict as exc:
        current = meeting_selectors.session_get(series=series, session_id=session_id)
        initial = SessionForm.initial_from(current, zone)
        return _session_form_page(
            request,
            series,
            viewer,
            meeting,
            SessionEditForm(initial, rooms=rooms, time_zone=zone.key),
            session=current,
            conflict=exc.message,
            unsaved=_unsaved(form, initial),
            status=exc.status_code,
        )
    messages.success(
        request,
        _("“%(title)s” of %(meeting)s is saved in the draft.")
        % {"title": changed.title, "meeting": meeting.short_title},
    )
    return redirect("web:programme-draft", code=series.code)


def _meeting(series: Series, meeting_id: str | None) -> Meeting:
    meeting = None
    if meeting_id and meeting_id.isdigit():
        meeting = meeting_selectors.meeting_list(series=series).filter(pk=int(meeting_id)).first()
    if meeting is None:
        raise NotFound(
            _("%(series)s has no meeting with id “%(id)s”; choose one on the draft page.")
            % {"series": series.code, "id": meeting_id or ""},
            field="meeting",
        )
    return meeting


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def session_new(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    meeting = _meeting(series, request.GET.get("meeting") or request.POST.get("meeting"))
    zone, rooms = _zone(series, meeting), _rooms(series, meeting)
    if request.method == "GET":
        form = SessionForm(initial={"day": meeting.start_date}, rooms=rooms, time_zone=zone.key)
        return _session_form_page(request, series, viewer, meeting, form)
    form = SessionForm(request.POST, rooms=rooms, time_zone=zone.key)
    if not form.is_valid():
        return _session_form_page(request, series, viewer, meeting, form, status=400)
    try:
        session = session_create(actor=viewer, meeting=meeting, **form.session_data())
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _session_form_page(request, series, viewer, meeting, form, status=exc.status_code)
    messages.success(
        request,
        _("“%(title)s” of %(meeting)s is added to the draft.")
        % {"title": session.title, "meeting": meeting.short_title},
    )
    return redirect("web:programme-draft", code=series.code)
