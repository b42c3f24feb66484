"""Form fields shared by the web UI's forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.core.timezones import common_time_zones, is_time_zone, time_zone_names


def time_zone_choices(first: Iterable[str] = ()) -> list[tuple[Any, list[tuple[str, str]]]]:
    """A menu of IANA zones: the common ones (those named first, ASEAN's capitals, UTC) above all the others."""
    common = common_time_zones(first)
    rest = [name for name in time_zone_names() if name not in common]

    def options(names: list[str]) -> list[tuple[str, str]]:
        return [(name, name.replace("_", " ")) for name in names]

    return [(_("Common time zones"), options(common)), (_("All time zones"), options(rest))]


class TimeZoneField(forms.ChoiceField):
    """An IANA time zone picked from a menu, never typed. `first` puts zones (a venue's) at the top."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a time zone on the list (e.g. Asia/Vientiane)."),
    }

    def __init__(self, *, first: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(choices=time_zone_choices(first), **kwargs)

    def put_first(self, zones: Iterable[str]) -> None:
        self.choices = time_zone_choices(zones)

    def valid_value(self, value: Any) -> bool:
        # The same check as the services' (core.timezones), so form and API accept the same names.
        return is_time_zone(str(value))
