"""The record of what was circulated: a superseded draft's bracketed text (page, JSON, .txt, .docx) is the
text as it stood when the next draft was circulated, whatever happened to its proposals afterwards.

On the AMM-57 documents demo: the Joint Communiqué of the 57th AMM is at draft 3 with brackets from VN, PH,
KH, SG and MY; draft 1 carried Indonesia's "significant progress", accepted into draft 2."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents import selectors
from mufakat.documents.brackets import as_text
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, Proposal, ProposalRecord
from mufakat.documents.services import (
    ParagraphInput,
    consensus_parties,
    document_decide,
    document_version_circulate,
    position_take,
    proposal_react,
    proposal_reject,
    proposal_withdraw,
    proposals_accept,
    proposals_merge,
)
from tests.api.calls import client_for
from tests.factories.reference import party_get
from tests.web.pages import parse

pytestmark = pytest.mark.usefixtures("documents_demo")

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
SCS_DRAFT_3 = (
    "We discussed the situation in the South China Sea, on which concerns were expressed by [Option A: some "
    "Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)] about land "
    "reclamations[ and serious incidents[, including the use of water cannon, (PH)] in the area (KH: delete)]."
)


def _communique() -> OutcomeDocument:
    return OutcomeDocument.objects.select_related("current_version").get(title_en=COMMUNIQUE)


def _version(number: int) -> DocumentVersion:
    return DocumentVersion.objects.get(document=_communique(), number=number)


def _proposal(party: str, kind: str) -> Proposal:
    return Proposal.objects.get(document=_communique(), party__code=party, kind=kind)


def _compromise(chair: SeriesViewer) -> Proposal:
    """The chair merges Viet Nam's and the Philippines' alternatives into "several Ministers", in the Lao PDR's name."""
    return proposals_merge(
        actor=chair,
        proposals=[_proposal("VN", "replace"), _proposal("PH", "replace")],
        text="several Ministers",
        party=party_get("LA"),
    )


def _base() -> str:
    return f"/api/v1/series/amm-57/documents/{_communique().pk}"


def _exports(client: Client, number: int) -> dict[str, Any]:
    """Draft `number`'s bracketed text as the API gives it: JSON, .txt and the .docx's paragraph texts."""
    base = _base()
    body = client.get(f"{base}/bracketed?version={number}")
    text = client.get(f"{base}/bracketed.txt?version={number}")
    word = client.get(f"{base}/bracketed.docx?version={number}")
    assert (body.status_code, text.status_code, word.status_code) == (200, 200, 200)
    return {
        "json": body.json(),
        "txt": text.content.decode(),
        "docx": [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs],
    }


def _scs(exports: dict[str, Any]) -> str:
    return next(line for line in exports["txt"].splitlines() if "South China Sea, on which" in line)


def _same_text(version: DocumentVersion) -> list[ParagraphInput]:
    return [
        ParagraphInput(text=p.text, kind=p.kind, uid=str(p.uid))
        for p in Paragraph.objects.filter(version=version).order_by("position")
    ]


