"""Writes to reporting periods: open one, change its dates or deadline, freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.models import Meeting
from mufakat.meetings.validators import validate_time_zone
from mufakat.plans.enums import ReportState
from mufakat.plans.models import ImplementationReport, Plan, ReportingPeriod

from .common import check_meeting_framework, locked_plan, require_manager

EARLIEST_YEAR, LATEST_YEAR = 1970, 2200  # a reporting deadline outside these is a typing slip
PERIOD_AUDIT_FIELDS = ["label", "starts_on", "ends_on", "due_at", "time_zone", "review_meeting", "frozen_at", "version"]


def _check_period(plan: Plan, *, starts_on: date, ends_on: date, due_at: datetime, time_zone: str, record: str) -> None:
    if ends_on < starts_on:
        raise ValidationFailed(
            _("%(ends_on)s is before the start %(starts_on)s.") % {"ends_on": ends_on, "starts_on": starts_on},
            field="ends_on",
            record=record,
        )
    if starts_on.year < plan.start_year or ends_on.year > plan.end_year:
        raise ValidationFailed(
            _("%(starts_on)s..%(ends_on)s lies outside the plan's period %(start_year)s–%(end_year)s.")
            % {"starts_on": starts_on, "ends_on": ends_on, "start_year": plan.start_year, "end_year": plan.end_year},
            field="starts_on",
            record=record,
        )
    if due_at.tzinfo is None or due_at.utcoffset() is None:
        raise ValidationFailed(
            _("%(when)s has no time zone; give an offset, e.g. 2024-07-05T17:00:00+07:00.")
            % {"when": due_at.isoformat()},
            field="due_at",
            record=record,
        )
    try:
        year = due_at.astimezone(UTC).year
    except OverflowError:  # 0001-01-01T00:00+14:00 is before the first moment Python holds in UTC
        year = 0
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationFailed(
            f"{due_at.isoformat()} is not a plausible deadline; give a date between {EARLIEST_YEAR} and {LATEST_YEAR}.",
            field="due_at",
            record=record,
        )
    validate_time_zone(time_zone, record=record)


@transaction.atomic
def period_create(
    *,
    actor: SeriesViewer,
    plan_id: int,
    label: str,
    starts_on: date,
    ends_on: date,
    due_at: datetime,
    time_zone: str = "Asia/Jakarta",
    review_meeting: Meeting | None = None,
) -> ReportingPeriod:
    """Open a reporting period ("2024") with its deadline, in the time zone it is announced in."""
    require_manager(actor)
    plan = locked_plan(plan_id)
    label = label.strip()
    record = f"reporting period {label!r} of plan {plan.pk}"
    if not label or len(label) > 40:
        raise ValidationFailed(_("must be 1 to 40 characters, e.g. 2024."), field="label", record=record)
    if ReportingPeriod.objects.filter(plan=plan, label=label).exists():
        raise ValidationFailed(
            _("the plan already has a period %(label)r.") % {"label": label}, field="label", record=record
        )
    _check_period(plan, starts_on=starts_on, ends_on=ends_on, due_at=due_at, time_zone=time_zone, record=record)
    check_meeting_framework(plan, review_meeting, field="review_meeting", record=record)
    period = ReportingPeriod.objects.create(
        plan=plan,
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
        due_at=due_at,
        time_zone=time_zone,
        review_meeting=review_meeting,
    )
    audit_record(viewer=actor, action="plan.period_create", obj=period, after=snapshot(period, PERIOD_AUDIT_FIELDS))
    return period


def locked_period(period_id: int) -> ReportingPeriod:
    period = lock_then_read(
        ReportingPeriod.objects.select_related("plan", "plan__framework", "review_meeting__body"), pk=period_id
    )
    if period is None:
        raise NotFound(_("no reporting period with id %(period_id)s.") % {"period_id": period_id}, field="period_id")
    return period


def frozen_message(period: ReportingPeriod) -> str:
    when = period.frozen_at.date().isoformat() if period.frozen_at else "?"
    if period.review_meeting is not None:
        return _("the reports for %(period)s were taken up by %(meeting)s (%(date)s) and are frozen.") % {
            "period": period.label,
            "meeting": period.review_meeting.short_title,
            "date": period.review_meeting.start_date,
        }
    return _("the reports for %(period)s are frozen since %(when)s.") % {"period": period.label, "when": when}


@transaction.atomic
def period_update(
    *,
    actor: SeriesViewer,
    period_id: int,
    expected_version: int,
    due_at: datetime | None = None,
    time_zone: str | None = None,
    review_meeting: Meeting | None = None,
) -> ReportingPeriod:
    """Move the deadline or name the meeting that will take the reports up (not once frozen)."""
    require_manager(actor)
    period = locked_period(period_id)
    record = f"reporting period {period.label} of plan {period.plan_id}"
    check_fresh(period, expected_version=expected_version, record=record)
    if period.is_frozen:
        raise ValidationFailed(frozen_message(period), field="frozen_at", record=record)
    _check_period(
        period.plan,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_at=due_at or period.due_at,
        time_zone=time_zone or period.time_zone,
        record=record,
    )
    check_meeting_framework(period.plan, review_meeting, field="review_meeting", record=record)
    changes = {"due_at": due_at, "time_zone": time_zone, "review_meeting": review_meeting}
    return versioned_update(
        period,
        expected_version=expected_version,
        record=record,
        changes={name: value for name, value in changes.items() if value is not None},
        audit=AuditTrail(actor, "plan.period_update", PERIOD_AUDIT_FIELDS),
    )


@transaction.atomic
def period_freeze(
    *,
    actor: SeriesViewer,
    period_id: int,
    meeting: Meeting | None = None,
    at: datetime | None = None,
) -> ReportingPeriod:
    """The review meeting takes the reports up: submitted reports become frozen and no report of the period
    changes any more (drafts and returned reports stay as they are, uncounted)."""
    require_manager(actor)
    period = locked_period(period_id)
    record = f"reporting period {period.label} of plan {period.plan_id}"
    if period.is_frozen:
        raise ValidationFailed(frozen_message(period), field="frozen_at", record=record)
    check_meeting_framework(period.plan, meeting, field="review_meeting", record=record)
    # The submitted reports, in one statement; each gets a new version, so an edit made before is refused.
    frozen = ImplementationReport.objects.filter(period=period, state=ReportState.SUBMITTED).update(
        state=ReportState.FROZEN, version=F("version") + 1
    )
    changes = {"frozen_at": at or timezone.now(), **({"review_meeting": meeting} if meeting is not None else {})}
    # Freezing is the secretariat's act on the period as it is: no version to check, but the version moves.
    return versioned_update(
        period,
        expected_version=None,
        record=record,
        changes=changes,
        audit=AuditTrail(actor, "plan.period_freeze", PERIOD_AUDIT_FIELDS, extra={"reports_frozen": frozen}),
    )
