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
reader, or anything restricted, always goes the full way.

Two doors to the same store: PublicFastPathMiddleware (in Django's middleware, so under WSGI, the test client
and on a miss) keeps entries and answers from them; PublicFastPathASGI (mufakat.asgi, in front of Django
under `mufakat serve`) answers from them on the event loop, before Django's request cycle and its thread."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.module_loading import import_string

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
            request.method not in ("GET", "HEAD")
            or maybe_signed_in(request)
            or not getattr(settings, "PUBLIC_FAST_PATH", True)
            or not STORED_PATHS.match(request.path_info)
        ):
            return self.full(request)
        request.get_host()  # the host is checked as on the full path (DisallowedHost: 400)
        key = self.key(request)
        stamp = self.stamp()
        entry = self.store.entries.get(key)
        if entry is not None and entry.stamp == stamp:
            return self.answer(request, entry)
        response = self.full(request)
        # Kept from a GET only (whatever a server does to a HEAD's body, the entry has the whole of it).
        if request.method == "GET" and self.keepable(response):
            self.keep(key, stamp, response)
        return response

    def full(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "language_in_url", False):
            # LocaleMiddleware varies every response on Accept-Language; a page whose language is in its URL
            # (/public/<lang>/…, Content-Language set by the view) does not.
            vary = [v.strip() for v in str(response.get("Vary", "")).split(",") if v.strip()]
            kept = [v for v in vary if v.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            elif "Vary" in response:
                del response["Vary"]
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


# ---------------------------------------------------------------------------------------------------------------
# The same answers one step earlier: in front of Django's ASGI handler (mufakat.asgi), on the event loop.


class _ScopeRequest(HttpRequest):
    """The little of a request the fast path and the outer middleware read (method, path, query string,
    headers, cookies, scheme, host), made from the ASGI scope without reading a body or starting Django's
    request cycle (no request_started signal, no thread)."""

    def __init__(self, scope: dict[str, Any], query: str) -> None:
        super().__init__()
        self.method = scope["method"]
        self.path = self.path_info = scope["path"]
        server = scope.get("server") or ("localhost", 80)
        meta: dict[str, Any] = {
            "REQUEST_METHOD": self.method,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "PATH_INFO": self.path_info,
            "SERVER_NAME": str(server[0]),
            "SERVER_PORT": str(server[1] or 80),
            "REMOTE_ADDR": (scope.get("client") or ("", 0))[0],
        }
        # As django.core.handlers.asgi.ASGIRequest builds them (repeated headers joined with commas).
        for raw_name, raw_value in scope.get("headers", ()):
            name = raw_name.decode("latin1")
            if name == "content-length":
                corrected = "CONTENT_LENGTH"
            elif name == "content-type":
                corrected = "CONTENT_TYPE"
            else:
                corrected = "HTTP_" + name.upper().replace("-", "_")
            value = raw_value.decode("latin1")
            if corrected in meta:
                value = meta[corrected] + "," + value
            meta[corrected] = value
        self.META = meta
        # HttpRequest starts with none: the session cookie decides who may be answered from memory.
        self.COOKIES = parse_cookie(meta.get("HTTP_COOKIE", ""))
        self._scheme = str(scope.get("scheme") or "http")
        self.resolver_match = None

    def _get_scheme(self) -> str:
        return self._scheme


def _read_in_own_thread(read: Callable[[], str]) -> Callable[[], str]:
    def run() -> str:
        # This thread does nothing else, once a second at most: it keeps its connection (reconnecting costs
        # more than the read on SQLite), and drops it when a read fails so that the next one starts afresh.
        try:
            return read()
        except Exception:
            connection.close()
            raise

    return run


class PublicFastPathASGI:
    """An anonymous GET or HEAD of a URL whose bytes this process keeps (PublicFastPathMiddleware put them
    there when the full path served them) is answered here, before Django's ASGI handler: no request cycle,
    no thread hop, no middleware but the outer ones (request id, NUL check, security headers, CSP: the ones
    settings.MIDDLEWARE lists before the fast path; they do no I/O), run on the event loop on a small request
    made from the scope, so the headers are those of the full path. Everything else (a miss, a stale entry, a
    session cookie or an Authorization header, a host not allowed, another method) goes to Django unchanged.

    The public stamp is the one PublicFastPathMiddleware reads (the same store): read at most once per
    PUBLIC_STAMP_TTL seconds per process, in a thread of its own (never on the event loop), one read at a
    time however many requests wait for it; if it cannot be read, Django answers."""

    def __init__(self, app: Any, *, stamp_reader: Callable[[], Awaitable[str]] | None = None) -> None:
        self.app = app
        self.store = STORE
        self._reader = stamp_reader
        self._executor: ThreadPoolExecutor | None = None
        self._reading: asyncio.Future[str] | None = None
        self._outer: Callable[[HttpRequest], HttpResponse] | None = None

    # The outer middleware, built once from settings.MIDDLEWARE around an answer from the entry.
    def outer(self) -> Callable[[HttpRequest], HttpResponse]:
        if self._outer is None:
            names = list(settings.MIDDLEWARE)
            mine = f"{PublicFastPathMiddleware.__module__}.{PublicFastPathMiddleware.__name__}"
            handler: Callable[[HttpRequest], HttpResponse] = self._from_entry
            for name in reversed(names[: names.index(mine)]):
                handler = import_string(name)(handler)
            self._outer = handler
        return self._outer

    @staticmethod
    def _from_entry(request: HttpRequest) -> HttpResponse:
        return PublicFastPathMiddleware.answer(request, request.fast_path_entry)  # type: ignore[attr-defined]

    async def stamp(self) -> str | None:
        ttl = float(getattr(settings, "PUBLIC_STAMP_TTL", 1.0))
        store = self.store
        age = time.monotonic() - store.stamp_read if store.stamp_read else None
        if ttl > 0 and age is not None and age < ttl:
            # Still good; past half its life the next value is read in the background, so that a busy
            # process never waits for it (a value counts from when its read started).
            if age >= ttl / 2 and self._reading is None:
                self._start_read()
            return store.stamp_value
        try:
            return await asyncio.shield(self._start_read())
        except Exception:
            # The database is away: Django answers (or says why it cannot).
            return None

    def _start_read(self) -> asyncio.Future[str]:
        if self._reading is None or self._reading.get_loop() is not asyncio.get_running_loop():
            self._reading = asyncio.ensure_future(self._read())
            # A background read nobody awaits: its failure is retrieved here, not reported as never retrieved.
            self._reading.add_done_callback(lambda future: future.cancelled() or future.exception())
        return self._reading

    async def _read(self) -> str:
        started = time.monotonic()
        try:
            if self._reader is not None:
                value = await self._reader()
            else:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="public-stamp")
                loop = asyncio.get_running_loop()
                value = await loop.run_in_executor(self._executor, _read_in_own_thread(public_stamp))
            with self.store.lock:
                self.store.stamp_value, self.store.stamp_read = value, started
            return value
        finally:
            self._reading = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        response = await self.from_memory(scope)
        if response is None:
            await self.app(scope, receive, send)
            return
        headers = [(name.encode("latin1"), str(value).encode("latin1")) for name, value in response.items()]
        for cookie in response.cookies.values():  # none today; sent as Django would
            headers.append((b"Set-Cookie", cookie.output(header="").strip().encode("ascii")))
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else response.content
        await send({"type": "http.response.body", "body": body})

    async def from_memory(self, scope: dict[str, Any]) -> HttpResponse | None:
        """The answer from a kept entry (through the outer middleware), or None: Django answers."""
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or scope.get("root_path")
            or not STORED_PATHS.match(scope.get("path", ""))
            or not getattr(settings, "PUBLIC_FAST_PATH", True)
            or not self.store.entries
        ):
            return None
        request = _ScopeRequest(scope, scope.get("query_string", b"").decode("latin1"))
        if maybe_signed_in(request):
            return None
        try:
            request.get_host()  # a host not allowed: Django says 400
        except DisallowedHost:
            return None
        entry = self.store.entries.get(PublicFastPathMiddleware.key(request))
        if entry is None:
            return None
        stamp = await self.stamp()
        if stamp is None or entry.stamp != stamp:
            return None
        request.fast_path_entry = entry  # type: ignore[attr-defined]
        return self.outer()(request)
