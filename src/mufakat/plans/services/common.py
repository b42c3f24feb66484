"""What the plan services share: rights, locks, numbering."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.meetings.models import Meeting
from mufakat.plans.models import Plan
from mufakat.plans.rules import can_manage_plans

MANAGE_REASON = gettext_lazy("only the secretariats (the chair's and the ASEAN Secretariat) manage plans of action.")


def require_manager(actor: SeriesViewer) -> None:
    """A set-up script (the demo, the CLI) passes `SeriesViewer.system(...)`, a secretariat."""
    require(can_manage_plans(actor), MANAGE_REASON)


def locked_plan(plan_id: int) -> Plan:
    plan = lock_then_read(Plan.objects.select_related("framework", "adopted_at_meeting"), pk=plan_id)
    if plan is None:
        raise NotFound(_("no plan of action with id %(plan_id)s.") % {"plan_id": plan_id}, field="plan_id")
    return plan


def sort_key(number: tuple[int, ...]) -> str:
    """Sorts 1.10 after 1.9: every segment zero-padded."""
    return ".".join(f"{segment:04d}" for segment in number)


def check_meeting_framework(plan: Plan, meeting: Meeting | None, *, field: str, record: str) -> None:
    """A meeting that adopts, amends, reviews or takes up reports of a plan is one of the plan's framework."""
    if meeting is not None and meeting.body.framework_id != plan.framework_id:
        raise ValidationFailed(
            _("%(meeting)s is a meeting of %(framework)s; the plan belongs to %(framework2)s.")
            % {"meeting": meeting.short_title, "framework": meeting.body.framework, "framework2": plan.framework},
            field=field,
            record=record,
        )
