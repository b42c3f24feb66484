"""Writes of the live room: events (in the caller's transaction, announced after commit), the chair's pointer,
the floor and presence. Every service that changes a document calls `document_changed`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from mufakat.meetings.models import AgendaItem, Session
from mufakat.meetings.selectors import meeting_attendance
from mufakat.reference.models import Party

from .enums import OPEN_FLOOR, Audience, FloorStatus
from .models import FloorRequest, LiveEvent, Presence, ScreenPointer, SessionFloor

NOTIFY_CHANNEL = "mufakat_live"
# Events kept for reconnection; a client asking for an older id is told to reload.
EVENT_RETENTION = timedelta(hours=6)
PRESENCE_STALE = timedelta(seconds=90)
# How late an event may become visible after its id was taken (the transaction that wrote it still running):
# pollers and reconnections read this far back by time, as well as forward by id.
LATE_SECONDS = 30.0


def document_topic(document_id: int) -> str:
    return f"doc:{document_id}"


def session_topic(session_id: int) -> str:
    return f"session:{session_id}"


def live_emit(
    *, topic: str, kind: str, payload: dict[str, Any] | None = None, audience: str = Audience.ALL
) -> LiveEvent:
    """Write an event in the current transaction (so it exists exactly when the change does) and, once that
    commits, wake the streams of every process (PostgreSQL NOTIFY; on SQLite they poll)."""
    event = LiveEvent.objects.create(topic=topic, kind=kind, payload=payload or {}, audience=audience)
    if connection.vendor == "postgresql":
        transaction.on_commit(_notify)
    return event


def _notify() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [NOTIFY_CHANNEL])


def document_changed(document_id: int, kind: str, **payload: Any) -> LiveEvent:
    """A document changed: a proposal, a reaction, a withdrawal, an acceptance, ad ref, a position, a draft,
    silence. The payload names what (ids, a paragraph uid, a party code), never text."""
    return live_emit(topic=document_topic(document_id), kind=kind, payload={k: _plain(v) for k, v in payload.items()})


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


def live_events_prune(*, now: Any = None) -> int:
    """Sweep: drop events older than the retention and presence rows of streams gone without a word."""
    now = now or timezone.now()
    deleted, _rows = LiveEvent.objects.filter(created_at__lt=now - EVENT_RETENTION).delete()
    Presence.objects.filter(last_seen__lt=now - PRESENCE_STALE).delete()
    return deleted


def screen_pointer_set(*, actor: SeriesViewer, document: Any, paragraph_uid: str | None) -> ScreenPointer:
    """The chair points the wall screen at a paragraph of the current draft (or at none)."""
    if not actor.is_chair:
        raise PermissionDenied(_("only the chair secretariat moves the screen's pointer."), field="paragraph_uid")
    uid: uuid.UUID | None = None
    if paragraph_uid:
        try:
            uid = uuid.UUID(str(paragraph_uid))
        except ValueError as exc:
            raise ValidationFailed(_("is not a paragraph of this draft."), field="paragraph_uid") from exc
        version = document.current_version
        if version is None or not version.paragraphs.filter(uid=uid).exists():
            raise ValidationFailed(_("is not a paragraph of this draft."), field="paragraph_uid")
    with transaction.atomic():
        pointer, _created = ScreenPointer.objects.update_or_create(
            document=document,
            defaults={"paragraph_uid": uid, "set_by": actor.user, "set_at": timezone.now()},
        )
        audit_record(viewer=actor, action="screen.point", obj=pointer, after={"paragraph_uid": str(uid or "")})
        document_changed(document.pk, "pointer", paragraph=uid)
    return pointer


def session_item_set(*, actor: SeriesViewer, session: Session, agenda_item_id: int | None) -> SessionFloor:
    """The chair says which agenda item the session is on now."""
    if not actor.is_chair:
        raise PermissionDenied(_("only the chair secretariat runs the floor."), field="agenda_item")
    item = None
    if agenda_item_id is not None:
        item = AgendaItem.objects.filter(pk=agenda_item_id, meeting_id=session.meeting_id).first()
        if item is None:
            raise ValidationFailed(_("is not an item of this meeting's agenda."), field="agenda_item")
    with transaction.atomic():
        floor, _created = SessionFloor.objects.update_or_create(
            session=session, defaults={"agenda_item": item, "updated_at": timezone.now()}
        )
        audit_record(viewer=actor, action="floor.item", obj=floor, after={"agenda_item": agenda_item_id})
        live_emit(topic=session_topic(session.pk), kind="item", payload={"agenda_item": agenda_item_id})
    return floor


def _current_item_id(session: Session) -> int | None:
    return SessionFloor.objects.filter(session=session).values_list("agenda_item_id", flat=True).first()


def floor_request(*, actor: SeriesViewer, session: Session, party: Party) -> FloorRequest:
    """A delegation asks for the floor (one open request per party and session)."""
    if party.pk not in actor.party_ids and not actor.is_chair:
        raise PermissionDenied(_("you ask for the floor for your own delegation only."), field="party")
    if not any(m.party.pk == party.pk for m in meeting_attendance(meeting=session.meeting)):
        raise ValidationFailed(_("%(party)s does not attend this meeting.") % {"party": party.code}, field="party")
    try:
        with transaction.atomic():
            request = FloorRequest.objects.create(
                session=session,
                party=party,
                agenda_item_id=_current_item_id(session),
                requested_by=actor.user if actor.is_authenticated else None,
            )
            audit_record(viewer=actor, action="floor.request", obj=request, after={"party": party.code})
            live_emit(topic=session_topic(session.pk), kind="floor", payload={"party": party.code, "status": "waiting"})
    except IntegrityError as exc:
        raise Conflict(_("%(party)s has already asked for the floor.") % {"party": party.code}, field="party") from exc
    return request


def _request_for_update(session: Session, request_id: int) -> FloorRequest:
    request = (
        FloorRequest.objects.select_for_update().select_related("party").filter(pk=request_id, session=session).first()
    )
    if request is None:
        raise NotFound(_("no floor request %(id)s in this session.") % {"id": request_id}, field="request")
    return request


def floor_give(*, actor: SeriesViewer, session: Session, request_id: int) -> FloorRequest:
    """The chair gives the floor: whoever spoke before is done."""
    if not actor.is_chair:
        raise PermissionDenied(_("only the chair secretariat runs the floor."), field="request")
    now = timezone.now()
    with transaction.atomic():
        request = _request_for_update(session, request_id)
        if request.status != FloorStatus.WAITING:
            raise Conflict(_("this request is not waiting for the floor."), field="request")
        FloorRequest.objects.filter(session=session, status=FloorStatus.SPEAKING).update(
            status=FloorStatus.DONE, closed_at=now
        )
        request.status, request.given_at = FloorStatus.SPEAKING, now
        request.agenda_item_id = _current_item_id(session) or request.agenda_item_id
        request.save(update_fields=["status", "given_at", "agenda_item"])
        audit_record(viewer=actor, action="floor.give", obj=request, after={"status": request.status})
        live_emit(
            topic=session_topic(session.pk), kind="floor", payload={"party": request.party.code, "status": "speaking"}
        )
    return request


def floor_close(*, actor: SeriesViewer, session: Session, request_id: int) -> FloorRequest:
    """The chair closes a speaker's floor, or a delegation (or the chair) withdraws a waiting request."""
    with transaction.atomic():
        request = _request_for_update(session, request_id)
        if not actor.is_chair and request.party_id not in actor.party_ids:
            raise PermissionDenied(_("you may withdraw your own delegation's request only."), field="request")
        if request.status not in OPEN_FLOOR:
            raise Conflict(_("this request is already closed."), field="request")
        if request.status == FloorStatus.SPEAKING and not actor.is_chair:
            raise PermissionDenied(_("only the chair closes the floor."), field="request")
        request.status = FloorStatus.DONE if request.status == FloorStatus.SPEAKING else FloorStatus.WITHDRAWN
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        audit_record(viewer=actor, action="floor.close", obj=request, after={"status": request.status})
        live_emit(
            topic=session_topic(session.pk),
            kind="floor",
            payload={"party": request.party.code, "status": request.status},
        )
    return request


@dataclass(frozen=True)
class PresenceEntry:
    key: str
    topic: str
    user_id: int
    party_codes: str


def presence_sync(*, entered: list[PresenceEntry], left: list[PresenceEntry], alive: list[str], now: Any = None) -> int:
    """One process' streams, written at once (the poller calls this about once a second, not each stream):
    streams opened and closed since the last call, and `alive` (every open stream) marked seen. The secretariats'
    screens hear once per topic that changed. Returns the rows touched."""
    now = now or timezone.now()
    with transaction.atomic():
        if entered:
            Presence.objects.bulk_create(
                [
                    Presence(
                        connection=e.key, topic=e.topic, user_id=e.user_id, party_codes=e.party_codes, last_seen=now
                    )
                    for e in entered
                ],
                ignore_conflicts=True,
            )
        if left:
            Presence.objects.filter(connection__in=[e.key for e in left]).delete()
        touched = 0
        for start in range(0, len(alive), 500):
            touched += Presence.objects.filter(connection__in=alive[start : start + 500]).update(last_seen=now)
        for topic in sorted({e.topic for e in entered} | {e.topic for e in left}):
            live_emit(topic=topic, kind="presence", audience=Audience.CHAIR)
    return touched + len(entered) + len(left)
