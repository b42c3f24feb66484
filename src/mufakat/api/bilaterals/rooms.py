"""The rooms for bilaterals and the scheduling settings of a series (chair secretariat)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from mufakat.api.auth import SIGNED_IN
from mufakat.api.bilaterals.common import bilaterals_router, chair_viewer
from mufakat.api.bilaterals.schemas import BilateralRoomIn, BilateralRoomOut, BilateralSettingsIn, BilateralSettingsOut
from mufakat.api.common import errors
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.models import BilateralRoom, BilateralSettings
from mufakat.bilaterals.selectors import bilateral_settings_of
from mufakat.core.errors import ValidationFailed
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.selectors import series_get


def _room_out(room: BilateralRoom) -> BilateralRoomOut:
    return BilateralRoomOut(
        id=room.pk,
        room=room.room.name,
        capacity=room.capacity,
        available_from=room.available_from,
        available_to=room.available_to,
    )


@bilaterals_router.get(
    "/series/{code}/bilaterals/rooms", response={200: list[BilateralRoomOut], **errors(401, 403, 404)}, auth=SIGNED_IN
)
def bilateral_room_list(request: HttpRequest, code: str) -> list[BilateralRoomOut]:
    """The rooms set aside for bilaterals and how many delegations each seats (chair secretariat)."""
    series = series_get(code=code)
    chair_viewer(request, series)
    return [_room_out(room) for room in selectors.bilateral_room_list(series=series)]


@bilaterals_router.put(
    "/series/{code}/bilaterals/rooms",
    response={200: list[BilateralRoomOut], **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def bilateral_room_set(request: HttpRequest, code: str, data: BilateralRoomIn) -> list[BilateralRoomOut]:
    """Set a room of the venue aside for bilaterals, or change its capacity and hours (chair secretariat)."""
    series = series_get(code=code)
    viewer = chair_viewer(request, series)
    venue_rooms = meeting_selectors.room_list(venue=series.venue)
    room = venue_rooms.filter(name__iexact=data.room.strip()).first()
    if room is None:
        names = ", ".join(sorted(venue_rooms.values_list("name", flat=True)))
        raise ValidationFailed(
            _("no room %(room)r at %(venue)s; rooms: %(names)s.")
            % {"room": data.room, "venue": series.venue.name_en, "names": names},
            field="room",
        )
    services.bilateral_room_set(
        actor=viewer,
        series=series,
        room=room,
        capacity=data.capacity,
        available_from=data.available_from,
        available_to=data.available_to,
    )
    return [_room_out(r) for r in selectors.bilateral_room_list(series=series)]


def _settings_out(settings: BilateralSettings) -> BilateralSettingsOut:
    return BilateralSettingsOut(
        buffer_minutes=settings.buffer_minutes,
        day_starts=settings.day_starts,
        day_ends=settings.day_ends,
        time_limit_seconds=settings.time_limit_seconds,
        gap_fairness=settings.gap_fairness,
        version=settings.version,
    )


@bilaterals_router.get(
    "/series/{code}/bilaterals/settings", response={200: BilateralSettingsOut, **errors(401, 403, 404)}, auth=SIGNED_IN
)
def bilateral_settings_get(request: HttpRequest, code: str) -> BilateralSettingsOut:
    """The buffer between meetings (walking time), the hours of bilaterals and the solver's time limit."""
    series = series_get(code=code)
    chair_viewer(request, series)
    return _settings_out(bilateral_settings_of(series))


@bilaterals_router.patch(
    "/series/{code}/bilaterals/settings",
    response={200: BilateralSettingsOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def bilateral_settings_patch(request: HttpRequest, code: str, data: BilateralSettingsIn) -> BilateralSettingsOut:
    series = series_get(code=code)
    viewer = chair_viewer(request, series)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if k != "version" and v is not None}
    return _settings_out(
        services.bilateral_settings_update(actor=viewer, series=series, expected_version=data.version, **changes)
    )
