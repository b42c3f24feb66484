"""The audit log writer every state-changing service calls."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models

from mufakat.core.context import current_request_id

from .models import AuditEvent
from .rules import SeriesViewer


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """JSON-safe values of the named fields (foreign keys as their id, many-to-many as sorted ids). Aware times
    are written in UTC, as the database gives them back: a time sent in the venue's zone and the same instant
    read from the row compare equal in an entry's before and after."""
    result: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value: Any = sorted((obj.pk and getattr(obj, name).values_list("pk", flat=True)) or [])
        elif isinstance(field, models.ForeignKey):
            value = getattr(obj, field.attname)
        else:
            value = getattr(obj, name)
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, datetime | date | time):
            value = value.isoformat()
        elif isinstance(value, Decimal | uuid.UUID):
            value = str(value)
        result[name] = value
    return result


def audit_record(
    *,
    viewer: SeriesViewer,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    user = viewer.user if viewer.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        # A system actor has no user; its purpose (with spaces, so never a username) stands in.
        actor_username=getattr(user, "username", "") or viewer.purpose,
        actor_role=viewer.role_label,
        actor_party=",".join(viewer.party_codes),
        series_id=viewer.series_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:240],
        before=before,
        after=after,
        request_id=current_request_id(),
    )


class AuditTrail:
    """One kind of change by one actor, for core.versioning.versioned_update: snapshots the named fields and
    records the entry; `extra` is added to what the entry says after the change (a reason, a count)."""

    def __init__(
        self, viewer: SeriesViewer, action: str, fields: list[str], *, extra: dict[str, Any] | None = None
    ) -> None:
        self.viewer = viewer
        self.action = action
        self.fields = fields
        self.extra = extra or {}

    def snapshot(self, obj: models.Model) -> dict[str, Any]:
        return snapshot(obj, self.fields)

    def record(self, obj: models.Model, *, before: dict[str, Any], after: dict[str, Any]) -> AuditEvent:
        return audit_record(
            viewer=self.viewer, action=self.action, obj=obj, before=before, after={**after, **self.extra}
        )
