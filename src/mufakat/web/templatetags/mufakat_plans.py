"""Template helpers of the plans-of-action pages, and the plans panel of a meeting's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.models import Meeting
from mufakat.plans import selectors
from mufakat.plans.exports import status_label
from mufakat.plans.rules import can_manage_plans

register = template.Library()

CHANGE_KINDS = {
    "added": _("added"),
    "discontinued": _("discontinued"),
    "reinstated": _("reinstated"),
    "retitled": _("retitled"),
    "target_changed": _("target year changed"),
    "lead_changed": _("lead changed"),
    "responsible_changed": _("responsible parties changed"),
}


@register.filter
def change_kind(kind: str) -> str:
    """How a revision's changelog names a kind of change."""
    return str(CHANGE_KINDS.get(kind, kind))


@register.filter
def report_status(status: str | None) -> str:
    """The translated name of a report status; "no report" for None."""
    return status_label(status)


@register.simple_tag(takes_context=True)
def meeting_plans(context: Any, meeting: Meeting) -> dict[str, Any]:
    """The plans a meeting adopted and those it reviews, as the viewer may see them (two queries and the
    classification's membership lookups); empty outside a series."""
    viewer: SeriesViewer | None = context.get("viewer")
    if viewer is None or meeting.series_id is None:
        return {"adopted": [], "reviewed": [], "can_manage": False}
    found = selectors.plans_for_meeting(viewer=viewer, meeting=meeting)
    return {**found, "can_manage": can_manage_plans(viewer) and viewer.series_id == meeting.series_id}
