"""The desk as a page: at / for a signed-in user (the series list stays the anonymous home page, and moves to
/series/ for everyone), at /desk/, each line with its link, its due time in its own zone and, for a silence
deadline, the countdown the page's script ticks down."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import SilenceProcedure
from mufakat.documents.services import silence_start
from mufakat.meetings.models import Series
from mufakat.web.common import relative_time, time_left
from tests.factories.documents import amm_draft
from tests.web.pages import parse


@pytest.fixture
def silence_soon(full_demo: Series, chair_secretariat: SeriesViewer) -> SilenceProcedure:
    """An ASEAN-only draft under silence for two days and half a minute from now: the half minute keeps the
    page's figures ("2 days 0 hours 0 minutes") whatever time the request takes."""
    document, version = amm_draft(actor=chair_secretariat, series=full_demo, texts=["The Ministers met."])
    return silence_start(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        deadline=timezone.now() + timedelta(days=2, seconds=30),
        time_zone="Asia/Vientiane",
    )


def _local(procedure: SilenceProcedure, language: str) -> str:
    with translation.override(language):
        return formats.date_format(procedure.deadline.astimezone(ZoneInfo("Asia/Vientiane")), "DATETIME_FORMAT")


def test_signed_in_home_is_the_desk_with_the_silence_countdown(
    member_focal_point_client: Client, silence_soon: SilenceProcedure
) -> None:
    response = member_focal_point_client.get("/")
    page = parse(response)
    deadline = page.find(id="desk-deadlines")
    row = deadline.find("li", cls="kind-silence")

    assert page.find("h1").text == "My desk"
    assert page.find(id="desk-answer-title").text == "Awaiting your answer 7"
    assert row.find("a", cls="desk-link").attrs["href"] == (
        f"/series/amm-57/documents/{silence_soon.version.document_id}/board/#silence"
    )
    assert row.text == (
        "Silence procedure on draft 1 ends Joint Statement on Test Cooperation amm-57 · AMM-57 "
        f"{_local(silence_soon, 'en')} (Asia/Vientiane) · in 2 days Time left: 2 days 0 hours 0 minutes"
    )
    assert row.find("time").attrs["datetime"] == silence_soon.deadline.isoformat()
    # The scripts (the demo banner's, the one that ticks it down) carry the request's nonce (the
    # Content-Security-Policy allows no other).
    scripts = page.find_all("script")
    assert [s.attrs.get("nonce") for s in scripts] == [response.wsgi_request.csp_nonce] * 2  # type: ignore[attr-defined]
    assert json.loads(deadline.find("ul").attrs["data-units"]) == {
        "day": ["%(count)d day", "%(count)d days"],
        "hour": ["%(count)d hour", "%(count)d hours"],
        "minute": ["%(count)d minute", "%(count)d minutes"],
        "second": ["%(count)d second", "%(count)d seconds"],
    }


def test_desk_in_vietnamese_writes_times_the_vietnamese_way(
    member_focal_point_client: Client, silence_soon: SilenceProcedure
) -> None:
    member_focal_point_client.cookies["django_language"] = "vi"
    page = parse(member_focal_point_client.get("/desk/"))
    local = silence_soon.deadline.astimezone(ZoneInfo("Asia/Vientiane"))

    row = page.find("li", cls="kind-silence")

    assert row.find("time").text == f"{local:%H:%M}, {local.day} tháng {local.month} năm {local.year}"
    # Vietnamese units, in the relative time, the countdown and the words its script ticks with.
    assert (row.find("span", cls="desk-relative").text, row.find("span", cls="countdown").text) == (
        "còn 2 ngày",
        "2 ngày 0 giờ 0 phút",
    )
    units = json.loads(page.find(id="desk-deadlines").find("ul").attrs["data-units"])
    assert (units["day"], units["hour"], units["minute"]) == (
        ["%(count)d ngày"] * 2,
        ["%(count)d giờ"] * 2,
        ["%(count)d phút"] * 2,
    )


def test_relative_times_in_vietnamese_and_english() -> None:
    now = datetime(2099, 1, 13, 11, 0, tzinfo=UTC)
    ahead, past = now + timedelta(days=1, hours=19, minutes=21), now - timedelta(days=800)

    with translation.override("vi"):
        vietnamese = (relative_time(ahead, now), time_left(int((ahead - now).total_seconds())))
    with translation.override("en"):
        english = (relative_time(ahead, now), relative_time(past, now), time_left(59))

    assert vietnamese == ("còn 1\xa0ngày, 19\xa0giờ", "1 ngày 19 giờ 21 phút")
    assert english == ("in 1\xa0day, 19\xa0hours", "2\xa0years, 2\xa0months ago", "0 minutes")


def test_anonymous_home_is_the_series_list_also_at_series(client: Client, full_demo: Series) -> None:
    home, listing = parse(client.get("/")), parse(client.get("/series/"))

    assert home.find("h1").text == listing.find("h1").text == "Meeting series"
    assert len(home.find_all("li", cls="card")) == len(listing.find_all("li", cls="card")) == 3


def test_desk_asks_an_anonymous_visitor_to_log_in(client: Client, db: None) -> None:
    response = client.get("/desk/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/desk/")
