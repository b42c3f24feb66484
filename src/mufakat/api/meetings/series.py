"""/series: the meeting series with their chair, venue and number of meetings."""

from __future__ import annotations

from django.http import HttpRequest

from mufakat.api.common import ErrorOut
from mufakat.api.meetings.common import meetings_router
from mufakat.api.meetings.schemas import SeriesOut, VenueOut
from mufakat.api.reference.common import party_out
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series


def _series(series: Series, meeting_count: int) -> SeriesOut:
    venue = series.venue
    return SeriesOut(
        code=series.code,
        title_en=series.title_en,
        title_vi=series.title_vi,
        theme_en=series.theme_en,
        theme_vi=series.theme_vi,
        chair=party_out(series.chair),
        venue=VenueOut(
            name_en=venue.name_en,
            name_vi=venue.name_vi,
            city_en=venue.city_en,
            city_vi=venue.city_vi,
            country=venue.country.code,
            time_zone=venue.time_zone,
        ),
        start_date=series.start_date,
        end_date=series.end_date,
        meeting_count=meeting_count,
    )


@meetings_router.get("/series", response={200: list[SeriesOut], 401: ErrorOut})
def list_series(request: HttpRequest) -> list[SeriesOut]:
    return [
        _series(s, s.meeting_count)  # type: ignore[attr-defined]  # annotated by series_list
        for s in meeting_selectors.series_list().select_related("venue__country")
    ]


@meetings_router.get("/series/{code}", response={200: SeriesOut, 401: ErrorOut, 404: ErrorOut})
def get_series(request: HttpRequest, code: str) -> SeriesOut:
    series = meeting_selectors.series_get(code=code)
    return _series(series, series.meeting_count)  # type: ignore[attr-defined]  # annotated by series_list
