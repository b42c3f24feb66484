"""What the document pages offer (issue 11, items 8 and 14): only the actions the services would accept,
a one-line reason where one is not open yet, a reason and a confirmation before a rejection, the status
"Under silence procedure" during silence, and status and disposition phrases as written ("recommended by
the SOM", "for adoption")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.documents.enums import DISPOSITION_PURPOSES, Disposition, ProposalKind, ProposalStatus
from mufakat.documents.models import OutcomeDocument, Paragraph, Proposal, SilenceProcedure
from mufakat.documents.services import proposal_create, proposal_reject, silence_conclude_due
from mufakat.meetings.models import Meeting
from mufakat.reference.models import Party
from tests.factories.documents import document_cleared, document_recommended, document_with_text
from tests.web.documents_pages import COMMUNIQUE, PLAN, REGISTER, WORK_PLAN
from tests.web.documents_pages import demo_document as _document
from tests.web.documents_pages import document_url as _url
from tests.web.pages import Element
from tests.web.pages import html_page as _page

pytestmark = pytest.mark.usefixtures("documents_demo")

STATEMENT = "ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia"
# The demo's meetings decided on their documents by 27 July 2024: the drafting, cleared and recommended texts
# these tests look at are written by the test on the AMM's register.
CONCEPT_NOTE = "Concept Note on ASEAN Digital Connectivity"
RECOMMENDED = "ASEAN Foreign Ministers' Statement on Regional Connectivity"
CLEARED = "ASEAN Foreign Ministers' Statement on Disaster Resilience"


def _item(page: Element, paragraph: Paragraph) -> Element:
    return page.find("li", id=f"p-{paragraph.uid}")


def _anchor_of_the_new_paragraph(document: OutcomeDocument) -> tuple[Paragraph, Proposal]:
    proposal = Proposal.objects.get(document=document, kind=ProposalKind.NEW_PARAGRAPH, status=ProposalStatus.OPEN)
    assert proposal.paragraph_uid is not None
    return Paragraph.objects.get(version=document.current_version, uid=proposal.paragraph_uid), proposal


# The silence procedure -------------------------------------------------------------------------


def test_board_bracketed_draft_has_no_silence_button_but_one_line_saying_why(chair_secretariat_client: Client) -> None:
    page = _page(chair_secretariat_client.get(_url(_document(COMMUNIQUE), "board/")))

    assert page.find_all(id="start-silence") == []
    assert page.find(id="silence-cannot").text == (
        "Not yet under silence procedure: draft 3 still has 6 open proposal(s); only a text without brackets goes"
        " under silence."
    )


def test_board_draft_without_brackets_offers_the_silence_procedure(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    draft, _version = document_with_text(
        actor=chair_secretariat, meeting=_document(STATEMENT).meeting, texts=["We met."], title_en=CONCEPT_NOTE
    )
    page = _page(chair_secretariat_client.get(_url(draft, "board/")))

    assert page.find(id="start-silence").find("summary").text == "Circulate under silence procedure"
    assert page.find_all(id="silence-cannot") == []


def test_board_silence_refused_on_a_bracketed_draft_with_the_same_reason(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)

    page = _page(
        chair_secretariat_client.post(
            _url(communique, "silence/"),
            {
                "version_id": communique.current_version_id,
                "deadline": "2030-07-30T18:00",
                "time_zone": "Asia/Vientiane",
            },
        ),
        400,
    )

    assert page.find(id="start-silence").find("div", cls="form-errors").text == (
        "Nothing was saved. Please correct the marked fields. draft 3 still has 6 open proposal(s); only a text"
        " without brackets goes under silence."
    )


def test_board_cleared_draft_has_no_silence_button_but_says_it_is_cleared(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    cleared = document_cleared(
        actor=chair_secretariat, meeting=_document(STATEMENT).meeting, texts=["We met."], title_en=CLEARED
    )
    page = _page(chair_secretariat_client.get(_url(cleared, "board/")))

    assert page.find_all(id="start-silence") == []
    assert page.find(id="silence-cannot").text == (
        "The document is already cleared; silence procedure is only for a text still to be cleared."
    )


def test_board_draft_cleared_by_silence_offers_no_second_silence(chair_secretariat_client: Client) -> None:
    work_plan = _document(WORK_PLAN)
    procedure = SilenceProcedure.objects.get(version__document=work_plan)
    silence_conclude_due(now=procedure.deadline + timedelta(minutes=1))

    page = _page(chair_secretariat_client.get(_url(work_plan, "board/")))

    assert page.find(id="silence-status").text == "Silence held"
    assert page.find_all(id="start-silence") == []
    assert page.find(id="silence-cannot").text == (
        "The document is already cleared; silence procedure is only for a text still to be cleared."
    )


def test_board_silence_refused_on_a_cleared_draft_with_the_same_reason(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    cleared = document_cleared(
        actor=chair_secretariat, meeting=_document(STATEMENT).meeting, texts=["We met."], title_en=CLEARED
    )

    page = _page(
        chair_secretariat_client.post(
            _url(cleared, "silence/"),
            {"version_id": cleared.current_version_id, "deadline": "2030-07-30T18:00", "time_zone": "Asia/Vientiane"},
        ),
        400,
    )

    assert page.find(id="start-silence").find("div", cls="form-errors").text == (
        "Nothing was saved. Please correct the marked fields. the document is already cleared; silence procedure is"
        " only for a text still to be cleared."
    )
    assert SilenceProcedure.objects.filter(version__document=cleared).count() == 0


def test_status_badge_during_silence_reads_under_silence_procedure(member_delegate_client: Client) -> None:
    work_plan = _document(WORK_PLAN)

    document_page = _page(member_delegate_client.get(_url(work_plan)))
    register_row = _page(member_delegate_client.get(REGISTER)).find("tr", id=f"document-{work_plan.pk}")

    assert document_page.find(id="document-status").text == "Under silence procedure"
    assert register_row.find_all("span", cls="badge")[-1].text == "Under silence procedure"


# Ad ref marks ----------------------------------------------------------------------------------


def test_document_page_agreed_paragraph_waiting_on_a_proposal_has_no_ad_ref_button(
    chair_secretariat_client: Client,
) -> None:
    communique = _document(COMMUNIQUE)
    anchor, proposal = _anchor_of_the_new_paragraph(communique)

    item = _item(_page(chair_secretariat_client.get(_url(communique))), anchor)

    assert item.find("span", cls="para-status").text == "Agreed"
    assert item.find_all("form", cls="ad-ref") == []
    assert item.find("p", cls="cannot").text == (
        f"Not yet agreed ad ref: the paragraph still has open proposals ({proposal.pk}); resolve them first."
    )


def test_document_page_bracketed_paragraph_has_no_ad_ref_button(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(chair_secretariat_client.get(_url(communique)))

    bracketed = [item for item in page.find_all("li", cls="para-bracketed") if "proposed" not in item.classes]

    assert len(bracketed) == 2
    assert [item.find_all("form", cls="ad-ref") for item in bracketed] == [[], []]
    assert all(item.find("p", cls="cannot").text.startswith("Not yet agreed ad ref: ") for item in bracketed)


def test_document_page_offers_ad_ref_only_where_the_service_accepts_it(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(chair_secretariat_client.get(_url(communique)))
    offered = [
        item.attrs["data-uid"] for item in page.find_all("li", cls="para") if item.find_all("form", cls="ad-ref")
    ]

    marked = [
        chair_secretariat_client.post(
            _url(communique, f"paragraphs/{uid}/ad-ref/"), {"version_id": communique.current_version_id}
        ).status_code
        for uid in offered
    ]

    assert len(offered) == 7
    assert marked == [302] * 7


def test_ad_ref_mark_refused_on_the_paragraph_waiting_with_the_reason_shown(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    anchor, proposal = _anchor_of_the_new_paragraph(communique)

    page = _page(
        chair_secretariat_client.post(
            _url(communique, f"paragraphs/{anchor.uid}/ad-ref/"), {"version_id": communique.current_version_id}
        ),
        400,
    )

    assert page.find(id="reason").text == (
        f"the paragraph still has open proposals ({proposal.pk}); resolve them first."
    )


# Recommendation and decision -------------------------------------------------------------------


def test_document_page_under_negotiation_offers_no_decision_but_says_why(chair_secretariat_client: Client) -> None:
    page = _page(chair_secretariat_client.get(_url(_document(COMMUNIQUE))))

    assert (page.find_all(id="decide"), page.find_all(id="recommend")) == ([], [])
    assert page.find(id="decide-cannot").text == (
        "Not yet for adoption: the document is under negotiation; clear it by consensus or silence procedure first."
    )
    assert page.find(id="recommend-cannot").text == (
        "Not yet recommended for decision: only a cleared document is recommended; this one is under negotiation."
    )


def test_document_page_cleared_text_offers_the_decision(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    cleared = document_cleared(
        actor=chair_secretariat, meeting=_document(STATEMENT).meeting, texts=["We met."], title_en=CLEARED
    )
    page = _page(chair_secretariat_client.get(_url(cleared)))

    assert page.find(id="decide").find("summary").text == "Decision: Adopt"
    assert page.find_all(id="not-yet") == []


def test_document_page_recommended_text_offers_the_decision_only(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    amm = _document(STATEMENT).meeting
    som = Meeting.objects.get(series=amm.series, body__code="SOM")
    recommended = document_recommended(
        actor=chair_secretariat, meeting=amm, from_meeting=som, texts=["We met."], title_en=RECOMMENDED
    )
    page = _page(chair_secretariat_client.get(_url(recommended)))

    assert (page.find_all(id="recommend"), page.find_all(id="not-yet")) == ([], [])
    assert page.find(id="decide").find("summary").text == "Decision: Adopt"


# Proposals on headings -------------------------------------------------------------------------


def test_document_page_headings_have_no_propose_button(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(member_delegate_client.get(_url(communique)))

    headings = page.find_all("li", cls="kind-heading")
    paragraphs = page.find_all("li", cls="kind-paragraph")

    assert len(headings) == 4
    assert [heading.find_all("details", cls="propose") for heading in headings] == [[]] * 4
    assert all(
        len(item.find_all("details", cls="propose")) == 1 for item in paragraphs if "proposed" not in item.classes
    )
    assert page.find(id="headings-note").text == (
        "Headings are not negotiated: propose changes on the numbered paragraphs."
    )


def test_proposal_on_a_heading_is_refused_with_the_reason(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    heading = Paragraph.objects.filter(version=communique.current_version, kind="heading").first()
    assert heading is not None
    url = _url(communique, f"paragraphs/{heading.uid}/propose/")

    form_page = _page(member_delegate_client.get(url), 400)
    posted = _page(
        member_delegate_client.post(
            url,
            {
                "version_id": communique.current_version_id,
                "party": "VN",
                "kind": "replace",
                "words": heading.text,
                "text": "Opening",
            },
        ),
        400,
    )

    reason = "headings are not negotiated; propose the change on a paragraph."
    assert (form_page.find(id="reason").text, posted.find(id="reason").text) == (reason, reason)
    assert Proposal.objects.filter(document=communique, paragraph_uid=heading.uid).count() == 0


def test_proposal_service_refuses_a_new_paragraph_after_a_heading(member_delegate: SeriesViewer) -> None:
    communique = _document(COMMUNIQUE)
    heading = Paragraph.objects.filter(version=communique.current_version, kind="heading").first()
    assert heading is not None

    with pytest.raises(ValidationFailed) as refused:
        proposal_create(
            actor=member_delegate,
            document=communique,
            version_id=communique.current_version_id,  # type: ignore[arg-type]
            party=Party.objects.get(code="VN"),
            kind=ProposalKind.NEW_PARAGRAPH,
            paragraph_uid=str(heading.uid),
            text="We welcomed the new paragraph.",
        )

    assert (refused.value.field, refused.value.message) == (
        "paragraph_uid",
        "headings are not negotiated; propose the change on a paragraph.",
    )


def test_document_page_delegation_reacts_to_others_proposals_not_its_own(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(member_delegate_client.get(_url(communique)))
    own = Proposal.objects.get(document=communique, party__code="VN")
    other = Proposal.objects.get(document=communique, party__code="PH", kind=ProposalKind.REPLACE)

    buttons = {
        proposal.party.code: page.find("li", id=f"proposal-{proposal.pk}").texts("button") for proposal in (own, other)
    }

    assert buttons == {"VN": ["Withdraw"], "PH": ["Support", "Object"]}


# Rejecting a proposal --------------------------------------------------------------------------


def _vn_proposal(document: OutcomeDocument) -> Proposal:
    return Proposal.objects.get(document=document, party__code="VN", status=ProposalStatus.OPEN)


def test_reject_is_a_link_to_a_page_that_asks_for_the_reason(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = _vn_proposal(communique)
    item = _page(chair_secretariat_client.get(_url(communique))).find("li", id=f"proposal-{proposal.pk}")
    link = item.find("a", cls="reject")

    page = _page(chair_secretariat_client.get(link.attrs["href"]))

    assert (link.text, link.attrs["href"]) == ("Reject", _url(communique, f"proposals/{proposal.pk}/reject/"))
    assert page.find("h1").text == f"Reject proposal #{proposal.pk}"
    assert page.find(id="rejected-proposal").text == (
        f"#{proposal.pk} Replacement VN: replace “some Ministers” by “many Ministers” Reflects the discussion."
    )
    assert page.find(id="field-note").find("label").text == "Reason:"
    assert page.find("form", cls="stacked").find("button").text == f"Reject proposal #{proposal.pk}"


def test_reject_without_a_reason_is_refused_on_the_form_naming_the_field(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = _vn_proposal(communique)

    page = _page(
        chair_secretariat_client.post(_url(communique, f"proposals/{proposal.pk}/reject/"), {"note": " "}), 400
    )

    field = page.find(id="field-note")
    assert "has-error" in field.classes
    assert (field.find("label").text, field.find("ul", cls="errorlist").text) == (
        "Reason:",
        "Say why the proposal is rejected; the record keeps the reason.",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_reject_with_a_reason_records_it(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = _vn_proposal(communique)

    response = chair_secretariat_client.post(
        _url(communique, f"proposals/{proposal.pk}/reject/"), {"note": "No consensus in the room."}
    )

    proposal.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, _url(communique))
    assert (proposal.status, proposal.resolution_note) == (ProposalStatus.REJECTED, "No consensus in the room.")


def test_reject_service_needs_a_reason(chair_secretariat: SeriesViewer) -> None:
    proposal = _vn_proposal(_document(COMMUNIQUE))

    with pytest.raises(ValidationFailed) as refused:
        proposal_reject(actor=chair_secretariat, proposal=proposal, note="")

    assert (refused.value.field, refused.value.message) == ("note", "say why the proposal is rejected.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_reject_page_is_for_the_chair_only(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = _vn_proposal(communique)

    page = _page(member_delegate_client.get(_url(communique, f"proposals/{proposal.pk}/reject/")), 403)

    assert page.find(id="reason").text == "only the chair secretariat of this series can do this."


# Status and disposition phrases (item 14) ------------------------------------------------------


def test_disposition_purposes_are_nouns() -> None:
    assert [str(DISPOSITION_PURPOSES[value]) for value in Disposition.values] == [
        "for adoption",
        "for noting",
        "for endorsement",
        "for signature",
        "for issuance",
    ]


def test_document_head_says_what_the_document_is_for(member_delegate_client: Client) -> None:
    page = _page(member_delegate_client.get(_url(_document(COMMUNIQUE))))

    assert page.find("p", cls="doc-facts").find_all("span", cls="meta")[-1].text == "For adoption"


def test_recommendation_of_a_document_reads_as_a_sentence() -> None:
    statement = _document(STATEMENT)
    assert statement.recommendation is not None

    with translation.override("en"):
        assert statement.recommendation.text == f"The SOM recommends the {STATEMENT} for adoption."


def test_final_document_notice_says_its_status_as_written(member_delegate_client: Client) -> None:
    page = _page(member_delegate_client.get(_url(_document(PLAN))))

    assert page.find("p", cls="notice").text == "This document was adopted; its text is final. Read the FINAL text"
