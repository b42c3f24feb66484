"""A series held on one day shows that day once, not "11 July 2023 – 11 July 2023"."""

from __future__ import annotations

from datetime import date

from django.test import Client

from mufakat.meetings.models import Series


def test_one_day_series_shows_one_date(amm_57: Series, client: Client) -> None:
    Series.objects.filter(pk=amm_57.pk).update(start_date=date(2023, 7, 11), end_date=date(2023, 7, 11))

    pages = [client.get(url).content.decode() for url in ("/public/en/", "/series/", "/series/amm-57/")]

    for html in pages:
        assert "11 July 2023" in html
        assert "11 July 2023 – 11 July 2023" not in html


def test_a_longer_series_keeps_its_range(amm_57: Series, client: Client) -> None:
    Series.objects.filter(pk=amm_57.pk).update(start_date=date(2024, 7, 21), end_date=date(2024, 7, 27))

    assert "21 July 2024 – 27 July 2024" in client.get("/public/en/").content.decode()