def test_draft_3_bracketed_exports_unchanged_after_draft_5_is_adopted(chair_secretariat: SeriesViewer) -> None:
    client = client_for("vn.focal")
    as_circulated = _exports(client, 3)
    assert _scs(as_circulated) == f"6. {SCS_DRAFT_3}"

    # Draft 4: Singapore's UNCLOS reference accepted; the rest carried forward.
    draft_4 = proposals_accept(
        actor=chair_secretariat,
        document=_communique(),
        proposal_ids=[_proposal("SG", "insert").pk],
        version_id=_version(3).pk,
    )
    assert _exports(client, 3) == as_circulated
    # On draft 4, Singapore turns against Viet Nam's wording, Malaysia supports it, then the chair merges
    # Viet Nam's and the Philippines' alternatives, Cambodia's deletion is rejected, the water cannon withdrawn.
    proposal_react(actor=chair_secretariat, proposal=_proposal("VN", "replace"), party=party_get("SG"), stance="object")
    proposal_react(
        actor=chair_secretariat, proposal=_proposal("VN", "replace"), party=party_get("MY"), stance="support"
    )
    compromise = _compromise(chair_secretariat)
    proposal_reject(actor=chair_secretariat, proposal=_proposal("KH", "delete"), note="No consensus.")
    proposal_withdraw(actor=chair_secretariat, proposal=_proposal("PH", "insert"))
    draft_4_scs = _scs(_exports(client, 4))
    # Draft 5: the compromise and Malaysia's new paragraph accepted; everyone agrees; the meeting adopts it.
    draft_5 = proposals_accept(
        actor=chair_secretariat,
        document=_communique(),
        proposal_ids=[compromise.pk, _proposal("MY", "new_paragraph").pk],
        version_id=draft_4.pk,
    )
    for entry in consensus_parties(_communique()):
        position_take(
            actor=chair_secretariat, document=_communique(), version_id=draft_5.pk, party=entry.party, kind="agree"
        )
    document = document_decide(actor=chair_secretariat, document=_communique(), expected_version=_communique().version)

    assert (document.status, document.current_version_id, draft_5.number) == ("adopted", draft_5.pk, 5)
    assert _exports(client, 3) == as_circulated
    assert (
        _scs(_exports(client, 4))
        == draft_4_scs
        == (
            "6. We discussed the situation in the South China Sea, on which concerns were expressed by [Option A: "
            "some Ministers / Option B: several Ministers (Chair's compromise: VN, ID, MY, PH)] about land "
            "reclamations and serious incidents in the area."
        )
    )
    draft_4_json = _exports(client, 4)["json"]
    scs_4 = next(p for p in draft_4_json["paragraphs"] if "South China Sea, on which" in p["text"])
    assert scs_4["pieces"][1]["bracket"]["options"][1] == {
        "label": "B",
        "text": "several Ministers",
        "parties": ["VN", "ID", "MY", "PH"],
        "proposal_ids": [compromise.pk],
        "deleted": False,
        "compromise": True,
        "tag": "Chair's compromise: VN, ID, MY, PH",
    }
    listed = {p["id"]: p for p in client.get(f"{_base()}/proposals?version=4").json()}
    assert (listed[compromise.pk]["party"], listed[compromise.pk]["carried"], listed[compromise.pk]["status"]) == (
        "LA",
        ["VN", "ID", "MY", "PH"],
        "accepted",
    )
    assert listed[_proposal("KH", "delete").pk]["carried"] is None
    word = docx.Document(io.BytesIO(client.get(f"{_base()}/bracketed.docx?version=4").content))
    scs_runs = next(p for p in word.paragraphs if "South China Sea, on which" in p.text).runs
    assert [r.text for r in scs_runs if r.font.small_caps] == [" (Chair's compromise: VN, ID, MY, PH)"]
    assert _scs(_exports(client, 5)) == (
        "6. We discussed the situation in the South China Sea, on which concerns were expressed by several "
        "Ministers about land reclamations and serious incidents in the area."
    )


def test_reaction_changed_after_a_draft_is_superseded_leaves_its_bracketed_text(
    chair_secretariat: SeriesViewer,
) -> None:
    draft_3 = _version(3)
    draft_4 = document_version_circulate(
        actor=chair_secretariat,
        document=_communique(),
        paragraphs=_same_text(draft_3),
        based_on_version_id=draft_3.pk,
    )
    vn = _proposal("VN", "replace")
    proposal_react(actor=chair_secretariat, proposal=vn, party=party_get("ID"), stance="object")
    proposal_react(actor=chair_secretariat, proposal=vn, party=party_get("KH"), stance="support")

    old = selectors.bracketed_text(version=draft_3)
    new = selectors.bracketed_text(version=_version(4))
    assert [line for line in as_text(old.paragraphs).splitlines() if line.startswith("6.")] == [f"6. {SCS_DRAFT_3}"]
    assert [line for line in as_text(new.paragraphs).splitlines() if line.startswith("6.")] == [
        "6. We discussed the situation in the South China Sea, on which concerns were expressed by [Option A: some "
        "Ministers / Option B: many Ministers (VN, KH, SG) / Option C: a number of Ministers (PH)] about land "
        "reclamations[ and serious incidents[, including the use of water cannon, (PH)] in the area (KH: delete)]."
    ]
    # The page's list of proposals under draft 3 shows support and objection as they stood.
    old_row = next(row for row in old.proposals if row.proposal.pk == vn.pk)
    new_row = next(row for row in new.proposals if row.proposal.pk == vn.pk)
    assert (old_row.supporters, old_row.objectors, old_row.proposal.version_id) == (
        ["ID", "SG"],
        ["KH"],
        draft_3.pk,
    )
    assert (new_row.supporters, new_row.objectors, new_row.proposal.version_id) == (["KH", "SG"], ["ID"], draft_4.pk)


def test_draft_1_shows_the_proposal_accepted_into_draft_2() -> None:
    lines = _exports(client_for("vn.focal"), 1)["txt"].splitlines()

    assert [line for line in lines if "[" in line] == [
        "5. We welcomed the [Option A: steady progress / Option B: significant progress (ID, TH)] of Timor-Leste "
        "in fulfilling the criteria for full membership and encouraged continued capacity-building support."
    ]
    clean = {p.number: p.plain() for p in selectors.clean_text(version=_version(1)).paragraphs}
    assert clean["5"] == (
        "We welcomed the of Timor-Leste in fulfilling the criteria for full membership and encouraged continued "
        "capacity-building support."
    )


