"""Counts stop at a cap (so a common word costs no more on a large archive) and say so, in the API and on the
page; the hits shown are still the best ones, and the search is still exact below the cap."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db.models import Q
from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.models import Series
from mufakat.search import engines
from mufakat.search.access import Reader
from mufakat.search.enums import Kind
from mufakat.search.models import SearchEntry
from mufakat.search.text import parse_query


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


@pytest.mark.parametrize("cap", [1, 2, 5, 1000])
@pytest.mark.parametrize("word", ["ASEAN", "we", "sea", '"South China Sea"'])
def test_reading_current_texts_then_own_drafts_finds_what_one_read_finds(
    precedents_archive: Series, member_delegate: SeriesViewer, monkeypatch: pytest.MonkeyPatch, cap: int, word: str
) -> None:
    """PostgreSQL reads paragraphs in two parts (current texts, then the reader's drafts above the lowest id the
    first read returned when it was full); below and above the cap, the counts, windows and ranks are those of
    one read over every visible paragraph."""
    monkeypatch.setattr(engines, "COUNT_CAP", cap)
    monkeypatch.setattr(engines, "CANDIDATES", cap)
    reader = Reader(member_delegate.user)
    assert reader.parts()[Kind.PARAGRAPH][1] is not None  # the delegate sees drafts of AMM-57
    query = parse_query(word)
    visible = {Kind.PARAGRAPH: SearchEntry.objects.filter(reader.entries_q(Kind.PARAGRAPH))}

    def read(parts: dict[str, tuple[Q, Q | None]] | None) -> tuple[int, bool, list[tuple[int, float]]]:
        count, capped, window = engines.counted_windows(visible, query, by_date=False, start=0, stop=20, parts=parts)[
            Kind.PARAGRAPH
        ]
        return count, capped, [(entry.pk, round(entry.rank, 6)) for entry in window]  # type: ignore[attr-defined]

    split = read(reader.parts())
    assert split == read(None)
    assert split[0] > 0
    drafts = set(
        SearchEntry.objects.filter(reader.entries_q(Kind.PARAGRAPH), current=False).values_list("pk", flat=True)
    )
    if cap == 1000:
        # Drafts the delegate may see are among the hits: the second part was read.
        assert drafts & {pk for pk, _rank in split[2]} or not drafts & set(
            engines.matching(visible[Kind.PARAGRAPH], query, Kind.PARAGRAPH).values_list("pk", flat=True)
        )
