"""The public face: a page for every public object and none for a restricted one, the same 404 for unknown,
unpublished and restricted ids, 304 on conditional requests, no cookie for anonymous readers, Atom feeds that
parse, the sitemap, and one action to publish an adopted document."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.test import Client

from mufakat.accounts.classification import Classification
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import PermissionDenied, ValidationFailed
from mufakat.documents.enums import FINAL_STATUSES
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from mufakat.publishing.models import Publication
from mufakat.publishing.services import (
    document_publish,
    press_release_approve,
    press_release_draft,
    press_release_publish,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MARITIME = "ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia"


@pytest.fixture
def published(documents_demo: Series, chair_secretariat: SeriesViewer) -> dict[str, int]:
    """A restricted adopted text published by the chair, and the SOM's press release published."""
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")
    document_publish(actor=chair_secretariat, document=concept, expected_version=concept.version)
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)
    press_release_publish(actor=chair_secretariat, release=release, expected_version=2)
    return {"document": concept.pk, "press": release.pk, "som": som.pk}


def _sitemap_paths(client: Client) -> list[str]:
    root = ElementTree.fromstring(  # noqa: S314 - our own server's bytes
        client.get("/sitemap.xml").content
    )
    return [re.sub(r"^https?://[^/]+", "", loc.text or "") for loc in root.iter(f"{SITEMAP}loc")]


def test_document_publish_makes_it_public_and_is_audited(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")
    before = concept.classification

    document_publish(actor=chair_secretariat, document=concept, expected_version=concept.version)

    concept.refresh_from_db()
    entry = AuditEvent.objects.get(action="document.publish", object_id=str(concept.pk))
    assert (before, concept.classification) == ("restricted", "public")
    assert (entry.before["classification"], entry.after["classification"]) == ("restricted", "public")
    assert Publication.objects.filter(document=concept).count() == 1


def test_document_publish_refuses_a_draft_and_a_delegate(
    documents_demo: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    draft = OutcomeDocument.objects.exclude(status__in=FINAL_STATUSES).exclude(current_version=None).first()
    adopted = OutcomeDocument.objects.filter(status="adopted", classification="restricted").first()
    assert draft is not None
    assert adopted is not None

    with pytest.raises(ValidationFailed) as refused:
        document_publish(actor=chair_secretariat, document=draft, expected_version=draft.version)
    with pytest.raises(PermissionDenied):
        document_publish(actor=member_focal_point, document=adopted, expected_version=adopted.version)

    assert refused.value.field == "status"


def test_every_public_object_has_a_page_and_no_restricted_one(
    published: dict[str, int], documents_demo: Series
) -> None:
    client = Client()
    paths = _sitemap_paths(client)
    public_documents = OutcomeDocument.objects.filter(
        classification=Classification.PUBLIC, status__in=FINAL_STATUSES, meeting__series=documents_demo
    ).values_list("pk", flat=True)
    restricted = OutcomeDocument.objects.exclude(classification=Classification.PUBLIC).values_list("pk", flat=True)

    statuses = {path: client.get(path).status_code for path in paths}

    for lang in ("en", "vi"):
        assert {f"/public/{lang}/documents/{pk}/" for pk in public_documents} <= set(paths)
        assert f"/public/{lang}/press/{published['press']}/" in paths
        assert f"/public/{lang}/series/amm-57/" in paths
        assert not {f"/public/{lang}/documents/{pk}/" for pk in restricted} & set(paths)
    assert set(statuses.values()) == {200}
    assert [client.get(f"/public/en/documents/{pk}/").status_code for pk in restricted] == [404] * len(restricted)


def test_unknown_unpublished_and_restricted_ids_get_the_same_404(
    published: dict[str, int], documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    client = Client()
    restricted = OutcomeDocument.objects.get(title_en=MARITIME).pk
    draft = press_release_draft(actor=chair_secretariat, meeting=Meeting.objects.get(pk=published["som"])).pk

    pages = {
        "restricted": client.get(f"/public/en/documents/{restricted}/"),
        "unknown": client.get("/public/en/documents/999999/"),
        "draft press": client.get(f"/public/en/press/{draft}/"),
        "unknown press": client.get("/public/en/press/999999/"),
        "restricted docx": client.get(f"/public/en/documents/{restricted}/final.docx"),
    }

    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 404)
    bodies = {r.content.decode().replace(r.wsgi_request.path, "PATH") for r in pages.values()}
    assert len(bodies) == 1


def test_public_document_page_shows_the_final_text_with_opengraph(published: dict[str, int]) -> None:
    client = Client()

    page = client.get(f"/public/vi/documents/{published['document']}/")
    english = client.get(f"/public/en/documents/{published['document']}/").content.decode()
    docx = client.get(f"/public/en/documents/{published['document']}/final.docx")
    pdf = client.get(f"/public/en/documents/{published['document']}/final.pdf")
    body = page.content.decode()

    concept = OutcomeDocument.objects.get(pk=published["document"])
    assert 'id="final-marker">FINAL<' in english
    assert f'<h1 id="final-title">{concept.title_vi}</h1>' in body
    assert '<meta property="og:title" content="' in body
    assert f'hreflang="en" href="http://127.0.0.1:8000/public/en/documents/{published["document"]}/"' in body
    assert 'name="csrfmiddlewaretoken"' not in body
    assert (docx.content[:2], pdf.content[:5]) == (b"PK", b"%PDF-")


@pytest.mark.parametrize(
    "path",
    [
        "/public/en/series/amm-57/",
        "/public/vi/series/amm-57/",
        "/public/en/series/amm-57/programme.ics",
        "/public/en/series/amm-57/press.atom",
        "/public/en/feed.atom",
        "/sitemap.xml",
        "/api/v1/series/amm-57/programme",
        "/api/v1/series/amm-57/programme.ics",
    ],
)
def test_public_bytes_have_a_strong_etag_and_answer_304(published: dict[str, int], path: str) -> None:
    client = Client()
    first = client.get(path)
    second = client.get(path)

    conditional = client.get(path, headers={"If-None-Match": first["ETag"]})
    since = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})

    assert (first.status_code, first.content == second.content, first["ETag"] == second["ETag"]) == (200, True, True)
    assert first["ETag"].startswith('"')
    assert (conditional.status_code, conditional.content, since.status_code) == (304, b"", 304)
    assert first["Cache-Control"] == "public, max-age=60"
    assert list(first.cookies) == []
    if not path.startswith("/api/"):
        # The API reads the session to know the caller (its JSON differs for the secretariats): it varies on it.
        assert "Cookie" not in first.get("Vary", "")


