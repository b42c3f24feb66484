"""The desk as a page: at / for a signed-in user (the series list stays the anonymous home page, and moves to
/series/ for everyone), at /desk/, each line with its link, its due time in its own zone and, for a silence
deadline, the countdown the page's script ticks down."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import SilenceProcedure
from mufakat.documents.services import silence_start
from mufakat.meetings.models import Series
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
    # The script that ticks it down carries the request's nonce (the Content-Security-Policy allows no other).
    scripts = page.find_all("script")
    assert [s.attrs.get("nonce") for s in scripts] == [response.wsgi_request.csp_nonce]  # type: ignore[attr-defined]


def test_desk_in_vietnamese_writes_times_the_vietnamese_way(
    member_focal_point_client: Client, silence_soon: SilenceProcedure
) -> None:
    member_focal_point_client.cookies["django_language"] = "vi"
    page = parse(member_focal_point_client.get("/desk/"))
    local = silence_soon.deadline.astimezone(ZoneInfo("Asia/Vientiane"))

    assert page.find("li", cls="kind-silence").find("time").text == (
        f"{local:%H:%M}, {local.day} tháng {local.month} năm {local.year}"
    )


def test_anonymous_home_is_the_series_list_also_at_series(client: Client, full_demo: Series) -> None:
    home, listing = parse(client.get("/")), parse(client.get("/series/"))

    assert home.find("h1").text == listing.find("h1").text == "Meeting series"
    assert len(home.find_all("li", cls="card")) == len(listing.find_all("li", cls="card")) == 2


def test_desk_asks_an_anonymous_visitor_to_log_in(client: Client, db: None) -> None:
    response = client.get("/desk/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/desk/")
