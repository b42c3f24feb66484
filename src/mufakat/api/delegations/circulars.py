"""Circulars of a series."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer, series_viewer
from mufakat.api.common import BoundedPagination, errors, framework_from_body, parties_from_body
from mufakat.api.delegations.common import delegations_router
from mufakat.api.delegations.schemas import CircularIn, CircularOut
from mufakat.delegations import selectors, services
from mufakat.meetings.selectors import series_get


@delegations_router.get("/series/{code}/circulars", response={200: list[CircularOut], **errors(401, 404)}, auth=PUBLIC)
@paginate(BoundedPagination)
def list_circulars(request: HttpRequest, code: str) -> Any:
    """The circulars the caller may see, newest first: public ones for everyone, restricted ones for the
    members of the framework, confidential ones for the named parties; all for the secretariats."""
    series = series_get(code=code)
    circulars: Any = selectors.circular_list(viewer=request_viewer(request, series), series=series)
    return circulars.prefetch_related("confidential_to")


@delegations_router.get(
    "/series/{code}/circulars/{circular_id}", response={200: CircularOut, **errors(401, 404)}, auth=PUBLIC
)
def get_circular(request: HttpRequest, code: str, circular_id: int) -> Any:
    """One circular; 404 for anyone who may not see it."""
    series = series_get(code=code)
    return selectors.circular_get(viewer=request_viewer(request, series), series=series, circular_id=circular_id)


@delegations_router.post(
    "/series/{code}/circulars", response={201: CircularOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def create_circular(request: HttpRequest, code: str, data: CircularIn) -> Status[Any]:
    """Issue a circular (chair secretariat): public, restricted to a framework's members (`restricted_to`,
    a framework code), or confidential to named parties (`confidential_to`, party codes)."""
    series, viewer = series_viewer(request, code)
    restricted_to = framework_from_body(data.restricted_to, field="restricted_to") if data.restricted_to else None
    confidential_to = parties_from_body(data.confidential_to, field="confidential_to")
    circular = services.circular_create(
        actor=viewer,
        series=series,
        reference=data.reference,
        title_en=data.title_en,
        title_vi=data.title_vi,
        body_en=data.body_en,
        body_vi=data.body_vi,
        classification=data.classification.value,
        restricted_to=restricted_to,
        confidential_to=confidential_to,
    )
    return Status(201, circular)
