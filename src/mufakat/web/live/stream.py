"""The Server-Sent Events stream: `GET /series/<code>/live/?topic=doc:12&topic=session:3`.

Each topic is checked as its page is (a document the viewer may not read is 'not found', 404, and the stream
never opens); every event is checked again before it is sent (its audience; the viewer's access, re-read
every ACCESS_RECHECK_SECONDS). Event ids are the LiveEvent ids: a reconnecting browser sends Last-Event-ID
and receives every later event on its topics first, or `event: reload` when they are no longer kept."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import NotFound
from mufakat.live import selectors
from mufakat.live import services as live_services
from mufakat.live.broker import hub
from mufakat.live.models import LiveEvent
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series

KEEPALIVE_SECONDS = 15.0
# Access is checked when the stream opens, every event's audience as it is sent, and the viewer's access to the
# topics again every ACCESS_RECHECK_SECONDS, off the events' path: re-reading it for each of 300 streams when
# a proposal lands put p99 over a second (bench/bench_live.py). Events name ids, never text.
ACCESS_RECHECK_SECONDS = 30.0
MAX_TOPICS = 4


def frame(event: LiveEvent, last: int | None = None) -> str:
    """One event; its `id:` is the highest id the stream has sent (an event committed late keeps its lower
    id in the data, the resume point never goes back)."""
    data = json.dumps({"topic": event.topic, "kind": event.kind, **event.payload}, separators=(",", ":"))
    return f"id: {max(event.pk, last or 0)}\nevent: {event.kind}\ndata: {data}\n\n"


def _resolve(code: str, user: Any, topics: list[str]) -> tuple[Series, SeriesViewer]:
    try:
        try:
            series = meeting_selectors.series_get(code=code)
        except NotFound as exc:
            raise Http404(_("There is no series “%(code)s”.") % {"code": code}) from exc
        viewer = viewer_for(user, series)
        for topic in topics:
            if not selectors.topic_allowed(viewer=viewer, series=series, topic=topic):
                raise Http404(_("Nothing to follow here."))
        return series, viewer
    finally:
        # This request's thread (Django runs the synchronous middleware in one per request) stays parked while
        # the stream lasts; its database connection need not: 1,000 streams held 1,000 connections.
        connection.close()


def _still_allowed(series: Series, user: Any, topics: list[str]) -> tuple[bool, SeriesViewer]:
    viewer = viewer_for(user, series)
    return all(selectors.topic_allowed(viewer=viewer, series=series, topic=t) for t in topics), viewer


def _catch_up(topics: list[str], after_id: int) -> tuple[bool, list[LiveEvent]]:
    """(gap, events): gap when events after `after_id` may have been pruned already."""
    oldest = selectors.event_oldest_id()
    if oldest is None:
        return after_id < selectors.event_last_id(), []
    if after_id < oldest - 1:
        return True, []
    return False, selectors.events_after(topics=topics, after_id=after_id)


def _last_event_id(request: HttpRequest) -> int | None:
    value = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id") or ""
    return int(value) if value.isdigit() else None


@require_safe
async def live_stream(request: HttpRequest, code: str) -> HttpResponseBase:
    if not isinstance(request, ASGIRequest):
        # Served by a WSGI server (runserver, a WSGI deployment): a stream would hold a worker thread for ever.
        # 204 tells EventSource not to reconnect; the pages work as before, reloaded by hand.
        return HttpResponse(status=204)
    topics = sorted(set(request.GET.getlist("topic")))
    if not topics or len(topics) > MAX_TOPICS:
        raise Http404(_("Nothing to follow here."))
    user = await request.auser()
    series, viewer = await sync_to_async(_resolve)(code, user, topics)
    response = StreamingHttpResponse(
        _events(series, user, viewer, topics, _last_event_id(request)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


RELOAD = 'event: reload\ndata: {"reason":"%s"}\n\n'


async def _start(
    viewer: SeriesViewer, topics: list[str], after: int | None, last_id: int
) -> tuple[list[str], int, set[int]]:
    """The frames that open a stream: what was missed since `after` (or a reload when it is no longer kept),
    then `hello` with the id to resume from. Returns the frames, that id (-1: the stream ends) and the ids sent."""
    if after is None:
        return [f"id: {last_id}\nevent: hello\ndata: {{}}\n\n"], last_id, set()
    gap, missed = await sync_to_async(_catch_up, thread_sensitive=False)(topics, after)
    if gap:
        return [RELOAD % "gap"], -1, set()
    frames, last = [], after
    for event in missed:  # in id order: a stream cut off half-way resumes where it was
        last = max(last, event.pk)
        if selectors.audience_allows(viewer=viewer, audience=event.audience):
            frames.append(frame(event, last))
    return [*frames, f"id: {last}\nevent: hello\ndata: {{}}\n\n"], last, {e.pk for e in missed}


def _present(broker: Any, viewer: SeriesViewer, topics: list[str]) -> list[str]:
    """Say who follows the documents among the topics (the process' poller writes it); returns the keys."""
    if not viewer.is_authenticated:
        return []
    codes = ",".join(viewer.party_codes)
    entries = [
        live_services.PresenceEntry(uuid.uuid4().hex, topic, viewer.user.pk, codes)
        for topic in topics
        if topic.startswith("doc:")
    ]
    for entry in entries:
        broker.presence_add(entry)
    return [entry.key for entry in entries]


async def _events(
    series: Series, user: Any, viewer: SeriesViewer, topics: list[str], after: int | None
) -> AsyncIterator[str]:
    broker = hub()
    sub = await broker.subscribe(frozenset(topics))
    presence: list[str] = []
    try:
        yield "retry: 2000\n\n"
        opening, last, sent = await _start(viewer, topics, after, broker.last_id)
        for chunk in opening:
            yield chunk
        if last < 0:
            return
        presence = _present(broker, viewer, topics)
        checked = time.monotonic()
        while True:
            try:
                event = await asyncio.wait_for(sub.queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                event = None
            if sub.overflowed:
                yield RELOAD % "overflow"
                return
            if event is None:
                if time.monotonic() - checked > ACCESS_RECHECK_SECONDS:
                    allowed, viewer = await sync_to_async(_still_allowed, thread_sensitive=False)(series, user, topics)
                    checked = time.monotonic()
                    if not allowed:
                        yield RELOAD % "access"
                        return
                yield ": keepalive\n\n"
            elif event.pk not in sent:  # the catch-up may have sent it already; the hub sends each once
                last = max(last, event.pk)
                if selectors.audience_allows(viewer=viewer, audience=event.audience):
                    yield frame(event, last)
    finally:
        broker.unsubscribe(sub)
        for key in presence:
            broker.presence_remove(key)