def test_public_page_is_private_for_a_signed_in_reader(
    published: dict[str, int], chair_secretariat_client: Client
) -> None:
    response = chair_secretariat_client.get("/public/en/series/amm-57/")

    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"


def test_public_page_changes_its_etag_with_a_publication(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    client = Client()
    before = client.get("/public/en/series/amm-57/")
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")

    document_publish(actor=chair_secretariat, document=concept, expected_version=concept.version)
    after = client.get("/public/en/series/amm-57/", headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert concept.title_en in after.content.decode()
    assert concept.title_en not in before.content.decode()


@pytest.mark.parametrize("path", ["/series/amm-57/programme/", "/meetings/{som}/"])
def test_existing_programme_and_meeting_pages_answer_304_to_anonymous(published: dict[str, int], path: str) -> None:
    client = Client()
    url = path.format(som=published["som"])
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.status_code) == (200, 304)
    assert first["ETag"].startswith('W/"')


def test_series_press_feed_is_atom_with_the_published_release(published: dict[str, int]) -> None:
    response = Client().get("/public/en/series/amm-57/press.atom")
    root = ElementTree.fromstring(  # noqa: S314 - our own server's bytes
        response.content
    )

    entries = root.findall(f"{ATOM}entry")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert root.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "SOM prepares the 57th ASEAN Foreign Ministers' Meeting and Related Meetings"
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://127.0.0.1:8000/public/en/press/{published['press']}/"  # type: ignore[union-attr]


def test_site_feed_lists_documents_press_and_programme_releases(published: dict[str, int]) -> None:
    root = ElementTree.fromstring(  # noqa: S314 - our own server's bytes
        Client().get("/public/vi/feed.atom").content
    )

    ids = sorted(entry.findtext(f"{ATOM}id") or "" for entry in root.findall(f"{ATOM}entry"))

    assert f"tag:mufakat,2024:press-{published['press']}" in ids
    assert f"tag:mufakat,2024:document-{published['document']}" in ids
    assert "tag:mufakat,2024:programme-amm-57-2" in ids


def test_public_meeting_page_states_the_outcome(published: dict[str, int], documents_demo: Series) -> None:
    meeting = Meeting.objects.get(series=documents_demo, body__code="MUSP-MIN")

    en = Client().get(f"/public/en/meetings/{meeting.pk}/").content.decode()

    assert (
        '<p class="outcome" id="outcome">The meeting adopted the Mekong–U.S. Partnership Plan of Action 2024–2026.</p>'
        in en
    )


def test_press_office_pages_draft_edit_approve_publish(
    documents_demo: Series, chair_secretariat_client: Client
) -> None:
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")

    drafted = chair_secretariat_client.post(f"/meetings/{som.pk}/press/")
    edit_url = drafted["Location"]
    form = {
        "version": "1",
        "title_en": "SOM meets",
        "title_vi": "SOM họp",
        "body_en": "Text.",
        "body_vi": "Văn bản.",
        "action": "save",
    }
    saved = chair_secretariat_client.post(edit_url, form)
    stale = chair_secretariat_client.post(edit_url, {**form, "title_en": "Mine"})
    chair_secretariat_client.post(edit_url, {**form, "version": "2", "action": "approve"})
    chair_secretariat_client.post(edit_url, {**form, "version": "3", "action": "publish"})
    public = Client().get(edit_url.replace(f"/meetings/{som.pk}/press/", "/public/en/press/"))

    assert saved.status_code == 302
    assert (stale.status_code, "was changed by someone else" in stale.content.decode()) == (409, True)
    assert (public.status_code, '<h1 id="press-title">SOM meets</h1>' in public.content.decode()) == (200, True)


def test_document_publish_button_for_the_chair(documents_demo: Series, chair_secretariat_client: Client) -> None:
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")
    final = chair_secretariat_client.get(f"/series/amm-57/documents/{concept.pk}/final/").content.decode()

    published = chair_secretariat_client.post(
        f"/series/amm-57/documents/{concept.pk}/publish/", {"version": str(concept.version)}
    )

    assert 'id="publish-form"' in final
    assert published["Location"] == f"/public/en/documents/{concept.pk}/"
    assert Client().get(published["Location"]).status_code == 200


def test_a_page_whose_language_is_in_its_url_does_not_vary_on_accept_language(documents_demo: Series) -> None:
    client = Client()

    english = client.get("/public/en/series/amm-57/", headers={"Accept-Language": "vi"})
    again = client.get("/public/en/series/amm-57/", headers={"Accept-Language": "vi"})  # from the fast path

    for response in (english, again):
        assert "accept-language" not in response.get("Vary", "").lower()
        assert response["Content-Language"] == "en"
    assert english.content == again.content


def test_series_page_links_its_feed_of_everything(documents_demo: Series) -> None:
    body = Client().get("/public/vi/series/amm-57/").content.decode()

    assert body.count('href="/public/vi/series/amm-57/all.atom"') == 2  # the <link rel="alternate"> and the link
    assert Client().get("/public/vi/series/amm-57/all.atom").status_code == 200


def test_series_page_links_the_programme_json(published: dict[str, int]) -> None:
    body = Client().get("/public/en/series/amm-57/").content.decode()

    assert 'href="/api/v1/series/amm-57/programme"' in body
    assert Client().get("/api/v1/series/amm-57/programme").status_code == 200


def test_vietnamese_final_docx_writes_the_vietnamese_place(published: dict[str, int]) -> None:
    import io

    import docx

    OutcomeDocument.objects.filter(pk=published["document"]).update(final_place="Vientiane")

    response = Client().get(f"/public/vi/documents/{published['document']}/final.docx")

    # The title block: "BẢN CUỐI CÙNG", the title, then the place and date (the text itself is as adopted).
    place_date = docx.Document(io.BytesIO(response.content)).paragraphs[2].text
    assert place_date.startswith("Viêng Chăn, ")
