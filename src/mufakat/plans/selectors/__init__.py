"""Reads of plans of action, always through the viewer's rights in the series the request is made in.

A plan is Classified: an ASEAN-only plan (restricted to ASEAN or SEANWFZ) never reaches a dialogue partner,
in any list, page, export or feed. Reports and the compiled review are for the secretariats and the parties
taking part in the plan's framework; drafts and returned reports only for the reporting party and the
secretariats. Every function here runs a fixed number of queries, whatever the size of the plan."""

from .plans import (
    REPORTS_REASON,
    OutlineLine,
    outline_snapshot,
    plan_adopting_document,
    plan_get,
    plan_list,
    plan_outline,
    plan_participant_ids,
    plans_for_meeting,
    visible_plans,
)
from .reports import (
    Deadline,
    DueLine,
    DuePeriod,
    ReviewWaiting,
    party_deadlines,
    party_reports_due,
    plan_periods,
    report_is_late,
    report_list,
    reports_due,
    reports_to_review,
)
from .reviews import (
    PeriodTimeline,
    ReviewData,
    compiled_localized,
    previous_period,
    review_data,
    review_get,
    review_input,
    review_list,
    review_period,
)

__all__ = [
    "REPORTS_REASON",
    "Deadline",
    "DueLine",
    "DuePeriod",
    "OutlineLine",
    "PeriodTimeline",
    "ReviewData",
    "ReviewWaiting",
    "compiled_localized",
    "outline_snapshot",
    "party_deadlines",
    "party_reports_due",
    "plan_adopting_document",
    "plan_get",
    "plan_list",
    "plan_outline",
    "plan_participant_ids",
    "plan_periods",
    "plans_for_meeting",
    "previous_period",
    "report_is_late",
    "report_list",
    "reports_due",
    "reports_to_review",
    "review_data",
    "review_get",
    "review_input",
    "review_list",
    "review_period",
    "visible_plans",
]
