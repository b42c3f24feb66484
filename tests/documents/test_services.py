"""Negotiation services: proposals, versions, carry-forward, refusals; exact results."""

from __future__ import annotations

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.brackets import as_text
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Proposal
from mufakat.documents.services import (
    ParagraphInput,
    agenda_item_document_link,
    document_version_circulate,
    paragraph_ad_ref_mark,
    proposal_create,
    proposal_react,
    proposal_reject,
    proposal_withdraw,
    proposals_accept,
    proposals_merge,
)
from mufakat.meetings.models import AgendaItem, Meeting, Series
from tests.factories.documents import amm_draft, paragraphs_of, span
from tests.factories.reference import party_get

TEXTS = [
    "# Introduction",
    "The Ministers met in Vientiane.",
    "The Ministers strongly welcomed the progress.",
    "The Ministers looked forward to the next meeting.",
]


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    return amm_draft(actor=chair_secretariat, series=amm_57, texts=TEXTS)


def _propose(actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion, party: str, **kw: object):
    return proposal_create(actor=actor, document=document, version_id=version.pk, party=party_get(party), **kw)  # type: ignore[arg-type]


def test_first_draft_puts_the_document_in_drafting_with_numbered_paragraphs(drafted) -> None:
    document, version = drafted
    assert (document.status, version.number, document.current_version_id) == ("drafting", 1, version.pk)
    view = selectors.bracketed_text(version=version)
    assert as_text(view.paragraphs) == (
        "Introduction\n1. The Ministers met in Vientiane.\n2. The Ministers strongly welcomed the progress.\n"
        "3. The Ministers looked forward to the next meeting."
    )


def test_proposal_from_a_member_brackets_the_words(drafted, member_focal_point) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    start, end = span(paragraph.text, "strongly")
    _propose(
        member_focal_point,
        document,
        version,
        "VN",
        kind="replace",
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text="warmly",
        justification="Tone.",
    )
    document.refresh_from_db()
    assert document.status == "under_negotiation"
    rendered = selectors.bracketed_text(version=version).paragraphs
    assert rendered[2].plain() == "The Ministers [Option A: strongly / Option B: warmly (VN)] welcomed the progress."
    assert AuditEvent.objects.filter(action="proposal.create", actor_party="VN").count() == 1


def test_proposal_against_a_superseded_version_is_409_naming_the_current(drafted, chair_secretariat) -> None:
    document, version = drafted
    draft2 = document_version_circulate(
        actor=chair_secretariat,
        document=document,
        paragraphs=[ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)],
        based_on_version_id=version.pk,
    )
    paragraph = paragraphs_of(version)[1]
    with pytest.raises(Conflict) as refused:
        _propose(
            chair_secretariat, document, version, "VN", kind="delete", paragraph_uid=str(paragraph.uid), start=0, end=4
        )
    assert refused.value.current == {"version_id": draft2.pk, "number": 2}
    assert refused.value.field == "version_id"
    assert Proposal.objects.count() == 0


def test_two_delegations_proposing_on_the_same_paragraph_both_keep_their_proposals(
    drafted, member_focal_point, chair_secretariat
) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    start, end = span(paragraph.text, "strongly")
    first = _propose(
        member_focal_point,
        document,
        version,
        "VN",
        kind="delete",
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end + 1,
    )
    second = _propose(
        chair_secretariat,
        document,
        version,
        "PH",
        kind="replace",
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text="warmly",
    )
    assert list(Proposal.objects.order_by("pk").values_list("pk", "party__code", "status")) == [
        (first.pk, "VN", "open"),
        (second.pk, "PH", "open"),
    ]


def test_the_same_proposal_sent_twice_is_409_naming_the_open_one(drafted, member_focal_point) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    start, end = span(paragraph.text, "strongly")
    change = {"kind": "replace", "paragraph_uid": str(paragraph.uid), "start": start, "end": end, "text": "warmly"}
    first = _propose(member_focal_point, document, version, "VN", **change)

    with pytest.raises(Conflict) as refused:
        _propose(member_focal_point, document, version, "VN", **change, justification="Sent again.")

    assert (refused.value.message, refused.value.field, refused.value.record) == (
        f"Viet Nam already proposed this change (proposal #{first.pk}).",
        "text",
        f"document #{document.pk} (Joint Statement on Test Cooperation)",
    )
    assert refused.value.current == {
        "proposal_id": first.pk,
        "party": "VN",
        "kind": "replace",
        "paragraph_uid": str(paragraph.uid),
        "start": start,
        "end": end,
        "text": "warmly",
        "status": "open",
    }
    assert list(Proposal.objects.values_list("pk", "text", "justification")) == [(first.pk, "warmly", "")]
    assert AuditEvent.objects.filter(action="proposal.create").count() == 1


