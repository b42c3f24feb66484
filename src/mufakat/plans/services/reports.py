"""Writes to the parties' implementation reports: save a draft, submit, return for clarification. Every
refusal of a report names the action line."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, NotFound, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.text import Text, gettext_noop
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.notifications.phrases import local_time
from mufakat.notifications.text import localized_of
from mufakat.plans.enums import LineKind, ReportState, ReportStatus
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, ReportingPeriod
from mufakat.plans.notices import period_values, plan_notify
from mufakat.plans.rules import can_report_for
from mufakat.reference.models import Party

from .common import require_manager
from .periods import frozen_message, locked_period

REPORT_FIELDS = ["status", "progress", "narrative", "links", "state", "returned_reason", "submitted_at", "version"]


MAX_LINKS = 10


def _clean_links(links: list[str], *, record: str) -> list[str]:
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            _("%(count)s links; at most %(max_links)s.") % {"count": len(cleaned), "max_links": MAX_LINKS},
            field="links",
            record=record,
        )
    for link in cleaned:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 500 or " " in link:
            raise ValidationFailed(
                _("%(record)s: %(value)r is not a web address (http:// or https://, at most 500 characters).")
                % {"record": record, "value": link[:80]},
                field="links",
                record=record,
            )
    return cleaned


def _check_values(*, line: str, status: str, progress: int, narrative: str, record: str) -> None:
    if status not in ReportStatus.values:
        raise ValidationFailed(
            _("line %(line)s: %(status)r is not one of %(values)s.")
            % {"line": line, "status": status, "values": ", ".join(ReportStatus.values)},
            field="status",
            record=record,
        )
    if not 0 <= progress <= 100:
        raise ValidationFailed(
            _("line %(line)s: progress %(progress)s is outside 0–100.") % {"line": line, "progress": progress},
            field="progress",
            record=record,
        )
    if status == ReportStatus.COMPLETED and progress != 100:
        raise ValidationFailed(
            _("line %(line)s: a completed line is at 100%% progress, not %(progress)s%%.")
            % {"line": line, "progress": progress},
            field="progress",
            record=record,
        )
    if status == ReportStatus.NOT_STARTED and progress != 0:
        raise ValidationFailed(
            _("line %(line)s: a line not started is at 0%% progress, not %(progress)s%%.")
            % {"line": line, "progress": progress},
            field="progress",
            record=record,
        )
    if len(narrative) > 4000:
        raise ValidationFailed(
            _("line %(line)s: the narrative is longer than 4,000 characters.") % {"line": line},
            field="narrative",
            record=record,
        )


def report_target(*, plan: Plan, line_number: str, period_label: str, party: Party) -> tuple[PlanLine, ReportingPeriod]:
    """The action line and period a report is for, or a refusal naming the line: a line or period the plan
    does not have, a line that is not an action line or is discontinued, a party not responsible for it."""
    number = line_number.strip()
    record = f"report on line {number or '?'}"
    line = PlanLine.objects.filter(plan=plan, number=number).first()
    if line is None:
        raise ValidationFailed(
            _("plan %(pk)s has no line %(number)r.") % {"pk": plan.pk, "number": number}, field="line", record=record
        )
    if line.kind != LineKind.ACTION:
        raise ValidationFailed(
            _("line %(number)s is %(value)s; reports are made on action lines such as %(number)s%(value2)s.")
            % {
                "number": line.number,
                "value": "an area" if line.kind == LineKind.AREA else "a measure",
                "value2": ".1.1" if line.kind == LineKind.AREA else ".1",
            },
            field="line",
            record=record,
        )
    if line.discontinued:
        raise ValidationFailed(
            _("line %(number)s is discontinued and takes no more reports.") % {"number": line.number},
            field="line",
            record=record,
        )
    period = ReportingPeriod.objects.filter(plan=plan, label=period_label.strip()).first()
    if period is None:
        labels = ", ".join(
            ReportingPeriod.objects.filter(plan=plan).order_by("starts_on").values_list("label", flat=True)
        )
        raise ValidationFailed(
            _("line %(number)s: plan %(pk)s has no reporting period %(period_label)r (periods: %(value)s).")
            % {"number": line.number, "pk": plan.pk, "period_label": period_label, "value": labels or "none"},
            field="period",
            record=record,
        )
    responsible = list(line.responsible_parties.order_by("code").values_list("code", flat=True))
    if party.code not in responsible:
        raise ValidationFailed(
            _("line %(number)s: %(party)s is not responsible for it (responsible: %(values)s).")
            % {"number": line.number, "party": party.name, "values": ", ".join(responsible)},
            field="party",
            record=record,
        )
    return line, period


@transaction.atomic
def report_save(
    *,
    actor: SeriesViewer,
    plan_id: int,
    line_number: str,
    period_label: str,
    party: Party,
    status: str,
    progress: int,
    narrative: str = "",
    links: list[str] | None = None,
    submit: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ImplementationReport:
    """Write a party's report on an action line for a period, as a draft or submitted (`submit`). The party's
    focal point only; refused once the period is frozen. A report that exists already is changed only against
    its current version (409 otherwise). Saving a submitted report as a draft takes it back."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("no plan of action with id %(plan_id)s.") % {"plan_id": plan_id}, field="plan_id")
    require(
        can_report_for(actor, party.pk),
        _("only the focal point of %(party)s writes and submits its reports.") % {"party": party.name},
    )
    line, period = report_target(plan=plan, line_number=line_number, period_label=period_label, party=party)
    record = f"report of {party.code} on line {line.number} for {period.label}"
    period = locked_period(period.pk)
    if period.is_frozen:
        raise ValidationFailed(
            _("line %(number)s: %(frozen_message)s")
            % {"number": line.number, "frozen_message": frozen_message(period)},
            field="period",
            record=record,
        )
    narrative = narrative.strip()
    _check_values(line=line.number, status=status, progress=progress, narrative=narrative, record=record)
    cleaned_links = _clean_links(links or [], record=record)
    now = now or timezone.now()
    report = ImplementationReport.objects.select_for_update().filter(line=line, period=period, party=party).first()
    action = "plan.report_submit" if submit else "plan.report_save"
    values: dict[str, Any] = {
        "status": status,
        "progress": progress,
        "narrative": narrative,
        "links": cleaned_links,
        "updated_at": now,
    }
    if submit:
        values.update(
            state=ReportState.SUBMITTED, submitted_at=now, submitted_by=actor.user if actor.is_authenticated else None
        )
    elif report is None or report.state != ReportState.RETURNED:
        values["state"] = ReportState.DRAFT
    if report is not None:
        # An existing report changes only against the version the user edited (none sent: 0, so refused).
        return versioned_update(
            report,
            expected_version=expected_version or 0,
            record=record,
            changes=values,
            audit=AuditTrail(actor, action, REPORT_FIELDS),
        )
    if expected_version not in (None, 0):
        raise Conflict(
            _("line %(number)s: the report you edited no longer exists; reload the page.") % {"number": line.number},
            field="version",
            record=record,
        )
    report = ImplementationReport.objects.create(line=line, period=period, party=party, created_at=now, **values)
    audit_record(viewer=actor, action=action, obj=report, after=snapshot(report, REPORT_FIELDS))
    return report


