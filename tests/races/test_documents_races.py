"""Races on an outcome document: first drafts, proposals on one paragraph, a draft racing proposals,
positions. Exactly one winner where one is expected, and nothing lost."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Position, Proposal
from mufakat.documents.services import (
    ParagraphInput,
    consensus_parties,
    document_create,
    document_version_circulate,
    position_take,
    proposal_create,
)
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.models import Party
from tests.factories.documents import amm_draft, paragraphs_of, span
from tests.races.conftest import race

TEXTS = [
    "The Ministers met in Vientiane.",
    "The Ministers strongly welcomed the progress.",
    "The Ministers looked forward to the next meeting.",
]


@pytest.fixture
def amm(amm_57: Series) -> Meeting:
    return Meeting.objects.get(series=amm_57, body__code="AMM")


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    return amm_draft(actor=chair_secretariat, series=amm_57, texts=TEXTS)


def _fresh(document: OutcomeDocument) -> OutcomeDocument:
    """Each client loads the document itself, as a request would."""
    return OutcomeDocument.objects.get(pk=document.pk)


def _empty_document(actor: SeriesViewer, meeting: Meeting) -> OutcomeDocument:
    return document_create(
        actor=actor, meeting=meeting, kind="joint_statement", title_en="Joint Statement", classification="restricted"
    )


# (f) First drafts ----------------------------------------------------------------------------------


def test_first_draft_circulated_by_ten_at_once_one_wins_nine_conflict(
    chair_secretariat: SeriesViewer, amm: Meeting
) -> None:
    document = _empty_document(chair_secretariat, amm)

    outcomes = race(
        10,
        lambda i: document_version_circulate(
            actor=chair_secretariat,
            document=_fresh(document),
            paragraphs=[ParagraphInput(text=f"Text of client {i}.")],
            based_on_version_id=None,
        ),
    )

    winners = [outcome.value for outcome in outcomes if outcome.error is None]
    assert len(winners) == 1
    assert Counter(outcome.refusal for outcome in outcomes if outcome.error) == {
        (409, "another draft was circulated meanwhile (now draft 1); start from it."): 9
    }
    assert list(DocumentVersion.objects.filter(document=document).values_list("pk", "number")) == [(winners[0].pk, 1)]
    assert _fresh(document).current_version_id == winners[0].pk


def test_first_draft_circulated_through_the_api_by_ten_at_once_one_201_nine_409(
    chair_secretariat: SeriesViewer, amm: Meeting
) -> None:
    document = _empty_document(chair_secretariat, amm)
    url = f"/api/v1/series/amm-57/documents/{document.pk}/versions"

    def circulate(i: int) -> tuple[int, Any]:
        client = Client()
        client.force_login(chair_secretariat.user)
        body = {"paragraphs": [{"text": f"Text of client {i}."}], "based_on_version_id": None}
        response = client.post(url, body, content_type="application/json")
        return response.status_code, response.json()

    outcomes = [outcome.value for outcome in race(10, circulate)]

    version = DocumentVersion.objects.get(document=document)
    assert Counter(status for status, _ in outcomes) == {201: 1, 409: 9}
    assert {body["detail"] for status, body in outcomes if status == 409} == {
        "another draft was circulated meanwhile (now draft 1); start from it."
    }
    assert {
        (body["current"]["version_id"], body["current"]["number"]) for status, body in outcomes if status == 409
    } == {(version.pk, 1)}
    assert [body["number"] for status, body in outcomes if status == 201] == [1]


# (a) Proposals on one paragraph ----------------------------------------------------------------------


def test_fifty_proposals_on_one_paragraph_at_once_all_kept(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[1]
    start, end = span(paragraph.text, "strongly")
    parties = [entry.party for entry in consensus_parties(document)]

    outcomes = race(
        50,
        lambda i: proposal_create(
            actor=chair_secretariat,
            document=_fresh(document),
            version_id=version.pk,
            party=parties[i % len(parties)],
            kind="replace",
            paragraph_uid=str(paragraph.uid),
            start=start,
            end=end,
            text=f"wording {i}",
        ),
    )

    assert [outcome.error for outcome in outcomes] == [None] * 50
    rows = Proposal.objects.filter(document=document)
    assert sorted(rows.values_list("text", flat=True)) == sorted(f"wording {i}" for i in range(50))
    assert set(rows.values_list("version_id", "paragraph_uid", "status")) == {(version.pk, paragraph.uid, "open")}
    assert AuditEvent.objects.filter(action="proposal.create").count() == 50


def test_fifty_proposals_through_the_api_at_once_all_201(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[1]
    start, end = span(paragraph.text, "strongly")
    codes = [entry.party.code for entry in consensus_parties(document)]
    url = f"/api/v1/series/amm-57/documents/{document.pk}/proposals"

    def propose(i: int) -> tuple[int, str]:
        client = Client()
        client.force_login(chair_secretariat.user)
        body = {
            "version_id": version.pk,
            "party": codes[i % len(codes)],
            "kind": "replace",
            "paragraph_uid": str(paragraph.uid),
            "start": start,
            "end": end,
            "text": f"wording {i}",
        }
        response = client.post(url, body, content_type="application/json")
        return response.status_code, response.json()["text"]

    outcomes = [outcome.value for outcome in race(50, propose)]

    assert sorted(outcomes) == sorted((201, f"wording {i}") for i in range(50))
    assert Proposal.objects.filter(document=document, version=version, status="open").count() == 50


def test_same_proposal_sent_twice_at_once_one_created_one_conflict(
    drafted: tuple[OutcomeDocument, DocumentVersion], member_focal_point: SeriesViewer
) -> None:
    """A double-clicked form: both requests wait for the document's row lock, so the second sees the first."""
    document, version = drafted
    paragraph = paragraphs_of(version)[1]
    start, end = span(paragraph.text, "strongly")
    vn = Party.objects.get(code="VN")

    outcomes = race(
        2,
        lambda i: proposal_create(
            actor=member_focal_point,
            document=_fresh(document),
            version_id=version.pk,
            party=vn,
            kind="replace",
            paragraph_uid=str(paragraph.uid),
            start=start,
            end=end,
            text="warmly",
        ),
    )

    created = [outcome.value for outcome in outcomes if outcome.error is None]
    assert len(created) == 1
    assert [outcome.refusal for outcome in outcomes if outcome.error] == [
        (409, f"Viet Nam already proposed this change (proposal #{created[0].pk}).")
    ]
    assert list(Proposal.objects.filter(document=document).values_list("pk", "party__code", "text", "status")) == [
        (created[0].pk, "VN", "warmly", "open")
    ]
    assert AuditEvent.objects.filter(action="proposal.create").count() == 1


