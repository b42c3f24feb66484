"""The IANA time zones a user may choose: one list for the forms' menus and for every check (forms, API,
services, CLI). Dependency-free: the standard library's zoneinfo only.

The list is the zone database's Area/Location names (Asia/Vientiane, America/New_York, Etc/GMT+7) and UTC.
It leaves out the files that are not zones a person picks: "posixrules", "localtime" and "Factory", which
ZoneInfo opens all the same, and the old country and POSIX-style aliases ("US/Eastern", "Cuba", "EST5EDT")."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable

_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc"}
)

# The capitals of ASEAN's members and observer, where its meetings sit: offered first, after the venue's zone.
ASEAN_TIME_ZONES = (
    "Asia/Bangkok",
    "Asia/Brunei",
    "Asia/Dili",
    "Asia/Ho_Chi_Minh",
    "Asia/Jakarta",
    "Asia/Kuala_Lumpur",
    "Asia/Manila",
    "Asia/Phnom_Penh",
    "Asia/Singapore",
    "Asia/Vientiane",
    "Asia/Yangon",
)


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every zone a user may choose, sorted."""
    return tuple(
        sorted(name for name in zoneinfo.available_timezones() if name == "UTC" or name.split("/", 1)[0] in _AREAS)
    )


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(time_zone_names())


def is_time_zone(name: str) -> bool:
    return name in _known()


def common_time_zones(first: Iterable[str] = ()) -> list[str]:
    """The zones to offer above the rest: those named first (a venue's), then ASEAN's capitals, then UTC."""
    ordered: list[str] = []
    for name in (*first, *ASEAN_TIME_ZONES, "UTC"):
        if is_time_zone(name) and name not in ordered:
            ordered.append(name)
    return ordered
