"""Search: accents optional, English stems, highlighting, filters, sort, exact phrases, and the index kept in
step with a new draft in the same transaction."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import OutcomeDocument, Paragraph
from mufakat.documents.services import ParagraphInput, document_version_circulate
from mufakat.meetings.models import Series
from mufakat.search.enums import Kind, Sort
from mufakat.search.indexing import reindex_all
from mufakat.search.models import SearchEntry
from mufakat.search.selectors import Filters, Results, search, visible_entries

JC57 = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"


def _hits(results: Results, kind: str = Kind.PARAGRAPH) -> list[tuple[str, str]]:
    return [(hit.title, hit.url.split("#")[0]) for g in results.groups if g.kind == kind for hit in g.hits]


def _counts(results: Results) -> dict[str, int]:
    return {group.kind: group.count for group in results.groups}


def test_search_vietnamese_without_diacritics_finds_the_accented_text(precedents_archive: Series) -> None:
    plain = search(user=None, text="an toan sinh hoc", filters=Filters(kind=Kind.PARAGRAPH))
    accented = search(user=None, text="an toàn sinh học", filters=Filters(kind=Kind.PARAGRAPH))

    assert [h.snippet for h in plain.groups[0].hits] == [h.snippet for h in accented.groups[0].hits]
    assert str(plain.groups[0].hits[0].snippet) == (
        "We reaffirmed the importance of environmental protection and of cooperation on biosafety and biosecurity "
        "(<mark>an</mark> <mark>toàn</mark> <mark>sinh</mark> <mark>học</mark> và <mark>an</mark> ninh "
        "<mark>sinh</mark> <mark>học</mark>) in the region."
    )


def test_search_folds_d_stroke(documents_demo: Series) -> None:
    """ "Cấp cao Đông Á" (East Asia Summit) is found as "dong a"; the SEANWFZ Commission is "Đông Nam Á"."""
    results = search(user=None, text="Dong A", filters=Filters(kind=Kind.MEETING, series="amm-57"))

    assert [hit.title for hit in results.groups[0].hits] == [
        "14th East Asia Summit Foreign Ministers' Meeting (EAS FMM-14)",
        "Commission for the Southeast Asia Nuclear Weapon-Free Zone (SEANWFZ Commission)",
    ]


def test_search_matches_english_stems_and_marks_them(precedents_archive: Series) -> None:
    results = search(user=None, text="reaffirm", filters=Filters(series="amm-56"))

    assert _counts(results) == {Kind.PARAGRAPH: 2}
    assert [str(h.snippet).split("</mark>")[0] for h in results.groups[0].hits] == ["We <mark>reaffirmed"] * 2


def test_search_quoted_phrase_is_exact(precedents_archive: Series, chair_secretariat: SeriesViewer) -> None:
    results = search(user=chair_secretariat.user, text='"serious incidents"', filters=Filters(kind=Kind.PARAGRAPH))

    assert sorted(_hits(results)) == sorted(
        [
            (JC57, f"/series/amm-57/documents/{OutcomeDocument.objects.get(title_en=JC57).pk}/"),
            (
                "Joint Communiqué of the 55th ASEAN Foreign Ministers' Meeting",
                f"/series/amm-55/documents/{OutcomeDocument.objects.get(meeting__series__code='amm-55').pk}/",
            ),
        ]
    )


def test_search_filters_year_series_and_adopted(precedents_archive: Series, chair_secretariat: SeriesViewer) -> None:
    user = chair_secretariat.user

    every = search(user=user, text="South China Sea", filters=Filters(kind=Kind.PARAGRAPH))
    in_2023 = search(user=user, text="South China Sea", filters=Filters(kind=Kind.PARAGRAPH, year=2023))
    adopted = search(user=user, text="South China Sea", filters=Filters(kind=Kind.PARAGRAPH, adopted_only=True))
    amm_57 = search(user=user, text="South China Sea", filters=Filters(kind=Kind.PARAGRAPH, series="amm-57"))

    years = {hit.date.year for hit in every.groups[0].hits if hit.date}
    assert years == {2022, 2023, 2024}
    assert {hit.date for hit in in_2023.groups[0].hits} == {date(2023, 7, 11)}
    assert JC57 not in {title for title, _url in _hits(adopted)}
    assert {title for title, _url in _hits(amm_57)} == {JC57}
    assert every.groups[0].count == adopted.groups[0].count + amm_57.groups[0].count


def test_search_sorted_by_date_puts_newest_first(precedents_archive: Series) -> None:
    results = search(user=None, text="freedom of navigation", filters=Filters(kind=Kind.PARAGRAPH), sort=Sort.DATE)

    dates = [hit.date for hit in results.groups[0].hits]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == date(2023, 7, 11)


def test_search_ranks_the_paragraph_with_every_word_closest_first(precedents_archive: Series) -> None:
    """bm25 / ts_rank_cd: the short paragraph made of the query's words ranks above the long ones."""
    results = search(user=None, text="freedom navigation overflight", filters=Filters(kind=Kind.PARAGRAPH))

    assert results.groups[0].count == 2
    assert [hit.rank > 0 for hit in results.groups[0].hits] == [True, True]