# (b) A draft racing proposals -----------------------------------------------------------------------


def test_draft_racing_twenty_proposals_each_lands_on_the_old_draft_or_gets_409(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    """Client 0 circulates draft 2, which keeps paragraph 1 and rewrites paragraph 2; clients 1–20 propose on
    draft 1, odd ones on paragraph 1 (their words survive: carried to draft 2), even ones on paragraph 2 (their
    words are gone: lapsed). A proposal that comes after the draft is refused with 409; none is lost."""
    document, version = drafted
    kept, rewritten, last = paragraphs_of(version)
    kept_span, rewritten_span = span(kept.text, "Vientiane"), span(rewritten.text, "strongly")
    vn = Party.objects.get(code="VN")

    def act(i: int) -> Any:
        if i == 0:
            return document_version_circulate(
                actor=chair_secretariat,
                document=_fresh(document),
                paragraphs=[
                    ParagraphInput(text=kept.text, uid=str(kept.uid)),
                    ParagraphInput(text="The Ministers noted the progress.", uid=str(rewritten.uid)),
                    ParagraphInput(text=last.text, uid=str(last.uid)),
                ],
                based_on_version_id=version.pk,
            )
        paragraph, (start, end) = (kept, kept_span) if i % 2 else (rewritten, rewritten_span)
        return proposal_create(
            actor=chair_secretariat,
            document=_fresh(document),
            version_id=version.pk,
            party=vn,
            kind="replace",
            paragraph_uid=str(paragraph.uid),
            start=start,
            end=end,
            text=f"wording {i}",
        )

    outcomes = race(21, act)

    draft_2 = outcomes[0].value
    assert (outcomes[0].error, draft_2.number) == (None, 2)
    superseded = (
        409,
        f"version {version.pk} was superseded by draft 2 (version id {draft_2.pk}); work on the current draft.",
    )
    assert {outcome.refusal for outcome in outcomes[1:] if outcome.error} <= {superseded}
    landed = {outcome.value.pk: i for i, outcome in enumerate(outcomes) if i and outcome.error is None}
    states = {
        landed[pk]: (version_id, status)
        for pk, version_id, status in Proposal.objects.filter(document=document).values_list(
            "pk", "version_id", "status"
        )
    }
    assert states == {i: (draft_2.pk, "open") if i % 2 else (version.pk, "lapsed") for i in landed.values()}


# (c) Positions ----------------------------------------------------------------------------------------


def test_fifty_positions_at_once_one_row_per_party(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    """Every consensus party states its position, most of them several times at once: all are recorded,
    and each party keeps one position, the last one taken."""
    document, version = drafted
    parties = [entry.party for entry in consensus_parties(document)]

    outcomes = race(
        50,
        lambda i: position_take(
            actor=chair_secretariat,
            document=_fresh(document),
            version_id=version.pk,
            party=parties[i % len(parties)],
            kind="agree",
            note=f"client {i}",
        ),
    )

    assert [outcome.error for outcome in outcomes] == [None] * 50
    rows = Position.objects.filter(version=version)
    assert sorted(rows.values_list("party__code", flat=True)) == sorted(party.code for party in parties)
    last_by_party = {
        party.code: max(
            (outcome.value for i, outcome in enumerate(outcomes) if parties[i % len(parties)] == party),
            key=lambda position: position.taken_at,
        ).note
        for party in parties
    }
    assert dict(rows.values_list("party__code", "note")) == last_by_party
    assert AuditEvent.objects.filter(action="position.take").count() == 50
