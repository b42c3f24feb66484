"""Writes to reviews: a meeting records its review of a plan (its conclusions, and the figures compiled from
the reports it took up, which freezes that reporting period)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import ValidationFailed
from mufakat.core.versioning import versioned_update
from mufakat.meetings.models import Meeting
from mufakat.plans.models import PlanReview
from mufakat.plans.review import compile_review
from mufakat.plans.rules import can_manage_plans
from mufakat.plans.selectors import plan_periods, previous_period, review_input, review_period

from .common import MANAGE_REASON, check_meeting_framework, locked_plan
from .periods import period_freeze

REVIEW_AUDIT_FIELDS = ["meeting", "period", "conclusions_en", "conclusions_vi", "version"]


@transaction.atomic
def plan_review_record(
    *,
    actor: SeriesViewer,
    plan_id: int,
    meeting: Meeting,
    conclusions_en: str,
    conclusions_vi: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PlanReview:
    """Record a meeting's conclusions on a plan. The first time, the reporting period the meeting takes up is
    frozen (submitted reports become frozen) and the figures compiled from it are kept with the review; later
    calls change the conclusions only, against the review's current version. The secretariats of the
    meeting's series only; the meeting must be one of the plan's framework."""
    require(can_manage_plans(actor) and actor.series_id == meeting.series_id, MANAGE_REASON)
    plan = locked_plan(plan_id)
    record = f"review of plan {plan.pk} by {meeting.short_title}"
    check_meeting_framework(plan, meeting, field="meeting", record=record)
    conclusions_en, conclusions_vi = conclusions_en.strip(), conclusions_vi.strip()
    if not conclusions_en:
        raise ValidationFailed(_("is empty; record what the meeting concluded."), field="conclusions_en", record=record)
    for name, value in (("conclusions_en", conclusions_en), ("conclusions_vi", conclusions_vi)):
        if len(value) > 20000:
            raise ValidationFailed(_("is longer than 20,000 characters."), field=name, record=record)
    now = now or timezone.now()
    review = PlanReview.objects.select_for_update().filter(plan=plan, meeting=meeting).first()
    if review is not None:
        # A review exists: only its conclusions change, against the version the user edited (none sent: 0).
        return versioned_update(
            review,
            expected_version=expected_version or 0,
            record=record,
            changes={"conclusions_en": conclusions_en, "conclusions_vi": conclusions_vi},
            update_fields=["conclusions_en", "conclusions_vi"],
            audit=AuditTrail(actor, "plan.review_update", REVIEW_AUDIT_FIELDS),
        )
    periods = plan_periods(plan=plan)
    period = review_period(periods=periods, meeting=meeting)
    if period is not None and not period.is_frozen:
        period = period_freeze(actor=actor, period_id=period.pk, meeting=meeting, at=now)
    previous = previous_period(periods=periods, period=period)
    # Recorded in English; pages in Vietnamese swap titles and names when they show them.
    with translation.override("en"):
        compiled = compile_review(
            review_input(plan=plan, period=period, previous=previous, review_year=meeting.start_date.year)
        )
    review = PlanReview.objects.create(
        plan=plan,
        meeting=meeting,
        period=period,
        conclusions_en=conclusions_en,
        conclusions_vi=conclusions_vi,
        recorded_at=now,
        recorded_by=actor.user if actor.is_authenticated else None,
        figures=compiled.as_dict(),
    )
    audit_record(viewer=actor, action="plan.review_record", obj=review, after=snapshot(review, REVIEW_AUDIT_FIELDS))
    return review
