"""The list of series and a series' page with its meetings day by day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.web.common import page, series_view


@require_safe
def series_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/series_list.html", {"series_list": meeting_selectors.series_list()})


@require_safe
@series_view()
def series_detail(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    days = meeting_selectors.series_programme(series=series)
    return page(
        request,
        "series_detail.html",
        {"series": series, "days": days, "meeting_count": sum(len(rows) for _, rows in days)},
        viewer=viewer,
    )
