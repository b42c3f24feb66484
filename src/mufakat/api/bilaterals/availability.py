"""A delegation's presence, blocked periods and free time for bilaterals."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import SIGNED_IN, request_viewer, series_viewer
from mufakat.api.bilaterals.common import bilaterals_router
from mufakat.api.bilaterals.schemas import (
    BilateralAvailabilityOut,
    BilateralBlockedIn,
    BilateralBlockedOut,
    BilateralFreeOut,
    BilateralIntervalOut,
    BilateralPresenceIn,
    BilateralPresenceOut,
)
from mufakat.api.common import DbInt, errors
from mufakat.api.reference.common import party_out
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.availability import principals_free_time
from mufakat.bilaterals.enums import Level
from mufakat.delegations.models import Delegation
from mufakat.delegations.selectors import delegation_get
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_get


def _availability(viewer: SeriesViewer, series: Series, delegation: Delegation) -> BilateralAvailabilityOut:
    presences = {p.level: p for p in selectors.presence_list(viewer=viewer, delegation=delegation)}
    code = delegation.party.code
    free = principals_free_time(series=series, principals=[(code, level) for level in Level.values])
    return BilateralAvailabilityOut(
        series=series.code,
        party=party_out(delegation.party),
        time_zone=series.venue.time_zone,
        presence=[
            BilateralPresenceOut(
                level=level,
                arrives_at=presences[level].arrives_at if level in presences else None,
                departs_at=presences[level].departs_at if level in presences else None,
                version=presences[level].version if level in presences else None,
            )
            for level in Level.values
        ],
        blocked=[
            BilateralBlockedOut(id=p.pk, level=p.level, starts_at=p.starts_at, ends_at=p.ends_at, note=p.note)
            for p in selectors.blocked_period_list(viewer=viewer, delegation=delegation)
        ],
        free=[
            BilateralFreeOut(
                level=level,
                free=[BilateralIntervalOut(starts_at=start, ends_at=end) for start, end in free[(code, level)]],
            )
            for level in Level.values
        ],
    )


@bilaterals_router.get(
    "/series/{code}/bilaterals/delegations/{party}/availability",
    response={200: BilateralAvailabilityOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_availability(request: HttpRequest, code: str, party: str) -> BilateralAvailabilityOut:
    """The party's arrival and departure per principal, its blocked periods, and the free time the scheduler
    derives from them and the released programme (the party's people and the chair secretariat)."""
    series = series_get(code=code)
    return _availability(request_viewer(request, series), series, delegation_get(series=series, party_code=party))


@bilaterals_router.put(
    "/series/{code}/bilaterals/delegations/{party}/presence/{level}",
    response={200: BilateralAvailabilityOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def bilateral_presence_set(
    request: HttpRequest, code: str, party: str, level: Level, data: BilateralPresenceIn
) -> BilateralAvailabilityOut:
    """When the party's minister (or SOM Leader) arrives and leaves; null: there from the start, or to the end."""
    series, viewer = series_viewer(request, code)
    delegation = delegation_get(series=series, party_code=party)
    services.delegation_presence_set(
        actor=viewer,
        delegation=delegation,
        level=level.value,
        arrives_at=data.arrives_at,
        departs_at=data.departs_at,
        expected_version=data.version,
    )
    return _availability(viewer, series, delegation)


@bilaterals_router.post(
    "/series/{code}/bilaterals/delegations/{party}/blocked",
    response={201: BilateralAvailabilityOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_blocked_add(
    request: HttpRequest, code: str, party: str, data: BilateralBlockedIn
) -> Status[BilateralAvailabilityOut]:
    """A time the principal is busy outside the programme; no bilateral is placed in it."""
    series, viewer = series_viewer(request, code)
    delegation = delegation_get(series=series, party_code=party)
    services.blocked_period_add(
        actor=viewer,
        delegation=delegation,
        level=data.level.value,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        note=data.note,
    )
    return Status(201, _availability(viewer, series, delegation))


@bilaterals_router.delete(
    "/series/{code}/bilaterals/delegations/{party}/blocked/{period_id}",
    response={200: BilateralAvailabilityOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_blocked_remove(request: HttpRequest, code: str, party: str, period_id: DbInt) -> BilateralAvailabilityOut:
    series, viewer = series_viewer(request, code)
    delegation = delegation_get(series=series, party_code=party)
    services.blocked_period_remove(actor=viewer, delegation=delegation, period_id=period_id)
    return _availability(viewer, series, delegation)
