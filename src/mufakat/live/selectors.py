"""Reads of the live room, each access-checked as the page it feeds: which topics a viewer may follow (the
documents' own visibility rule), events since an id, presence, the floor and the pointer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.documents import selectors as document_selectors
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.rules import can_see_drafts
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import AgendaItem, Series, Session

from .enums import OPEN_FLOOR, Audience, FloorStatus
from .models import FloorRequest, LiveEvent, Presence, ScreenPointer, SessionFloor
from .services import LATE_SECONDS, PRESENCE_STALE, document_topic, session_topic


def live_document_get(*, viewer: SeriesViewer, series: Series, document_id: int) -> OutcomeDocument:
    """A document whose drafts the viewer may follow live: exactly those whose bracketed page it may read;
    anything else is 'not found', as on the page."""
    document = document_selectors.document_get(viewer=viewer, series=series, document_id=document_id)
    if not can_see_drafts(viewer):
        raise NotFound(_("no document %(id)s in this series.") % {"id": document_id}, field="document_id")
    return document


def live_session_get(*, viewer: SeriesViewer, series: Series, session_id: int) -> Session:
    """A session of the series whose floor the viewer may follow: the secretariats, and the delegations that
    attend its meeting."""
    session = meeting_selectors.session_get(series=series, session_id=session_id)
    if viewer.is_secretariat:
        return session
    attending = {m.party.pk for m in meeting_selectors.meeting_attendance(meeting=session.meeting)}
    if not viewer.is_authenticated or not (attending & set(viewer.party_ids)):
        raise NotFound(
            _("%(series)s has no session with id %(session_id)s.") % {"series": series.code, "session_id": session_id},
            field="session_id",
        )
    return session


def topic_allowed(*, viewer: SeriesViewer, series: Series, topic: str) -> bool:
    """Checked when a stream opens and again as it runs (a role taken away stops the stream)."""
    kind, _sep, ident = topic.partition(":")
    if not ident.isdigit():
        return False
    try:
        if kind == "doc":
            live_document_get(viewer=viewer, series=series, document_id=int(ident))
        elif kind == "session":
            live_session_get(viewer=viewer, series=series, session_id=int(ident))
        else:
            return False
    except NotFound:
        return False
    return True


def audience_allows(*, viewer: SeriesViewer, audience: str) -> bool:
    return audience == Audience.ALL or viewer.is_secretariat


def recent_or_after(after_id: int) -> Q:
    """Events after an id, and those of the last LATE_SECONDS whatever their id (see LATE_SECONDS)."""
    return Q(pk__gt=after_id) | Q(created_at__gte=timezone.now() - timedelta(seconds=LATE_SECONDS))


def events_for_poller(*, after_id: int, sent: frozenset[int]) -> tuple[list[LiveEvent], int]:
    """Events after the poller's last id, and recent ones it has not sent: on PostgreSQL an id is taken at
    insert, so a transaction that commits after a later one shows its lower id late. Returns them in id order
    and how many were new."""
    fresh = list(LiveEvent.objects.filter(pk__gt=after_id).order_by("pk")[:2000])
    late_ids = set(LiveEvent.objects.filter(recent_or_after(after_id), pk__lte=after_id).values_list("pk", flat=True))
    late = list(LiveEvent.objects.filter(pk__in=late_ids - sent)) if late_ids - sent else []
    return sorted(late + fresh, key=lambda e: e.pk), len(fresh)


def events_after(*, topics: list[str], after_id: int, limit: int = 500) -> list[LiveEvent]:
    """What a reconnecting stream missed: every event on its topics after its last id, and the recent ones again
    (one committed late under a lower id; a screen told twice refreshes twice, never misses one)."""
    return list(LiveEvent.objects.filter(recent_or_after(after_id), topic__in=topics).order_by("pk")[:limit])


def event_oldest_id() -> int | None:
    return LiveEvent.objects.order_by("pk").values_list("pk", flat=True).first()


def event_last_id() -> int:
    return LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@dataclass(frozen=True)
class PresenceRow:
    party_codes: str
    name: str


def presence_on(*, document: OutcomeDocument, viewer: SeriesViewer) -> list[PresenceRow]:
    """Who follows the document now: names for the secretariats, parties only for everyone else."""
    rows = (
        Presence.objects.filter(topic=document_topic(document.pk), last_seen__gte=timezone.now() - PRESENCE_STALE)
        .select_related("user")
        .order_by("party_codes", "user__username")
    )
    seen: dict[tuple[str, str], PresenceRow] = {}
    for row in rows:
        name = (row.user.get_full_name() or row.user.username) if viewer.is_secretariat else ""
        seen.setdefault((row.party_codes, name), PresenceRow(party_codes=row.party_codes or "—", name=name))
    return list(seen.values())


def pointer_of(*, document: OutcomeDocument) -> str:
    pointer = ScreenPointer.objects.filter(document=document).values_list("paragraph_uid", flat=True).first()
    return str(pointer) if pointer else ""


@dataclass(frozen=True)
class FloorState:
    session: Session
    agenda_item: AgendaItem | None
    speaking: FloorRequest | None
    waiting: list[FloorRequest]
    spoken: list[FloorRequest]
    items: list[AgendaItem]


def floor_state(*, session: Session) -> FloorState:
    state = SessionFloor.objects.filter(session=session).select_related("agenda_item").first()
    requests = list(
        FloorRequest.objects.filter(session=session)
        .select_related("party", "agenda_item")
        .order_by("requested_at", "pk")
    )
    return FloorState(
        session=session,
        agenda_item=state.agenda_item if state else None,
        speaking=next((r for r in requests if r.status == FloorStatus.SPEAKING), None),
        waiting=[r for r in requests if r.status == FloorStatus.WAITING],
        spoken=[r for r in requests if r.status not in OPEN_FLOOR],
        items=list(AgendaItem.objects.filter(meeting_id=session.meeting_id).order_by("parent_id", "position")),
    )


def floor_record(*, session: Session) -> list[dict[str, Any]]:
    """Who spoke under which agenda item, in order: the session's record."""
    return [
        {
            "party": r.party.code,
            "agenda_item": r.agenda_item_id,
            "agenda_item_title": r.agenda_item.title if r.agenda_item else "",
            "status": r.status,
            "requested_at": r.requested_at,
            "given_at": r.given_at,
            "closed_at": r.closed_at,
            "id": r.pk,
        }
        for r in FloorRequest.objects.filter(session=session)
        .select_related("party", "agenda_item")
        .order_by("requested_at", "pk")
    ]


def session_topic_of(session: Session) -> str:
    return session_topic(session.pk)