def test_circulating_a_draft_records_its_predecessor_once_and_records_refuse_change(
    chair_secretariat: SeriesViewer,
) -> None:
    draft_3 = _version(3)
    document_version_circulate(
        actor=chair_secretariat, document=_communique(), paragraphs=_same_text(draft_3), based_on_version_id=draft_3.pk
    )

    records = ProposalRecord.objects.filter(version=draft_3).order_by("proposal_id")
    assert [(r.proposal.party.code, r.proposal.kind, r.supporters, r.objectors) for r in records] == [
        ("VN", "replace", ["ID", "SG"], ["KH"]),
        ("PH", "replace", [], []),
        ("PH", "insert", [], []),
        ("KH", "delete", [], []),
        ("SG", "insert", [], []),
        ("MY", "new_paragraph", [], []),
    ]
    assert ProposalRecord.objects.filter(version=_version(4)).count() == 0
    with pytest.raises(PermissionError):
        records.update(supporters=[])
    record = records.first()
    assert record is not None
    record.supporters = []
    with pytest.raises(PermissionError):
        record.save()


def test_superseded_draft_page_shows_it_as_it_stood_read_only(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    draft_3 = _version(3)
    document_version_circulate(
        actor=chair_secretariat, document=_communique(), paragraphs=_same_text(draft_3), based_on_version_id=draft_3.pk
    )
    vn = _proposal("VN", "replace")
    proposal_react(actor=chair_secretariat, proposal=vn, party=party_get("SG"), stance="object")
    url = f"/series/amm-57/documents/{_communique().pk}/"

    page = parse(chair_secretariat_client.get(f"{url}?version=3"))

    assert page.find(id="draft-line").text == "Draft 3, circulated 23 July 2024, 18:00 Vientiane"
    assert page.find(id="superseded-notice").text == (
        "Draft 3 as it stood when draft 4 was circulated: the proposals then open on it, with the support and "
        "objection they had then. Read the current draft"
    )
    scs = next(p for p in page.find_all("li", cls="para") if "South China Sea, on which" in p.text)
    assert scs.find_all("span", cls="bracket")[0].text == (
        "[Option A: some Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)]"
    )
    assert scs.find(id=f"proposal-{vn.pk}").find("div", cls="stances").text == "Supported by ID, SG · Objected to by KH"
    details = [d for d in page.find_all("details") if d.attrs.get("id") != "demo-banner-details"]
    assert (page.find_all("form", cls="react"), page.find_all("form", id="resolve"), details) == (
        [],
        [],
        [],
    )
    current = parse(chair_secretariat_client.get(url))
    assert current.find(id="draft-line").text.startswith("Draft 4, circulated ")  # just now, in Vientiane time
    assert current.find_all(id="superseded-notice") == []
    assert current.find(id=f"proposal-{vn.pk}").find("div", cls="stances").text == (
        "Supported by ID · Objected to by KH, SG"
    )
    versions = parse(chair_secretariat_client.get(f"{url}versions/"))
    assert [(a.text, a.attrs["href"]) for a in versions.find_all("a") if a.text.startswith("Draft ")][:2] == [
        ("Draft 4", url),
        ("Draft 3", f"{url}?version=3"),
    ]
    missing = chair_secretariat_client.get(f"{url}?version=99999999999999999999")
    assert (missing.status_code, parse(missing).find(id="reason").text) == (
        404,
        "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting has no draft 99999999999999999999.",
    )


def test_compromise_on_the_page_names_the_chair_and_the_parties_it_carries(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    proposal_react(
        actor=chair_secretariat, proposal=_proposal("PH", "replace"), party=party_get("TH"), stance="support"
    )
    compromise = _compromise(chair_secretariat)

    page = parse(chair_secretariat_client.get(f"/series/amm-57/documents/{_communique().pk}/"))

    scs = next(p for p in page.find_all("li", cls="para") if "South China Sea, on which" in p.text)
    assert scs.find_all("span", cls="bracket")[0].text == (
        "[Option A: some Ministers / Option B: several Ministers (Chair's compromise: VN, ID, SG, PH, TH)]"
    )
    assert scs.find(id=f"proposal-{compromise.pk}").find("div", cls="proposal-line").text == (
        f"Select proposal #{compromise.pk} #{compromise.pk} Replacement Chair's compromise (VN, ID, SG, PH, TH): "
        "replace “some Ministers” by “several Ministers”"
    )


def test_superseded_draft_reads_in_the_same_queries_whatever_it_recorded(chair_secretariat: SeriesViewer) -> None:
    draft_3 = _version(3)
    document_version_circulate(
        actor=chair_secretariat, document=_communique(), paragraphs=_same_text(draft_3), based_on_version_id=draft_3.pk
    )
    counts = []
    for number in (1, 3):  # one proposal recorded on draft 1, six on draft 3
        version = _version(number)
        with CaptureQueriesContext(connection) as captured:
            view = selectors.bracketed_text(version=version)
        counts.append((len(view.proposals), len(captured.captured_queries)))
    # Is it current; its paragraphs; its ad ref marks; its recorded proposals.
    assert counts == [(1, 4), (6, 4)]
