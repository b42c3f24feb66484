"""/api/v1/ reference endpoints: parties, frameworks and their members on a date, chairs."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.calls import call, refusal

ASEAN_10 = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def test_framework_members_arf_on_2024_07_27_counts_27(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/frameworks/ARF/members?on=2024-07-27")

    assert (body["on"], body["count"], body["counts"], len(body["members"])) == (
        "2024-07-27",
        27,
        {"member": 27},
        27,
    )
    assert body["framework"]["code"] == "ARF"
    assert "GB" not in [m["party"]["code"] for m in body["members"]]


def test_framework_members_asean_on_2024_07_24_lists_timor_leste_as_observer(
    client: Client, reference_data: object
) -> None:
    body = call(client, "get", "/api/v1/frameworks/ASEAN/members?on=2024-07-24")

    timor_leste = [m for m in body["members"] if m["party"]["code"] == "TL"]
    assert timor_leste == [
        {
            "party": {"code": "TL", "kind": "state", "name_en": "Timor-Leste", "name_vi": "Ti-mo Lét-xtê"},
            "role": "observer",
            "via": "ASEAN",
        }
    ]
    assert (body["count"], body["counts"]) == (11, {"member": 10, "observer": 1})


def test_framework_members_asean_on_2026_01_01_lists_timor_leste_as_member(
    client: Client, reference_data: object
) -> None:
    body = call(client, "get", "/api/v1/frameworks/ASEAN/members?on=2026-01-01")

    assert {m["party"]["code"]: m["role"] for m in body["members"]} == dict.fromkeys([*ASEAN_10, "TL"], "member")


def test_framework_members_apt_says_through_which_framework(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/frameworks/APT/members?on=2024-07-27")

    assert body["framework"] == {
        "code": "APT",
        "kind": "plus_three",
        "abbreviation": "APT",
        "name_en": "ASEAN Plus Three",
        "name_vi": "ASEAN+3",
        "established": "1997-12-15",
        "includes": ["ASEAN"],
    }
    assert sorted((m["party"]["code"], m["via"]) for m in body["members"] if m["via"] == "APT") == [
        ("CN", "APT"),
        ("JP", "APT"),
        ("KR", "APT"),
    ]
    assert body["count"] == 13


def test_framework_members_unknown_framework_is_404_json(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/frameworks/NOPE/members?on=2024-07-27", status=404)

    assert body == {"detail": "no framework with code 'NOPE'.", "field": "code", "record": None}


def test_framework_members_bad_date_is_422_naming_the_parameter(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/frameworks/ARF/members?on=27-07-2024", status=422)

    assert [(error["loc"], error["type"]) for error in body["detail"]] == [
        (["query", "on"], "date_from_datetime_parsing")
    ]


def test_framework_memberships_lists_own_rows_over_time(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/frameworks/ASEAN/memberships")

    assert [(row["party"]["code"], row["role"], row["valid_from"], row["valid_to"]) for row in body][-3:] == [
        ("KH", "member", "1999-04-30", None),
        ("TL", "observer", "2022-11-11", "2025-10-25"),
        ("TL", "member", "2025-10-26", None),
    ]
    assert len(body) == 12


def test_parties_list_is_paginated(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/parties?limit=2&offset=0")

    assert body == {
        "items": [
            {"code": "ASEC", "kind": "organisation", "name_en": "ASEAN Secretariat", "name_vi": "Ban Thư ký ASEAN"},
            {"code": "AU", "kind": "state", "name_en": "Australia", "name_vi": "Ô-xtrây-li-a"},
        ],
        "count": 41,
    }


def test_party_get_accepts_lower_case_code(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/parties/vn")

    assert body == {"code": "VN", "kind": "state", "name_en": "Viet Nam", "name_vi": "Việt Nam"}


def test_party_get_unknown_is_404(client: Client, reference_data: object) -> None:
    assert call(client, "get", "/api/v1/parties/XX", status=404) == refusal("no party with code 'XX'.", "code")


def test_chairs_rotation_from_2027(client: Client, reference_data: object) -> None:
    body = call(client, "get", "/api/v1/chairs?first_year=2027&last_year=2031")

    assert [(row["year"], row["party"]["code"], row["recorded"]) for row in body] == [
        (2027, "SG", True),
        (2028, "TH", False),
        (2029, "TL", True),
        (2030, "VN", False),
        (2031, "BN", False),
    ]


def test_frameworks_list_uses_constant_queries(
    client: Client, reference_data: object, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        body = call(client, "get", "/api/v1/frameworks")

    assert len(body) == 22
    assert [f["code"] for f in body if f["kind"] == "plus_three"] == ["APT"]


def test_parties_list_uses_constant_queries(client: Client, reference_data: object) -> None:
    with CaptureQueriesContext(connection) as small:
        call(client, "get", "/api/v1/parties?limit=5")
    with CaptureQueriesContext(connection) as large:
        body = call(client, "get", "/api/v1/parties?limit=100")

    assert len(body["items"]) == 41
    assert len(small) == len(large) == 1


@pytest.mark.parametrize(
    ("few_url", "many_url", "sizes"),
    [
        ("/api/v1/frameworks/MEKONG-US/members?on=2024-07-27", "/api/v1/frameworks/ARF/members?on=2024-07-27", (6, 27)),
        ("/api/v1/frameworks/ASEAN-GB/memberships", "/api/v1/frameworks/ARF/memberships", (1, 27)),
        ("/api/v1/chairs?first_year=2024&last_year=2025", "/api/v1/chairs?first_year=2010&last_year=2040", (2, 31)),
    ],
    ids=["framework-members", "framework-memberships", "chairs"],
)
def test_reference_lists_use_the_same_queries_for_any_size(
    client: Client, reference_data: object, few_url: str, many_url: str, sizes: tuple[int, int]
) -> None:
    with CaptureQueriesContext(connection) as small:
        few = call(client, "get", few_url)
    with CaptureQueriesContext(connection) as large:
        many = call(client, "get", many_url)

    assert (_size(few), _size(many)) == sizes
    assert len(small) == len(large)


def _size(body: Any) -> int:
    """How many entries a list answered: a page's `count`, or the length of a bare list."""
    return body["count"] if isinstance(body, dict) else len(body)
