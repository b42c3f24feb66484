"""`mufakat search reindex` and `mufakat search query`."""

from __future__ import annotations

import pytest

from mufakat.cli import main
from mufakat.meetings.models import Series
from mufakat.search.models import Precedent, SearchEntry


def test_reindex_rebuilds_every_entry(precedents_archive: Series, capsys: pytest.CaptureFixture[str]) -> None:
    entries, precedents = SearchEntry.objects.count(), Precedent.objects.count()
    SearchEntry.objects.all().delete()

    code = main(["search", "reindex"])

    out = capsys.readouterr().out
    assert code == 0
    assert (SearchEntry.objects.count(), Precedent.objects.count()) == (entries, precedents)
    assert out.startswith(f"document: {SearchEntry.objects.filter(kind='document').count()}, paragraph: ")
    assert f"precedents: {precedents} (" in out


def test_query_as_the_public_and_as_a_member(precedents_archive: Series, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "query", '"serious incidents"']) == 0
    public = capsys.readouterr().out
    assert main(["search", "query", '"serious incidents"', "--as", "vn.focal"]) == 0
    member = capsys.readouterr().out

    assert public.splitlines()[0] == "Paragraphs (1)"
    assert member.splitlines()[0] == "Paragraphs (2)"
