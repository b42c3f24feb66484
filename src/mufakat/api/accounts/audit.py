"""The audit log of a series (its chair secretariat)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.pagination import paginate

from mufakat.accounts.audit_read import audit_entries, audit_events, audit_filter_parse
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.api.accounts.common import accounts_router
from mufakat.api.accounts.schemas import AuditChangeOut, AuditEventOut
from mufakat.api.auth import SIGNED_IN, series_viewer
from mufakat.api.common import BoundedPagination, errors
from mufakat.meetings.models import Series


class _AuditPage:
    """The entries of the page the paginator slices out, resolved to names in one batch (a query per kind of
    object on the page), not one entry at a time."""

    def __init__(self, events: QuerySet[AuditEvent], viewer: SeriesViewer, series: Series) -> None:
        self._events, self._viewer, self._series = events, viewer, series

    def __len__(self) -> int:
        return self._events.count()

    def __getitem__(self, page: slice) -> list[AuditEventOut]:
        entries = audit_entries(viewer=self._viewer, series=self._series, events=self._events[page])
        return [
            AuditEventOut(
                at=entry.event.at,
                actor=entry.event.actor_username,
                actor_name=entry.person,
                actor_role=entry.event.actor_role,
                actor_party=entry.event.actor_party,
                actor_party_names=entry.parties,
                action=entry.event.action,
                object_type=entry.object.type,
                object_id=entry.object.id,
                object_repr="" if entry.withheld else entry.event.object_repr,
                object_label=entry.object.label,
                object_url=entry.object.url,
                withheld=entry.withheld,
                changes=[
                    AuditChangeOut(
                        field=change.field,
                        label=change.label,
                        before=None if change.created else change.before,
                        after=change.after,
                    )
                    for change in entry.changes
                ],
                before=entry.before,
                after=entry.after,
                request_id=entry.event.request_id,
            )
            for entry in entries
        ]


@accounts_router.get(
    "/series/{code}/audit", response={200: list[AuditEventOut], **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
@paginate(BoundedPagination)
def series_audit(
    request: HttpRequest,
    code: str,
    *,
    object_type: str = "",
    object_id: str = "",
    party: str = "",
    person: str = "",
    action: str = "",
    day: str = "",
) -> Any:
    """The append-only audit log of the series, newest first; for its chair secretariat. Filter by object
    (`object_type` such as documents.outcomedocument, and `object_id`), by the actor's `party` (a code) or
    `person` (a username), by `action` (e.g. document.recommend) and by `day` (YYYY-MM-DD, the venue's
    calendar). Ids in the snapshots come with names; an entry about an object the caller may not see shows
    only its kind and id."""
    series, viewer = series_viewer(request, code)
    parsed = audit_filter_parse(
        {
            "object_type": object_type,
            "object_id": object_id,
            "party": party,
            "person": person,
            "action": action,
            "day": day,
        }
    )
    return _AuditPage(audit_events(viewer=viewer, series=series, filters=parsed), viewer, series)
