"""The floor (ask, give, close, the agenda item now, the session's record), the chair's pointer and presence."""

import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import SIGNED_IN, series_viewer
from mufakat.api.common import DbInt, errors, party_from_body
from mufakat.live import selectors, services
from mufakat.live.models import FloorRequest
from mufakat.meetings.models import Session

live_router = Router(tags=["live room"])

SESSION = "/series/{code}/sessions/{session_id}/floor"


class FloorRequestOut(Schema):
    id: int
    party: str
    agenda_item: int | None
    agenda_item_title: str
    status: str
    requested_at: datetime
    given_at: datetime | None
    closed_at: datetime | None


class FloorOut(Schema):
    session_id: int
    agenda_item: int | None = Field(description="The agenda item under discussion now.")
    speaking: str | None = Field(description="The party that has the floor.")
    waiting: list[str] = Field(description="The speakers' list, in order.")
    record: list[FloorRequestOut] = Field(description="Every request of the session, oldest first.")


# The inputs forbid fields they do not know and want every key: a mistyped field is a 422 naming it, never a
# silently cleared pointer or agenda item (clearing is said outright, with null).
class FloorAskIn(Schema):
    model_config = ConfigDict(extra="forbid")

    party: str = Field(min_length=2, max_length=12, pattern=r"^[A-Za-z]{2,12}$")


class FloorItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    agenda_item: DbInt | None = Field(description="An item of the meeting's agenda; null clears.")


class PointerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    paragraph_uid: uuid.UUID | None = Field(description="A paragraph of the current draft; null clears.")


class PointerOut(Schema):
    document_id: int
    paragraph_uid: str | None


class PresenceOut(Schema):
    party_codes: str
    name: str = Field(description="The person's name: for the secretariats only, empty for everyone else.")


def _session(request: HttpRequest, code: str, session_id: int) -> tuple[SeriesViewer, Session]:
    series, viewer = series_viewer(request, code)
    return viewer, selectors.live_session_get(viewer=viewer, series=series, session_id=session_id)


def _floor_out(session: Session) -> FloorOut:
    state = selectors.floor_state(session=session)
    return FloorOut(
        session_id=session.pk,
        agenda_item=state.agenda_item.pk if state.agenda_item else None,
        speaking=state.speaking.party.code if state.speaking else None,
        waiting=[r.party.code for r in state.waiting],
        record=[FloorRequestOut(**row) for row in selectors.floor_record(session=session)],
    )


def _request_out(request: FloorRequest) -> FloorRequestOut:
    return FloorRequestOut(
        id=request.pk,
        party=request.party.code,
        agenda_item=request.agenda_item_id,
        agenda_item_title=request.agenda_item.title if request.agenda_item else "",
        status=request.status,
        requested_at=request.requested_at,
        given_at=request.given_at,
        closed_at=request.closed_at,
    )


@live_router.get(SESSION, response={200: FloorOut, **errors(401, 404)}, auth=SIGNED_IN)
def floor_get(request: HttpRequest, code: str, session_id: DbInt) -> FloorOut:
    """The floor of a session: the agenda item now, who speaks, the speakers' list and the record of who spoke
    under which item (the secretariats and the delegations attending the meeting)."""
    _viewer, session = _session(request, code, session_id)
    return _floor_out(session)


@live_router.post(
    f"{SESSION}/requests", response={201: FloorRequestOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def floor_request_create(
    request: HttpRequest, code: str, session_id: DbInt, data: FloorAskIn
) -> Status[FloorRequestOut]:
    """A delegation asks for the floor (409 when it has already asked and not yet spoken)."""
    viewer, session = _session(request, code, session_id)
    asked = services.floor_request(actor=viewer, session=session, party=party_from_body(data.party, field="party"))
    return Status(201, _request_out(asked))


@live_router.post(
    f"{SESSION}/requests/{{request_id}}/give",
    response={200: FloorRequestOut, **errors(401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def floor_request_give(request: HttpRequest, code: str, session_id: DbInt, request_id: DbInt) -> FloorRequestOut:
    """The chair gives the floor to a waiting delegation (whoever spoke before is done)."""
    viewer, session = _session(request, code, session_id)
    return _request_out(services.floor_give(actor=viewer, session=session, request_id=request_id))


@live_router.post(
    f"{SESSION}/requests/{{request_id}}/close",
    response={200: FloorRequestOut, **errors(401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def floor_request_close(request: HttpRequest, code: str, session_id: DbInt, request_id: DbInt) -> FloorRequestOut:
    """The chair closes a speaker's floor; a delegation withdraws its waiting request."""
    viewer, session = _session(request, code, session_id)
    return _request_out(services.floor_close(actor=viewer, session=session, request_id=request_id))


@live_router.put(f"{SESSION}/item", response={200: FloorOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN)
def floor_item_set(request: HttpRequest, code: str, session_id: DbInt, data: FloorItemIn) -> FloorOut:
    """The chair sets the agenda item under discussion now (null: none)."""
    viewer, session = _session(request, code, session_id)
    services.session_item_set(actor=viewer, session=session, agenda_item_id=data.agenda_item)
    return _floor_out(session)


DOCUMENT = "/series/{code}/documents/{document_id}"


@live_router.put(f"{DOCUMENT}/screen-pointer", response={200: PointerOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN)
def screen_pointer_set(request: HttpRequest, code: str, document_id: DbInt, data: PointerIn) -> PointerOut:
    """The chair points every wall screen of the document at a paragraph of the current draft."""
    series, viewer = series_viewer(request, code)
    document = selectors.live_document_get(viewer=viewer, series=series, document_id=document_id)
    pointer = services.screen_pointer_set(
        actor=viewer, document=document, paragraph_uid=str(data.paragraph_uid) if data.paragraph_uid else None
    )
    return PointerOut(
        document_id=document.pk, paragraph_uid=str(pointer.paragraph_uid) if pointer.paragraph_uid else None
    )


@live_router.get(f"{DOCUMENT}/presence", response={200: list[PresenceOut], **errors(401, 404)}, auth=SIGNED_IN)
def document_presence(request: HttpRequest, code: str, document_id: DbInt) -> list[PresenceOut]:
    """Who follows the document live now: parties for everyone who may read it, names for the secretariats."""
    series, viewer = series_viewer(request, code)
    document = selectors.live_document_get(viewer=viewer, series=series, document_id=document_id)
    return [
        PresenceOut(party_codes=r.party_codes, name=r.name)
        for r in selectors.presence_on(document=document, viewer=viewer)
    ]
