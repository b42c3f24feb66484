"""/api/v1/search and /api/v1/precedents: payloads, refusals naming the field, and the same access rules."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client

from mufakat.documents.models import OutcomeDocument, Paragraph
from mufakat.meetings.models import Series

JC57 = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"


def test_api_search_groups_counts_and_highlights(precedents_archive: Series) -> None:
    body = Client().get("/api/v1/search?" + urlencode({"q": "overflight", "adopted": "true"})).json()

    assert (body["query"], body["total"]) == ("overflight", 2)
    assert [(g["kind"], g["count"]) for g in body["groups"]] == [("paragraph", 2)]
    assert {h["date"] for h in body["groups"][0]["hits"]} == {"2022-08-03", "2023-07-11"}
    assert {(h["status"], h["status_label"]) for h in body["groups"][0]["hits"]} == {("adopted", "Adopted")}
    assert all("<mark>overflight</mark>" in h["snippet"] for h in body["groups"][0]["hits"])


def test_api_search_refuses_an_unknown_kind_naming_the_field(documents_demo: Series) -> None:
    response = Client().get("/api/v1/search?q=sea&kind=treaty")

    assert response.status_code == 400
    assert response.json()["field"] == "kind"


def test_api_precedents_of_a_paragraph_of_a_draft(
    precedents_archive: Series, member_focal_point_client: Client
) -> None:
    jc57 = OutcomeDocument.objects.get(title_en=JC57)
    paragraph = Paragraph.objects.get(version=jc57.current_version, text__startswith="We discussed the situation")

    body = member_focal_point_client.get(
        "/api/v1/precedents?" + urlencode({"document": jc57.pk, "paragraph": str(paragraph.uid)})
    ).json()

    assert [(p["title"], p["number"], p["match"], p["summary"]) for p in body] == [
        (
            "Joint Communiqué of the 56th ASEAN Foreign Ministers' Meeting",
            "4",
            "near",
            "identical except ‘recent’ → ‘serious’",
        ),
        (
            "Joint Communiqué of the 55th ASEAN Foreign Ministers' Meeting",
            "4",
            "near",
            "identical except ‘on the’ → ‘about’; ‘, activities’ left out; ‘, which have eroded trust and confidence’ "
            "left out",
        ),
    ]
    assert [d for d in body[0]["diff"] if d["op"] != "equal"] == [
        {"op": "delete", "text": "recent"},
        {"op": "insert", "text": "serious"},
    ]
    assert body[0]["link"] == f"/precedents/{body[0]['paragraph_id']}/"


def test_api_precedents_of_a_draft_the_caller_may_not_see_is_not_found(
    precedents_archive: Series, partner_delegate_client: Client
) -> None:
    jc57 = OutcomeDocument.objects.get(title_en=JC57)
    paragraph = Paragraph.objects.filter(version=jc57.current_version).first()
    assert paragraph is not None

    response = partner_delegate_client.get(
        "/api/v1/precedents?" + urlencode({"document": jc57.pk, "paragraph": str(paragraph.uid)})
    )

    assert (response.status_code, response.json()["field"]) == (404, "paragraph")


def test_api_precedents_needs_a_text_or_a_paragraph(documents_demo: Series) -> None:
    empty = Client().get("/api/v1/precedents?text=%20")
    half = Client().get("/api/v1/precedents?document=1")

    assert (empty.status_code, empty.json()["field"]) == (400, "text")
    assert (half.status_code, half.json()["field"]) == (400, "paragraph")


def test_search_page_groups_results_and_keeps_the_filters(precedents_archive: Series) -> None:
    page = Client().get("/search/?" + urlencode({"q": "an toan sinh hoc", "series": "amm-55"})).content.decode()

    assert '<p class="meta" id="search-total">1 result</p>' in page
    assert 'id="group-paragraph"' in page
    assert "<mark>toàn</mark>" in page
    assert '<option value="amm-55" selected>' in page
