"""The home page: a signed-in user's desk ("what awaits me today", mufakat.desk); the list of series for
everyone else (also at /series/ for all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from mufakat.desk import Desk, DeskRow, desk_for
from mufakat.notifications.selectors import notification_list
from mufakat.web.common import countdown_units, login_required_view, relative_time, time_left
from mufakat.web.meetings.series import series_list


@dataclass(frozen=True)
class ShownRow:
    row: DeskRow
    local_due: datetime | None
    relative: str  # "in 3 hours, 20 minutes", "2 days ago"
    seconds_left: int  # for a running countdown (silence procedures), else 0
    time_left: str


def _relative(due: datetime | None, now: datetime) -> str:
    return relative_time(due, now) if due is not None else ""


def _shown(desk: Desk, rows: list[DeskRow]) -> list[ShownRow]:
    shown = []
    for row in rows:
        seconds = (desk.seconds_left(row) or 0) if row.kind == "silence" else 0
        shown.append(ShownRow(row, row.local_due, _relative(row.due_at, desk.now), seconds, time_left(seconds)))
    return shown


def _desk(request: HttpRequest) -> HttpResponse:
    desk = desk_for(request.user)
    # The newest unread notices, above the work: what changed since the user last looked.
    language = get_language() or "en"
    unread = [(n.pk, n.notice.subject_in(language)) for n in notification_list(user=request.user, unread_only=True)[:5]]
    return render(
        request,
        "web/desk.html",
        {
            "desk": desk,
            "answer": _shown(desk, desk.answer),
            "deadlines": _shown(desk, desk.deadlines),
            "upcoming": _shown(desk, desk.upcoming),
            "unread_notices": unread,
            "countdown_units": countdown_units(),
        },
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return _desk(request)
    return series_list(request)


@require_safe
@login_required_view
def desk_page(request: HttpRequest) -> HttpResponse:
    return _desk(request)
