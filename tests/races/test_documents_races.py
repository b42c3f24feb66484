"""Races on an outcome document: first drafts, proposals, a draft racing proposals, positions, edits."""

from __future__ import annotations

from collections import Counter

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.services import ParagraphInput, document_create, document_version_circulate
from mufakat.meetings.models import Meeting, Series
from tests.races.conftest import race


@pytest.fixture
def amm(amm_57: Series) -> Meeting:
    return Meeting.objects.get(series=amm_57, body__code="AMM")


def test_first_draft_circulated_by_ten_at_once_one_wins_nine_conflict(
    chair_secretariat: SeriesViewer, amm: Meeting
) -> None:
    document = document_create(
        actor=chair_secretariat,
        meeting=amm,
        kind="joint_statement",
        title_en="Joint Statement",
        classification="restricted",
    )

    outcomes = race(
        10,
        lambda i: document_version_circulate(
            actor=chair_secretariat,
            document=OutcomeDocument.objects.get(pk=document.pk),
            paragraphs=[ParagraphInput(text=f"Text of client {i}.")],
            based_on_version_id=None,
        ),
    )

    refusals = Counter(outcome.refusal for outcome in outcomes if outcome.error)
    winners = [outcome.value for outcome in outcomes if outcome.error is None]
    assert len(winners) == 1
    assert refusals == {(409, "another draft was circulated meanwhile (now draft 1); start from it."): 9}
    assert list(DocumentVersion.objects.filter(document=document).values_list("pk", "number")) == [(winners[0].pk, 1)]
