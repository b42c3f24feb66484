"""Responses for bytes that never change under a key: a released programme, a FINAL text, a published press
release. The bytes are rendered once per key and kept in Django's cache (the key changes with every new
release or version, so nothing is ever invalidated by hand); the response carries a strong ETag (a digest of
the bytes) and Last-Modified, and a conditional request that matches is answered 304 without a body.

Anonymous readers get `Cache-Control: public` and no cookie; a request carrying a session cookie (probably
signed in) gets `private`. The session is not read to decide this, so the anonymous response carries no
`Vary: Cookie` and a proxy may keep it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

# Bump when templates or renderers change the bytes served under an unchanged key.
RENDER_EPOCH = "2"
MAX_AGE = 60


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    etag: str
    last_modified: int  # seconds since the epoch, as HTTP dates carry them


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def rendered(key: str, *, last_modified: datetime, build: Callable[[], tuple[bytes, str]]) -> Rendered:
    """The bytes for `key`, built by `build` (body, content type) the first time and cached after."""
    cache_key = f"mufakat:r{RENDER_EPOCH}:{hashlib.sha256(key.encode()).hexdigest()}"
    hit = cache.get(cache_key)
    if isinstance(hit, Rendered):
        return hit
    body, content_type = build()
    result = Rendered(
        body=body, content_type=content_type, etag=etag_of(body), last_modified=int(last_modified.timestamp())
    )
    cache.set(cache_key, result, timeout=None)
    return result


def maybe_signed_in(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"."""
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == bare for candidate in header.split(","))


def not_modified(request: HttpRequest, *, etag: str, last_modified: int | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    since = request.headers.get("If-Modified-Since")
    if since and last_modified is not None:
        parsed = parse_http_date_safe(since)
        return parsed is not None and last_modified <= parsed
    return False


def cache_headers(
    request: HttpRequest, response: HttpResponse, *, etag: str, last_modified: int | None
) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = (
        "private, max-age=0, must-revalidate" if maybe_signed_in(request) else f"public, max-age={MAX_AGE}"
    )
    return response


def conditional_response(
    request: HttpRequest, result: Rendered, *, filename: str | None = None, attachment: bool = False
) -> HttpResponse:
    """200 with the bytes, or 304 when the request's validators match."""
    if not_modified(request, etag=result.etag, last_modified=result.last_modified):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(result.body, content_type=result.content_type)
        if filename:
            response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
        # The same bytes for every anonymous reader: publishing.fastpath may answer the next one from memory.
        response.public_bytes = not maybe_signed_in(request)  # type: ignore[attr-defined]
        response.public_last_modified = result.last_modified  # type: ignore[attr-defined]
    return cache_headers(request, response, etag=result.etag, last_modified=result.last_modified)


def cached_response(
    request: HttpRequest,
    key: str,
    *,
    last_modified: datetime,
    build: Callable[[], tuple[bytes, str]],
    filename: str | None = None,
    attachment: bool = False,
) -> HttpResponse:
    return conditional_response(
        request, rendered(key, last_modified=last_modified, build=build), filename=filename, attachment=attachment
    )


def weak_etag(key: str) -> str:
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def anonymous_conditional(
    request: HttpRequest, *, key: str | None, last_modified: datetime | None, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """For a page that renders per request (a CSRF token, a CSP nonce) but whose content, for an anonymous
    reader, depends only on `key`: a weak ETag over the key and a 304 when it matches. Signed-in readers, or
    no key, get the page as before."""
    if key is None or maybe_signed_in(request):
        return render()
    etag = weak_etag(key)
    modified = int(last_modified.timestamp()) if last_modified else None
    if not_modified(request, etag=etag, last_modified=modified):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = render()
        if response.status_code != 200:
            return response
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    # The page sets a CSRF cookie: no shared cache may keep it, but the browser revalidates cheaply.
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