def test_the_same_new_paragraph_sent_twice_is_409(drafted, member_focal_point) -> None:
    document, version = drafted
    anchor = str(paragraphs_of(version)[3].uid)
    first = _propose(member_focal_point, document, version, "VN", kind="new_paragraph", paragraph_uid=anchor, text="X.")
    with pytest.raises(Conflict) as refused:
        _propose(member_focal_point, document, version, "VN", kind="new_paragraph", paragraph_uid=anchor, text=" X. ")
    assert refused.value.message == f"Viet Nam already proposed this change (proposal #{first.pk})."
    assert Proposal.objects.count() == 1


def test_the_same_proposal_again_is_kept_when_the_first_is_closed_or_the_wording_or_party_differs(
    drafted, member_focal_point, chair_secretariat
) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    start, end = span(paragraph.text, "strongly")
    change = {"kind": "replace", "paragraph_uid": str(paragraph.uid), "start": start, "end": end}
    withdrawn = _propose(member_focal_point, document, version, "VN", **change, text="warmly")
    proposal_withdraw(actor=member_focal_point, proposal=withdrawn)
    again = _propose(member_focal_point, document, version, "VN", **change, text="warmly")
    other_words = _propose(member_focal_point, document, version, "VN", **change, text="very warmly")
    other_party = _propose(chair_secretariat, document, version, "PH", **change, text="warmly")
    other_span = _propose(member_focal_point, document, version, "VN", **{**change, "end": end + 1}, text="warmly")
    assert list(Proposal.objects.order_by("pk").values_list("pk", "party__code", "text", "status")) == [
        (withdrawn.pk, "VN", "warmly", "withdrawn"),
        (again.pk, "VN", "warmly", "open"),
        (other_words.pk, "VN", "very warmly", "open"),
        (other_party.pk, "PH", "warmly", "open"),
        (other_span.pk, "VN", "warmly", "open"),
    ]


@pytest.mark.parametrize(
    ("kind", "start", "end", "text", "field", "message"),
    [
        ("replace", 0, 3, "The", "text", "the replacement is the same as the text."),
        ("insert", 0, 3, "x", "end", "an insertion goes at one point: start and end must be equal."),
        ("delete", 2, 2, "", "end", "a deletion needs the words to delete."),
        ("delete", 0, 3, "x", "text", "a deletion carries no text."),
        ("replace", 0, 999, "x", "end", "must be between start (0) and 31."),
        ("shout", 0, 3, "x", "kind", "'shout' is not one of insert, delete, replace, new_paragraph."),
        ("insert", 3, 3, "   ", "text", "say what to insert."),
    ],
)
def test_bad_proposals_are_refused_naming_the_field(  # noqa: PLR0917 - one parametrized row per refusal
    drafted, chair_secretariat, kind, start, end, text, field, message
) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[1]
    with pytest.raises(ValidationFailed) as refused:
        _propose(
            chair_secretariat,
            document,
            version,
            "VN",
            kind=kind,
            paragraph_uid=str(paragraph.uid),
            start=start,
            end=end,
            text=text,
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    assert Proposal.objects.count() == 0


def test_a_partner_cannot_propose_on_an_asean_document(drafted, partner_delegate, chair_secretariat) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[1]
    with pytest.raises(PermissionDenied):
        _propose(
            partner_delegate, document, version, "VN", kind="delete", paragraph_uid=str(paragraph.uid), start=0, end=4
        )
    with pytest.raises(ValidationFailed) as refused:
        _propose(
            chair_secretariat, document, version, "JP", kind="delete", paragraph_uid=str(paragraph.uid), start=0, end=4
        )
    assert refused.value.field == "party"
    assert refused.value.message == "JP is not a member of ASEAN on 2024-07-25, so it takes no part in this document."


def test_empty_paragraph_in_a_new_draft_is_refused_and_nothing_written(drafted, chair_secretariat) -> None:
    document, version = drafted
    with pytest.raises(ValidationFailed) as refused:
        document_version_circulate(
            actor=chair_secretariat,
            document=document,
            paragraphs=[ParagraphInput(text="Fine."), ParagraphInput(text="   ")],
            based_on_version_id=version.pk,
        )
    assert (refused.value.field, refused.value.message) == ("paragraphs[1].text", "a paragraph cannot be empty.")
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_accepting_proposals_makes_the_next_draft_and_carries_or_lapses_the_rest(drafted, chair_secretariat) -> None:
    document, version = drafted
    p_met, p_welcomed, _p_next = paragraphs_of(version)[1:]
    accepted = _propose(
        chair_secretariat,
        document,
        version,
        "SG",
        kind="insert",
        paragraph_uid=str(p_met.uid),
        start=len(p_met.text) - 1,
        end=len(p_met.text) - 1,
        text=" on 25 July 2024",
    )
    kept = _propose(
        chair_secretariat,
        document,
        version,
        "VN",
        kind="replace",
        paragraph_uid=str(p_welcomed.uid),
        **dict(zip(("start", "end"), span(p_welcomed.text, "strongly"), strict=True)),
        text="warmly",
    )
    new_paragraph = _propose(
        chair_secretariat,
        document,
        version,
        "MY",
        kind="new_paragraph",
        paragraph_uid=str(p_welcomed.uid),
        text="The Ministers thanked Lao PDR.",
    )
    draft2 = proposals_accept(
        actor=chair_secretariat, document=document, proposal_ids=[accepted.pk, new_paragraph.pk], version_id=version.pk
    )
    assert [(p.text, str(p.uid) == str(new_paragraph.new_uid)) for p in paragraphs_of(draft2)] == [
        ("Introduction", False),
        ("The Ministers met in Vientiane on 25 July 2024.", False),
        ("The Ministers strongly welcomed the progress.", False),
        ("The Ministers thanked Lao PDR.", True),
        ("The Ministers looked forward to the next meeting.", False),
    ]
    kept.refresh_from_db()
    assert (kept.status, kept.version_id, kept.start, kept.end) == ("open", draft2.pk, 14, 22)
    assert dict(Proposal.objects.values_list("pk", "status")) == {
        accepted.pk: "accepted",
        kept.pk: "open",
        new_paragraph.pk: "accepted",
    }
    # Paragraph identity survives the renumbering.
    assert [str(p.uid) for p in paragraphs_of(draft2)][:3] == [str(p.uid) for p in paragraphs_of(version)][:3]


def test_an_edit_of_the_disputed_words_lapses_the_proposal_with_a_reason(drafted, chair_secretariat) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    proposal = _propose(
        chair_secretariat,
        document,
        version,
        "VN",
        kind="delete",
        paragraph_uid=str(paragraph.uid),
        **dict(zip(("start", "end"), span(paragraph.text, "strongly "), strict=True)),
    )
    edited = [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)]
    edited[2] = ParagraphInput(text="The Ministers welcomed the progress.", uid=str(paragraph.uid))
    document_version_circulate(
        actor=chair_secretariat, document=document, paragraphs=edited, based_on_version_id=version.pk
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.resolution_note) == (
        "lapsed",
        "the words it changes were edited in draft 2; propose again on the new text.",
    )


