"""The public fast path (publishing.fastpath): an anonymous GET of cached public bytes is answered from memory
with the headers of the full path and one query (the public stamp); signed-in readers always take the full
path; a new release, a new publication or a document leaving the public changes the stamp."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Series, Session
from mufakat.meetings.services import programme_release, session_change
from mufakat.publishing.services import document_publish

ICS = "/api/v1/series/amm-57/programme.ics"
JSON = "/api/v1/series/amm-57/programme"
# Per request, whatever the path: the request id and the policy's nonce.
PER_REQUEST = {"x-request-id", "content-security-policy"}


def _headers(response: Any) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name.lower() not in PER_REQUEST}


@pytest.fixture
def concept(documents_demo: Series, chair_secretariat: SeriesViewer) -> OutcomeDocument:
    document = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")
    document_publish(actor=chair_secretariat, document=document, expected_version=document.version)
    document.refresh_from_db()
    return document


@pytest.mark.parametrize("path", [ICS, JSON, "/public/en/series/amm-57/", "/public/vi/feed.atom"])
def test_anonymous_second_request_is_one_query_with_the_same_bytes_and_headers(
    documents_demo: Series, django_assert_num_queries: Callable[..., Any], path: str
) -> None:
    client = Client()
    first = client.get(path)

    with django_assert_num_queries(1):  # the public stamp, nothing else
        second = client.get(path)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == first.content
    assert _headers(second) == _headers(first)
    assert second["Cache-Control"].startswith("public")
    assert second["ETag"].startswith('"')
    assert second["Last-Modified"] == first["Last-Modified"]
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["X-Frame-Options"] == "DENY"
    assert not second.cookies


def test_conditional_get_from_the_fast_path_is_304_with_the_validators(
    documents_demo: Series, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = Client()
    first = client.get(ICS)

    with django_assert_num_queries(1):
        again = client.get(ICS, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "Content-Disposition" not in again


def test_signed_in_reader_never_gets_the_anonymous_bytes(
    documents_demo: Series, chair_secretariat_client: Client
) -> None:
    Client().get(JSON)
    Client().get(JSON)  # kept by now

    signed_in = chair_secretariat_client.get(JSON)

    assert signed_in.status_code == 200
    assert signed_in["Cache-Control"] == "private, max-age=0, must-revalidate"
    # The secretariat's JSON is not the public one (the key carries the audience).
    assert signed_in.content != Client().get(JSON).content


def test_a_bearer_request_takes_the_full_path(documents_demo: Series) -> None:
    Client().get(ICS)
    Client().get(ICS)  # kept by now

    response = Client().get(ICS, headers={"Authorization": "Bearer not-a-token"})

    # The full path checks the token (memory would have answered 200 with the public bytes).
    assert response.status_code == 401


def test_a_new_release_changes_the_bytes(documents_demo: Series, chair_secretariat: SeriesViewer) -> None:
    client = Client()
    before = client.get(JSON)
    client.get(JSON)
    lunch = Session.objects.get(meeting__series=documents_demo, meeting__body__code="AMM", kind="working_lunch")
    session_change(actor=chair_secretariat, session_id=lunch.pk, expected_version=lunch.version, status="cancelled")
    programme_release(actor=chair_secretariat, series=documents_demo)

    after = client.get(JSON, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert (before.json()["number"], after.json()["number"]) == (2, 3)


def test_a_document_that_leaves_the_public_is_not_served_from_memory(concept: OutcomeDocument) -> None:
    client = Client()
    path = f"/public/en/documents/{concept.pk}/"
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200  # kept by now

    OutcomeDocument.objects.filter(pk=concept.pk).update(classification="restricted")

    assert client.get(path).status_code == 404


def test_restricted_text_is_never_kept(documents_demo: Series, django_assert_num_queries: Callable[..., Any]) -> None:
    restricted = OutcomeDocument.objects.exclude(classification="public").first()
    assert restricted is not None
    path = f"/public/en/documents/{restricted.pk}/"
    client = Client()

    assert client.get(path).status_code == 404
    assert client.get(path).status_code == 404
    from mufakat.publishing import fastpath

    assert not any(key[0] == path for key in fastpath.STORE.entries)


def test_switched_off_the_full_path_answers(documents_demo: Series, settings: Any) -> None:
    settings.PUBLIC_FAST_PATH = False
    client = Client()
    client.get(ICS)
    from mufakat.publishing import fastpath

    assert not fastpath.STORE.entries
    assert client.get(ICS).status_code == 200
