"""The audit log of a series, for its chair secretariat: a paginated page and a CSV export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.delegations import selectors
from mufakat.meetings.models import Series

from .common import csv_response, page, series_view

PAGE_SIZE = 100


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value or "“”"
    return json.dumps(value, ensure_ascii=False)


def audit_changes(event: AuditEvent) -> list[Change]:
    """The fields whose value differs between before and after (all of them for a creation), by name:
    PostgreSQL's jsonb does not keep the order the service wrote them in."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    fields = sorted({*before, *after})
    return [
        Change(field=name, before=_shown(before.get(name)) if name in before else "", after=_shown(after.get(name)))
        for name in fields
        if before.get(name) != after.get(name) or name not in before
    ]


def role_labels(event: AuditEvent) -> str:
    labels = {value: str(label) for value, label in SeriesRole.choices}
    return ", ".join(labels.get(role, role) for role in event.actor_role.split(",") if role)


@require_GET
@series_view(login_required=True)
def audit_log(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    events = selectors.audit_list(viewer=viewer, series=series)
    current = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, role_labels(event), audit_changes(event)) for event in current.object_list]
    return page(request, "audit_log.html", {"series": series, "page": current, "rows": rows}, viewer=viewer)


@require_GET
@series_view(login_required=True)
def audit_csv(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    tz = series.venue.tzinfo
    events = selectors.audit_list(viewer=viewer, series=series)
    header = [
        "at",
        "actor",
        "role",
        "party",
        "action",
        "object_type",
        "object_id",
        "object",
        "before",
        "after",
        "request_id",
    ]
    rows = (
        [
            event.at.astimezone(tz).isoformat(timespec="seconds"),
            event.actor_username,
            event.actor_role,
            event.actor_party,
            event.action,
            event.object_type,
            event.object_id,
            event.object_repr,
            json.dumps(event.before, ensure_ascii=False) if event.before is not None else "",
            json.dumps(event.after, ensure_ascii=False) if event.after is not None else "",
            event.request_id,
        ]
        for event in events.iterator(chunk_size=2000)
    )
    return csv_response(f"{series.code}-audit.csv", header, rows)