def test_overlapping_proposals_cannot_be_accepted_together_but_can_be_merged(drafted, chair_secretariat) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    start, end = span(paragraph.text, "strongly")
    a = _propose(
        chair_secretariat,
        document,
        version,
        "SG",
        kind="replace",
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text="warmly",
    )
    b = _propose(
        chair_secretariat,
        document,
        version,
        "KH",
        kind="delete",
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end + 1,
    )
    with pytest.raises(ValidationFailed) as refused:
        proposals_accept(actor=chair_secretariat, document=document, proposal_ids=[a.pk, b.pk], version_id=version.pk)
    assert refused.value.message.endswith("merge them first.")
    merged = proposals_merge(actor=chair_secretariat, proposals=[a, b], text="warmly ", party=party_get("LA"))
    assert (merged.kind, merged.start, merged.end, merged.text) == ("replace", start, end + 1, "warmly ")
    assert dict(Proposal.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "status")) == {
        a.pk: "merged",
        b.pk: "merged",
    }
    rendered = selectors.bracketed_text(version=version).paragraphs[2].plain()
    assert rendered == (
        "The Ministers [Option A: strongly  / Option B: warmly  (Chair's compromise: SG, KH)]welcomed the progress."
    )


def test_support_objection_withdraw_and_reject(drafted, chair_secretariat, member_focal_point) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[1]
    proposal = _propose(
        chair_secretariat,
        document,
        version,
        "PH",
        kind="insert",
        paragraph_uid=str(paragraph.uid),
        start=13,
        end=13,
        text=" of ASEAN",
    )
    proposal_react(actor=member_focal_point, proposal=proposal, party=party_get("VN"), stance="support")
    proposal_react(
        actor=chair_secretariat, proposal=proposal, party=party_get("KH"), stance="object", note="Redundant."
    )
    proposal_react(actor=member_focal_point, proposal=proposal, party=party_get("VN"), stance="object")
    row = selectors.proposal_rows(version=version)[0]
    assert (row.supporters, row.objectors) == ([], ["KH", "VN"])
    with pytest.raises(ValidationFailed):
        proposal_react(actor=chair_secretariat, proposal=proposal, party=party_get("PH"), stance="support")
    with pytest.raises(PermissionDenied):
        proposal_withdraw(actor=member_focal_point, proposal=proposal)
    proposal_reject(actor=chair_secretariat, proposal=proposal, note="No consensus.")
    document.refresh_from_db()
    assert (Proposal.objects.get().status, document.status) == ("rejected", "under_negotiation")
    assert selectors.bracketed_text(version=version).bracket_count == 0


