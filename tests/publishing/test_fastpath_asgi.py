"""The public fast path in front of Django's ASGI handler (publishing.fastpath.PublicFastPathASGI), called as
uvicorn calls it: the second anonymous GET of stored public bytes is answered from memory with the headers of
the full path (security headers and policy included) and one query (the public stamp); conditional requests
get 304; a session cookie, a bearer token, another method or a host not allowed go to Django; anything that
stops being public is not served once the stamp changes; the no-leak crawl answers the same both ways."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Series
from mufakat.publishing import fastpath
from mufakat.publishing.services import document_publish
from tests.factories.asgi import Answer, asgi_caller

ICS = "/api/v1/series/amm-57/programme.ics"
JSON = "/api/v1/series/amm-57/programme"
SERIES = "/public/en/series/amm-57/"
PER_REQUEST = {"x-request-id", "content-security-policy"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def asgi() -> Callable[..., Answer]:
    return asgi_caller()


def _headers(answer: Answer) -> dict[str, str]:
    return {name.lower(): value for name, value in answer.headers.items() if name.lower() not in PER_REQUEST}


@pytest.mark.parametrize("path", [ICS, JSON, SERIES, "/public/vi/feed.atom", "/sitemap.xml"])
def test_second_anonymous_get_is_answered_before_django_with_the_same_bytes_and_headers(
    documents_demo: Series, asgi: Callable[..., Answer], django_assert_num_queries: Callable[..., Any], path: str
) -> None:
    first = asgi(path)

    with django_assert_num_queries(1):  # the public stamp, nothing else
        second = asgi(path)

    assert first.via_django
    assert not second.via_django
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == first.content
    assert _headers(second) == _headers(first)
    assert second["Cache-Control"].startswith("public")
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["Content-Security-Policy"] != first["Content-Security-Policy"]  # a nonce of its own
    assert (second["X-Content-Type-Options"], second["X-Frame-Options"]) == ("nosniff", "DENY")
    assert second["Referrer-Policy"] == first["Referrer-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "set-cookie" not in second.lower


def test_the_fast_answer_has_the_headers_of_the_test_clients_full_path(
    documents_demo: Series, asgi: Callable[..., Answer], settings: Any
) -> None:
    settings.PUBLIC_FAST_PATH = False
    full = Client().get(SERIES)
    settings.PUBLIC_FAST_PATH = True
    asgi(SERIES)

    fast = asgi(SERIES)

    assert not fast.via_django
    assert fast.content == full.content
    assert _headers(fast) == {
        name.lower(): value for name, value in full.headers.items() if name.lower() not in PER_REQUEST
    }


def test_conditional_gets_are_304_with_the_validators(documents_demo: Series, asgi: Callable[..., Answer]) -> None:
    first = asgi(ICS)

    by_etag = asgi(ICS, {"If-None-Match": first["ETag"]})
    by_date = asgi(ICS, {"If-Modified-Since": first["Last-Modified"]})
    other = asgi(ICS, {"If-None-Match": '"something-else"'})

    assert (by_etag.status_code, by_date.status_code, other.status_code) == (304, 304, 200)
    assert not by_etag.via_django
    assert not by_date.via_django
    assert by_etag.content == b""
    assert (by_etag["ETag"], by_etag["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert by_etag["Cache-Control"] == first["Cache-Control"]
    assert "content-disposition" not in by_etag.lower
    assert "content-type" not in by_etag.lower
    assert "default-src 'self'" in by_etag["Content-Security-Policy"]


def test_head_gets_the_headers_without_the_body(documents_demo: Series, asgi: Callable[..., Answer]) -> None:
    first = asgi(SERIES)

    head = asgi(SERIES, method="HEAD")

    assert not head.via_django
    assert (head.status_code, head.content) == (200, b"")
    assert head["Content-Length"] == str(len(first.content))
    assert head["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    ("headers", "host"),
    [
        ({"Cookie": "sessionid=abc"}, "testserver"),
        ({"Authorization": "Bearer not-a-token"}, "testserver"),
        ({}, "evil.example"),
    ],
)
def test_a_session_a_token_or_a_foreign_host_goes_to_django(
    documents_demo: Series, asgi: Callable[..., Answer], headers: dict[str, str], host: str
) -> None:
    asgi(ICS)
    asgi(ICS)  # kept by now

    answer = asgi(ICS, headers, host=host)

    assert answer.via_django
    assert answer.status_code in (200, 400, 401)
    assert not answer.lower.get("cache-control", "").startswith("public")


def test_a_document_that_leaves_the_public_is_not_served(
    documents_demo: Series, chair_secretariat: SeriesViewer, asgi: Callable[..., Answer]
) -> None:
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")
    document_publish(actor=chair_secretariat, document=concept, expected_version=concept.version)
    path = f"/public/en/documents/{concept.pk}/"
    assert asgi(path).status_code == 200
    assert not asgi(path).via_django  # kept by now

    OutcomeDocument.objects.filter(pk=concept.pk).update(classification="restricted")
    gone = asgi(path)

    assert (gone.status_code, gone.via_django) == (404, True)


def test_the_stamp_is_read_once_per_ttl(
    documents_demo: Series, asgi: Callable[..., Answer], settings: Any, django_assert_num_queries: Callable[..., Any]
) -> None:
    settings.PUBLIC_STAMP_TTL = 60
    asgi(JSON)
    asgi(JSON)

    with django_assert_num_queries(0):
        answers = [asgi(JSON) for _ in range(5)]

    assert {(a.status_code, a.via_django) for a in answers} == {(200, False)}


def test_the_no_leak_crawl_answers_alike_both_ways(documents_demo: Series, asgi: Callable[..., Answer]) -> None:
    client = Client()
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own bytes
    paths = [re.sub(r"^https?://[^/]+", "", loc.text or "") for loc in root.iter(f"{SITEMAP}loc")]
    restricted = OutcomeDocument.objects.exclude(classification="public").values_list("pk", flat=True)
    paths += [
        f"/public/{lang}/documents/{pk}/{end}"
        for lang in ("en", "vi")
        for pk in restricted
        for end in ("", "final.pdf")
    ]
    fastpath.clear()

    for _ in range(2):  # the second time from memory where anything was kept
        for path in paths:
            fast, full = asgi(path), client.get(path)
            assert (path, fast.status_code) == (path, full.status_code)
            assert fast.content == full.content or fast.status_code == 404
    assert not any(
        key[0].startswith(f"/public/en/documents/{pk}/") for pk in restricted for key in fastpath.STORE.entries
    )
