"""Negotiation and clearance edge cases met while splitting the documents app: accepting overlapping
proposals one at a time, proposals on paragraphs a new draft removes, reactions changed, compromises
between two parties, ad ref marks across drafts, silence at its exact deadline, decisions on texts not
recommended, parties outside the framework, withdrawal under silence. Each asserts what is stored and
said, not only that something was refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.models import AdRefMark, DocumentVersion, OutcomeDocument, Position, Proposal, ProposalReaction
from mufakat.documents.services import (
    ParagraphInput,
    document_decide,
    document_recommend,
    document_version_circulate,
    document_withdraw,
    paragraph_ad_ref_confirm,
    paragraph_ad_ref_mark,
    position_take,
    proposal_create,
    proposal_react,
    proposal_reject,
    proposal_withdraw,
    proposals_accept,
    proposals_merge,
    silence_break,
    silence_cancel,
    silence_conclude_due,
    silence_start,
)
from mufakat.documents.services.common import consensus_parties
from mufakat.meetings.enums import RecommendationStatus
from mufakat.meetings.models import Meeting, Series
from tests.factories.documents import amm_draft, document_with_text, paragraphs_of, span
from tests.factories.reference import party_get

TEXTS = ["The Ministers met in Vientiane.", "The Ministers strongly welcomed the progress."]
T0 = datetime(2024, 7, 23, 11, 0, tzinfo=UTC)  # 18:00 in Vientiane


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    return amm_draft(actor=chair_secretariat, series=amm_57, texts=TEXTS)


def _fresh(document: OutcomeDocument) -> OutcomeDocument:
    return OutcomeDocument.objects.get(pk=document.pk)


def _change(  # noqa: PLR0917 - one proposal, spelt out
    actor: SeriesViewer,
    document: OutcomeDocument,
    version: DocumentVersion,
    party: str,
    index: int,
    words: str,
    text: str = "",
    kind: str = "replace",
) -> Proposal:
    paragraph = paragraphs_of(version)[index]
    start, end = span(paragraph.text, words)
    return proposal_create(
        actor=actor,
        document=document,
        version_id=version.pk,
        party=party_get(party),
        kind=kind,
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text=text,
    )


def _agree_all(actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion) -> None:
    for entry in consensus_parties(_fresh(document)):
        position_take(actor=actor, document=_fresh(document), version_id=version.pk, party=entry.party, kind="agree")


def _silence(actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion):
    return silence_start(
        actor=actor,
        document=_fresh(document),
        version_id=version.pk,
        deadline=T0 + timedelta(hours=24),
        time_zone="Asia/Vientiane",
        now=T0,
    )


# Proposals and the next draft ------------------------------------------------------------------------


def test_overlapping_proposals_accepted_in_the_wrong_order_lapse_the_other(drafted, chair_secretariat) -> None:
    """VN's proposal came first, SG's overlaps it; the chair accepts SG's alone: VN's words are gone, it lapses."""
    document, version = drafted
    first = _change(chair_secretariat, document, version, "VN", 1, "strongly welcomed", "noted")
    second = _change(chair_secretariat, document, version, "SG", 1, "welcomed the progress", "applauded the work")
    draft2 = proposals_accept(
        actor=chair_secretariat, document=_fresh(document), proposal_ids=[second.pk], version_id=version.pk
    )
    assert [p.text for p in paragraphs_of(draft2)][1] == "The Ministers strongly applauded the work."
    first.refresh_from_db()
    assert (first.status, first.resolution_note) == (
        "lapsed",
        "the words it changes were edited in draft 2; propose again on the new text.",
    )
    assert selectors.open_proposal_count(version=draft2) == 0


def test_a_proposal_on_a_paragraph_the_next_draft_removes_lapses_with_the_reason(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "KH", 0, "Vientiane", "Vientiane, Lao PDR")
    kept = [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)[1:]]
    draft2 = document_version_circulate(
        actor=chair_secretariat, document=_fresh(document), paragraphs=kept, based_on_version_id=version.pk
    )
    proposal.refresh_from_db()
    assert proposal.status == "lapsed"
    assert proposal.resolution_note == "its paragraph was removed in draft 2; propose again on the new text."
    assert proposal.version_id == version.pk  # it stays where it was made
    assert selectors.open_proposals(version=draft2) == []


def test_an_untouched_proposal_is_carried_to_the_next_draft_with_its_offsets_moved(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "PH", 1, "progress", "steady progress")
    edited = [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)]
    uid = str(paragraphs_of(version)[1].uid)
    edited[1] = ParagraphInput(text="Today the Ministers strongly welcomed the progress.", uid=uid)
    draft2 = document_version_circulate(
        actor=chair_secretariat, document=_fresh(document), paragraphs=edited, based_on_version_id=version.pk
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version_id) == ("open", draft2.pk)
    assert paragraphs_of(draft2)[1].text[proposal.start : proposal.end] == "progress"


def test_accepting_a_proposal_of_a_superseded_draft_is_409_naming_the_current(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "VN", 1, "strongly ", kind="delete")
    same = [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)]
    draft2 = document_version_circulate(
        actor=chair_secretariat, document=_fresh(document), paragraphs=same, based_on_version_id=version.pk
    )
    with pytest.raises(Conflict) as conflict:
        proposals_accept(
            actor=chair_secretariat, document=_fresh(document), proposal_ids=[proposal.pk], version_id=version.pk
        )
    assert conflict.value.current["version_id"] == draft2.pk
    assert DocumentVersion.objects.filter(document=document).count() == 2


def test_no_proposal_is_made_while_silence_runs(drafted, chair_secretariat) -> None:
    document, version = drafted
    _silence(chair_secretariat, document, version)
    with pytest.raises(ValidationFailed) as refused:
        _change(chair_secretariat, document, version, "VN", 1, "strongly ", kind="delete")
    assert refused.value.message == "the draft is under silence procedure; to reopen it, break silence with a reason."
    assert not Proposal.objects.filter(document=document).exists()


# Reactions, withdrawal, rejection ------------------------------------------------------------------


def test_a_reaction_changed_by_the_same_party_replaces_its_first(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    proposal_react(actor=chair_secretariat, proposal=proposal, party=party_get("TH"), stance="support")
    proposal_react(
        actor=chair_secretariat, proposal=proposal, party=party_get("TH"), stance="object", note="Keep the original."
    )
    assert list(ProposalReaction.objects.filter(proposal=proposal).values_list("party__code", "stance", "note")) == [
        ("TH", "object", "Keep the original.")
    ]
    [row] = selectors.proposal_rows(version=version)
    assert (row.supporters, row.objectors, row.parties) == ([], ["TH"], ("VN",))
    entry = AuditEvent.objects.filter(action="proposal.react").order_by("pk").last()
    assert (entry.before, entry.after) == (
        {"stance": "support", "note": ""},
        {"stance": "object", "note": "Keep the original."},
    )


def test_the_proposer_cannot_react_to_its_own_proposal(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    with pytest.raises(ValidationFailed) as refused:
        proposal_react(actor=chair_secretariat, proposal=proposal, party=party_get("VN"), stance="support")
    assert (refused.value.field, refused.value.message) == ("party", "VN made this proposal; withdraw it instead.")
    assert not ProposalReaction.objects.exists()


def test_a_reaction_with_an_unknown_stance_or_a_long_note_is_refused(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    with pytest.raises(ValidationFailed) as unknown:
        proposal_react(actor=chair_secretariat, proposal=proposal, party=party_get("TH"), stance="abstain")
    assert (unknown.value.field, unknown.value.message) == ("stance", "'abstain' is not one of support, object.")
    with pytest.raises(ValidationFailed) as long_note:
        proposal_react(
            actor=chair_secretariat, proposal=proposal, party=party_get("TH"), stance="object", note="x" * 501
        )
    assert (long_note.value.field, long_note.value.message) == ("note", "at most 500 characters.")
    assert not ProposalReaction.objects.exists()


def test_a_delegation_cannot_withdraw_another_partys_proposal(drafted, chair_secretariat, member_focal_point) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "SG", 1, "strongly", "warmly")
    with pytest.raises(PermissionDenied) as refused:
        proposal_withdraw(actor=member_focal_point, proposal=proposal)
    assert refused.value.message == "only the proposing delegation or the chair withdraws a proposal."
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_the_chair_withdrawing_for_a_delegation_is_logged_for_that_delegation(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "SG", 1, "strongly", "warmly")
    proposal_withdraw(actor=chair_secretariat, proposal=proposal, note="Singapore withdrew it in the room.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.resolution_note) == ("withdrawn", "Singapore withdrew it in the room.")
    entry = AuditEvent.objects.filter(action="proposal.withdraw").get()
    assert entry.after == {"status": "withdrawn", "recorded_for": "SG"}
    assert _fresh(document).status == "under_negotiation"  # the history of the proposal stays activity


def test_a_rejection_needs_a_reason_and_a_rejected_proposal_is_not_reopened(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal = _change(chair_secretariat, document, version, "SG", 1, "strongly", "warmly")
    with pytest.raises(ValidationFailed) as no_reason:
        proposal_reject(actor=chair_secretariat, proposal=proposal, note="  ")
    assert (no_reason.value.field, no_reason.value.message) == ("note", "say why the proposal is rejected.")
    proposal_reject(actor=chair_secretariat, proposal=proposal, note="No consensus.")
    with pytest.raises(Conflict) as again:
        proposal_withdraw(actor=chair_secretariat, proposal=proposal)
    assert again.value.current == {"status": "rejected"}


# Compromises ----------------------------------------------------------------------------------------


def test_a_merge_of_two_parties_proposals_carries_both_and_closes_them(drafted, chair_secretariat) -> None:
    document, version = drafted
    vn = _change(chair_secretariat, document, version, "VN", 1, "strongly", "warmly")
    sg = _change(chair_secretariat, document, version, "SG", 1, "progress", "progress made")
    proposal_react(actor=chair_secretariat, proposal=sg, party=party_get("MY"), stance="support")
    compromise = proposals_merge(
        actor=chair_secretariat, proposals=[vn, sg], text="warmly welcomed the progress made", party=party_get("LA")
    )
    # Over the union of the two spans, made in the chair's name.
    paragraph = paragraphs_of(version)[1]
    assert (compromise.start, compromise.end, compromise.party.code) == (
        *span(paragraph.text, "strongly welcomed the progress"),
        "LA",
    )
    assert dict(Proposal.objects.filter(pk__in=[vn.pk, sg.pk]).values_list("party__code", "status")) == {
        "VN": "merged",
        "SG": "merged",
    }
    [row] = selectors.proposal_rows(version=version)
    assert row.proposal.pk == compromise.pk
    assert row.parties == ("VN", "SG", "MY")
    # One of the carried parties objects to the compromise: it no longer stands behind the bracket.
    proposal_react(actor=chair_secretariat, proposal=compromise, party=party_get("VN"), stance="object", note="No.")
    [row] = selectors.proposal_rows(version=version)
    assert row.parties == ("SG", "MY")


# Ad referendum --------------------------------------------------------------------------------------


def _ad_ref_then_new_draft(chair: SeriesViewer, document: OutcomeDocument, version: DocumentVersion, edit: bool):
    uid = str(paragraphs_of(version)[1].uid)
    paragraph_ad_ref_mark(
        actor=chair, document=_fresh(document), version_id=version.pk, paragraph_uid=uid, parties=[party_get("MM")]
    )
    paragraphs = [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in paragraphs_of(version)]
    if edit:
        paragraphs[1] = ParagraphInput(text="The Ministers welcomed the progress.", uid=uid)
    draft2 = document_version_circulate(
        actor=chair, document=_fresh(document), paragraphs=paragraphs, based_on_version_id=version.pk
    )
    return uid, draft2


def test_ad_ref_confirmed_after_a_new_draft_is_409_on_the_old_and_done_on_the_carried_mark(
    drafted, chair_secretariat
) -> None:
    document, version = drafted
    uid, draft2 = _ad_ref_then_new_draft(chair_secretariat, document, version, edit=False)
    with pytest.raises(Conflict) as stale:
        paragraph_ad_ref_confirm(
            actor=chair_secretariat, document=_fresh(document), version_id=version.pk, paragraph_uid=uid
        )
    assert stale.value.current["version_id"] == draft2.pk
    # The paragraph did not change: its mark (with the parties still to confirm) came along to draft 2.
    carried = AdRefMark.objects.get(version=draft2)
    assert (str(carried.paragraph_uid), [p.code for p in carried.parties.all()]) == (uid, ["MM"])
    paragraph_ad_ref_confirm(
        actor=chair_secretariat, document=_fresh(document), version_id=draft2.pk, paragraph_uid=uid
    )
    assert not AdRefMark.objects.filter(version=draft2).exists()
    assert AdRefMark.objects.filter(version=version).count() == 1  # the record of draft 1 is kept


def test_an_ad_ref_mark_is_dropped_when_the_next_draft_edits_its_paragraph(drafted, chair_secretariat) -> None:
    document, version = drafted
    uid, draft2 = _ad_ref_then_new_draft(chair_secretariat, document, version, edit=True)
    assert not AdRefMark.objects.filter(version=draft2).exists()
    with pytest.raises(ValidationFailed) as not_marked:
        paragraph_ad_ref_confirm(
            actor=chair_secretariat, document=_fresh(document), version_id=draft2.pk, paragraph_uid=uid
        )
    assert (not_marked.value.field, not_marked.value.message) == (
        "paragraph_uid",
        "the paragraph is not marked ad ref.",
    )


def test_ad_ref_on_a_heading_or_an_unknown_paragraph_is_refused(chair_secretariat, amm_57) -> None:
    amm = Meeting.objects.get(series=amm_57, body__code="AMM")
    document, version = document_with_text(actor=chair_secretariat, meeting=amm, texts=["# Preamble", "We met."])
    heading = paragraphs_of(version)[0]
    with pytest.raises(ValidationFailed) as on_heading:
        paragraph_ad_ref_mark(
            actor=chair_secretariat, document=document, version_id=version.pk, paragraph_uid=str(heading.uid)
        )
    assert on_heading.value.message == "headings are not marked ad ref."
    with pytest.raises(ValidationFailed) as unknown:
        paragraph_ad_ref_mark(
            actor=chair_secretariat, document=_fresh(document), version_id=version.pk, paragraph_uid="not-a-uuid"
        )
    assert (unknown.value.field, unknown.value.message) == ("paragraph_uid", "not a paragraph id.")
    assert not AdRefMark.objects.exists()


# Silence procedure ----------------------------------------------------------------------------------


def test_silence_broken_exactly_at_the_deadline_is_too_late_and_silence_holds(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _silence(chair_secretariat, document, version)
    with pytest.raises(ValidationFailed) as refused:
        silence_break(
            actor=chair_secretariat, procedure=procedure, party=party_get("KH"), reason="Late.", now=procedure.deadline
        )
    assert refused.value.message == (
        "the deadline passed at 24 July 2024, 18:00 (Asia/Vientiane); silence can no longer be broken."
    )
    assert [p.pk for p in silence_conclude_due(now=procedure.deadline)] == [procedure.pk]
    procedure.refresh_from_db()
    assert (procedure.status, procedure.concluded_at) == ("held", procedure.deadline)
    assert _fresh(document).status == "cleared"


def test_silence_broken_one_second_before_the_deadline_counts(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _silence(chair_secretariat, document, version)
    silence_break(
        actor=chair_secretariat,
        procedure=procedure,
        party=party_get("KH"),
        reason="Instructions pending.",
        now=procedure.deadline - timedelta(seconds=1),
    )
    assert silence_conclude_due(now=procedure.deadline) == []
    procedure.refresh_from_db()
    assert procedure.status == "broken"
    assert _fresh(document).status == "under_negotiation"


def test_a_second_break_by_the_same_party_is_409_and_another_party_may_still_break(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _silence(chair_secretariat, document, version)
    silence_break(actor=chair_secretariat, procedure=procedure, party=party_get("KH"), reason="One.", now=T0)
    with pytest.raises(Conflict) as twice:
        silence_break(actor=chair_secretariat, procedure=procedure, party=party_get("KH"), reason="Two.", now=T0)
    assert twice.value.message == "KH has already broken silence on this draft."
    silence_break(actor=chair_secretariat, procedure=procedure, party=party_get("MY"), reason="Also.", now=T0)
    procedure.refresh_from_db()
    assert procedure.result == "Silence broken by KH on 23 July 2024, 18:00 (Asia/Vientiane)."
    state = selectors.silence_state(document=_fresh(document), now=T0)
    assert [code for code, _reason, _at in state.breaks] == ["KH", "MY"]


def test_silence_started_on_a_text_that_still_has_brackets_names_the_count(drafted, chair_secretariat) -> None:
    document, version = drafted
    _change(chair_secretariat, document, version, "VN", 1, "strongly ", kind="delete")
    _change(chair_secretariat, document, version, "SG", 0, "Vientiane", "Vientiane, Lao PDR")
    with pytest.raises(ValidationFailed) as refused:
        _silence(chair_secretariat, document, version)
    assert (refused.value.field, refused.value.message) == (
        "version_id",
        "draft 1 still has 2 open proposal(s); only a text without brackets goes under silence.",
    )
    assert selectors.silence_state(document=_fresh(document)) is None


def test_silence_cancelled_reopens_the_draft_to_proposals(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _silence(chair_secretariat, document, version)
    with pytest.raises(ValidationFailed) as no_reason:
        silence_cancel(actor=chair_secretariat, procedure=procedure, reason="")
    assert no_reason.value.message == "say why the procedure is cancelled."
    silence_cancel(actor=chair_secretariat, procedure=procedure, reason="Text to be revised.")
    procedure.refresh_from_db()
    assert (procedure.status, procedure.result) == ("cancelled", "Text to be revised.")
    proposal = _change(chair_secretariat, document, version, "VN", 1, "strongly ", kind="delete")
    assert proposal.status == "open"
    assert silence_conclude_due(now=procedure.deadline + timedelta(hours=1)) == []


def test_a_document_withdrawn_under_silence_stays_withdrawn_when_the_deadline_passes(
    drafted, chair_secretariat
) -> None:
    document, version = drafted
    procedure = _silence(chair_secretariat, document, version)
    document_withdraw(
        actor=chair_secretariat,
        document=_fresh(document),
        expected_version=_fresh(document).version,
        reason="Merged into the Chairman's Statement.",
    )
    silence_conclude_due(now=procedure.deadline + timedelta(minutes=1))
    assert _fresh(document).status == "withdrawn"
    with pytest.raises(ValidationFailed) as again:
        document_withdraw(
            actor=chair_secretariat, document=_fresh(document), expected_version=_fresh(document).version, reason="x"
        )
    assert again.value.message == "the document is already Withdrawn."


# Positions and decisions ------------------------------------------------------------------------------


def test_a_position_of_a_party_not_in_the_framework_is_refused(drafted, chair_secretariat) -> None:
    document, version = drafted
    with pytest.raises(ValidationFailed) as refused:
        position_take(
            actor=chair_secretariat, document=document, version_id=version.pk, party=party_get("JP"), kind="agree"
        )
    assert refused.value.field == "party"
    assert "JP" in refused.value.message
    assert not Position.objects.exists()


def test_a_later_position_of_the_same_party_replaces_its_earlier_one(drafted, chair_secretariat) -> None:
    document, version = drafted
    position_take(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        party=party_get("MM"),
        kind="reserve",
        note="Paragraph 2.",
    )
    position_take(
        actor=chair_secretariat, document=_fresh(document), version_id=version.pk, party=party_get("MM"), kind="agree"
    )
    assert list(Position.objects.values_list("party__code", "kind", "note")) == [("MM", "agree", "")]
    board = selectors.positions_board(document=_fresh(document))
    assert {row.party_code: row.position for row in board.rows if row.position} == {"MM": "agree"}


def test_a_cleared_document_not_recommended_is_decided_and_no_recommendation_is_touched(
    drafted, chair_secretariat
) -> None:
    document, version = drafted
    _agree_all(chair_secretariat, document, version)
    assert _fresh(document).status == "cleared"
    decided = document_decide(
        actor=chair_secretariat, document=_fresh(document), expected_version=_fresh(document).version
    )
    assert (decided.status, decided.recommendation_id) == ("adopted", None)
    assert not AuditEvent.objects.filter(action="recommendation.decide").exists()


def test_a_recommended_document_decided_adopts_its_recommendation_audited_as_the_chair(
    drafted, chair_secretariat, amm_57
) -> None:
    document, version = drafted
    _agree_all(chair_secretariat, document, version)
    som = Meeting.objects.filter(series=amm_57, body__code="SOM").order_by("start_date").first()
    document_recommend(
        actor=chair_secretariat, document=_fresh(document), expected_version=_fresh(document).version, from_meeting=som
    )
    assert _fresh(document).status == "recommended"
    document_decide(actor=chair_secretariat, document=_fresh(document), expected_version=_fresh(document).version)
    recommendation = _fresh(document).recommendation
    assert recommendation.status == RecommendationStatus.ADOPTED
    entries = AuditEvent.objects.filter(action__in=["recommendation.make", "recommendation.decide"]).order_by("pk")
    assert [(e.action, e.actor_username) for e in entries] == [
        ("recommendation.make", "lao.chair"),
        ("recommendation.decide", "lao.chair"),
    ]


def test_decide_on_a_text_agreed_ad_referendum_asks_for_capitals_first(drafted, chair_secretariat) -> None:
    document, version = drafted
    _agree_all(chair_secretariat, document, version)
    position_take(
        actor=chair_secretariat,
        document=_fresh(document),
        version_id=version.pk,
        party=party_get("MM"),
        kind="agree_ad_ref",
    )
    assert _fresh(document).status == "ad_ref"
    with pytest.raises(ValidationFailed) as refused:
        document_decide(actor=chair_secretariat, document=_fresh(document), expected_version=_fresh(document).version)
    assert refused.value.message == (
        "the document is agreed ad referendum; capitals must confirm the ad ref paragraphs and positions first."
    )