def test_ad_ref_needs_a_paragraph_without_open_proposals(drafted, chair_secretariat) -> None:
    document, version = drafted
    p1, p2 = paragraphs_of(version)[1:3]
    proposal = _propose(
        chair_secretariat, document, version, "VN", kind="delete", paragraph_uid=str(p2.uid), start=0, end=4
    )
    with pytest.raises(ValidationFailed) as refused:
        paragraph_ad_ref_mark(
            actor=chair_secretariat, document=document, version_id=version.pk, paragraph_uid=str(p2.uid)
        )
    assert refused.value.message == f"the paragraph still has open proposals ({proposal.pk}); resolve them first."
    paragraph_ad_ref_mark(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        paragraph_uid=str(p1.uid),
        parties=[party_get("TH")],
    )
    assert [p.status for p in selectors.bracketed_text(version=version).paragraphs] == [
        "agreed",
        "ad_ref",
        "bracketed",
        "agreed",
    ]


def test_agenda_item_cannot_link_a_document_of_another_meeting(drafted, chair_secretariat, amm_57) -> None:
    document, _version = drafted
    som = Meeting.objects.get(series=amm_57, body__code="SOM")
    item = AgendaItem.objects.create(meeting=som, position=1, title_en="Outcome documents")
    with pytest.raises(ValidationFailed) as refused:
        agenda_item_document_link(actor=chair_secretariat, agenda_item=item, document=document)
    assert refused.value.field == "document"
    assert "belongs to another meeting (AMM-57)" in refused.value.message


def test_merged_proposals_carry_every_proposer_and_supporter_as_the_chairs_compromise(
    drafted, chair_secretariat
) -> None:
    document, version = drafted
    paragraph = paragraphs_of(version)[2]
    start, end = span(paragraph.text, "strongly")
    uid = str(paragraph.uid)
    vn = _propose(
        chair_secretariat,
        document,
        version,
        "VN",
        kind="replace",
        paragraph_uid=uid,
        start=start,
        end=end,
        text="warmly",
    )
    ph = _propose(
        chair_secretariat,
        document,
        version,
        "PH",
        kind="replace",
        paragraph_uid=uid,
        start=start,
        end=end,
        text="firmly",
    )
    th = _propose(chair_secretariat, document, version, "TH", kind="delete", paragraph_uid=uid, start=start, end=end)
    proposal_react(actor=chair_secretariat, proposal=vn, party=party_get("MY"), stance="support")
    proposal_react(actor=chair_secretariat, proposal=ph, party=party_get("KH"), stance="support")
    proposal_react(actor=chair_secretariat, proposal=ph, party=party_get("ID"), stance="object")

    first = proposals_merge(
        actor=chair_secretariat, proposals=[ph, vn], text="warmly and firmly", party=party_get("LA")
    )
    proposal_react(actor=chair_secretariat, proposal=first, party=party_get("SG"), stance="support")
    proposal_react(actor=chair_secretariat, proposal=first, party=party_get("MY"), stance="object")

    def scs() -> str:
        return selectors.bracketed_text(version=version, with_proposals=False).paragraphs[2].plain()

    assert scs() == (
        "The Ministers [Option A: strongly / Option B: — (TH: delete) / Option C: warmly and firmly (Chair's "
        "compromise: VN, PH, KH, SG)] welcomed the progress."
    )
    rows = {row.proposal.pk: row for row in selectors.bracketed_text(version=version).proposals}
    assert (rows[first.pk].parties, rows[first.pk].carried, rows[th.pk].parties) == (
        ("VN", "PH", "KH", "SG"),
        ("VN", "MY", "PH", "KH"),
        ("TH",),
    )
    # A compromise merged again carries what the first carried (less its objectors) and the new proposer.
    second = proposals_merge(actor=chair_secretariat, proposals=[first, th], text="", party=party_get("LA"))
    assert (second.kind, second.justification) == ("delete", "Chair's compromise")
    assert scs() == "The Ministers [strongly (Chair's compromise to delete: TH, VN, PH, KH, SG)] welcomed the progress."
    assert selectors.open_proposals(version=version)[0].parties == ("TH", "VN", "PH", "KH", "SG")