@transaction.atomic
def report_return(*, actor: SeriesViewer, report_id: int, reason: str, expected_version: int) -> ImplementationReport:
    """The secretariat sends a submitted report back to its party for clarification, saying why."""
    require_manager(actor)
    report = lock_then_read(ImplementationReport.objects.select_related("line", "period", "party"), pk=report_id)
    if report is None:
        raise NotFound(
            _("no implementation report with id %(report_id)s.") % {"report_id": report_id}, field="report_id"
        )
    record = f"report of {report.party.code} on line {report.line.number} for {report.period.label}"
    check_fresh(report, expected_version=expected_version, record=record)
    if report.period.is_frozen:
        raise ValidationFailed(
            _("line %(number)s: %(frozen_message)s")
            % {"number": report.line.number, "frozen_message": frozen_message(report.period)},
            field="period",
            record=record,
        )
    if report.state != ReportState.SUBMITTED:
        raise ValidationFailed(
            _("line %(number)s: only a submitted report can be returned; this one is %(lower)s.")
            % {"number": report.line.number, "lower": report.get_state_display().lower()},
            field="state",
            record=record,
        )
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("is empty; say what the party should clarify."), field="reason", record=record)
    if len(reason) > 2000:
        raise ValidationFailed(_("is longer than 2,000 characters."), field="reason", record=record)
    returned = versioned_update(
        report,
        expected_version=expected_version,
        record=record,
        changes={"state": ReportState.RETURNED, "returned_reason": reason},
        update_fields=["state", "returned_reason"],
        audit=AuditTrail(actor, "plan.report_return", REPORT_FIELDS),
    )
    _returned_notify(actor=actor, report=returned)
    return returned


def _returned_notify(*, actor: SeriesViewer, report: ImplementationReport) -> None:
    period, party = report.period, report.party
    values = {
        **period_values(period, party),
        "line": report.line.number,
        "line_title": localized_of(report.line, "title"),
        "reason": report.returned_reason,
        "when": local_time(timezone.now(), period.time_zone),
    }
    plan_notify(
        kind="plan.report_returned",
        period=period,
        party=party,
        now=timezone.now(),
        subject=Text(gettext_noop("Report returned: line %(line)s of %(plan)s, %(period)s"), values),
        body=Text(
            gettext_noop(
                "The secretariat returned on %(when)s the report of %(party)s on line %(line)s, %(line_title)s, of "
                "%(plan)s for %(period)s, asking for clarification: %(reason)s\n"
                "Answer and submit the report again before the deadline, %(due)s."
            ),
            values,
        ),
        actor=actor,
        about=report,
    )
