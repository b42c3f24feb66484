"""Who sees which documents of the AMM-57 register (the demo): classification and publication."""

from __future__ import annotations

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.documents import selectors
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Series

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
PLAN = "Mekong–U.S. Partnership Plan of Action 2024–2026"


def _titles(viewer: SeriesViewer, series: Series) -> list[str]:
    return [d.title_en for d in selectors.document_list(viewer=viewer, series=series)]


def test_partner_never_sees_an_asean_only_document(documents_demo, partner_delegate) -> None:
    titles = _titles(partner_delegate, documents_demo)
    assert COMMUNIQUE not in titles
    communique = OutcomeDocument.objects.get(title_en=COMMUNIQUE)
    with pytest.raises(NotFound):
        selectors.document_get(viewer=partner_delegate, series=documents_demo, document_id=communique.pk)
    # What Japan does see: the documents of frameworks it belongs to (PMC+1 Japan, APT, EAS, ARF, Mekong-Japan).
    assert sorted(titles) == sorted(
        [
            "Co-Chairs' Statement of the ASEAN Post Ministerial Conference with Japan",
            "Co-Chairs' Statement of the 15th Mekong–Japan Foreign Ministers' Meeting",
            "Chairman's Statement of the 25th ASEAN Plus Three Foreign Ministers' Meeting",
            "Chairman's Statement of the 14th East Asia Summit Foreign Ministers' Meeting",
            "East Asia Summit Leaders' Statement on Strengthening Regional Health Security",
            "Chairman's Statement of the 31st ASEAN Regional Forum",
            "ARF Work Plan on Maritime Security 2024–2027",
            "Concept Note on an ARF Workshop on Preventive Diplomacy and Mediation",
            PLAN,
        ]
    )


def test_member_sees_the_asean_register(documents_demo, member_delegate) -> None:
    titles = _titles(member_delegate, documents_demo)
    assert COMMUNIQUE in titles
    assert "Co-Chairs' Statement of the ASEAN Post Ministerial Conference with Japan" in titles
    assert len(titles) == 28


def test_public_sees_only_the_adopted_public_text(documents_demo, anonymous) -> None:
    assert _titles(anonymous, documents_demo) == [PLAN]


def test_observer_sees_no_asean_only_draft(documents_demo, observer) -> None:
    assert COMMUNIQUE not in _titles(observer, documents_demo)
