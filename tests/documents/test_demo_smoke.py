from __future__ import annotations

from collections import Counter

from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Series


def test_documents_demo_register_has_every_state(documents_demo: Series) -> None:
    statuses = Counter(OutcomeDocument.objects.filter(meeting__series=documents_demo).values_list("status", flat=True))
    assert statuses == {
        "planned": 19,
        "drafting": 4,
        "cleared": 2,
        "under_negotiation": 2,
        "recommended": 1,
        "adopted": 1,
    }


def test_documents_demo_replayed_in_a_second_test(documents_demo: Series) -> None:
    assert OutcomeDocument.objects.filter(meeting__series=documents_demo).count() == 29
