"""Reporting reminders: 14 and 3 days before a period's deadline the parties that still owe reports are told,
and once more when the deadline has passed. A periodic sweep (jobs.worker.SWEEPS): each reminder has its own
notice key, so a sweep run twice, or by two workers at once, raises it once."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mufakat.core.text import Text, gettext_noop
from mufakat.plans.enums import COUNTED_STATES, LineKind
from mufakat.plans.models import ImplementationReport, PlanLine, ReportingPeriod
from mufakat.plans.notices import period_values, plan_notify
from mufakat.reference.models import Party

REMINDER_DAYS = (14, 3)
# A missed deadline is told in the week after it; a sweep that first runs long after (a new installation,
# a worker down for weeks) does not tell parties about deadlines missed months ago.
MISSED_WITHIN = timedelta(days=7)


def _stage(period: ReportingPeriod, now: datetime) -> str | None:
    """Which reminder is due now: the nearest of those whose moment has come, never an older one."""
    if now >= period.due_at:
        return "missed" if now < period.due_at + MISSED_WITHIN else None
    for days in sorted(REMINDER_DAYS):
        if now >= period.due_at - timedelta(days=days):
            return f"due{days}"
    return None


def _owing(period: ReportingPeriod) -> dict[int, tuple[int, int]]:
    """party id → (lines outstanding, lines owed) for the parties that have not handed in every report."""
    owed: dict[int, set[int]] = defaultdict(set)
    for party_id, line_id in PlanLine.responsible_parties.through.objects.filter(
        planline__plan_id=period.plan_id, planline__kind=LineKind.ACTION, planline__discontinued=False
    ).values_list("party_id", "planline_id"):
        owed[party_id].add(line_id)
    handed_in: dict[int, set[int]] = defaultdict(set)
    for party_id, line_id in ImplementationReport.objects.filter(period=period, state__in=COUNTED_STATES).values_list(
        "party_id", "line_id"
    ):
        handed_in[party_id].add(line_id)
    return {
        party_id: (len(lines - handed_in[party_id]), len(lines))
        for party_id, lines in owed.items()
        if lines - handed_in[party_id]
    }


def reporting_reminders_due(*, now: datetime | None = None) -> int:
    """Raise the reporting reminders due at `now` (the clock by default); returns how many notices it raised."""
    now = now or timezone.now()
    horizon = now + timedelta(days=max(REMINDER_DAYS))
    periods = ReportingPeriod.objects.filter(
        frozen_at__isnull=True, due_at__lte=horizon, due_at__gt=now - MISSED_WITHIN
    ).select_related("plan", "review_meeting")
    raised = 0
    for period in periods.order_by("due_at", "pk"):
        stage = _stage(period, now)
        if stage is None:
            continue
        owing = _owing(period)
        for party in Party.objects.filter(pk__in=list(owing)).order_by("code"):
            outstanding, total = owing[party.pk]
            values = {**period_values(period, party), "outstanding": outstanding, "total": total, "days": stage[3:]}
            if stage == "missed":
                kind = "plan.report_missed"
                subject = Text(gettext_noop("Reporting deadline missed: %(plan)s, %(period)s"), values)
                body = Text(
                    gettext_noop(
                        "The reports of %(party)s on %(outstanding)s of its %(total)s action lines of %(plan)s for "
                        "%(period)s were due on %(due)s and have not been submitted. Submit them now: the review "
                        "takes up what it has."
                    ),
                    values,
                )
            else:
                kind = "plan.report_due"
                subject = Text(gettext_noop("Reports due in %(days)s days: %(plan)s, %(period)s"), values)
                body = Text(
                    gettext_noop(
                        "%(party)s has not yet submitted its reports on %(outstanding)s of its %(total)s action "
                        "lines of %(plan)s for %(period)s. They are due on %(due)s."
                    ),
                    values,
                )
            with transaction.atomic():
                notice = plan_notify(
                    kind=kind,
                    period=period,
                    party=party,
                    now=now,
                    subject=subject,
                    body=body,
                    key=f"plan-report:{period.pk}:{party.pk}:{stage}",
                )
            raised += notice is not None
    return raised
