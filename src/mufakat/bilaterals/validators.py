"""Checks shared by the bilaterals services (and so by the forms and the API that call them)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed

# Far-off years are typos; they also overflow datetime when shifted to UTC or the venue's zone (a 500).
PLAUSIBLE_YEARS = range(1970, 2201)


def validate_aware(value: datetime, *, field: str, record: str) -> None:
    """A moment with a UTC offset, in a plausible year."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            _("%(when)s has no UTC offset; write it like 2024-07-26T09:00:00+07:00.") % {"when": value.isoformat()},
            field=field,
            record=record,
        )
    if value.year not in PLAUSIBLE_YEARS:
        raise ValidationFailed(
            _("%(when)s is not a plausible meeting time; give a date between %(value)s and %(value2)s.")
            % {"when": value.isoformat(), "value": PLAUSIBLE_YEARS[0], "value2": PLAUSIBLE_YEARS[-1]},
            field=field,
            record=record,
        )
