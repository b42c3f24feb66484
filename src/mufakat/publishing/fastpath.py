"""The fast path for immutable public bytes: an anonymous GET of a URL whose last answer was cached bytes (a
released programme's JSON and .ics, a FINAL text, a published press release, a feed, a public page) is
answered from this process's memory before sessions, CSRF, authentication and the view run.

What is kept: the body and headers exactly as the normal path produced them (ETag, Last-Modified,
Cache-Control, Vary, Content-Language, X-Frame-Options); the middleware outside this one (request id,
security headers, the Content-Security-Policy) adds its headers per request as it always does. What makes
an entry stale: the public stamp, one SQL statement over everything a public response is made of (series,
meetings, releases, public FINAL documents and their publications, published press releases, public plans;
every write there bumps a count, a version or a number, and none goes back), read at most once per
`PUBLIC_STAMP_TTL` seconds per process. A new release changes the stamp, so nothing is invalidated by hand.

Only responses a view marked (`core.conditional`: cached bytes served to a request without a session cookie
or an Authorization header) are kept, and only anonymous requests are answered from them: a signed-in
reader, or anything restricted, always goes the full way."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone

from mufakat.core.conditional import maybe_signed_in, not_modified
from mufakat.documents.enums import FINAL_STATUSES
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series
from mufakat.plans.models import Plan

from .models import PressRelease, Publication

MAX_ENTRIES = 512
# Only the URLs whose views serve stored public bytes (core.conditional.cached_response) are looked up, so every
# other anonymous request costs no stamp query: the public pages, feeds and files, the sitemap, and the API's
# released programme (JSON) and programme calendars.
STORED_PATHS = re.compile(
    r"^/(?:public/|sitemap\.xml$|api/v1/series/[^/]+/programme(?:\.ics)?$|api/v1/meetings/\d+/programme\.ics$)"
)
# Headers a 304 does not carry (the body's own).
_BODY_HEADERS = {"content-type", "content-length", "content-disposition"}


@dataclass(frozen=True)
class Entry:
    stamp: str
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int | None


def _stamp_sql() -> str:
    series, release, meeting = Series._meta.db_table, ProgrammeRelease._meta.db_table, Meeting._meta.db_table
    document, publication = OutcomeDocument._meta.db_table, Publication._meta.db_table
    press, plan = PressRelease._meta.db_table, Plan._meta.db_table
    final = ", ".join(f"'{status}'" for status in sorted(FINAL_STATUSES))
    # Table names from the models and status values from our enums: nothing of the request goes in.
    return f"""
        SELECT
          (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) FROM {series}),
          (SELECT COUNT(*) || '.' || COALESCE(MAX(id), 0) || '.' || COALESCE(SUM(number), 0) FROM {release}),
          (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) || '.' || COALESCE(SUM(agenda_version), 0)
             FROM {meeting}),
          (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) || '.' || COALESCE(SUM(current_version_id), 0)
             FROM {document} WHERE classification = 'public' AND status IN ({final})),
          (SELECT COUNT(*) || '.' || COALESCE(MAX(id), 0) FROM {publication}),
          (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) FROM {press} WHERE status = 'published'),
          (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) || '.' || COALESCE(SUM(revision), 0)
             FROM {plan} WHERE classification = 'public')
    """  # noqa: S608


def public_stamp() -> str:
    """One statement: changes whenever anything a public response is made of changes."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        row = cursor.fetchone()
    return "|".join(str(part) for part in row) + "|" + timezone.now().date().isoformat()


class _Store:
    """This process's entries and its last stamp (one per process, whatever builds the middleware chain)."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[str, ...], Entry] = OrderedDict()
        self.lock = threading.Lock()
        self.stamp_value = ""
        self.stamp_read = 0.0

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.stamp_value, self.stamp_read = "", 0.0


STORE = _Store()


def clear() -> None:
    STORE.clear()


class PublicFastPathMiddleware:
    """Sits after the request id, security and CSP middleware and before whitenoise, sessions, locale, CSRF
    and authentication (see settings.MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.store = STORE

    def stamp(self) -> str:
        ttl = float(getattr(settings, "PUBLIC_STAMP_TTL", 1.0))
        now = time.monotonic()
        store = self.store
        if ttl <= 0 or not store.stamp_read or now - store.stamp_read >= ttl:
            value = public_stamp()
            with store.lock:
                store.stamp_value, store.stamp_read = value, now
            return value
        return store.stamp_value

    @staticmethod
    def key(request: HttpRequest) -> tuple[str, ...]:
        # The language comes from the URL (/public/<lang>/), or for the API from Accept-Language and the
        # language cookie: both go into the key as sent.
        return (
            request.get_full_path(),
            request.headers.get("Accept-Language", ""),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method != "GET"
            or maybe_signed_in(request)
            or not getattr(settings, "PUBLIC_FAST_PATH", True)
            or not STORED_PATHS.match(request.path_info)
        ):
            return self.get_response(request)
        request.get_host()  # the host is checked as on the full path (DisallowedHost: 400)
        key = self.key(request)
        stamp = self.stamp()
        entry = self.store.entries.get(key)
        if entry is not None and entry.stamp == stamp:
            return self.answer(request, entry)
        response = self.get_response(request)
        if self.keepable(response):
            self.keep(key, stamp, response)
        return response

    @staticmethod
    def keepable(response: HttpResponse) -> bool:
        # `Vary: Cookie` (the API's authentication looks for a session) is kept as sent: these requests carry
        # no session cookie, and the language cookie is part of the key.
        return (
            getattr(response, "public_bytes", False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and str(response.get("Cache-Control", "")).startswith("public")
        )

    def keep(self, key: tuple[str, ...], stamp: str, response: HttpResponse) -> None:
        last_modified = getattr(response, "public_last_modified", None)
        entry = Entry(
            stamp=stamp,
            body=response.content,
            status=response.status_code,
            headers=tuple((name, value) for name, value in response.headers.items()),
            etag=response["ETag"],
            last_modified=last_modified,
        )
        store = self.store
        with store.lock:
            store.entries[key] = entry
            store.entries.move_to_end(key)
            while len(store.entries) > MAX_ENTRIES:
                store.entries.popitem(last=False)

    @staticmethod
    def answer(request: HttpRequest, entry: Entry) -> HttpResponse:
        if not_modified(request, etag=entry.etag, last_modified=entry.last_modified):
            response: HttpResponse = HttpResponseNotModified()
            for name, value in entry.headers:
                if name.lower() not in _BODY_HEADERS:
                    response[name] = value
            return response
        response = HttpResponse(entry.body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        return response
