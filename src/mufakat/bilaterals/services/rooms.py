"""What the chair sets for the bilateral schedule: the venue's rooms set aside for bilaterals, and the rules
(buffer, hours, the solver's time limit)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralRoom, BilateralSettings
from mufakat.bilaterals.selectors import bilateral_settings_of
from mufakat.bilaterals.validators import validate_aware
from mufakat.core.errors import ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.models import Room, Series

from .common import require_chair

SETTINGS_AUDIT_FIELDS = ["buffer_minutes", "day_starts", "day_ends", "time_limit_seconds", "gap_fairness", "version"]


@transaction.atomic
def bilateral_room_set(
    *,
    actor: SeriesViewer,
    series: Series,
    room: Room,
    capacity: int,
    available_from: datetime | None = None,
    available_to: datetime | None = None,
) -> BilateralRoom:
    """Set a room of the venue aside for bilaterals (or change its capacity and hours)."""
    require_chair(actor, series.pk, _("only the chair secretariat sets rooms aside for bilaterals."))
    record = f"bilateral room {room.name}"
    if room.venue_id != series.venue_id:
        raise ValidationFailed(
            _("%(name)r is not at %(venue)s.") % {"name": room.name, "venue": series.venue.name},
            field="room",
            record=record,
        )
    if not 2 <= capacity <= 20:
        raise ValidationFailed(
            _("%(capacity)s is not between 2 and 20 delegations.") % {"capacity": capacity},
            field="capacity",
            record=record,
        )
    for value, name in ((available_from, "available_from"), (available_to, "available_to")):
        if value is not None:
            validate_aware(value, field=name, record=record)
    if available_from is not None and available_to is not None and available_to <= available_from:
        raise ValidationFailed(_("is not after available_from."), field="available_to", record=record)
    fields = ["room", "capacity", "available_from", "available_to"]
    # The venue's room row is locked first, for the same reason as the delegation in delegation_presence_set.
    Room.objects.select_for_update().filter(pk=room.pk).first()
    bilateral_room = BilateralRoom.objects.filter(series=series, room=room).first()
    before = snapshot(bilateral_room, fields) if bilateral_room else None
    if bilateral_room is None:
        bilateral_room = BilateralRoom(series=series, room=room)
    bilateral_room.capacity = capacity
    bilateral_room.available_from, bilateral_room.available_to = available_from, available_to
    bilateral_room.save()
    audit_record(
        viewer=actor,
        action="bilateral_room.set",
        obj=bilateral_room,
        before=before,
        after=snapshot(bilateral_room, fields),
    )
    return bilateral_room


@transaction.atomic
def bilateral_settings_update(
    *,
    actor: SeriesViewer,
    series: Series,
    expected_version: int | None = None,
    **changes: Any,
) -> BilateralSettings:
    """Change the buffer (walking time), the hours of bilaterals, the solver's time limit or the fairness of
    idle gaps (no principal more than that many gaps above the one with fewest)."""
    require_chair(actor, series.pk, _("only the chair secretariat changes the rules of the bilateral schedule."))
    record = f"bilateral settings of {series.code}"
    allowed = {"buffer_minutes", "day_starts", "day_ends", "time_limit_seconds", "gap_fairness"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationFailed(
            _("cannot be changed; allowed: %(values)s.") % {"values": ", ".join(sorted(allowed))},
            field=unknown[0],
            record=record,
        )
    # Saved settings are changed under their row's lock; before the first change the defaults are version 1,
    # and a caller who read them is checked too.
    settings = lock_then_read(BilateralSettings.objects.all(), series=series) or bilateral_settings_of(series)
    check_fresh(settings, expected_version=expected_version, record=record)
    if settings.pk:
        return versioned_update(
            settings,
            expected_version=expected_version,
            record=record,
            changes=changes,
            apply=lambda changed: _validate_settings(changed, record=record),
            audit=AuditTrail(actor, "bilateral_settings.update", SETTINGS_AUDIT_FIELDS),
        )
    for key, value in changes.items():
        setattr(settings, key, value)
    _validate_settings(settings, record=record)
    settings.save()
    settings.refresh_from_db()
    audit_record(
        viewer=actor,
        action="bilateral_settings.update",
        obj=settings,
        after=snapshot(settings, SETTINGS_AUDIT_FIELDS),
    )
    return settings


def _validate_settings(settings: BilateralSettings, *, record: str) -> None:
    if not 0 <= settings.buffer_minutes <= 120 or settings.buffer_minutes % 5:
        raise ValidationFailed(
            _("%(buffer_minutes)s is not a multiple of 5 between 0 and 120 minutes.")
            % {"buffer_minutes": settings.buffer_minutes},
            field="buffer_minutes",
            record=record,
        )
    if not isinstance(settings.day_starts, time) or not isinstance(settings.day_ends, time):
        raise ValidationFailed(_("must be a time of day (HH:MM)."), field="day_starts", record=record)
    if settings.day_ends <= settings.day_starts:
        raise ValidationFailed(_("is not after day_starts."), field="day_ends", record=record)
    if not isinstance(settings.gap_fairness, int) or not 0 <= settings.gap_fairness <= 20:
        raise ValidationFailed(
            _("%(gap_fairness)s is not a whole number of idle gaps between 0 and 20.")
            % {"gap_fairness": settings.gap_fairness},
            field="gap_fairness",
            record=record,
        )
    if not 1 <= settings.time_limit_seconds <= 600:
        raise ValidationFailed(
            _("%(time_limit_seconds)s is not between 1 and 600 seconds.")
            % {"time_limit_seconds": settings.time_limit_seconds},
            field="time_limit_seconds",
            record=record,
        )
