from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed
from mufakat.core.timezones import is_time_zone


def validate_date_range(start: date, end: date, *, record: str) -> None:
    if end < start:
        raise ValidationFailed(
            _("end_date %(end)s precedes start_date %(start)s; a meeting cannot end before it starts.")
            % {"end": end, "start": start},
            field="end_date",
            record=record,
        )


def validate_time_zone(name: str, *, record: str) -> None:
    """One of the zones a user may choose (core.timezones): not "posixrules", "localtime" or an old alias."""
    if not is_time_zone(name):
        raise ValidationFailed(
            _("%(zone)r is not an IANA time zone (e.g. Asia/Vientiane).") % {"zone": name},
            field="time_zone",
            record=record,
        )


def validate_aware(value: datetime, *, field: str, record: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            _("%(when)s has no time zone; give an offset or the venue's zone.") % {"when": value.isoformat()},
            field=field,
            record=record,
        )
