"""Pages of issue 5: the register, the document page (bracketed text, open proposals, the proposal form),
the positions board and silence panel, the new-draft editor, comparison and the FINAL text.

The AMM-57 register comes from `documents_demo`: the Joint Communiqué of the 57th AMM in negotiation
(draft 3, brackets from VN, PH, KH, SG, MY), the ARF Work Plan on Maritime Security under silence
procedure, the Mekong–U.S. Plan of Action adopted."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.enums import DocumentStatus, PositionKind, ProposalKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, Proposal, SilenceProcedure
from mufakat.documents.services import ParagraphInput, document_version_circulate, position_take, proposal_create
from mufakat.documents.services.common import consensus_parties
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from tests.factories.documents import document_cleared, document_with_text
from tests.web.documents_pages import COMMUNIQUE, PLAN, REGISTER, WORK_PLAN
from tests.web.documents_pages import demo_document as _document
from tests.web.documents_pages import document_url as _url
from tests.web.pages import Element
from tests.web.pages import html_page as _page

pytestmark = pytest.mark.usefixtures("documents_demo")

OPTIONS = "[Option A: some Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)]"


def _paragraph(document: OutcomeDocument, position: int) -> Paragraph:
    return Paragraph.objects.get(version=document.current_version, position=position)


def _titles(page: Element) -> list[str]:
    return [row.find("td", cls="name").text for row in page.find_all("tr", cls="document-row")]


def test_register_partner_never_sees_the_asean_only_communique(partner_delegate_client: Client) -> None:
    titles = _titles(_page(partner_delegate_client.get(REGISTER)))

    assert COMMUNIQUE not in titles
    assert "Co-Chairs' Statement of the 15th Mekong–Japan Foreign Ministers' Meeting" in titles
    assert PLAN in titles


def test_register_anonymous_sees_only_the_adopted_plan_of_action(anonymous_client: Client) -> None:
    page = _page(anonymous_client.get(REGISTER))

    assert _titles(page) == [PLAN]
    link = page.find("tr", cls="document-row").find("a")
    assert link.attrs["href"] == _url(_document(PLAN), "final/")


def test_register_chair_sees_all_29_with_counts_by_status(chair_secretariat_client: Client) -> None:
    page = _page(chair_secretariat_client.get(REGISTER))

    assert len(_titles(page)) == 28
    assert page.find(id="register-counts").text == (
        "28 documents · 1 drafting · 1 under negotiation · 1 under silence procedure · 7 adopted · 4 noted"
        " · 1 endorsed · 13 issued"
    )
    assert page.find(id="add-document").find("button").text == "Add to the register"


def test_register_chair_adds_a_document(chair_secretariat_client: Client, chair_secretariat: SeriesViewer) -> None:
    amm = _document(COMMUNIQUE).meeting
    response = chair_secretariat_client.post(
        f"{REGISTER}new/",
        {
            "meeting": str(amm.pk),
            "kind": "declaration",
            "title_en": "Vientiane Declaration on Connectivity",
            "disposition": "adopt",
            "classification": "restricted",
            "lead_party": "LA",
        },
    )

    created = OutcomeDocument.objects.get(title_en="Vientiane Declaration on Connectivity")
    assert (response.status_code, response["Location"]) == (302, _url(created))
    assert (created.status, created.lead_party.code, created.restricted_to) == (  # type: ignore[union-attr]
        DocumentStatus.PLANNED,
        "LA",
        amm.body.framework,
    )


def test_register_add_document_refuses_an_empty_title_next_to_the_field(chair_secretariat_client: Client) -> None:
    amm = _document(COMMUNIQUE).meeting
    page = _page(
        chair_secretariat_client.post(
            f"{REGISTER}new/",
            {
                "meeting": str(amm.pk),
                "kind": "declaration",
                "title_en": "",
                "disposition": "adopt",
                "classification": "restricted",
            },
        ),
        400,
    )

    assert page.find(id="field-title_en").find("ul", cls="errorlist").text == "This field is required."


def test_document_page_member_sees_the_alternatives_in_brackets(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(member_delegate_client.get(_url(communique)))
    para = page.find("li", id=f"p-{_paragraph(communique, 9).uid}")

    assert para.find("span", cls="para-number").text == "6"
    assert para.find("span", cls="para-status").text == "Bracketed"
    brackets = [span.text for span in para.find("div", cls="para-text").find_all("span", cls="bracket")]
    assert OPTIONS in brackets
    assert page.find(id="draft-line").text == "Draft 3, circulated 23 July 2024, 18:00 Vientiane"
    assert page.find(id="bracket-summary").text == "3 bracketed paragraphs · 6 open proposals"


def test_document_page_lists_open_proposals_with_supporters_and_objectors(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = Proposal.objects.get(document=communique, party__code="VN")
    item = _page(member_delegate_client.get(_url(communique))).find("li", id=f"proposal-{proposal.pk}")

    assert item.find("div", cls="proposal-line").text == (
        f"#{proposal.pk} Replacement VN: replace “some Ministers” by “many Ministers”"
    )
    assert item.find("div", cls="stances").text == "Supported by ID, SG · Objected to by KH"
    assert item.find("div", cls="justification").text == "Reflects the discussion."
    assert [b.text for b in item.find_all("button")] == ["Withdraw"]


def test_document_page_forms_speak_for_the_delegation_the_secretariat_chose(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    default = _page(chair_secretariat_client.get(_url(communique)))
    chosen = _page(chair_secretariat_client.get(_url(communique) + "?as=PH"))
    kept = _page(chair_secretariat_client.get(_url(communique)))

    def parties(page: Element) -> set[str]:
        return {i.attrs["value"] for i in page.find_all("input") if i.attrs.get("name") == "party"}

    assert (parties(default), parties(chosen), parties(kept)) == ({"BN"}, {"PH"}, {"PH"})


def test_document_page_escapes_what_delegations_typed(
    member_delegate_client: Client, member_delegate: SeriesViewer
) -> None:
    communique = _document(COMMUNIQUE)
    paragraph = _paragraph(communique, 2)
    proposal_create(
        actor=member_delegate,
        document=communique,
        version_id=communique.current_version_id,
        party=Party.objects.get(code="VN"),
        kind=ProposalKind.INSERT,
        paragraph_uid=str(paragraph.uid),
        start=2,
        end=2,
        text="<b>bold</b>",
        justification="<script>alert(1)</script>",
    )
    html = member_delegate_client.get(_url(communique)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


def test_document_page_partner_gets_not_found_for_the_asean_only_communique(partner_delegate_client: Client) -> None:
    page = _page(partner_delegate_client.get(_url(_document(COMMUNIQUE))), 404)

    assert page.find(id="reason").text == f"no document {_document(COMMUNIQUE).pk} in this series."


def test_proposal_words_are_turned_into_the_span_of_the_paragraph(
    member_delegate_client: Client,
) -> None:
    communique = _document(COMMUNIQUE)
    paragraph = _paragraph(communique, 10)
    response = member_delegate_client.post(
        _url(communique, f"paragraphs/{paragraph.uid}/propose/"),
        {
            "version_id": communique.current_version_id,
            "party": "VN",
            "kind": "replace",
            "words": "safety",
            "text": "maritime safety",
            "justification": "Precision.",
        },
    )

    proposal = Proposal.objects.filter(document=communique).latest("pk")
    assert (response.status_code, response["Location"]) == (302, _url(communique) + f"#p-{paragraph.uid}")
    start = paragraph.text.index("safety")
    assert (proposal.kind, proposal.start, proposal.end, proposal.text, proposal.party.code) == (
        ProposalKind.REPLACE,
        start,
        start + len("safety"),
        "maritime safety",
        "VN",
    )


def test_proposal_words_occurring_twice_need_an_occurrence(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    paragraph = _paragraph(communique, 10)
    page = _page(
        member_delegate_client.post(
            _url(communique, f"paragraphs/{paragraph.uid}/propose/"),
            {"version_id": communique.current_version_id, "party": "VN", "kind": "delete", "words": "the"},
        ),
        400,
    )

    count = paragraph.text.count("the")
    assert page.find(id="field-occurrence").find("ul", cls="errorlist").text == (
        f"The words occur {count} times in the paragraph; say which occurrence (1 to {count})."
    )


def test_proposal_words_not_in_the_paragraph_are_refused(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    paragraph = _paragraph(communique, 10)
    page = _page(
        member_delegate_client.post(
            _url(communique, f"paragraphs/{paragraph.uid}/propose/"),
            {"version_id": communique.current_version_id, "party": "VN", "kind": "delete", "words": "zebra"},
        ),
        400,
    )

    assert page.find(id="field-words").find("ul", cls="errorlist").text == (
        "These words are not in the paragraph; copy them exactly."
    )


def test_proposal_on_a_superseded_draft_shows_the_conflict(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    draft_2 = DocumentVersion.objects.get(document=communique, number=2)
    paragraph = _paragraph(communique, 10)
    page = _page(
        member_delegate_client.post(
            _url(communique, f"paragraphs/{paragraph.uid}/propose/"),
            {"version_id": draft_2.pk, "party": "VN", "kind": "delete", "words": "safety"},
        ),
        409,
    )

    assert page.find(id="reason").text == (
        f"version {draft_2.pk} was superseded by draft 3 (version id {communique.current_version_id}); "
        "work on the current draft."
    )
    assert page.find(id="draft-line").text == "Draft 3, circulated 23 July 2024, 18:00 Vientiane"
    assert Proposal.objects.filter(document=communique).count() == 7


def test_proposal_form_sent_twice_shows_the_open_proposal(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    paragraph = _paragraph(communique, 10)
    form = {
        "version_id": communique.current_version_id,
        "party": "VN",
        "kind": "replace",
        "words": "safety",
        "text": "maritime safety",
    }
    member_delegate_client.post(_url(communique, f"paragraphs/{paragraph.uid}/propose/"), form)
    first = Proposal.objects.filter(document=communique).latest("pk")

    page = _page(member_delegate_client.post(_url(communique, f"paragraphs/{paragraph.uid}/propose/"), form), 409)

    assert page.find(id="reason").text == f"Viet Nam already proposed this change (proposal #{first.pk})."
    assert Proposal.objects.filter(document=communique, text="maritime safety").count() == 1


def test_chair_withdrawing_a_delegations_proposal_names_the_delegation(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = Proposal.objects.filter(document=communique, party__code="SG", status="open").earliest("pk")

    response = chair_secretariat_client.post(_url(communique, f"proposals/{proposal.pk}/withdraw/"), {"note": ""})
    page = _page(chair_secretariat_client.get(response["Location"]))

    assert page.find("li", cls="message").text == f"Singapore's proposal #{proposal.pk} is withdrawn."


def test_delegation_withdrawing_its_own_proposal_is_told_so(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    proposal = Proposal.objects.filter(document=communique, party__code="VN", status="open").earliest("pk")

    response = member_delegate_client.post(_url(communique, f"proposals/{proposal.pk}/withdraw/"), {"note": ""})
    page = _page(member_delegate_client.get(response["Location"]))

    assert page.find("li", cls="message").text == f"Proposal #{proposal.pk} is withdrawn."


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert _page(response).find("h1").text == COMMUNIQUE
    return len(captured.captured_queries)


def test_document_page_query_count_does_not_grow_with_paragraphs_and_proposals(
    chair_secretariat_client: Client, chair_secretariat: SeriesViewer
) -> None:
    communique = _document(COMMUNIQUE)
    before = _queries(chair_secretariat_client, _url(communique))
    version = communique.current_version
    assert version is not None
    rows = list(Paragraph.objects.filter(version=version).order_by("position"))
    doubled = [ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid)) for p in rows] + [
        ParagraphInput(text=f"{p.text} (repeated)", kind=p.kind) for p in rows
    ]
    new = document_version_circulate(
        actor=chair_secretariat, document=communique, paragraphs=doubled, based_on_version_id=version.pk
    )
    communique.refresh_from_db()
    for paragraph in Paragraph.objects.filter(version=new, position__gt=len(rows), kind="paragraph"):
        proposal_create(
            actor=chair_secretariat,
            document=communique,
            version_id=new.pk,
            party=consensus_parties(communique)[0].party,
            kind=ProposalKind.DELETE,
            paragraph_uid=str(paragraph.uid),
            start=0,
            end=3,
        )

    assert Proposal.objects.filter(version=new, status="open").count() > 2 * 6
    assert _queries(chair_secretariat_client, _url(communique)) == before


def test_board_shows_how_far_consensus_is(member_delegate_client: Client) -> None:
    page = _page(member_delegate_client.get(_url(_document(COMMUNIQUE), "board/")))

    assert page.find(id="consensus-count").text == "4 of 10 agree"
    assert page.find("tr", id="party-KH").find("td", cls="position").text == "Reserve"
    assert page.find("tr", id="party-TH").find("td", cls="position").text == "Agree ad referendum"
    assert page.find("tr", id="party-VN").find("td", cls="position").text == "—"
    assert page.find("tr", id="party-BN").find("td", cls="previous").text == "—"


def test_board_member_takes_a_position_for_its_party(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    response = member_delegate_client.post(
        _url(communique, "positions/"),
        {"version_id": communique.current_version_id, "party": "VN", "kind": "agree"},
    )
    page = _page(member_delegate_client.get(response["Location"]))

    assert page.find(id="consensus-count").text == "5 of 10 agree"
    assert page.find("li", cls="message").text == "VN: Agree on draft 3."


def test_board_objection_without_a_note_is_refused_next_to_the_note(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(
        member_delegate_client.post(
            _url(communique, "positions/"),
            {"version_id": communique.current_version_id, "party": "VN", "kind": "object"},
        ),
        400,
    )

    assert page.find(id="field-note").find("ul", cls="errorlist").text == (
        "say what the reservation or objection is about."
    )


def test_board_silence_panel_shows_the_deadline_in_the_venue_zone(member_delegate_client: Client) -> None:
    # The demo's procedure ran until 29 July 2024; give it a deadline two days ahead of the real clock, at 18:00.
    vientiane = ZoneInfo("Asia/Vientiane")
    ahead = datetime.combine(timezone.localdate(timezone=vientiane) + timedelta(days=2), time(18, 0), tzinfo=vientiane)
    SilenceProcedure.objects.update(deadline=ahead)

    page = _page(member_delegate_client.get(_url(_document(WORK_PLAN), "board/")))

    assert page.find(id="silence-status").text == "Running"
    assert page.find(id="silence-deadline").text.endswith("18:00 Vientiane (Asia/Vientiane)")
    assert page.find(id="silence-remaining").text.startswith(("1 day", "2 days"))
    # The words the page's script ticks the countdown with: the page's language's, never "d h min s".
    assert page.find(id="silence-remaining").attrs["data-units"] == (
        '{"day": ["%(count)d day", "%(count)d days"], "hour": ["%(count)d hour", "%(count)d hours"], '
        '"minute": ["%(count)d minute", "%(count)d minutes"], "second": ["%(count)d second", "%(count)d seconds"]}'
    )
    assert [button.text for button in page.find(id="silence").find_all("button")] == ["Break silence"]


def test_board_silence_panel_of_the_demo_past_its_deadline(member_delegate_client: Client) -> None:
    page = _page(member_delegate_client.get(_url(_document(WORK_PLAN), "board/")))

    assert (page.find(id="silence-deadline").text, page.find(id="silence-remaining").text) == (
        "29 July 2024, 18:00 Vientiane (Asia/Vientiane)",
        "0 minutes",
    )


def test_draft_editor_keeps_paragraph_identity_and_open_proposals(
    chair_secretariat_client: Client,
) -> None:
    communique = _document(COMMUNIQUE)
    form = _page(chair_secretariat_client.get(_url(communique, "draft/")))
    text = form.find("textarea").text
    assert text.startswith("# Introduction We, the Foreign Ministers")
    version = communique.current_version
    assert version is not None
    rows = list(Paragraph.objects.filter(version=version).order_by("position"))
    blocks = [("# " + p.text) if p.kind == "heading" else p.text for p in rows]
    blocks[-1] = blocks[-1] + " We thanked the Secretary-General."

    response = chair_secretariat_client.post(
        _url(communique, "draft/"), {"based_on_version_id": version.pk, "text": "\n\n".join(blocks), "note": "D4"}
    )

    communique.refresh_from_db()
    new = communique.current_version
    assert (response.status_code, new.number) == (302, 4)  # type: ignore[union-attr]
    assert [p.uid for p in Paragraph.objects.filter(version=new).order_by("position")] == [p.uid for p in rows]
    assert Proposal.objects.filter(version=new, status="open").count() == 6


def test_draft_editor_on_a_superseded_draft_shows_the_conflict(chair_secretariat_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    draft_2 = DocumentVersion.objects.get(document=communique, number=2)
    page = _page(
        chair_secretariat_client.post(_url(communique, "draft/"), {"based_on_version_id": draft_2.pk, "text": "A."}),
        409,
    )

    assert page.find(id="reason").text == "another draft was circulated meanwhile (now draft 3); start from it."


def test_comparison_defaults_to_previous_and_current_draft(member_delegate_client: Client) -> None:
    page = _page(member_delegate_client.get(_url(_document(COMMUNIQUE), "compare/")))

    assert page.find(id="compare-summary").text == "0 added, 0 removed, 1 changed, 13 unchanged"
    changed = page.find("tr", cls="changed")
    assert changed.find("td", cls="numbers").text == "10"
    assert [ins.text for ins in changed.find_all("ins")] == [", and thanked Lao PDR for its hospitality"]


def test_final_page_public_reads_the_adopted_plan(anonymous_client: Client) -> None:
    page = _page(anonymous_client.get(_url(_document(PLAN), "final/")))

    assert page.find(id="final-marker").text == "FINAL"
    assert page.find(id="final-title").text == PLAN
    assert page.find(id="final-place").text == "Vientiane, 27 July 2024"
    assert page.find_all("p", cls="clean-para")[0].text == (
        "1. This Plan of Action guides the cooperation of the Mekong–U.S. Partnership from 2024 to 2026."
    )


def test_decide_a_cleared_document_makes_it_final(
    chair_secretariat_client: Client, chair_secretariat: SeriesViewer, documents_demo: Series
) -> None:
    # The demo's meetings decided on theirs by 27 July 2024; this cleared text is the test's own, on the AMM.
    document = document_cleared(
        actor=chair_secretariat,
        meeting=_document(COMMUNIQUE).meeting,
        texts=["We met."],
        title_en="ASEAN Foreign Ministers' Statement on Disaster Resilience",
    )
    response = chair_secretariat_client.post(
        _url(document, "decide/"), {"expected_version": document.version, "place": "", "on": ""}
    )

    assert (response.status_code, response["Location"]) == (302, _url(document, "final/"))
    document.refresh_from_db()
    page = _page(chair_secretariat_client.get(response["Location"]))
    assert page.find(id="final-place").text == f"Vientiane, {document.meeting.end_date:%-d %B %Y}"
    assert document.status == DocumentStatus.ADOPTED


def test_meeting_page_lists_its_documents(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(member_delegate_client.get(f"/meetings/{communique.meeting_id}/"))

    titles = [li.find("a").text for li in page.find(id="documents").find_all("li")]
    assert titles[0] == COMMUNIQUE


def test_positions_every_member_agreeing_clears_the_document(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    # A draft of the test's own on the AMM's register (the demo's ASEAN-only texts are decided or bracketed).
    document, _version = document_with_text(
        actor=chair_secretariat,
        meeting=_document(COMMUNIQUE).meeting,
        texts=["We met."],
        title_en="Concept Note on ASEAN Digital Connectivity",
    )
    for entry in consensus_parties(document):
        position_take(
            actor=chair_secretariat,
            document=document,
            version_id=document.current_version_id,  # type: ignore[arg-type]
            party=entry.party,
            kind=PositionKind.AGREE,
        )
    page = _page(chair_secretariat_client.get(_url(document, "board/")))

    assert page.find(id="consensus-count").text == "10 of 10 agree · Consensus"
    assert page.find(id="document-status").text == "Cleared"
