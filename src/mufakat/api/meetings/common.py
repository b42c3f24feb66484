"""What the meetings and programme operations share: their routers, the meeting of a
`/meetings/{meeting_id}/...` operation, the check of the chair-only reads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.api.auth import request_viewer
from mufakat.api.meetings.programme_schemas import ChangeOut
from mufakat.core.errors import get_or_not_found
from mufakat.meetings.models import Meeting, Series
from mufakat.meetings.programme import Change
from mufakat.meetings.rules import is_series_chair
from mufakat.reference.models import Party

meetings_router = Router(tags=["meetings"])
programme_router = Router(tags=["programme"])

CHAIR_ONLY = gettext_lazy("only the chair secretariat of the series sees the draft programme and its conflicts.")


def change_out(change: Change | dict[str, Any]) -> ChangeOut:
    return ChangeOut(**(change.as_dict() if isinstance(change, Change) else change))


def draft_reader(request: HttpRequest, series: Series) -> SeriesViewer:
    """The caller, if they may read the draft programme (the chair secretariat of the series); 403 otherwise.
    Writes need no such check here: the meetings services refuse them."""
    viewer = request_viewer(request, series)
    require(is_series_chair(viewer, series.pk), CHAIR_ONLY)
    return viewer


def party_get(code: str) -> Party:
    # A NUL character cannot be in a party code, and PostgreSQL refuses to even compare with one.
    lookup = code.upper() if "\x00" not in code else ""
    party: Party = get_or_not_found(Party.objects, what=_("party"), field="party", value=code, code=lookup)
    return party


def meeting_with_series(meeting_id: int) -> Meeting:
    meeting: Meeting = get_or_not_found(
        Meeting.objects.select_related("body", "series__venue", "venue"),
        what=_("meeting"),
        field="meeting_id",
        value=meeting_id,
        pk=meeting_id,
    )
    return meeting


def meeting_get(meeting_id: int) -> Meeting:
    meeting: Meeting = get_or_not_found(
        Meeting.objects.select_related("body", "series"),
        what=_("meeting"),
        field="meeting_id",
        value=meeting_id,
        pk=meeting_id,
    )
    return meeting
