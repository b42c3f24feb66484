"""/api/v1/ meeting endpoints: series, meetings with derived attendance, sessions in venue time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.meetings.models import Meeting
from tests.api.calls import call, refusal


def _pk(body: str, start: date) -> int:
    return Meeting.objects.get(body__code=body, start_date=start).pk


def test_meetings_of_series_amm_57_paginated(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/meetings?series=amm-57")

    assert sorted(body) == ["count", "items"]
    assert (body["count"], len(body["items"])) == (22, 22)
    assert {item["series"] for item in body["items"]} == {"amm-57"}
    assert [item["short_title"] for item in body["items"]][:6] == [
        "SOM",
        "SEANWFZ ExCom",
        "SEANWFZ Commission",
        "Interface with AICHR",
        "AMM-57",
        "PMC+1 AU",
    ]


def test_meetings_attending_counts_for_2024(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/meetings?series=amm-57")

    counts = {item["short_title"]: item["attending_count"] for item in body["items"]}
    assert {key: counts[key] for key in ["ARF-31", "APT FMM-25", "EAS FMM-14", "PMC+1 GB", "AMM-57"]} == {
        "ARF-31": 27,
        "APT FMM-25": 13,
        "EAS FMM-14": 18,
        "PMC+1 GB": 11,
        "AMM-57": 11,
    }


def test_meetings_limit_and_offset(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/meetings?series=amm-57&limit=2&offset=20")

    assert body["count"] == 22
    assert [item["short_title"] for item in body["items"]] == ["Mekong-US Ministerial-3", "ARF-31"]


def test_meetings_filtered_by_body_lists_its_history(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/meetings?body=ARF&limit=100")

    assert body["count"] == 32
    assert [(item["ordinal"], item["date_precision"]) for item in body["items"]][16] == (17, "day")
    assert [item["title_en"] for item in body["items"]][30] == "31st ASEAN Regional Forum (ARF-31)"


def test_meeting_detail_amm_57(client: Client, demo: object) -> None:
    body = call(client, "get", f"/api/v1/meetings/{_pk('AMM', date(2024, 7, 25))}")

    assert {key: body[key] for key in ["body", "framework", "ordinal", "short_title", "title_en", "title_vi"]} == {
        "body": "AMM",
        "framework": "ASEAN",
        "ordinal": 57,
        "short_title": "AMM-57",
        "title_en": "57th ASEAN Foreign Ministers' Meeting (AMM-57)",
        "title_vi": "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57",
    }
    assert (body["chair"], body["venue"], body["attending_count"], len(body["attending"])) == (
        "LA",
        "National Convention Center, Vientiane",
        11,
        11,
    )
    assert body["prepared_by"] == [_pk("SOM", date(2024, 7, 23))]
    assert body["prepares"] == []


def test_meeting_detail_sessions_carry_venue_offset(client: Client, demo: object) -> None:
    body = call(client, "get", f"/api/v1/meetings/{_pk('AMM', date(2024, 7, 25))}")

    sessions = body["sessions"]
    assert [(s["title_en"], s["starts_at"], s["starts_at_local"], s["ends_at_local"]) for s in sessions] == [
        ("Opening ceremony", "2024-07-25T01:30:00Z", "2024-07-25T08:30:00+07:00", "2024-07-25T09:00:00+07:00"),
        ("Plenary session", "2024-07-25T02:00:00Z", "2024-07-25T09:00:00+07:00", "2024-07-25T12:00:00+07:00"),
        ("Working lunch", "2024-07-25T05:15:00Z", "2024-07-25T12:15:00+07:00", "2024-07-25T13:45:00+07:00"),
        ("Retreat", "2024-07-25T07:30:00Z", "2024-07-25T14:30:00+07:00", "2024-07-25T17:00:00+07:00"),
    ]
    assert [(s["room"], s["time_zone"], s["kind"]) for s in sessions] == [
        ("Plenary Hall", "Asia/Vientiane", "ceremony"),
        ("Plenary Hall", "Asia/Vientiane", "plenary"),
        ("Banquet Hall", "Asia/Vientiane", "working_lunch"),
        ("Retreat Room", "Asia/Vientiane", "retreat"),
    ]


def test_meeting_detail_hanoi_sessions_carry_hanoi_offset(client: Client, demo: object) -> None:
    body = call(client, "get", f"/api/v1/meetings/{_pk('ARF', date(2010, 7, 23))}")

    assert [(s["starts_at_local"], s["time_zone"]) for s in body["sessions"]] == [
        ("2010-07-23T09:00:00+07:00", "Asia/Ho_Chi_Minh")
    ]
    assert (body["ordinal"], body["attending_count"]) == (17, 27)


def test_meeting_detail_unknown_is_404(client: Client, demo: object) -> None:
    assert call(client, "get", "/api/v1/meetings/999999", status=404) == refusal(
        "no meeting with meeting_id 999999.", "meeting_id"
    )


def test_series_list(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/series")

    assert [(s["code"], s["meeting_count"], s["chair"]["code"], s["venue"]["time_zone"]) for s in body] == [
        ("summit-44-45", 8, "LA", "Asia/Vientiane"),
        ("amm-57", 22, "LA", "Asia/Vientiane"),
        ("amm-43", 15, "VN", "Asia/Ho_Chi_Minh"),
    ]
    assert body[1]["title_vi"] == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan"


def test_series_get_unknown_is_404(client: Client, demo: object) -> None:
    assert call(client, "get", "/api/v1/series/amm-99", status=404) == refusal("no series with code 'amm-99'.", "code")


def test_sessions_of_a_series_in_time_order(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/sessions?series=amm-43&limit=3")

    assert body["count"] == 19
    assert [(s["title_en"], s["starts_at_local"]) for s in body["items"]] == [
        ("Plenary session", "2010-07-16T09:00:00+07:00"),
        ("Plenary session", "2010-07-17T09:00:00+07:00"),
        ("Plenary session", "2010-07-18T09:00:00+07:00"),
    ]


def test_meetings_list_uses_the_same_queries_for_any_series(client: Client, demo: object) -> None:
    with CaptureQueriesContext(connection) as amm_43:
        small = call(client, "get", "/api/v1/meetings?series=amm-43")
    with CaptureQueriesContext(connection) as amm_57:
        large = call(client, "get", "/api/v1/meetings?series=amm-57")

    assert (small["count"], large["count"]) == (15, 22)
    # count + page + membership index (3) + additions: attendance is derived only for the page.
    assert len(amm_43) == len(amm_57) == 6


def test_series_list_uses_constant_queries(client: Client, demo: object, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        body = call(client, "get", "/api/v1/series")

    assert len(body) == 3


def test_sessions_list_uses_the_same_queries_for_any_series(client: Client, demo: object) -> None:
    with CaptureQueriesContext(connection) as amm_43:
        small = call(client, "get", "/api/v1/sessions?series=amm-43")
    with CaptureQueriesContext(connection) as amm_57:
        large = call(client, "get", "/api/v1/sessions?series=amm-57")

    assert (small["count"], large["count"]) == (19, 26)
    assert len(amm_43) == len(amm_57) == 1


def test_openapi_schema_is_served(client: Client, db: None) -> None:
    response = client.get("/api/v1/openapi.json")
    body = response.json()

    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert (body["info"]["title"], body["info"]["version"]) == ("mufakat API", "1")
    assert {"/api/v1/meetings", "/api/v1/frameworks/{code}/members", "/api/v1/meetings/{meeting_id}"} <= set(
        body["paths"]
    )


def test_meetings_list_page_is_sliced_before_attendance_is_derived(client: Client, demo: object) -> None:
    body = call(client, "get", "/api/v1/meetings?series=amm-57&limit=2&offset=20")

    assert body["count"] == 22
    assert [(m["short_title"], m["attending_count"]) for m in body["items"]] == [
        ("Mekong-US Ministerial-3", 6),
        ("ARF-31", 27),
    ]
