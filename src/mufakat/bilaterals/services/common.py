"""What the bilaterals services share: the chair's check, the series' dates, the level of a principal."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.bilaterals.enums import Level
from mufakat.bilaterals.rules import can_manage_bilaterals
from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.meetings.models import Series

if TYPE_CHECKING:
    from django.db import models
    from django_stubs_ext import StrOrPromise

    from mufakat.accounts.models import AuditEvent


def require_chair(actor: SeriesViewer, series_id: int, reason: StrOrPromise) -> None:
    """Refuse anyone but the chair secretariat of the series (or a system actor working in it)."""
    require(can_manage_bilaterals(actor, series_id), reason)


class AuditNoting(AuditTrail):
    """An AuditTrail whose entry also notes what the snapshot cannot show: the party that answered, or the
    party the chair secretariat acted for."""

    def __init__(self, viewer: SeriesViewer, action: str, fields: list[str], *, noting: dict[str, Any]) -> None:
        super().__init__(viewer, action, fields)
        self.noting = noting

    def record(self, obj: models.Model, *, before: dict[str, Any], after: dict[str, Any]) -> AuditEvent:
        return super().record(obj, before=before, after={**after, **self.noting})


def inside_series(series: Series, start: datetime, end: datetime, *, field: str, record: str) -> None:
    zone = series.venue.tzinfo
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() < series.start_date or local_end.date() > series.end_date or local_end <= local_start:
        raise ValidationFailed(
            _(
                "%(local_start)s–%(local_end)s (%(time_zone)s) lies outside the series' dates "
                "%(start_date)s..%(end_date)s."
            )
            % {
                "local_start": format(local_start, "%Y-%m-%d %H:%M"),
                "local_end": format(local_end, "%Y-%m-%d %H:%M"),
                "time_zone": series.venue.time_zone,
                "start_date": series.start_date,
                "end_date": series.end_date,
            },
            field=field,
            record=record,
        )


def level_label(level: str) -> str:
    return str(Level(level).label).lower() if level == Level.MINISTER else str(Level(level).label)


def validate_level(level: str, record: str) -> None:
    require_choice(level, Level.values, field="level", record=record)
