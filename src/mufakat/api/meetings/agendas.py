"""A meeting's agenda: read by anyone, edited by the chair secretariat; a stale `agenda_version` is
answered with 409 and the agenda as it is now."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer
from mufakat.api.common import DbInt, errors, presents_conflict
from mufakat.api.meetings.common import meeting_get, programme_router
from mufakat.api.meetings.programme_schemas import (
    AgendaConflictOut,
    AgendaItemAddedOut,
    AgendaItemIn,
    AgendaItemOut,
    AgendaOut,
)
from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings import services as meeting_services
from mufakat.meetings.models import AgendaItem, Meeting


def _agenda_node(node: meeting_selectors.AgendaNode) -> AgendaItemOut:
    return AgendaItemOut(
        id=node.item.pk,
        number=node.number,
        title_en=node.item.title_en,
        title_vi=node.item.title_vi,
        children=[_agenda_node(child) for child in node.children],
    )


def _agenda(meeting_id: int) -> AgendaOut:
    """The agenda as stored now (status and version re-read: the services update them in place)."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    return AgendaOut(
        meeting_id=meeting.pk,
        meeting=meeting.short_title,
        status=meeting.agenda_status,
        agenda_version=meeting.agenda_version,
        items=[_agenda_node(n) for n in meeting_selectors.agenda_tree(meeting=meeting)],
    )


@presents_conflict(Meeting, field="agenda_version")
def _agenda_now(request: HttpRequest, meeting: Meeting) -> AgendaOut:
    """A stale `agenda_version` is answered with the whole agenda as it is now (the agenda is public)."""
    return _agenda(meeting.pk)


@programme_router.get("/meetings/{meeting_id}/agenda", response={200: AgendaOut, **errors(401, 404)}, auth=PUBLIC)
def agenda_get(request: HttpRequest, meeting_id: DbInt) -> AgendaOut:
    """The meeting's agenda as a numbered tree, with its status (draft, recommended by the SOM, adopted)."""
    return _agenda(meeting_get(meeting_id).pk)


@programme_router.post(
    "/meetings/{meeting_id}/agenda/items",
    response={201: AgendaItemAddedOut, 409: AgendaConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def agenda_item_create(request: HttpRequest, meeting_id: DbInt, data: AgendaItemIn) -> Status[AgendaItemAddedOut]:
    """Append an item to the agenda, or a sub-item under `parent_id` (chair secretariat). An adopted agenda
    cannot change."""
    meeting = meeting_get(meeting_id)
    viewer = request_viewer(request, meeting.series)
    parent = None
    if data.parent_id is not None:
        parent = AgendaItem.objects.filter(meeting=meeting, pk=data.parent_id).first()
        if parent is None:
            raise ValidationFailed(
                _("no item %(parent_id)s on the agenda of %(meeting)s.")
                % {"parent_id": data.parent_id, "meeting": meeting.short_title},
                field="parent_id",
            )
    item = meeting_services.agenda_item_add(
        actor=viewer,
        meeting=meeting,
        title_en=data.title_en,
        title_vi=data.title_vi,
        parent=parent,
        expected_version=data.agenda_version,
    )
    return Status(201, AgendaItemAddedOut(**_agenda(meeting.pk).model_dump(), item_id=item.pk))


@programme_router.delete(
    "/meetings/{meeting_id}/agenda/items/{item_id}",
    response={200: AgendaOut, 409: AgendaConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def agenda_item_delete(request: HttpRequest, meeting_id: DbInt, item_id: DbInt, agenda_version: DbInt) -> AgendaOut:
    """Remove an item (and its sub-items) from the agenda (chair secretariat); returns the agenda as it is
    now, renumbered."""
    meeting = meeting_get(meeting_id)
    viewer = request_viewer(request, meeting.series)
    item = get_or_not_found(
        AgendaItem.objects.select_related("meeting__body"),
        what=_("agenda item"),
        field="item_id",
        value=item_id,
        pk=item_id,
        meeting=meeting,
    )
    meeting_services.agenda_item_remove(actor=viewer, item=item, expected_version=agenda_version)
    return _agenda(meeting.pk)
