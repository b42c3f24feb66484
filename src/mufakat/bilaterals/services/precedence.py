"""Precedences between bilateral requests: a request names requests of its series it must come after
("the trilateral after both bilaterals"). Only the requesting party (or the chair secretariat) sets
them; a precedence on an unknown request, one of another series, the request itself or one closing a
cycle is refused, naming the field `after`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.bilaterals.models import BilateralRequest
from mufakat.bilaterals.rules import can_act_for_party
from mufakat.bilaterals.selectors import bilateral_request_visible_q
from mufakat.core.errors import ValidationFailed
from mufakat.core.versioning import versioned_update

from .requests import REQUEST_AUDIT_FIELDS, _request_locked


class _AfterAudit(AuditTrail):
    """Snapshots the plain fields and the ids the request comes after."""

    def snapshot(self, obj: models.Model) -> dict[str, Any]:
        after = obj.after.values_list("pk", flat=True) if isinstance(obj, BilateralRequest) else []
        return {**super().snapshot(obj), "after": sorted(after)}


def validate_after(
    *, actor: SeriesViewer, series_id: int, request_id: int | None, after: Iterable[int], record: str
) -> list[BilateralRequest]:
    """The requests named in `after`, checked: each exists in the same series and the actor may see it (one
    it may not see is as unknown: no-leak), is not the request itself, and the precedences stay free of
    cycles."""
    ids = list(dict.fromkeys(int(pk) for pk in after))
    if request_id is not None and request_id in ids:
        raise ValidationFailed(_("a request cannot come after itself."), field="after", record=record)
    visible = BilateralRequest.objects.filter(bilateral_request_visible_q(actor, series_id))
    found = {r.pk: r for r in visible.filter(pk__in=ids, series_id=series_id)}
    for pk in ids:
        if pk not in found:
            raise ValidationFailed(
                _("no bilateral request with id %(request_id)s in this series.") % {"request_id": pk},
                field="after",
                record=record,
            )
    if request_id is not None:
        cycle = _reaches(series_id, start=ids, target=request_id)
        if cycle is not None:
            raise ValidationFailed(
                _("request %(other)s already comes after this one (directly or through others): that would be a cycle.")
                % {"other": cycle},
                field="after",
                record=record,
            )
    return [found[pk] for pk in ids]


def _reaches(series_id: int, *, start: Sequence[int], target: int) -> int | None:
    """The first of `start` from which `target` is reached by following `after` links, or None."""
    links: dict[int, list[int]] = {}
    through = BilateralRequest.after.through
    for source, predecessor in through.objects.filter(from_bilateralrequest__series_id=series_id).values_list(
        "from_bilateralrequest_id", "to_bilateralrequest_id"
    ):
        links.setdefault(source, []).append(predecessor)
    for first in start:
        seen: set[int] = set()
        stack = [first]
        while stack:
            node = stack.pop()
            if node == target:
                return first
            if node in seen:
                continue
            seen.add(node)
            stack.extend(links.get(node, []))
    return None


@transaction.atomic
def bilateral_request_after_set(
    *, actor: SeriesViewer, request_id: int, after: Sequence[int], expected_version: int | None = None
) -> BilateralRequest:
    """Replace the requests this one must come after (an empty list clears them)."""
    request = _request_locked(request_id, actor)
    record = f"bilateral request {request.pk}"
    require(
        can_act_for_party(actor, request.series_id, request.requester_id),
        _("only %(requester)s's focal point or delegates (or the chair secretariat) set what its request comes after.")
        % {"requester": request.requester.name},
    )
    chosen = validate_after(actor=actor, series_id=request.series_id, request_id=request.pk, after=after, record=record)
    return versioned_update(
        request,
        expected_version=expected_version,
        record=record,
        apply=lambda obj: obj.after.set(chosen),
        update_fields=[],
        audit=_AfterAudit(actor, "bilateral_request.after", REQUEST_AUDIT_FIELDS),
    )
