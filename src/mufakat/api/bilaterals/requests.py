"""Bilateral meeting requests between delegations: made, answered, withdrawn."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import SIGNED_IN, request_viewer, series_viewer
from mufakat.api.bilaterals.common import bilaterals_router
from mufakat.api.bilaterals.schemas import (
    BilateralAfterIn,
    BilateralCounterpartOut,
    BilateralIntervalOut,
    BilateralRequestConflictOut,
    BilateralRequestIn,
    BilateralRequestOut,
    BilateralResponseIn,
    BilateralWithdrawIn,
)
from mufakat.api.common import DbInt, errors, parties_from_body, party_from_body, presents_conflict
from mufakat.api.reference.common import party_out
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.models import BilateralRequest
from mufakat.core.errors import ValidationFailed
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_get


def _request_out(item: BilateralRequest, series: Series, visible: set[int]) -> BilateralRequestOut:
    return BilateralRequestOut(
        id=item.pk,
        series=series.code,
        requester=party_out(item.requester),
        counterparts=[
            BilateralCounterpartOut(party=party_out(r.party), response=r.response, responded_at=r.responded_at)
            for r in item.responses.all()
        ],
        level=item.level,
        duration_minutes=item.duration_minutes,
        priority=item.priority,
        window_start=item.window_start,
        window_end=item.window_end,
        preferred=[BilateralIntervalOut(starts_at=start, ends_at=end) for start, end in item.preferred],
        # Only the requests this reader may see (no-leak): the others are not named.
        after=sorted(pk for pk in item.after.values_list("pk", flat=True) if pk in visible),
        status=item.status,
        note=item.note,
        created_at=item.created_at,
        version=item.version,
    )


def _visible(viewer: SeriesViewer, series: Series) -> set[int]:
    return set(selectors.bilateral_request_list(viewer=viewer, series=series).values_list("pk", flat=True))


def _request_now(viewer: SeriesViewer, series: Series, request_id: int) -> BilateralRequestOut:
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    return _request_out(item, series, _visible(viewer, series))


@presents_conflict(BilateralRequest)
def _request_conflict_now(request: HttpRequest, item: BilateralRequest) -> BilateralRequestOut:
    """A 409 shows the request as it is now, read as this reader may see it."""
    series = item.series
    return _request_now(request_viewer(request, series), series, item.pk)


@bilaterals_router.get(
    "/series/{code}/bilaterals/requests",
    response={200: list[BilateralRequestOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_list(request: HttpRequest, code: str) -> list[BilateralRequestOut]:
    """Every request (chair secretariat), or the requests the caller's party makes or is invited to, by
    priority (highest first)."""
    series, viewer = series_viewer(request, code)
    items = list(selectors.bilateral_request_list(viewer=viewer, series=series))
    visible = {item.pk for item in items}
    return [_request_out(item, series, visible) for item in items]


@bilaterals_router.post(
    "/series/{code}/bilaterals/requests",
    response={201: BilateralRequestOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_create(request: HttpRequest, code: str, data: BilateralRequestIn) -> Status[BilateralRequestOut]:
    """Ask to meet one or more parties (a bilateral, or a trilateral such as US–Japan–ROK), by the requesting
    party's focal point or a delegate (or the chair secretariat on its behalf). The counterparts are asked to
    accept. A refusal names the field: a counterpart without a delegation in the series, the requester
    itself, a window outside the series, a duration not a multiple of 15 minutes or longer than any free
    slot of a principal."""
    series, viewer = series_viewer(request, code)
    codes = [c.strip().upper() for c in data.counterparts]
    if len(set(codes)) != len(codes):
        raise ValidationFailed(_("names a party twice."), field="counterparts")
    item = services.bilateral_request_create(
        actor=viewer,
        series=series,
        requester=party_from_body(data.requester, field="requester"),
        counterparts=parties_from_body(codes, field="counterparts"),
        level=data.level.value,
        duration_minutes=data.duration_minutes,
        priority=data.priority,
        window_start=data.window_start,
        window_end=data.window_end,
        preferred=[(p.starts_at, p.ends_at) for p in data.preferred],
        note=data.note,
        after=data.after,
    )
    return Status(201, _request_now(viewer, series, item.pk))


@bilaterals_router.get(
    "/series/{code}/bilaterals/requests/{request_id}",
    response={200: BilateralRequestOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_get(request: HttpRequest, code: str, request_id: DbInt) -> BilateralRequestOut:
    """One request the caller may see (404 otherwise: who asked whom is not disclosed)."""
    series = series_get(code=code)
    return _request_now(request_viewer(request, series), series, request_id)


@bilaterals_router.post(
    "/series/{code}/bilaterals/requests/{request_id}/response",
    response={200: BilateralRequestOut, 409: BilateralRequestConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_respond(
    request: HttpRequest, code: str, request_id: DbInt, data: BilateralResponseIn
) -> BilateralRequestOut:
    """An invited party accepts or declines (its focal point or a delegate). When every counterpart has
    accepted, the request is accepted and goes into the next solve; one refusal declines it."""
    series, viewer = series_viewer(request, code)
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    services.bilateral_request_respond(
        actor=viewer,
        request_id=item.pk,
        party=party_from_body(data.party, field="party"),
        accept=data.accept,
        expected_version=data.version,
    )
    return _request_now(viewer, series, item.pk)


@bilaterals_router.post(
    "/series/{code}/bilaterals/requests/{request_id}/withdraw",
    response={200: BilateralRequestOut, 409: BilateralRequestConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_withdraw(
    request: HttpRequest, code: str, request_id: DbInt, data: BilateralWithdrawIn
) -> BilateralRequestOut:
    """The requesting party takes its request back; a published meeting of it shows as cancelled."""
    series, viewer = series_viewer(request, code)
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    services.bilateral_request_withdraw(actor=viewer, request_id=item.pk, expected_version=data.version)
    return _request_now(viewer, series, item.pk)


@bilaterals_router.put(
    "/series/{code}/bilaterals/requests/{request_id}/after",
    response={200: BilateralRequestOut, 409: BilateralRequestConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_request_after(
    request: HttpRequest, code: str, request_id: DbInt, data: BilateralAfterIn
) -> BilateralRequestOut:
    """Set the requests this one must come after ("the trilateral after both bilaterals"), by the requesting
    party (or the chair secretariat); [] clears them. When both are scheduled, this one starts after the
    other ends (plus the walking buffer when they share a principal); when the other is not scheduled this
    one still may be. A refusal names `after`: an unknown request, one of another series, itself, a cycle."""
    series, viewer = series_viewer(request, code)
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    services.bilateral_request_after_set(
        actor=viewer, request_id=item.pk, after=data.after, expected_version=data.version
    )
    return _request_now(viewer, series, item.pk)
