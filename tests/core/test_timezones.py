from __future__ import annotations

import pytest

from mufakat.core.timezones import ASEAN_TIME_ZONES, common_time_zones, is_time_zone, time_zone_names


@pytest.mark.parametrize(
    "name",
    ["Asia/Vientiane", "Asia/Ho_Chi_Minh", "America/Argentina/Buenos_Aires", "UTC", "Africa/Asmara", "Etc/GMT-7"],
)
def test_time_zone_names_accept_iana_zones(name: str) -> None:
    assert is_time_zone(name) is True


@pytest.mark.parametrize(
    "name",
    [
        "posixrules",
        "localtime",
        "Factory",
        "US/Eastern",
        "EST5EDT",
        "Asia/Nowhere",
        "America",
        "asia/bangkok",
        "",
        # Old Area/Location spellings: each place is offered once, under its current name.
        "Africa/Asmera",
        "Asia/Saigon",
        "Asia/Calcutta",
        "Asia/Rangoon",
        "Etc/Greenwich",
    ],
)
def test_time_zone_names_refuse_files_that_are_not_zones_and_old_aliases(name: str) -> None:
    assert is_time_zone(name) is False


def test_time_zone_names_are_sorted_and_hold_every_asean_capital() -> None:
    names = time_zone_names()

    assert list(names) == sorted(names)
    assert [zone for zone in ASEAN_TIME_ZONES if zone not in names] == []


def test_common_time_zones_put_the_venue_first_without_repeating_it() -> None:
    assert common_time_zones(["Asia/Vientiane", "Mars/Olympus"]) == [
        "Asia/Vientiane",
        "Asia/Bangkok",
        "Asia/Brunei",
        "Asia/Dili",
        "Asia/Ho_Chi_Minh",
        "Asia/Jakarta",
        "Asia/Kuala_Lumpur",
        "Asia/Manila",
        "Asia/Phnom_Penh",
        "Asia/Singapore",
        "Asia/Yangon",
        "UTC",
    ]
