"""/api/v1/ outcome documents: the register, versions, bracketed and clean text, comparison, proposals,
positions, silence procedure, recommendation and adoption.

On the AMM-57 documents demo: the Joint Communiqué of the 57th AMM is in negotiation (draft 3, brackets from
VN, PH, KH, SG, MY), the ARF Work Plan on Maritime Security is under silence procedure, the Mekong–U.S.
Plan of Action is adopted. Personas: lao.chair (chair secretariat), vn.focal (Viet Nam), jp.delegate
(Japan, a dialogue partner) and the anonymous public."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.accounts.services import api_token_create
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, Proposal, SilenceProcedure
from mufakat.documents.services import (
    ParagraphInput,
    document_create,
    document_version_circulate,
    proposal_create,
    proposal_react,
    silence_conclude_due,
)
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.models import Party
from tests.api.calls import call, client_for
from tests.documents.conftest import documents_demo, programme_demo

__all__ = ["documents_demo", "programme_demo"]

SERIES = "/api/v1/series/amm-57"
COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
PLAN = "Mekong–U.S. Partnership Plan of Action 2024–2026"
WORK_PLAN = "ARF Work Plan on Maritime Security 2024–2027"
SCS_BRACKETED = (
    "We discussed the situation in the South China Sea, on which concerns were expressed by [Option A: some "
    "Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)] about land "
    "reclamations[ and serious incidents[, including the use of water cannon, (PH)] in the area (KH: delete)]."
)

pytestmark = pytest.mark.usefixtures("documents_demo")


def _bearer(username: str) -> dict[str, str]:
    token = api_token_create(user=User.objects.get(username=username), name="tests").plaintext
    return {"Authorization": f"Bearer {token}"}


def _document(title: str) -> OutcomeDocument:
    return OutcomeDocument.objects.get(meeting__series__code="amm-57", title_en=title)


def _url(title: str, suffix: str = "") -> str:
    return f"{SERIES}/documents/{_document(title).pk}{suffix}"


def _version(title: str, number: int) -> DocumentVersion:
    return DocumentVersion.objects.get(document=_document(title), number=number)


def _paragraph(title: str, number: int, starts: str) -> Paragraph:
    return Paragraph.objects.get(version=_version(title, number), text__startswith=starts)


def _titles(body: dict[str, Any]) -> list[str]:
    return [item["title_en"] for item in body["items"]]


# Reading the register and the texts --------------------------------------------------------------


def test_bracketed_communique_paragraph_is_exact_with_options_and_parties() -> None:
    body = call(client_for("vn.focal"), "get", _url(COMMUNIQUE, "/bracketed"))

    draft3 = _version(COMMUNIQUE, 3)
    scs = _paragraph(COMMUNIQUE, 3, "We discussed the situation")
    proposals = {p.party.code + p.kind: p.pk for p in Proposal.objects.filter(version=draft3).select_related("party")}
    assert (body["document_id"], body["version_id"], body["version_number"], body["bracketed_paragraphs"]) == (
        _document(COMMUNIQUE).pk,
        draft3.pk,
        3,
        3,
    )
    paragraph = next(p for p in body["paragraphs"] if p["uid"] == str(scs.uid))
    assert paragraph["text"] == SCS_BRACKETED
    assert (paragraph["number"], paragraph["status"], paragraph["proposal_ids"]) == (
        "6",
        "bracketed",
        sorted([proposals["VNreplace"], proposals["PHreplace"], proposals["PHinsert"], proposals["KHdelete"]]),
    )
    assert paragraph["pieces"][1] == {
        "text": None,
        "bracket": {
            "kind": "options",
            "options": [
                {
                    "label": "A",
                    "text": "some Ministers",
                    "parties": [],
                    "proposal_ids": [],
                    "deleted": False,
                    "compromise": False,
                    "tag": "",
                },
                {
                    "label": "B",
                    "text": "many Ministers",
                    "parties": ["VN", "ID", "SG"],
                    "proposal_ids": [proposals["VNreplace"]],
                    "deleted": False,
                    "compromise": False,
                    "tag": "VN, ID, SG",
                },
                {
                    "label": "C",
                    "text": "a number of Ministers",
                    "parties": ["PH"],
                    "proposal_ids": [proposals["PHreplace"]],
                    "deleted": False,
                    "compromise": False,
                    "tag": "PH",
                },
            ],
        },
    }
    proposed = [(p["number"], p["status"], p["text"]) for p in body["paragraphs"] if p["uid"].startswith("new-")]
    assert proposed == [
        (
            "9 bis",
            "bracketed",
            "[We welcomed the completion of the second reading of the Single Draft COC Negotiating Text. (MY)]",
        )
    ]


def test_bracketed_and_clean_as_plain_text() -> None:
    client = client_for("lao.chair")

    bracketed = client.get(_url(COMMUNIQUE, "/bracketed.txt"))
    clean = client.get(_url(COMMUNIQUE, "/clean.txt"))

    assert (bracketed.status_code, bracketed["Content-Type"]) == (200, "text/plain; charset=utf-8")
    lines = bracketed.content.decode().splitlines()
    assert lines[:3] == [
        "Introduction",
        "1. We, the Foreign Ministers of the Member States of the Association of Southeast Asian Nations, met "
        "in Vientiane, Lao PDR, on 25 July 2024 under the theme ASEAN: Enhancing Connectivity and Resilience.",
        "2. We welcomed the progress made in implementing the priorities of Lao PDR's ASEAN Chairmanship in 2024.",
    ]
    assert f"6. {SCS_BRACKETED}" in lines
    assert (
        "9 bis. [We welcomed the completion of the second reading of the Single Draft COC Negotiating Text. (MY)]"
        in lines
    )
    clean_lines = clean.content.decode().splitlines()
    assert [line for line in clean_lines if line.startswith("6. ")] == [
        "6. We discussed the situation in the South China Sea, on which concerns were expressed by about land "
        "reclamations."
    ]
    assert not any(line.startswith("9 bis") for line in clean_lines)


def test_clean_json_leaves_out_disputed_words_and_proposed_paragraphs() -> None:
    body = call(client_for("vn.focal"), "get", _url(COMMUNIQUE, "/clean"))

    nav = _paragraph(COMMUNIQUE, 3, "We reaffirmed the importance of maintaining")
    assert body["version_number"] == 3
    assert next(p for p in body["paragraphs"] if p["uid"] == str(nav.uid)) == {
        "uid": str(nav.uid),
        "number": "7",
        "kind": "paragraph",
        "text": nav.text,
    }
    assert len(body["paragraphs"]) == 14


def test_partner_token_gets_404_on_the_asean_communique_and_never_lists_it() -> None:
    headers = _bearer("jp.delegate")
    communique = _document(COMMUNIQUE)
    not_found = {"detail": f"no document {communique.pk} in this series.", "field": "document_id", "record": None}

    for suffix in ("", "/bracketed", "/clean", "/versions", "/versions/3", "/proposals", "/positions"):
        assert call(Client(), "get", _url(COMMUNIQUE, suffix), status=404, headers=headers) == not_found
    assert call(Client(), "get", _url(COMMUNIQUE, "/bracketed.txt"), status=404, headers=headers) == not_found
    version = _version(COMMUNIQUE, 3)
    proposal = {"version_id": version.pk, "party": "JP", "kind": "insert", "paragraph_uid": None, "text": "x"}
    assert call(Client(), "post", _url(COMMUNIQUE, "/proposals"), proposal, status=404, headers=headers) == not_found

    register = call(Client(), "get", f"{SERIES}/documents?limit=500", headers=headers)
    assert COMMUNIQUE not in _titles(register)
    assert register["count"] == 9
    assert PLAN in _titles(register)


def test_anonymous_sees_only_the_adopted_mekong_us_plan() -> None:
    register = call(Client(), "get", f"{SERIES}/documents")

    plan = _document(PLAN)
    assert register["count"] == 1
    item = register["items"][0]
    assert item == {
        "id": plan.pk,
        "meeting_id": plan.meeting_id,
        "meeting": plan.meeting.short_title,
        "position": 1,
        "kind": "plan_of_action",
        "title_en": PLAN,
        "title_vi": "Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026",
        "lead_party": "US",
        "lead_body": None,
        "disposition": "adopt",
        "status": "adopted",
        "classification": "public",
        "restricted_to": None,
        "confidential_to": [],
        "version": plan.version,
        "current_version": item["current_version"],
        "decided_at": item["decided_at"],
        "final_place": "Vientiane",
        "final_date": plan.meeting.start_date.isoformat(),
    }
    assert (item["current_version"]["number"], item["current_version"]["origin"]) == (1, "drafted")
    detail = call(Client(), "get", _url(PLAN))
    assert (detail["open_proposals"], detail["consensus_summary"]) == (None, None)
    assert call(Client(), "get", _url(PLAN, "/proposals"), status=403)["detail"] == (
        "the negotiation record is for the delegations and secretariats of the series."
    )
    assert call(Client(), "get", _url(COMMUNIQUE), status=404)["field"] == "document_id"


def test_register_filters_by_meeting_and_status() -> None:
    client = client_for("lao.chair")
    arf = Meeting.objects.get(series__code="amm-57", body__code="ARF")

    by_meeting = call(client, "get", f"{SERIES}/documents?meeting_id={arf.pk}")
    negotiating = call(client, "get", f"{SERIES}/documents?status=under_negotiation")

    assert _titles(by_meeting) == [
        "Chairman's Statement of the 31st ASEAN Regional Forum",
        WORK_PLAN,
        "Concept Note on an ARF Workshop on Preventive Diplomacy and Mediation",
    ]
    assert _titles(negotiating) == [COMMUNIQUE, WORK_PLAN]  # silence running: still under negotiation
    assert call(client, "get", f"{SERIES}/documents?meeting_id=999999", status=404)["field"] == "meeting_id"


def test_document_detail_counts_open_proposals_and_consensus() -> None:
    body = call(client_for("vn.focal"), "get", _url(COMMUNIQUE))

    assert (body["status"], body["current_version"]["number"], body["open_proposals"]) == ("under_negotiation", 3, 6)
    assert body["consensus_summary"] == {
        "needed": 10,
        "agreeing": 4,
        "reserving": 1,
        "objecting": 0,
        "pending": 5,
        "consensus": False,
    }


def test_compare_draft_1_with_draft_3() -> None:
    body = call(client_for("vn.focal"), "get", _url(COMMUNIQUE, "/compare?from=1&to=3"))

    assert (body["from_number"], body["to_number"]) == (1, 3)
    assert body["summary"] == {"added": 0, "removed": 0, "changed": 2, "unchanged": 12}
    changed = [row for row in body["rows"] if row["change"] == "changed"]
    assert [(row["old_number"], row["new_number"], row["pieces"]) for row in changed] == [
        (
            "5",
            "5",
            [
                {"op": "equal", "text": "We welcomed the "},
                {"op": "delete", "text": "steady"},
                {"op": "insert", "text": "significant"},
                {
                    "op": "equal",
                    "text": " progress of Timor-Leste in fulfilling the criteria for full membership and encouraged "
                    "continued capacity-building support.",
                },
            ],
        ),
        (
            "10",
            "10",
            [
                {
                    "op": "equal",
                    "text": "We looked forward to the 44th and 45th ASEAN Summits to be held in Vientiane "
                    "in October 2024",
                },
                {"op": "insert", "text": ", and thanked Lao PDR for its hospitality"},
                {"op": "equal", "text": "."},
            ],
        ),
    ]


def test_positions_board_lists_every_asean_member_with_its_position() -> None:
    body = call(client_for("vn.focal"), "get", _url(COMMUNIQUE, "/positions"))

    assert (body["version_number"], body["summary"]["consensus"]) == (3, False)
    assert [(row["party"], row["role"], row["position"]) for row in body["rows"]] == [
        ("BN", "member", "agree"),
        ("KH", "member", "reserve"),
        ("ID", "member", ""),
        ("LA", "member", "agree"),
        ("MY", "member", ""),
        ("MM", "member", "agree"),
        ("PH", "member", ""),
        ("SG", "member", ""),
        ("TH", "member", "agree_ad_ref"),
        ("VN", "member", ""),
    ]


# Negotiation -------------------------------------------------------------------------------------


def test_proposal_against_draft_2_is_409_naming_draft_3() -> None:
    draft2, draft3 = _version(COMMUNIQUE, 2), _version(COMMUNIQUE, 3)
    paragraph = _paragraph(COMMUNIQUE, 2, "We reaffirmed the importance of maintaining")

    body = call(
        client_for("vn.focal"),
        "post",
        _url(COMMUNIQUE, "/proposals"),
        {
            "version_id": draft2.pk,
            "party": "VN",
            "kind": "insert",
            "paragraph_uid": str(paragraph.uid),
            "start": 0,
            "end": 0,
            "text": "Furthermore, ",
        },
        status=409,
    )

    assert body == {
        "detail": f"version {draft2.pk} was superseded by draft 3 (version id {draft3.pk}); work on the current draft.",
        "field": "version_id",
        "record": f"document #{_document(COMMUNIQUE).pk} ({COMMUNIQUE})",
        "current": {"version_id": draft3.pk, "number": 3},
    }
    assert Proposal.objects.filter(version=draft2, text="Furthermore, ").count() == 0


def test_the_same_proposal_posted_twice_is_409_carrying_the_open_one() -> None:
    draft3 = _version(COMMUNIQUE, 3)
    paragraph = _paragraph(COMMUNIQUE, 3, "We looked forward")
    start = paragraph.text.index("October 2024")
    body = {
        "version_id": draft3.pk,
        "party": "VN",
        "kind": "replace",
        "paragraph_uid": str(paragraph.uid),
        "start": start,
        "end": start + len("October 2024"),
        "text": "late October 2024",
    }
    first = call(client_for("vn.focal"), "post", _url(COMMUNIQUE, "/proposals"), body, status=201)

    again = call(client_for("vn.focal"), "post", _url(COMMUNIQUE, "/proposals"), body, status=409)

    assert again == {
        "detail": f"Viet Nam already proposed this change (proposal #{first['id']}).",
        "field": "text",
        "record": f"document #{_document(COMMUNIQUE).pk} ({COMMUNIQUE})",
        "current": {
            "proposal_id": first["id"],
            "party": "VN",
            "kind": "replace",
            "paragraph_uid": str(paragraph.uid),
            "start": start,
            "end": start + 12,
            "text": "late October 2024",
            "status": "open",
        },
    }
    assert Proposal.objects.filter(version=draft3, text="late October 2024").count() == 1


def test_two_delegations_proposing_on_the_same_paragraph_both_keep_their_proposals() -> None:
    draft3 = _version(COMMUNIQUE, 3)
    paragraph = _paragraph(COMMUNIQUE, 3, "We looked forward")
    start = paragraph.text.index("October 2024")
    body = {
        "version_id": draft3.pk,
        "kind": "replace",
        "paragraph_uid": str(paragraph.uid),
        "start": start,
        "end": start + len("October 2024"),
    }

    vn = call(
        client_for("vn.focal"),
        "post",
        _url(COMMUNIQUE, "/proposals"),
        {**body, "party": "VN", "text": "late October 2024"},
        status=201,
    )
    ph = call(
        client_for("lao.chair"),
        "post",
        _url(COMMUNIQUE, "/proposals"),
        {**body, "party": "PH", "text": "Q4 2024", "justification": "As said in the room."},
        status=201,
    )

    assert ph == {
        "id": ph["id"],
        "version_id": draft3.pk,
        "party": "PH",
        "kind": "replace",
        "paragraph_uid": str(paragraph.uid),
        "start": start,
        "end": start + 12,
        "text": "Q4 2024",
        "justification": "As said in the room.",
        "status": "open",
        "supporters": [],
        "objectors": [],
        "carried": None,
        "created_at": ph["created_at"],
        "resolution_note": "",
    }
    listed = call(client_for("vn.focal"), "get", _url(COMMUNIQUE, "/proposals?status=open"))
    assert [(p["party"], p["text"]) for p in listed if p["paragraph_uid"] == str(paragraph.uid)] == [
        ("VN", "late October 2024"),
        ("PH", "Q4 2024"),
    ]
    text = call(client_for("vn.focal"), "get", _url(COMMUNIQUE, "/bracketed"))
    assert next(p for p in text["paragraphs"] if p["uid"] == str(paragraph.uid))["text"] == (
        "We looked forward to the 44th and 45th ASEAN Summits to be held in Vientiane in [Option A: October 2024 / "
        "Option B: late October 2024 (VN) / Option C: Q4 2024 (PH)], and thanked Lao PDR for its hospitality."
    )
    assert (vn["party"], vn["status"]) == ("VN", "open")


def test_react_withdraw_and_reject_a_proposal() -> None:
    draft3 = _version(COMMUNIQUE, 3)
    sg = Proposal.objects.get(version=draft3, party__code="SG")
    ph_insert = Proposal.objects.get(version=draft3, party__code="PH", kind="insert")

    supported = call(
        client_for("vn.focal"),
        "post",
        _url(COMMUNIQUE, f"/proposals/{sg.pk}/reactions"),
        {"party": "VN", "stance": "support"},
    )
    own = call(
        client_for("vn.focal"),
        "post",
        _url(COMMUNIQUE, f"/proposals/{sg.pk}/reactions"),
        {"party": "SG", "stance": "object"},
        status=403,
    )
    rejected = call(
        client_for("lao.chair"),
        "post",
        _url(COMMUNIQUE, f"/proposals/{ph_insert.pk}/rejection"),
        {"note": "No consensus."},
    )
    again = call(
        client_for("lao.chair"), "post", _url(COMMUNIQUE, f"/proposals/{ph_insert.pk}/withdrawal"), {}, status=409
    )

    assert (supported["supporters"], supported["objectors"]) == (["VN"], [])
    assert own == {"detail": "you do not speak for SG in this series.", "field": None, "record": None}
    assert (rejected["status"], rejected["resolution_note"]) == ("rejected", "No consensus.")
    assert again["current"] == {"status": "rejected"}


def test_reject_a_proposal_without_a_reason_is_400_naming_note() -> None:
    ph_insert = Proposal.objects.get(version=_version(COMMUNIQUE, 3), party__code="PH", kind="insert")

    refused = call(
        client_for("lao.chair"), "post", _url(COMMUNIQUE, f"/proposals/{ph_insert.pk}/rejection"), {}, status=400
    )

    assert (refused["detail"], refused["field"]) == ("say why the proposal is rejected.", "note")
    ph_insert.refresh_from_db()
    assert ph_insert.status == "open"


def test_position_from_a_party_outside_the_framework_is_400_naming_party() -> None:
    draft3 = _version(COMMUNIQUE, 3)

    body = call(
        client_for("lao.chair"),
        "post",
        _url(COMMUNIQUE, "/positions"),
        {"version_id": draft3.pk, "party": "JP", "kind": "agree"},
        status=400,
    )

    meeting = _document(COMMUNIQUE).meeting
    assert body == {
        "detail": f"JP is not a member of ASEAN on {meeting.start_date.isoformat()}, so it takes no part in this "
        "document.",
        "field": "party",
        "record": f"document #{_document(COMMUNIQUE).pk} ({COMMUNIQUE})",
    }


def test_merge_alternatives_then_accept_makes_draft_4() -> None:
    chair = client_for("lao.chair")
    draft3 = _version(COMMUNIQUE, 3)
    vn = Proposal.objects.get(version=draft3, party__code="VN")
    ph = Proposal.objects.get(version=draft3, party__code="PH", kind="replace")

    merged = call(
        chair,
        "post",
        _url(COMMUNIQUE, "/proposals/merge"),
        {"proposal_ids": [vn.pk, ph.pk], "text": "several Ministers", "party": "LA"},
        status=201,
    )
    draft4 = call(
        chair,
        "post",
        _url(COMMUNIQUE, "/proposals/accept"),
        {"version_id": draft3.pk, "proposal_ids": [merged["id"]], "note": "Chair's compromise"},
        status=201,
    )

    assert (merged["kind"], merged["text"], merged["justification"]) == (
        "replace",
        "several Ministers",
        "Chair's compromise",
    )
    assert (draft4["number"], draft4["origin"], draft4["based_on_id"], draft4["note"]) == (
        4,
        "resolved",
        draft3.pk,
        "Chair's compromise",
    )
    scs = next(p for p in draft4["paragraphs"] if p["number"] == "6")
    assert scs["text"] == (
        "We discussed the situation in the South China Sea, on which concerns were expressed by several Ministers "
        "about land reclamations and serious incidents in the area."
    )
    statuses = dict(Proposal.objects.filter(pk__in=[vn.pk, ph.pk]).values_list("party__code", "status"))
    assert statuses == {"VN": "merged", "PH": "merged"}


# Silence procedure -------------------------------------------------------------------------------


def test_silence_state_and_a_break_after_the_deadline_is_400() -> None:
    procedure = SilenceProcedure.objects.get(version__document=_document(WORK_PLAN))
    state = call(client_for("vn.focal"), "get", _url(WORK_PLAN, "/silence"))
    assert (state["id"], state["status"], state["time_zone"], state["breaks"]) == (
        procedure.pk,
        "running",
        "Asia/Vientiane",
        [],
    )
    # The demo put it under silence until 29 July 2024; on the real clock that deadline has passed, and the
    # procedure stays "running" only until a deadline pass concludes it.
    assert (state["deadline_local"], state["deadline"], state["seconds_left"]) == (
        "2024-07-29T18:00:00+07:00",
        "2024-07-29T11:00:00Z",
        0,
    )

    body = call(
        client_for("vn.focal"),
        "post",
        _url(WORK_PLAN, f"/silence/{procedure.pk}/breaks"),
        {"party": "VN", "reason": "Capital has comments."},
        status=400,
    )

    assert (body["field"], body["record"]) == ("reason", f"silence procedure #{procedure.pk} on {WORK_PLAN}")
    assert (
        body["detail"]
        == "the deadline passed at 29 July 2024, 18:00 (Asia/Vientiane); silence can no longer be broken."
    )
    assert call(client_for("vn.focal"), "get", _url(WORK_PLAN, "/silence"))["breaks"] == []


def test_silence_break_before_the_deadline_is_recorded() -> None:
    procedure = SilenceProcedure.objects.get(version__document=_document(WORK_PLAN))
    # Give the demo's procedure (deadline 29 July 2024) a deadline ahead of the real clock.
    SilenceProcedure.objects.filter(pk=procedure.pk).update(deadline=timezone.now() + timedelta(days=2))

    body = call(
        client_for("vn.focal"),
        "post",
        _url(WORK_PLAN, f"/silence/{procedure.pk}/breaks"),
        {"party": "VN", "reason": "Capital has comments on paragraph 3."},
        status=201,
    )

    assert (body["status"], body["seconds_left"]) == ("broken", 0)
    assert [(b["party"], b["reason"]) for b in body["breaks"]] == [("VN", "Capital has comments on paragraph 3.")]
    assert body["result"].startswith("Silence broken by VN on ")


def test_silence_start_refuses_a_zone_that_is_not_one() -> None:
    draft = _document(WORK_PLAN).current_version
    assert draft is not None

    body = call(
        client_for("lao.chair"),
        "post",
        _url(WORK_PLAN, "/silence"),
        {"version_id": draft.pk, "deadline": "2030-01-01T18:00:00", "time_zone": "America"},
        status=400,
    )

    assert body == {
        "detail": "'America' is not an IANA time zone (e.g. Asia/Vientiane).",
        "field": "time_zone",
        "record": None,
    }


def test_silence_start_on_a_text_cleared_by_silence_is_400_naming_the_status() -> None:
    document = _document(WORK_PLAN)
    procedure = SilenceProcedure.objects.get(version__document=document)
    silence_conclude_due(now=procedure.deadline + timedelta(minutes=1))
    assert _document(WORK_PLAN).status == "cleared"
    draft = _document(WORK_PLAN).current_version
    assert draft is not None

    body = call(
        client_for("lao.chair"),
        "post",
        _url(WORK_PLAN, "/silence"),
        {"version_id": draft.pk, "deadline": "2030-01-01T18:00:00", "time_zone": "Asia/Vientiane"},
        status=400,
    )

    assert body == {
        "detail": "the document is already cleared; silence procedure is only for a text still to be cleared.",
        "field": "status",
        "record": f"document #{document.pk} ({WORK_PLAN})",
    }
    assert list(SilenceProcedure.objects.filter(version__document=document).values_list("pk", "status")) == [
        (procedure.pk, "held")
    ]


# The whole way -----------------------------------------------------------------------------------


def test_full_flow_from_register_entry_to_a_final_public_text() -> None:
    chair = client_for("lao.chair")
    amm = Meeting.objects.get(series__code="amm-57", body__code="AMM")
    created = call(
        chair,
        "post",
        f"{SERIES}/documents",
        {
            "meeting_id": amm.pk,
            "kind": "joint_statement",
            "title_en": "ASEAN Foreign Ministers' Statement on Digital Connectivity",
            "classification": "public",
            "lead_party": "la",
        },
        status=201,
    )
    url = f"{SERIES}/documents/{created['id']}"
    assert (created["status"], created["lead_party"], created["current_version"], created["open_proposals"]) == (
        "planned",
        "LA",
        None,
        0,
    )
    assert call(Client(), "get", url, status=404)["field"] == "document_id"

    draft1 = call(
        chair,
        "post",
        f"{url}/versions",
        {
            "paragraphs": [
                {"text": "Digital connectivity", "kind": "heading"},
                {"text": "We welcomed the ASEAN Digital Masterplan 2025."},
            ],
            "based_on_version_id": None,
            "note": "First draft",
        },
        status=201,
    )
    paragraph = draft1["paragraphs"][1]
    insert_at = paragraph["text"].index(" 2025")
    proposal = call(
        client_for("vn.focal"),
        "post",
        f"{url}/proposals",
        {
            "version_id": draft1["id"],
            "party": "VN",
            "kind": "insert",
            "paragraph_uid": paragraph["uid"],
            "start": insert_at,
            "end": insert_at,
            "text": " and its successor",
        },
        status=201,
    )
    draft2 = call(
        chair,
        "post",
        f"{url}/proposals/accept",
        {"version_id": draft1["id"], "proposal_ids": [proposal["id"]]},
        status=201,
    )
    assert [(p["uid"], p["number"], p["text"]) for p in draft2["paragraphs"]] == [
        (draft1["paragraphs"][0]["uid"], "", "Digital connectivity"),
        (paragraph["uid"], "1", "We welcomed the ASEAN Digital Masterplan and its successor 2025."),
    ]

    board = call(chair, "get", f"{url}/positions")
    for row in board["rows"]:
        taken = call(
            chair, "post", f"{url}/positions", {"version_id": draft2["id"], "party": row["party"], "kind": "agree"}
        )
    assert taken["document_status"] == "cleared"
    detail = call(chair, "get", url)
    decided = call(
        chair, "post", f"{url}/decision", {"version": detail["version"], "place": "Vientiane", "on": "2024-07-25"}
    )
    assert (decided["status"], decided["final_place"], decided["final_date"]) == ("adopted", "Vientiane", "2024-07-25")

    public = call(Client(), "get", f"{url}/clean")
    assert public == {
        "document_id": created["id"],
        "version_id": draft2["id"],
        "version_number": 2,
        "paragraphs": [
            {"uid": draft1["paragraphs"][0]["uid"], "number": "", "kind": "heading", "text": "Digital connectivity"},
            {
                "uid": paragraph["uid"],
                "number": "1",
                "kind": "paragraph",
                "text": "We welcomed the ASEAN Digital Masterplan and its successor 2025.",
            },
        ],
    }
    assert [v["number"] for v in call(Client(), "get", f"{url}/versions")] == [2]
    assert call(Client(), "get", f"{url}/versions/1", status=404)["field"] == "version"
    listed = call(Client(), "get", f"{SERIES}/documents")
    assert sorted(_titles(listed)) == ["ASEAN Foreign Ministers' Statement on Digital Connectivity", PLAN]


def test_stale_register_version_is_409_and_update_changes_only_what_was_sent() -> None:
    chair = client_for("lao.chair")
    before = call(chair, "get", _url(WORK_PLAN))

    updated = call(chair, "patch", _url(WORK_PLAN), {"version": before["version"], "title_vi": "Kế hoạch mới"})
    stale = call(chair, "patch", _url(WORK_PLAN), {"version": before["version"], "title_en": "Other"}, status=409)

    assert (updated["title_vi"], updated["title_en"], updated["lead_party"], updated["version"]) == (
        "Kế hoạch mới",
        WORK_PLAN,
        "VN",
        before["version"] + 1,
    )
    assert (stale["field"], stale["record"]) == ("version", f"document #{before['id']} ({WORK_PLAN})")
    assert call(client_for("vn.focal"), "patch", _url(WORK_PLAN), {"version": updated["version"]}, status=403) == {
        "detail": "only the chair secretariat of this series can do this.",
        "field": None,
        "record": None,
    }


def _stale_body(document: dict[str, Any], *, edited: int, current: dict[str, Any]) -> dict[str, Any]:
    return {
        "detail": f"was changed by someone else (now version {current['version']}, you edited version {edited}); "
        "reload to see the current state and apply your change again.",
        "field": "version",
        "record": f"document #{document['id']} ({document['title_en']})",
        "current": current,
    }


def test_a_stale_register_edit_is_409_with_the_entry_as_the_reader_sees_it_now() -> None:
    chair = client_for("lao.chair")
    before = call(chair, "get", _url(WORK_PLAN))

    updated = call(chair, "patch", _url(WORK_PLAN), {"version": before["version"], "title_vi": "Kế hoạch mới"})
    stale = call(chair, "patch", _url(WORK_PLAN), {"version": before["version"], "title_en": "Other"}, status=409)

    assert stale == _stale_body(before, edited=before["version"], current=updated)
    assert (updated["open_proposals"], updated["consensus_summary"] is None) == (0, False)


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        ("/withdrawal", {"reason": "Merged into another text."}),
        ("/recommendation", {"from_meeting_id": None}),
        ("/decision", {"place": "Vientiane"}),
    ],
)
def test_withdrawing_recommending_or_deciding_a_stale_entry_is_409_with_the_entry_now(
    suffix: str, body: dict[str, Any]
) -> None:
    chair = client_for("lao.chair")
    before = call(chair, "get", _url(WORK_PLAN))
    updated = call(chair, "patch", _url(WORK_PLAN), {"version": before["version"], "title_vi": "Kế hoạch mới"})
    if "from_meeting_id" in body:  # a meeting of the series: the version is checked before what it may recommend
        body = {"from_meeting_id": Meeting.objects.filter(series__code="amm-57").order_by("pk").first().pk}

    stale = call(chair, "post", _url(WORK_PLAN, suffix), {**body, "version": before["version"]}, status=409)

    assert stale == _stale_body(before, edited=before["version"], current=updated)
    assert call(chair, "get", _url(WORK_PLAN)) == updated


# Query counts ------------------------------------------------------------------------------------


def _generated_document(series: Series, *, paragraphs: int, proposals: int) -> OutcomeDocument:
    """A communiqué with `paragraphs` paragraphs and `proposals` proposals from several members, each
    supported by another member."""
    viewer = viewer_for(User.objects.get(username="lao.chair"), series)
    amm = Meeting.objects.get(series=series, body__code="AMM")
    document = document_create(actor=viewer, meeting=amm, kind="joint_communique", title_en="Generated communiqué")
    version = document_version_circulate(
        actor=viewer,
        document=document,
        paragraphs=[
            ParagraphInput(text=f"We noted the progress of workstream number {n} in 2024.") for n in range(paragraphs)
        ],
        based_on_version_id=None,
    )
    rows = list(Paragraph.objects.filter(version=version).order_by("position"))
    members = [Party.objects.get(code=code) for code in ("VN", "PH", "KH", "SG", "MY", "ID")]
    for n in range(proposals):
        row = rows[n % len(rows)]
        start = row.text.index("progress")
        proposal = proposal_create(
            actor=viewer,
            document=document,
            version_id=version.pk,
            party=members[n % len(members)],
            kind="replace",
            paragraph_uid=str(row.uid),
            start=start,
            end=start + len("progress"),
            text=f"advance {n}",
        )
        proposal_react(actor=viewer, proposal=proposal, party=members[(n + 1) % len(members)], stance="support")
    document.refresh_from_db()
    return document


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    document_id = int(url.split("/documents/")[1].split("/", maxsplit=1)[0])
    assert (response.status_code, response.json()["document_id"], response.json()["bracketed_paragraphs"] > 0) == (
        200,
        document_id,
        True,
    )
    return len(queries)


def test_bracketed_endpoint_query_count_does_not_grow_with_paragraphs_and_proposals(documents_demo: Series) -> None:
    generated = _generated_document(documents_demo, paragraphs=42, proposals=18)
    client = client_for("vn.focal")
    client.get(_url(COMMUNIQUE, "/bracketed"))  # the session and the translation catalogue are read once

    demo = _queries(client, _url(COMMUNIQUE, "/bracketed"))
    large = _queries(client, f"{SERIES}/documents/{generated.pk}/bracketed")

    assert Paragraph.objects.filter(version=generated.current_version).count() == 42
    assert Proposal.objects.filter(document=generated).count() == 18
    assert large == demo


# Word --------------------------------------------------------------------------------------------


def test_bracketed_docx_export_and_import_as_the_next_draft() -> None:
    chair = client_for("lao.chair")
    draft3 = _version(COMMUNIQUE, 3)

    exported = chair.get(_url(COMMUNIQUE, "/clean.docx"))
    assert (exported.status_code, exported["Content-Type"]) == (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    clean = call(chair, "get", _url(COMMUNIQUE, "/clean"))
    upload = SimpleUploadedFile("draft.docx", exported.content)
    imported = chair.post(
        _url(COMMUNIQUE, "/versions.docx"), {"file": upload, "based_on_version_id": draft3.pk, "note": "From Word"}
    )

    assert imported.status_code == 201, imported.content
    body = imported.json()
    assert (body["number"], body["origin"], body["note"]) == (4, "imported", "From Word")
    assert [(p["uid"], p["text"]) for p in body["paragraphs"]] == [(p["uid"], p["text"]) for p in clean["paragraphs"]]


def test_a_file_that_is_not_docx_is_400_naming_file() -> None:
    upload = SimpleUploadedFile("draft.docx", b"not a word document")

    response = client_for("lao.chair").post(
        _url(COMMUNIQUE, "/versions.docx"), {"file": upload, "based_on_version_id": _version(COMMUNIQUE, 3).pk}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "the file is not a Word document (.docx).", "field": "file", "record": None},
    )
    assert DocumentVersion.objects.filter(document=_document(COMMUNIQUE)).count() == 3
