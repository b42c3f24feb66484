"""Search and agreed-language precedents never reach past the pages: whoever may not see a document (a
dialogue partner, an observer, someone without a role, the public) finds neither its title nor its words nor
a count of them, through the web search page, the API's /search, or /precedents."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import api_token_create
from mufakat.documents.models import OutcomeDocument, Paragraph
from mufakat.documents.selectors import document_list
from mufakat.meetings.models import Series

PERSONAS = ["partner_delegate", "observer", "outsider", "anonymous"]


def _api(viewer: SeriesViewer) -> Client:
    if not viewer.is_authenticated:
        return Client()
    token = api_token_create(user=viewer.user, name="leak check", expires_in_days=1)
    return Client(headers={"Authorization": f"Bearer {token.plaintext}"})


def _secrets(viewer: SeriesViewer, series: Series) -> tuple[list[str], list[str]]:
    """Titles and paragraph texts of the documents this viewer may not see, less any wording that a document
    it may see also has (the register's generic paragraphs repeat across documents)."""
    visible_ids = list(document_list(viewer=viewer, series=series).values_list("pk", flat=True))
    hidden = OutcomeDocument.objects.filter(meeting__series=series).exclude(pk__in=visible_ids)
    seen_texts = set(Paragraph.objects.filter(version__document_id__in=visible_ids).values_list("text", flat=True))
    texts = {
        text
        for text in Paragraph.objects.filter(version__document__in=hidden).values_list("text", flat=True)
        if text not in seen_texts and len(text.split()) >= 6
    }
    titles = {t for pair in hidden.values_list("title_en", "title_vi") for t in pair if t}
    return sorted(titles), sorted(texts)


def _results(body: str, path: str) -> str:
    """What the page or payload found, without the query it echoes (the search box, the API's `query`)."""
    if path.startswith("/api/v1/search"):
        return json.dumps(json.loads(body)["groups"], ensure_ascii=False)
    if path.startswith("/api/"):
        return body
    marker = 'id="search-total"' if path.startswith("/search/") else 'id="precedents-form"'
    start = body.find(marker)
    return body[body.find("</form>", start) if marker == 'id="precedents-form"' else start :] if start >= 0 else ""


def _found(body: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in body or s.replace("'", "&#x27;") in body or json.dumps(s)[1:-1] in body]


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_and_precedents_never_reach_hidden_documents(
    documents_demo: Series,
    persona: str,
    persona_viewer: Callable[[str], SeriesViewer],
    persona_client: Callable[[str], Client],
) -> None:
    viewer = persona_viewer(persona)
    web, api = persona_client(persona), _api(viewer)
    titles, texts = _secrets(viewer, documents_demo)
    queries = [" ".join(t.split()[:8]) for t in titles + texts]
    bodies: dict[str, str] = {}
    for query in queries:
        bodies[f"/search/?{urlencode({'q': query})}"] = ""
        bodies[f"/api/v1/search?{urlencode({'q': query})}"] = ""
        bodies["/api/v1/search?" + urlencode({"q": '"' + query + '"', "kind": "paragraph"})] = ""
    for text in texts:
        bodies[f"/api/v1/precedents?{urlencode({'text': text})}"] = ""
        bodies[f"/precedents/?{urlencode({'text': text})}"] = ""
    for path in bodies:
        bodies[path] = _results((api if path.startswith("/api/") else web).get(path).content.decode(), path)
    leaks = {path: found for path, body in bodies.items() if (found := _found(body, titles + texts))}
    # "Not even a count": the exact wording of a hidden paragraph is found nowhere the viewer may look.
    counts = {text: api.get("/api/v1/search?" + urlencode({"q": f'"{text}"'})).json()["total"] for text in texts[:5]}

    assert len(titles) >= 3
    assert texts != []
    assert leaks == {}
    assert counts == dict.fromkeys(texts[:5], 0)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("chair_secretariat", 1), ("member_focal_point", 1), ("partner_delegate", 0), ("observer", 0), ("anonymous", 0)],
)
def test_asean_only_circular_counted_only_for_its_audience(
    delegations_demo: object, persona: str, expected: int, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    """The ASEAN-only circular of the demo ("Seating and speaking order for the AMM Retreat") is for ASEAN's
    members (and the secretariats): not Japan, not Timor-Leste (an observer in 2024), not the public."""
    body = _api(persona_viewer(persona)).get("/api/v1/search?" + urlencode({"q": "seating speaking order"})).json()

    assert {g["kind"]: g["count"] for g in body["groups"]}.get("circular", 0) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("chair_secretariat", 1), ("member_focal_point", 1), ("partner_delegate", 0), ("outsider", 0), ("anonymous", 0)],
)
def test_participants_found_only_by_their_delegation_and_the_secretariats(
    delegations_demo: object, persona: str, expected: int, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    body = _api(persona_viewer(persona)).get("/api/v1/search?" + urlencode({"q": "Bui Thanh Son"})).json()

    assert {g["kind"]: g["count"] for g in body["groups"]}.get("participant", 0) == expected
