"""What the bilaterals operations share: the router and the chair-only check."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.api.auth import request_viewer
from mufakat.bilaterals.rules import can_manage_bilaterals
from mufakat.bilaterals.services.schedules import CHAIR_ONLY
from mufakat.meetings.models import Series

bilaterals_router = Router(tags=["bilaterals"])


def chair_viewer(request: HttpRequest, series: Series) -> SeriesViewer:
    viewer = request_viewer(request, series)
    require(can_manage_bilaterals(viewer, series.pk), CHAIR_ONLY)
    return viewer
