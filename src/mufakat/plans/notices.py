"""The notices of plans of action: a report returned for clarification, a reporting deadline 14 and 3 days
ahead, a deadline missed; each told to the reporting party's people who may see the plan (a notice quoting a
plan follows the plan's classification). Plans outlive a series while roles hold in one: a party's people are
those of the series that takes the period's reports up, else of the latest series begun by then in which the
party holds roles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from mufakat.accounts.classification import classified_visible_q
from mufakat.accounts.enums import PARTY_ROLES
from mufakat.accounts.models import RoleAssignment
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.text import Text
from mufakat.meetings.models import Series
from mufakat.notifications.models import Notice
from mufakat.notifications.phrases import local_time, party_recipients
from mufakat.notifications.selectors import series_viewers, who_may_see
from mufakat.notifications.services import notify
from mufakat.notifications.text import localized_of
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .models import ImplementationReport, Plan, ReportingPeriod
from .selectors.plans import in_series


def party_series(*, period: ReportingPeriod, party: Party, now: datetime) -> Series | None:
    """The series whose roles say who a party's people are, for this period (see the module's docstring)."""
    held = RoleAssignment.objects.filter(party=party, role__in=list(PARTY_ROLES))
    review = period.review_meeting
    if review is not None and review.series is not None and held.filter(series=review.series).exists():
        return review.series
    assignment = (
        held.filter(series__start_date__lte=now.date()).order_by("-series__start_date").first()
        or held.order_by("-series__start_date").first()
    )
    return Series.objects.select_related("venue").get(pk=assignment.series_id) if assignment else None


def plan_notify(
    *,
    kind: str,
    period: ReportingPeriod,
    party: Party,
    now: datetime,
    subject: Text,
    body: Text,
    actor: SeriesViewer | None = None,
    key: str | None = None,
    about: Any = None,
) -> Notice | None:
    series = party_series(period=period, party=party, now=now)
    if series is None:
        return None
    plan = period.plan
    viewers = series_viewers(series_id=series.pk, roles=PARTY_ROLES, party_ids=[party.pk])
    allowed = who_may_see(viewers, plan, lambda v: classified_visible_q(Plan, v, series.start_date))
    recipients = party_recipients(allowed, party_ids=[party.pk], actor=actor)
    if not recipients:
        return None
    link = reverse("web:plan-reports", kwargs={"code": series.code, "plan_id": plan.pk}) + f"?party={party.code}"
    return notify(
        kind=kind,
        recipients=recipients,
        subject=subject,
        body=body,
        series_id=series.pk,
        link=link,
        about=about or period,
        deadline=period.due_at,
        deadline_zone=period.time_zone,
        key=key,
    )


# Which notices about plans a reader may still be shown (notifications.visibility), by the reader's roles in the
# notice's series (the one `plan_notify` chose): a period's, when the plan's classification lets them see the plan
# (as `visible_plans` filters); a report's, when moreover the report is their own party's (the notice quotes
# the reason it was returned: a working paper of that party and the secretariats).


def _plans_visible_to(viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[Plan]:
    return Plan.objects.filter(classified_visible_q(Plan, in_series(viewer, series), series.start_date, index))


def periods_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan__in=_plans_visible_to(viewer, series, index).values("pk"))


def reports_visible_to(
    *, viewer: SeriesViewer, series: Series, index: MembershipIndex
) -> QuerySet[ImplementationReport]:
    viewer = in_series(viewer, series)
    reports = ImplementationReport.objects.filter(
        period__plan__in=_plans_visible_to(viewer, series, index).values("pk")
    )
    return reports if viewer.is_secretariat else reports.filter(party_id__in=viewer.party_ids)


def period_values(period: ReportingPeriod, party: Party) -> dict[str, Any]:
    return {
        "plan": localized_of(period.plan, "title"),
        "period": period.label,
        "party": localized_of(party, "name"),
        "due": local_time(period.due_at, period.time_zone),
    }
