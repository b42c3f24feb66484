"""The IANA time zones a user may choose: one list for the forms' menus and for every check (forms, API,
services, CLI). Dependency-free: the standard library's zoneinfo only.

The list is the zone database's Area/Location names (Asia/Vientiane, America/New_York, Etc/GMT+7) and UTC.
It leaves out the files that are not zones a person picks: "posixrules", "localtime" and "Factory", which
ZoneInfo opens all the same, and the old country and POSIX-style aliases ("US/Eastern", "Cuba", "EST5EDT").
Where the zone database's own list of zones by country (zone.tab) can be read, it also leaves out the old
Area/Location spellings kept for backward compatibility (Africa/Asmera, Asia/Saigon, Asia/Calcutta): a menu
offers each place once, under its current name. zone.tab, not the database's links, decides: a link such as
Asia/Vientiane → Asia/Bangkok is a place of its own in zone.tab and stays."""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

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


# The fixed offsets a person may want (Etc/GMT-7 is UTC+7); not their many spellings of UTC itself.
_FIXED_OFFSET = re.compile(r"^Etc/GMT[+-]([1-9]|1[0-4])$")


def _zone_tab() -> str | None:
    """The zone database's zone.tab: from the tzdata package zoneinfo falls back on, else the system's."""
    try:
        return resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        pass
    for directory in zoneinfo.TZPATH:
        try:
            return (Path(directory) / "zone.tab").read_text(encoding="utf-8")
        except OSError:
            continue
    return None


def _current_place_names() -> frozenset[str] | None:
    tab = _zone_tab()
    if tab is None:
        return None
    return frozenset(line.split("\t")[2] for line in tab.splitlines() if line and not line.startswith("#"))


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every zone a user may choose, sorted."""
    places = _current_place_names()

    def chosen(name: str) -> bool:
        if name == "UTC":
            return True
        if name.split("/", 1)[0] not in _AREAS:
            return False
        if places is None:  # no zone.tab to tell old spellings from current ones
            return True
        return name in places or bool(_FIXED_OFFSET.match(name))

    return tuple(sorted(name for name in zoneinfo.available_timezones() if chosen(name)))


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
