"""Counts stop at a cap (so a common word costs no more on a large archive) and say so, in the API and on the
page; the hits shown are still the best ones, and the search is still exact below the cap."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from mufakat.meetings.models import Series
from mufakat.search import engines


def test_counts_over_the_cap_are_marked_capped(precedents_archive: Series, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = Client().get("/api/v1/search?" + urlencode({"q": "overflight", "adopted": "true"})).json()
    assert (exact["total"], exact["capped"], exact["groups"][0]["capped"]) == (2, False, False)

    monkeypatch.setattr(engines, "COUNT_CAP", 1)
    body = Client().get("/api/v1/search?" + urlencode({"q": "overflight", "adopted": "true"})).json()

    assert (body["total"], body["capped"]) == (1, True)
    assert [(g["kind"], g["count"], g["capped"]) for g in body["groups"]] == [("paragraph", 1, True)]
    # The window is not cut by the count's cap: both hits are still listed.
    assert len(body["groups"][0]["hits"]) == 2
    page = Client().get("/search/?" + urlencode({"q": "overflight", "adopted": "on"})).content.decode()
    assert '<p class="meta" id="search-total">More than 1 results</p>' in page
    assert "(more than 1)" in page
