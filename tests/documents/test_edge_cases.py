"""Negotiation and clearance at their edges: merges, closed proposals, new paragraphs, silence on a
superseded draft, a decided document; exact refusals and nothing half-applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.brackets import as_text
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, Proposal, SilenceBreak
from mufakat.documents.services import (
    ParagraphInput,
    consensus_parties,
    document_decide,
    document_version_circulate,
    position_take,
    proposal_create,
    proposal_react,
    proposal_reject,
    proposal_withdraw,
    proposals_accept,
    proposals_merge,
    silence_break,
    silence_start,
)
from mufakat.meetings.models import Series
from tests.factories.documents import amm_draft, paragraphs_of, span
from tests.factories.reference import party_get

TEXTS = ["The Ministers met in Vientiane.", "The Ministers strongly welcomed the progress."]
T0 = datetime(2024, 7, 23, 11, 0, tzinfo=UTC)


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    return amm_draft(actor=chair_secretariat, series=amm_57, texts=TEXTS)


def _on(actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion, party: str, **change: object):
    return proposal_create(actor=actor, document=document, version_id=version.pk, party=party_get(party), **change)  # type: ignore[arg-type]


def _replace(actor, document, version, party: str, index: int, words: str, text: str) -> Proposal:  # noqa: PLR0917
    paragraph = paragraphs_of(version)[index]
    start, end = span(paragraph.text, words)
    return _on(
        actor,
        document,
        version,
        party,
        kind="replace",
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text=text,
    )


def _same_text(version: DocumentVersion) -> list[ParagraphInput]:
    return [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)]


def test_merge_of_one_proposal_named_twice_is_refused(drafted, chair_secretariat) -> None:
    document, version = drafted
    vn = _replace(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")

    with pytest.raises(ValidationFailed) as refused:
        proposals_merge(actor=chair_secretariat, proposals=[vn, vn], text="firmly", party=party_get("LA"))

    assert (refused.value.field, refused.value.message) == ("proposal_ids", "merging needs at least two proposals.")
    assert list(Proposal.objects.filter(document=document).values_list("pk", "status")) == [(vn.pk, "open")]


def test_merge_refuses_other_paragraphs_new_paragraphs_and_closed_proposals(drafted, chair_secretariat) -> None:
    document, version = drafted
    vn = _replace(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    ph = _replace(chair_secretariat, document, version, "PH", 0, "Vientiane", "Vientiane, Lao PDR")
    my = _on(
        chair_secretariat,
        document,
        version,
        "MY",
        kind="new_paragraph",
        paragraph_uid=str(paragraphs_of(version)[1].uid),
        text="We looked forward to the next meeting.",
    )
    kh = _replace(chair_secretariat, document, version, "KH", 1, "strongly welcomed", "noted")
    proposal_withdraw(actor=chair_secretariat, proposal=kh)

    for others, message in (
        ([ph], "only proposals on the same paragraph's words can be merged."),
        ([my], "only proposals on the same paragraph's words can be merged."),
    ):
        with pytest.raises(ValidationFailed) as refused:
            proposals_merge(actor=chair_secretariat, proposals=[vn, *others], text="x", party=party_get("LA"))
        assert refused.value.message == message
    with pytest.raises(Conflict) as conflict:
        proposals_merge(actor=chair_secretariat, proposals=[vn, kh], text="x", party=party_get("LA"))
    assert conflict.value.message == f"proposal {kh.pk} is not open on the current draft."
    assert dict(Proposal.objects.filter(document=document).values_list("pk", "status")) == {
        vn.pk: "open",
        ph.pk: "open",
        my.pk: "open",
        kh.pk: "withdrawn",
    }


def test_closed_proposals_refuse_a_second_closing_and_reactions(drafted, chair_secretariat) -> None:
    document, version = drafted
    vn = _replace(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    ph = _replace(chair_secretariat, document, version, "PH", 1, "strongly", "firmly")
    proposals_merge(actor=chair_secretariat, proposals=[vn, ph], text="warmly and firmly", party=party_get("LA"))
    proposal_withdraw(actor=chair_secretariat, proposal=Proposal.objects.get(party__code="LA"))

    with pytest.raises(Conflict) as withdrawn:
        proposal_reject(actor=chair_secretariat, proposal=Proposal.objects.get(party__code="LA"))
    with pytest.raises(Conflict) as merged:
        proposal_react(actor=chair_secretariat, proposal=vn, party=party_get("SG"), stance="support")

    compromise = Proposal.objects.get(party__code="LA")
    assert (withdrawn.value.message, merged.value.message) == (
        f"proposal {compromise.pk} is already Withdrawn.",
        f"proposal {vn.pk} is already Merged.",
    )
    assert as_text(selectors.bracketed_text(version=version).paragraphs) == "1. " + "\n2. ".join(TEXTS)


def test_new_paragraph_accepted_keeps_its_identity_and_one_after_a_removed_paragraph_lapses(
    drafted, chair_secretariat
) -> None:
    document, version = drafted
    first, second = paragraphs_of(version)
    kept = _on(
        chair_secretariat,
        document,
        version,
        "MY",
        kind="new_paragraph",
        paragraph_uid=str(second.uid),
        text=" We agreed. ",
    )
    orphan = _on(
        chair_secretariat, document, version, "SG", kind="new_paragraph", paragraph_uid=str(first.uid), text="We met."
    )

    draft_2 = proposals_accept(
        actor=chair_secretariat, document=document, proposal_ids=[kept.pk], version_id=version.pk
    )
    document.refresh_from_db()
    draft_3 = document_version_circulate(
        actor=chair_secretariat,
        document=document,
        paragraphs=[p for p in _same_text(draft_2) if p.uid != str(first.uid)],
        based_on_version_id=draft_2.pk,
    )

    assert [(p.text, p.uid) for p in Paragraph.objects.filter(version=draft_2).order_by("position")][2] == (
        "We agreed.",
        kept.new_uid,
    )
    orphan.refresh_from_db()
    assert (orphan.status, orphan.resolution_note) == (
        "lapsed",
        "the paragraph it followed was removed in draft 3; propose again on the new text.",
    )
    # Draft 2 keeps it as it stood: proposed after paragraph 1, numbered "1 bis".
    assert as_text(selectors.bracketed_text(version=draft_2).paragraphs).splitlines()[1] == "1 bis. [We met. (SG)]"
    assert as_text(selectors.bracketed_text(version=draft_3).paragraphs) == (
        "1. The Ministers strongly welcomed the progress.\n2. We agreed."
    )


def test_accepting_deletions_of_every_word_is_refused_and_nothing_written(drafted, chair_secretariat) -> None:
    document, version = drafted
    deletions = [
        _on(
            chair_secretariat,
            document,
            version,
            "KH",
            kind="delete",
            paragraph_uid=str(p.uid),
            start=0,
            end=len(p.text),
        )
        for p in paragraphs_of(version)
    ]

    with pytest.raises(ValidationFailed) as refused:
        proposals_accept(
            actor=chair_secretariat, document=document, proposal_ids=[p.pk for p in deletions], version_id=version.pk
        )

    assert (refused.value.field, refused.value.message) == (
        "proposal_ids",
        "accepting these would leave the document empty.",
    )
    assert (
        DocumentVersion.objects.filter(document=document).count(),
        set(Proposal.objects.filter(document=document).values_list("status", flat=True)),
    ) == (1, {"open"})


def test_silence_cannot_be_broken_on_a_superseded_draft(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = silence_start(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        deadline=datetime(2024, 7, 24, 18, 0),  # noqa: DTZ001 - naive on purpose: read in the announced zone
        time_zone="Asia/Vientiane",
        now=T0,
    )
    silence_break(actor=chair_secretariat, procedure=procedure, party=party_get("VN"), reason="Paragraph 2.", now=T0)
    document.refresh_from_db()
    document_version_circulate(
        actor=chair_secretariat, document=document, paragraphs=_same_text(version), based_on_version_id=version.pk
    )

    with pytest.raises(Conflict) as refused:
        silence_break(
            actor=chair_secretariat,
            procedure=procedure,
            party=party_get("KH"),
            reason="Also paragraph 1.",
            now=T0 + timedelta(hours=1),
        )

    document.refresh_from_db()
    assert (refused.value.field, refused.value.message) == (
        "procedure",
        f"draft 1 was superseded by draft 2 (version id {document.current_version_id}); "
        "break silence on the current draft.",
    )
    assert list(SilenceBreak.objects.filter(procedure=procedure).values_list("party__code", flat=True)) == ["VN"]


def test_a_decided_document_refuses_proposals_and_positions(drafted, chair_secretariat) -> None:
    document, version = drafted
    for entry in consensus_parties(document):
        position_take(
            actor=chair_secretariat, document=document, version_id=version.pk, party=entry.party, kind="agree"
        )
    document.refresh_from_db()
    document_decide(actor=chair_secretariat, document=document, expected_version=document.version)

    with pytest.raises(ValidationFailed) as proposal:
        _replace(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    with pytest.raises(ValidationFailed) as position:
        position_take(
            actor=chair_secretariat,
            document=document,
            version_id=version.pk,
            party=party_get("VN"),
            kind="object",
            note="Late.",
        )

    assert (proposal.value.message, position.value.message) == (
        "the document is Adopted; its text can no longer change.",
        "the document is Adopted; its text can no longer change.",
    )
    assert Proposal.objects.filter(document=document).count() == 0