def test_new_draft_is_searchable_in_the_same_transaction(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    document = OutcomeDocument.objects.get(title_en=JC57)
    version = document.current_version
    assert version is not None
    rows = list(Paragraph.objects.filter(version=version).order_by("position"))
    changed = [
        ParagraphInput(
            text=p.text.replace("Vientiane in October 2024", "Vientiane in October 2024 (Viêng Chăn)"),
            kind=p.kind,
            uid=str(p.uid),
        )
        for p in rows
    ]

    document_version_circulate(
        actor=chair_secretariat, document=document, paragraphs=changed, based_on_version_id=version.pk
    )
    found = search(user=chair_secretariat.user, text="vieng chan", filters=Filters(kind=Kind.PARAGRAPH))
    old = SearchEntry.objects.get(kind=Kind.PARAGRAPH, text=rows[-1].text, document_id=document.pk)
    public = search(user=None, text="vieng chan", filters=Filters(kind=Kind.PARAGRAPH))

    assert [h.title for h in found.groups[0].hits] == [JC57]
    assert old.current is False
    assert public.groups == []


def test_reindex_rebuilds_the_same_entries(precedents_archive: Series) -> None:
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "current", "status", "folded"))

    counts = reindex_all()

    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "current", "status", "folded")) == before
    assert counts["precedents"] > 0


def test_stop_words_are_words_like_any_other_on_both_engines(precedents_archive: Series) -> None:
    """PostgreSQL's English configuration would drop "the", "of", "an" (and so Vietnamese "an", "the", "a"),
    which SQLite matches; both engines keep them."""
    paragraphs = Filters(kind=Kind.PARAGRAPH, series="amm-56")
    visible = [entry.folded for entry in visible_entries(user=None).filter(kind=Kind.PARAGRAPH, series__code="amm-56")]

    the = search(user=None, text="the", filters=paragraphs)
    both = search(user=None, text="overflight the", filters=paragraphs)
    exact = search(user=None, text='"freedom of navigation"', filters=paragraphs)
    other = search(user=None, text='"freedom to navigation"', filters=paragraphs)

    assert 0 < _counts(the)[Kind.PARAGRAPH] == sum(" the " in f" {f} " for f in visible)
    assert _counts(both) == _counts(search(user=None, text="overflight", filters=paragraphs)) == {Kind.PARAGRAPH: 1}
    assert _counts(exact) == {Kind.PARAGRAPH: 1}
    assert _counts(other) == {}


@pytest.mark.parametrize("word", ["paragraph", "session", "meeting", "document"])
def test_a_kind_s_name_is_matched_in_the_text_only(precedents_archive: Series, word: str) -> None:
    """SQLite's index also holds each entry's kind: typing a kind's name finds the entries that say it, not
    every entry of that kind."""
    results = search(user=None, text=word)
    said = re.compile(rf"\b{word}s?\b")
    expected = Counter(entry.kind for entry in visible_entries(user=None) if said.search(entry.folded))

    assert _counts(results) == {k: n for k, n in expected.items() if n}


@pytest.mark.parametrize("text", ["", "   ", '""'])
def test_empty_query_finds_nothing(documents_demo: Series, text: str) -> None:
    assert search(user=None, text=text) == Results(text, 0, [])


def test_a_meeting_known_only_by_year_shows_the_year_not_a_placeholder_day(documents_demo: Series) -> None:
    from urllib.parse import urlencode

    from django.test import Client

    from mufakat.meetings.enums import DatePrecision
    from mufakat.meetings.models import Meeting
    from mufakat.search.entries import index_meeting

    meeting = Meeting.objects.select_related("body").filter(series=documents_demo).first()
    assert meeting is not None
    Meeting.objects.filter(pk=meeting.pk).update(
        start_date=date(2019, 1, 1), end_date=date(2019, 1, 1), date_precision=DatePrecision.YEAR
    )
    index_meeting(meeting)
    words = meeting.body.name_en

    results = search(user=None, text=words, filters=Filters(kind=Kind.MEETING))
    hit = next(hit for hit in results.groups[0].hits if hit.object_id == meeting.pk)
    assert hit.year_only
    page = Client().get("/search/?" + urlencode({"q": words, "kind": Kind.MEETING})).content.decode()
    assert '<span class="meta">2019</span>' in page
    api = Client().get("/api/v1/search?" + urlencode({"q": words, "kind": Kind.MEETING})).json()
    [api_hit] = [h for group in api["groups"] for h in group["hits"] if h["id"] == meeting.pk]
    assert (api_hit["date"], api_hit["year_only"]) == ("2019-01-01", True)
    assert "1 January 2019" not in page
