"""Migration 0002 fills the record of drafts superseded before it existed, from when each proposal was made
and what became of it; on drafts circulated through the services it gives what the services record."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument, ProposalRecord
from mufakat.documents.services import (
    ParagraphInput,
    document_version_circulate,
    proposal_create,
    proposal_react,
    proposal_reject,
    proposals_accept,
)
from mufakat.meetings.models import Meeting, Series
from tests.factories.documents import document_with_text, paragraphs_of, span
from tests.factories.reference import party_get

fill_records = importlib.import_module("mufakat.documents.migrations.0002_drafts_proposal_records").fill_records

TEXTS = [
    "The Ministers met in Vientiane.",
    "The Ministers strongly welcomed the progress.",
    "The Ministers looked forward to the next meeting.",
]


def _records() -> list[tuple[int, int, int | None, int | None, list[str], list[str]]]:
    return list(
        ProposalRecord.objects.order_by("version__number", "proposal_id").values_list(
            "version__number", "proposal_id", "start", "end", "supporters", "objectors"
        )
    )


@pytest.fixture
def negotiated(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, dict[str, int]]:
    """Draft 1 with five proposals (one rejected on it, one accepted into draft 2, the others carried),
    draft 2 editing the words around one of them, draft 3 as it was."""
    amm = Meeting.objects.get(series=amm_57, body__code="AMM")
    document, draft_1 = document_with_text(actor=chair_secretariat, meeting=amm, texts=TEXTS)
    met, welcomed, looked = (str(p.uid) for p in paragraphs_of(draft_1))

    def propose(party: str, uid: str, kind: str, words: str, text: str = "", *, version: DocumentVersion = draft_1):
        paragraph = next(p for p in paragraphs_of(version) if str(p.uid) == uid)
        start, end = span(paragraph.text, words)
        if kind == "insert":
            start = end
        return proposal_create(
            actor=chair_secretariat,
            document=document,
            version_id=version.pk,
            party=party_get(party),
            kind=kind,
            paragraph_uid=uid,
            start=start,
            end=end,
            text=text,
        )

    ids = {
        "accepted": propose("VN", met, "insert", "Vientiane", ", Lao PDR").pk,
        "rejected": propose("KH", met, "delete", " in Vientiane").pk,
        "carried": propose("PH", welcomed, "replace", "strongly", "warmly").pk,
        "moved": propose("SG", looked, "insert", "next meeting", " in Malaysia").pk,
    }
    proposal_react(
        actor=chair_secretariat,
        proposal=document.proposals.get(pk=ids["carried"]),
        party=party_get("ID"),
        stance="support",
    )
    proposal_react(
        actor=chair_secretariat,
        proposal=document.proposals.get(pk=ids["carried"]),
        party=party_get("MY"),
        stance="object",
    )
    proposal_reject(actor=chair_secretariat, proposal=document.proposals.get(pk=ids["rejected"]), note="No consensus.")
    draft_2 = proposals_accept(
        actor=chair_secretariat, document=document, proposal_ids=[ids["accepted"]], version_id=draft_1.pk
    )
    edited = [
        ParagraphInput(
            text=p.text.replace("The Ministers looked", "Ministers also looked"), kind=p.kind, uid=str(p.uid)
        )
        for p in paragraphs_of(draft_2)
    ]
    ids["new"] = propose("TH", met, "insert", "Ministers", " of ASEAN", version=draft_2).pk
    document.refresh_from_db()
    document_version_circulate(
        actor=chair_secretariat, document=document, paragraphs=edited, based_on_version_id=draft_2.pk
    )
    return document, ids


def test_migration_fills_the_records_the_services_write(negotiated) -> None:
    document, ids = negotiated
    written = _records()
    assert written == [
        (1, ids["accepted"], 30, 30, [], []),
        (1, ids["carried"], 14, 22, ["ID"], ["MY"]),
        (1, ids["moved"], 48, 48, [], []),
        (2, ids["carried"], 14, 22, ["ID"], ["MY"]),
        (2, ids["moved"], 48, 48, [], []),
        (2, ids["new"], 13, 13, [], []),
    ]
    moved = document.proposals.select_related("version").get(pk=ids["moved"])
    assert (moved.version.number, moved.start, moved.end) == (3, 49, 49)  # found again in draft 3's edited words

    ProposalRecord.objects.all().delete()
    fill_records(apps, None)

    assert _records() == written


def test_migration_leaves_out_reactions_changed_after_the_draft(negotiated, chair_secretariat) -> None:
    document, ids = negotiated
    proposal_react(
        actor=chair_secretariat,
        proposal=document.proposals.get(pk=ids["carried"]),
        party=party_get("MY"),
        stance="support",
    )
    ProposalRecord.objects.all().delete()

    fill_records(apps, None)

    assert [(n, s, o) for n, pk, _s, _e, s, o in _records() if pk == ids["carried"]] == [
        (1, ["ID"], []),
        (2, ["ID"], []),
    ]
