"""Who takes part in a plan: the members and partners of its framework on the plan's reference date."""

from __future__ import annotations

from datetime import date

from mufakat.reference.enums import MembershipRole
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .models import Plan


def plan_reference_date(plan: Plan) -> date:
    """The day whose framework membership makes up "all members": the adopting meeting's, else 1 January of
    the plan's first year. Fixed, so that a later accession does not change who owes past reports."""
    if plan.adopted_at_meeting_id is not None and plan.adopted_at_meeting is not None:
        return plan.adopted_at_meeting.start_date
    return date(plan.start_year, 1, 1)


def framework_participants(plan: Plan, *, index: MembershipIndex | None = None) -> dict[str, Party]:
    """Members and partners of the plan's framework on its reference date, by code: who may report."""
    index = index or MembershipIndex()
    roles: set[str] = {MembershipRole.MEMBER, MembershipRole.PARTNER}
    members = index.members_on(plan.framework_id, plan_reference_date(plan), roles=roles)
    return {member.party.code: member.party for member in members}


def framework_members(plan: Plan, *, index: MembershipIndex | None = None) -> list[Party]:
    """The members (not partners) on the reference date: the default responsible parties of a line."""
    index = index or MembershipIndex()
    members = index.members_on(plan.framework_id, plan_reference_date(plan), roles={MembershipRole.MEMBER})
    return [member.party for member in members]
