"""The negotiation of the AMM-57 Joint Communiqué in the documents demo: three drafts, the delegations'
proposals and reactions, and the positions at the close of the Ministers' retreat (no consensus)."""

from __future__ import annotations

from collections.abc import Sequence

from mufakat.accounts.rules import SeriesViewer
from mufakat.demo.clock import demo_clock, july_2024
from mufakat.demo.documents_register import COMMUNIQUE_DRAFT_1
from mufakat.documents.enums import PositionKind, ProposalKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.documents.services import (
    ParagraphInput,
    consensus_parties,
    document_version_circulate,
    position_take,
    proposal_create,
    proposal_react,
    proposals_accept,
)
from mufakat.reference.models import Party


def paragraphs_of(rows: Sequence[tuple[str, str]], **context: str) -> list[ParagraphInput]:
    return [ParagraphInput(text=text.format(**context), kind=kind) for kind, text in rows]


def agree_all(viewer: SeriesViewer, document: OutcomeDocument) -> None:
    version = document.current_version
    assert version is not None  # noqa: S101 - every caller has just circulated a draft
    for entry in consensus_parties(document):
        position_take(
            actor=viewer, document=document, version_id=version.pk, party=entry.party, kind=PositionKind.AGREE
        )


def _find(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def negotiate_communique(viewer: SeriesViewer, document: OutcomeDocument, parties: dict[str, Party]) -> None:
    with demo_clock(july_2024(20, 17)):
        draft = document_version_circulate(
            actor=viewer,
            document=document,
            paragraphs=paragraphs_of(COMMUNIQUE_DRAFT_1),
            based_on_version_id=None,
            note="Chair's first draft",
            circulated_at=july_2024(20, 17),
        )
    texts = {p.position: p for p in Paragraph.objects.filter(version=draft)}
    para_timor = texts[7]
    with demo_clock(july_2024(21, 10)):
        draft2 = _first_reading(viewer, document, parties, draft.pk, para_timor)
    with demo_clock(july_2024(24, 10)):
        _after_the_som(viewer, document, parties, draft2)


def _first_reading(
    viewer: SeriesViewer, document: OutcomeDocument, parties: dict[str, Party], draft_id: int, para_timor: Paragraph
) -> DocumentVersion:
    accepted = proposal_create(
        actor=viewer,
        document=document,
        version_id=draft_id,
        party=parties["ID"],
        kind=ProposalKind.REPLACE,
        paragraph_uid=str(para_timor.uid),
        **dict(zip(("start", "end"), _find(para_timor.text, "steady progress"), strict=True)),
        text="significant progress",
        justification="Reflects the Roadmap for Timor-Leste's full membership.",
    )
    proposal_react(actor=viewer, proposal=accepted, party=parties["TH"], stance="support")
    return proposals_accept(
        actor=viewer,
        document=document,
        proposal_ids=[accepted.pk],
        version_id=draft_id,
        note="Draft 2 after the SOM Leaders' first reading",
        circulated_at=july_2024(22, 21),
    )


def _after_the_som(
    viewer: SeriesViewer, document: OutcomeDocument, parties: dict[str, Party], draft2: DocumentVersion
) -> None:
    texts2 = {p.position: p for p in Paragraph.objects.filter(version=draft2)}
    draft3 = document_version_circulate(
        actor=viewer,
        document=document,
        paragraphs=[
            ParagraphInput(
                text=p.text
                if p.position != 14
                else p.text.replace("October 2024", "October 2024, and thanked Lao PDR for its hospitality"),
                kind=p.kind,
                uid=str(p.uid),
            )
            for p in sorted(texts2.values(), key=lambda p: p.position)
        ],
        based_on_version_id=draft2.pk,
        note="Draft 3, circulated after the SOM",
        circulated_at=july_2024(23, 18),
    )
    texts3 = {p.position: p for p in Paragraph.objects.filter(version=draft3)}
    para_scs = texts3[9]
    para_nav = texts3[10]
    para_coc = texts3[12]

    # Positional on purpose: the calls below read like the table of proposals on the chair's desk.
    def propose(party: str, kind: str, paragraph: Paragraph, words: str, text: str, why: str) -> int:  # noqa: PLR0917
        start, end = _find(paragraph.text, words)
        if kind == ProposalKind.INSERT:
            start = end
        proposal = proposal_create(
            actor=viewer,
            document=document,
            version_id=draft3.pk,
            party=parties[party],
            kind=kind,
            paragraph_uid=str(paragraph.uid),
            start=start,
            end=end,
            text=text,
            justification=why,
        )
        return proposal.pk

    serious = propose(
        "VN", ProposalKind.REPLACE, para_scs, "some Ministers", "many Ministers", "Reflects the discussion."
    )
    propose(
        "PH",
        ProposalKind.REPLACE,
        para_scs,
        "some Ministers",
        "a number of Ministers",
        "Language of previous communiqués.",
    )
    propose(
        "PH",
        ProposalKind.INSERT,
        para_scs,
        "serious incidents",
        ", including the use of water cannon,",
        "Names the incidents.",
    )
    propose("KH", ProposalKind.DELETE, para_scs, " and serious incidents in the area", "", "Not agreed at SOM.")
    propose(
        "SG",
        ProposalKind.INSERT,
        para_nav,
        "South China Sea",
        ", in accordance with the 1982 UNCLOS",
        "International law reference.",
    )
    proposal_create(
        actor=viewer,
        document=document,
        version_id=draft3.pk,
        party=parties["MY"],
        kind=ProposalKind.NEW_PARAGRAPH,
        paragraph_uid=str(para_coc.uid),
        text="We welcomed the completion of the second reading of the Single Draft COC Negotiating Text.",
        justification="Records progress in the negotiations.",
    )
    for party in ("ID", "SG"):
        proposal_react(
            actor=viewer,
            proposal=document.proposals.get(pk=serious),
            party=parties[party],
            stance="support",
        )
    proposal_react(
        actor=viewer,
        proposal=document.proposals.get(pk=serious),
        party=parties["KH"],
        stance="object",
        note="Prefers the Chair's text.",
    )
    for code in ("BN", "LA", "MM", "TH"):
        position_take(
            actor=viewer,
            document=document,
            version_id=draft3.pk,
            party=parties[code],
            kind=PositionKind.AGREE_AD_REF if code == "TH" else PositionKind.AGREE,
        )
    # At the close of the Ministers' retreat on 25 July: no consensus; the Chair consults capitals after the AMM.
    with demo_clock(july_2024(25, 17, 15)):
        position_take(
            actor=viewer,
            document=document,
            version_id=draft3.pk,
            party=parties["KH"],
            kind=PositionKind.RESERVE,
            note="Reserves on paragraph 7 pending instructions.",
        )
