"""What every web page shares: the series (or meeting) and viewer resolved once per request by the
`series_view` and `meeting_view` decorators, login redirects, the one place that turns an ApplicationError
into a page (`error_page`) or puts it next to a form field (`form_add_error`), `page` rendering and CSV
responses."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series

SeriesView = Callable[..., HttpResponse]
MeetingView = Callable[..., HttpResponse]


def login_redirect(request: HttpRequest) -> HttpResponse:
    """Back to this page after login; after a POST, back to the page the form was on."""
    target = request.get_full_path()
    if request.method != "GET":
        referer = request.headers.get("Referer", "")
        allowed = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        target = referer if referer and allowed else "/"
    return redirect_to_login(target)


def error_page(request: HttpRequest, exc: ApplicationError, *, series: Series | None = None) -> HttpResponse:
    """The one place a refusal that no form can show becomes a page: anonymous users are sent to log in."""
    if isinstance(exc, PermissionDenied) and not request.user.is_authenticated:
        return login_redirect(request)
    titles = {
        PermissionDenied: _("You may not do this"),
        NotFound: _("Not found"),
        Conflict: _("Someone else changed this"),
    }
    return render(
        request,
        "web/error.html",
        {"title": titles.get(type(exc), _("This cannot be done")), "reason": exc.message, "series": series},
        status=exc.status_code,
    )


def login_required_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like Django's login_required, but a POST sends the user back to the page the form was on."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return login_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def series_view(*, login_required: bool = False) -> Callable[[SeriesView], Callable[..., HttpResponse]]:
    """Decorate a view taking (request, series, viewer, ...): resolves the series from the URL's `code`,
    builds the viewer, redirects anonymous users to log in where needed, and renders refusals."""

    def decorate(view: SeriesView) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, code: str, **kwargs: Any) -> HttpResponse:
            if login_required and not request.user.is_authenticated:
                return login_redirect(request)
            try:
                series = meeting_selectors.series_get(code=code)
            except NotFound as exc:
                raise Http404(_("There is no series “%(code)s”.") % {"code": code}) from exc
            viewer = viewer_for(request.user, series)
            try:
                return view(request, series, viewer, **kwargs)
            except ApplicationError as exc:
                return error_page(request, exc, series=series)

        return wrapper

    return decorate


def meeting_view(*, login_required: bool = False) -> Callable[[MeetingView], Callable[..., HttpResponse]]:
    """Decorate a view taking (request, meeting, viewer, ...): the meeting from the URL (404), the viewer in
    its series, anonymous users sent to log in where needed, refusals rendered as pages."""

    def decorate(view: MeetingView) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, meeting_id: int, **kwargs: Any) -> HttpResponse:
            if login_required and not request.user.is_authenticated:
                return login_redirect(request)
            meeting = meeting_selectors.meeting_list().filter(pk=meeting_id).first()
            if meeting is None:
                raise Http404(_("There is no meeting with id %(id)d.") % {"id": meeting_id})
            viewer = viewer_for(request.user, meeting.series)
            try:
                return view(request, meeting, viewer, **kwargs)
            except ApplicationError as exc:
                return error_page(request, exc, series=meeting.series)

        return wrapper

    return decorate


def page(
    request: HttpRequest, template: str, context: dict[str, Any], *, viewer: SeriesViewer, status: int = 200
) -> HttpResponse:
    """Render with the series viewer available to every template as `viewer`."""
    return render(request, f"web/{template}", {**context, "viewer": viewer}, status=status)


def form_add_error(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's refusal next to the field it names, or at the top when the form has no such field."""
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading formula character is quoted away."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A UTF-8 CSV download with a byte-order mark, so that spreadsheets read Vietnamese names right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response


@dataclass(frozen=True)
class ListingDay:
    """A day of a page listing things by day; `anchor` is its fragment, #day-YYYY-MM-DD."""

    day: date

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"


def _unit_words(unit: str, count: int) -> str:
    """The words for `count` of a unit, with "%(count)d" for the number."""
    units = {
        "year": lambda n: ngettext("%(count)d year", "%(count)d years", n),
        "month": lambda n: ngettext("%(count)d month", "%(count)d months", n),
        "week": lambda n: ngettext("%(count)d week", "%(count)d weeks", n),
        "day": lambda n: ngettext("%(count)d day", "%(count)d days", n),
        "hour": lambda n: ngettext("%(count)d hour", "%(count)d hours", n),
        "minute": lambda n: ngettext("%(count)d minute", "%(count)d minutes", n),
        "second": lambda n: ngettext("%(count)d second", "%(count)d seconds", n),
    }
    return units[unit](count)


def time_unit(unit: str, count: int) -> str:
    """ "3 days", "1 giờ": a count of one unit of time (year, month, week, day, hour, minute, second), in the
    active language. Ours, not Django's: Django's Vietnamese catalogue lacks its own ("%(num)d day"), so its
    timeuntil wrote "1 day, 19 hours" on Vietnamese pages."""
    return _unit_words(unit, count) % {"count": count}


class _Unit:
    """One of Django's `time_strings` (timesince formats them as `unit % {"num": n}`), in our words."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __mod__(self, values: dict[str, int]) -> str:
        return time_unit(self.unit, values["num"])


# django-stubs say str; timesince only applies `%` to them, as to Django's own lazy ngettext.
_TIME_STRINGS = cast(
    "dict[str, str]", {unit: _Unit(unit) for unit in ("year", "month", "week", "day", "hour", "minute")}
)


def relative_time(moment: datetime, now: datetime) -> str:
    """ "in 1 day, 19 hours", "2 years, 4 months ago" (two units at most), in the active language."""
    if moment >= now:
        return _("in %(span)s") % {"span": timeuntil(moment, now, time_strings=_TIME_STRINGS, depth=2)}
    return _("%(span)s ago") % {"span": timesince(moment, now, time_strings=_TIME_STRINGS, depth=2)}


def time_left(seconds: int) -> str:
    """A countdown as the server writes it ("1 day 2 hours 5 minutes"): the silence panel, the desk."""
    left = timedelta(seconds=seconds)
    days, hours, minutes = left.days, left.seconds // 3600, (left.seconds % 3600) // 60
    parts = []
    if days:
        parts.append(time_unit("day", days))
    if days or hours:
        parts.append(time_unit("hour", hours))
    parts.append(time_unit("minute", minutes))
    return " ".join(parts)


def countdown_units() -> str:
    """The words a page's script ticks a countdown down with ("1 ngày 19 giờ 23 phút 11 giây"), as JSON for a
    data attribute: for each unit the form for one and the form for several, "%(count)d" standing for the
    number (English and Vietnamese need no other plural forms)."""
    return json.dumps(
        {unit: [_unit_words(unit, 1), _unit_words(unit, 2)] for unit in ("day", "hour", "minute", "second")},
        ensure_ascii=False,
    )
