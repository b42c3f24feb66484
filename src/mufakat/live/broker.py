"""Fan-out inside one server process: one poller reads the events written since its last id and hands them to
the streams of this process (an asyncio queue each). On PostgreSQL a LISTEN connection wakes the poller as
soon as a change commits (NOTIFY from live.services); on SQLite it looks every POLL_SECONDS. Every process,
on every machine, runs its own poller against the same table: no broker beyond the database."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

import psycopg
from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections

from .models import LiveEvent
from .selectors import event_last_id, events_for_poller, recent_or_after
from .services import LATE_SECONDS, NOTIFY_CHANNEL, PresenceEntry, presence_sync

log = logging.getLogger("mufakat.live")

POLL_SECONDS = 0.15
# With LISTEN, a look every so often anyway: a notification lost with a dropped connection delays, never loses.
LISTEN_FALLBACK_SECONDS = 1.0
# Presence is written in batches: streams opened or closed within a second, and every open one marked seen.
PRESENCE_FLUSH_SECONDS = 1.0
PRESENCE_TOUCH_SECONDS = 30.0
QUEUE_LIMIT = 1000


@dataclass(eq=False)
class Subscription:
    topics: frozenset[str]
    queue: asyncio.Queue[LiveEvent | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False

    def offer(self, event: LiveEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A stream that cannot keep up is told to reload rather than silently losing events.
            self.overflowed = True


def _read_after(after_id: int, sent: frozenset[int]) -> tuple[list[LiveEvent], int]:
    close_old_connections()
    return events_for_poller(after_id=after_id, sent=sent)


def _presence_sync(entered: list[PresenceEntry], left: list[PresenceEntry], alive: list[str]) -> None:
    close_old_connections()
    presence_sync(entered=entered, left=left, alive=alive)


def _recent_ids(last_id: int) -> list[int]:
    close_old_connections()
    return list(LiveEvent.objects.filter(recent_or_after(last_id)).values_list("pk", flat=True))


def _last_id() -> int:
    close_old_connections()
    return event_last_id()


class Hub:
    """This process' poller and its subscribers (one per event loop)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.subscribers: set[Subscription] = set()
        self.by_topic: dict[str, set[Subscription]] = {}
        self.last_id = 0
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()
        self.sent: dict[int, float] = {}  # ids dispatched lately, with when: each is sent once
        self.present: dict[str, PresenceEntry] = {}
        self.entered: list[PresenceEntry] = []
        self.left: list[PresenceEntry] = []
        self.flushed_at = 0.0
        self.touched_at = 0.0

    def presence_add(self, entry: PresenceEntry) -> None:
        self.present[entry.key] = entry
        self.entered.append(entry)

    def presence_remove(self, key: str) -> None:
        entry = self.present.pop(key, None)
        if entry is None:
            return
        if entry in self.entered:
            self.entered.remove(entry)  # came and went within a flush: nothing to write
        else:
            self.left.append(entry)

    async def _flush_presence(self) -> None:
        now = self.loop.time()
        touch = now - self.touched_at >= PRESENCE_TOUCH_SECONDS
        if not (self.entered or self.left or touch) or now - self.flushed_at < PRESENCE_FLUSH_SECONDS:
            return
        entered, left, self.entered, self.left = self.entered, self.left, [], []
        alive = list(self.present) if touch else []
        self.flushed_at = now
        if touch:
            self.touched_at = now
        try:
            await sync_to_async(_presence_sync, thread_sensitive=False)(entered, left, alive)
        except Exception:
            log.warning("live presence: writing failed, retrying", exc_info=True)
            self.entered[:0], self.left[:0] = entered, left

    async def subscribe(self, topics: frozenset[str]) -> Subscription:
        sub = Subscription(topics)
        self.subscribers.add(sub)
        for topic in topics:
            self.by_topic.setdefault(topic, set()).add(sub)
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._run(), name="mufakat-live-poller")
        await self.ready.wait()
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self.subscribers.discard(sub)
        for topic in sub.topics:
            subs = self.by_topic.get(topic)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self.by_topic[topic]

    def dispatch(self, events: list[LiveEvent]) -> None:
        now = self.loop.time()
        for event in events:
            if event.pk in self.sent:
                continue
            self.sent[event.pk] = now
            for sub in self.by_topic.get(event.topic, ()):
                sub.offer(event)
            self.last_id = max(self.last_id, event.pk)
        if len(self.sent) > 10_000 or (self.sent and now - next(iter(self.sent.values())) > 2 * LATE_SECONDS):
            self.sent = {pk: at for pk, at in self.sent.items() if now - at <= 2 * LATE_SECONDS}

    async def _run(self) -> None:
        read = sync_to_async(_read_after, thread_sensitive=False)
        self.last_id = await sync_to_async(_last_id, thread_sensitive=False)()
        # What is already there when the poller starts was written before any of its streams opened.
        self.sent = dict.fromkeys(
            await sync_to_async(_recent_ids, thread_sensitive=False)(self.last_id), self.loop.time()
        )
        self.ready.set()
        listener = None
        if connections["default"].vendor == "postgresql":
            listener = self.loop.create_task(self._listen())
        try:
            while self.subscribers or self.left:
                await self._flush_presence()
                try:
                    events, fresh = await read(self.last_id, frozenset(self.sent))
                except Exception:  # the database restarting must not end every stream
                    log.warning("live poller: reading events failed, retrying", exc_info=True)
                    events, fresh = [], 0
                    await asyncio.sleep(1)
                self.dispatch(events)
                if fresh >= 2000:
                    continue
                timeout = LISTEN_FALLBACK_SECONDS if listener is not None and not listener.done() else POLL_SECONDS
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout)
                self.wake.clear()
        finally:
            if listener is not None:
                listener.cancel()
            self.ready.clear()

    async def _listen(self) -> None:
        params = connections["default"].settings_dict
        while self.subscribers:
            try:
                async with await psycopg.AsyncConnection.connect(
                    dbname=params["NAME"],
                    user=params.get("USER") or None,
                    password=params.get("PASSWORD") or None,
                    host=params.get("HOST") or None,
                    port=params.get("PORT") or None,
                    autocommit=True,
                    application_name="mufakat live listener",
                ) as conn:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.wake.set()  # anything committed while we were connecting
                    async for _note in conn.notifies():
                        self.wake.set()
                        if not self.subscribers:
                            return
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("live listener: LISTEN failed, polling meanwhile", exc_info=True)
                await asyncio.sleep(2)


_hubs: dict[int, Hub] = {}


def hub() -> Hub:
    loop = asyncio.get_running_loop()
    current = _hubs.get(id(loop))
    if current is None or current.loop is not loop:
        current = _hubs[id(loop)] = Hub(loop)
    return current


def stats() -> dict[int, int]:
    return {key: len(h.subscribers) for key, h in _hubs.items()}
