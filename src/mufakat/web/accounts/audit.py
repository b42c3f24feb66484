"""The audit log of a series, for its chair secretariat: a filtered, paginated page and a CSV export, both
with names instead of ids and each object linked when the reader may see it (accounts.audit_read)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from mufakat.accounts.audit_read import (
    AuditEntry,
    audit_choices,
    audit_entries,
    audit_events,
    audit_filter_parse,
)
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.meetings.models import Series
from mufakat.web.common import csv_response, page, series_view

PAGE_SIZE = 50
CSV_CHUNK = 500


@require_safe
@series_view(login_required=True)
def audit_log(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    data = request.GET.dict()
    errors: dict[str, str] = {}
    while True:
        try:
            filters = audit_filter_parse(data)
            break
        except ValidationFailed as exc:
            # The page again, with the filters that were fine and the error under the field that was not.
            name = exc.field or ""
            errors[name] = exc.message
            data.pop(name, None)
    events = audit_events(viewer=viewer, series=series, filters=filters)
    current = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.as_query()
    context = {
        "series": series,
        "page": current,
        "entries": audit_entries(viewer=viewer, series=series, events=current.object_list),
        "filters": filters,
        "choices": audit_choices(viewer=viewer, series=series),
        "filtered": bool(query),
        "query": urlencode(query),
        "errors": errors,
    }
    return page(request, "audit_log.html", context, viewer=viewer, status=400 if errors else 200)


def _changes(entry: AuditEntry) -> str:
    return "; ".join(
        f"{change.label}: {change.after}" if change.created else f"{change.label}: {change.before} → {change.after}"
        for change in entry.changes
    )


@require_safe
@series_view(login_required=True)
def audit_csv(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    tz = series.venue.tzinfo
    events = audit_events(viewer=viewer, series=series, filters=audit_filter_parse(request.GET)).iterator(
        chunk_size=2000
    )
    header = [
        "at",
        "actor",
        "person",
        "role",
        "party",
        "action",
        "object_type",
        "object_id",
        "object",
        "url",
        "changes",
        "before",
        "after",
        "request_id",
    ]

    def rows() -> Iterator[list[object]]:
        while chunk := list(islice(events, CSV_CHUNK)):
            for entry in audit_entries(viewer=viewer, series=series, events=chunk):
                event = entry.event
                yield [
                    event.at.astimezone(tz).isoformat(timespec="seconds"),
                    event.actor_username,
                    entry.person,
                    event.actor_role,
                    event.actor_party,
                    event.action,
                    event.object_type,
                    event.object_id,
                    entry.object.label,
                    request.build_absolute_uri(entry.object.url) if entry.object.url else "",
                    _changes(entry),
                    json.dumps(entry.before, ensure_ascii=False) if entry.before is not None else "",
                    json.dumps(entry.after, ensure_ascii=False) if entry.after is not None else "",
                    event.request_id,
                ]

    return csv_response(f"{series.code}-audit.csv", header, rows())
