"""The banner saying the demo is set in July 2024: on every page while demo data is loaded, never otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mufakat.meetings.models import Series
from tests.web.pages import parse

BANNER_EN = (
    "This demo is set in July 2024: its meetings, drafts, positions and reports are recorded as of "
    "27 July 2024, 20:00 (Asia/Vientiane). The app itself runs on today's date, so the demo's deadlines have passed."
)


def _banners(client: Client, url: str) -> list[Any]:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    return parse(response).find_all(id="demo-banner")


@pytest.mark.parametrize("url", ["/", "/series/amm-57/", "/frameworks/ASEAN/", "/accounts/login/"])
def test_demo_banner_on_every_page_while_the_demo_is_loaded(client: Client, demo: object, url: str) -> None:
    [banner] = _banners(client, url)

    assert (banner.find(id="demo-banner-text").text, banner.attrs["role"]) == (BANNER_EN, "note")


def test_demo_banner_for_a_logged_in_delegate(member_focal_point_client: Client) -> None:
    assert [
        banner.find(id="demo-banner-text").text for banner in _banners(member_focal_point_client, "/series/amm-57/")
    ] == [BANNER_EN]


def test_demo_banner_has_a_one_line_summary_for_phones(client: Client, demo: object) -> None:
    """A phone shows the summary alone (the page's script folds the details there); the sentence is one tap away."""
    [banner] = _banners(client, "/series/amm-57/")
    details = banner.find("details")

    assert (details.find("summary").text, "open" in details.attrs) == ("Demo data as of 27 July 2024", True)


def test_demo_banner_absent_without_demo_data(client: Client, reference_data: object) -> None:
    assert _banners(client, "/frameworks/ASEAN/") == []


def test_demo_banner_follows_the_flag_not_the_series_code(client: Client, demo: object) -> None:
    Series.objects.update(demo_as_of=None)

    assert _banners(client, "/series/amm-57/") == []


def test_demo_banner_absent_on_a_series_entered_after_the_fact(client: Client, demo: object) -> None:
    """A series dated past the demo clock, with no clock of its own (as the October 2024 Summits' record beside
    the July 2024 week), is a record entered after the fact: its pages carry no banner; the week keeps it."""
    from datetime import date

    from mufakat.meetings.models import Meeting

    Series.objects.filter(code="amm-43").update(
        start_date=date(2024, 10, 8), end_date=date(2024, 10, 11), demo_as_of=None
    )
    meeting = Meeting.objects.filter(series__code="amm-43").first()

    assert _banners(client, "/series/amm-43/") == []
    assert _banners(client, f"/meetings/{meeting.pk}/") == []
    assert len(_banners(client, "/series/amm-57/")) == 1
    assert len(_banners(client, "/")) == 1


def test_public_series_page_follows_the_same_banner_rule(client: Client, demo: object) -> None:
    """The public pages of a record entered after the fact carry no banner either; the week's keep it."""
    from datetime import date

    Series.objects.filter(code="amm-43").update(
        start_date=date(2024, 10, 8), end_date=date(2024, 10, 11), demo_as_of=None
    )

    assert _banners(client, "/public/en/series/amm-43/") == []
    assert len(_banners(client, "/public/en/series/amm-57/")) == 1
