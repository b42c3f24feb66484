"""Every plan service checks its actor and writes its audit entry: there is no actor=None any more. Set-up
code passes the system actor, which is audited as such; a missing actor is an error."""

from __future__ import annotations

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import PermissionDenied
from mufakat.plans.models import Plan, ReportingPeriod
from mufakat.plans.rules import can_report_for
from mufakat.plans.services import line_add, period_create, plan_revision_record
from mufakat.reference.models import Party
from tests.factories.plans import SETUP, crafted_plan, period_open, report_submit


@pytest.fixture
def plan(reference_data: object) -> Plan:
    return crafted_plan()


def test_a_service_called_without_an_actor_is_an_error_and_writes_nothing(plan) -> None:
    with pytest.raises(TypeError):
        line_add(plan_id=plan.pk, title_en="Area three")  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        line_add(actor=None, plan_id=plan.pk, title_en="Area three")  # type: ignore[arg-type]
    assert not plan.lines.filter(title_en="Area three").exists()


def test_set_up_writes_are_audited_as_the_system_with_their_purpose(plan) -> None:
    entries = list(
        AuditEvent.objects.filter(action__in=["plan.create", "plan.outline_import"])
        .order_by("pk")
        .values_list("action", "actor_username", "actor_role", "actor")
    )
    assert entries == [
        ("plan.create", "test set-up", "system", None),
        ("plan.outline_import", "test set-up", "system", None),
    ]
    revision = plan_revision_record(actor=SETUP, plan_id=plan.pk, note="As adopted.")
    assert revision.recorded_by is None
    assert AuditEvent.objects.filter(action="plan.revision_record", actor_role="system").count() == 1


def test_a_delegation_cannot_open_a_reporting_period_the_check_always_runs(plan, member_focal_point) -> None:
    with pytest.raises(PermissionDenied) as refused:
        period_create(
            actor=member_focal_point,
            plan_id=plan.pk,
            label="2030",
            starts_on="2030-01-01",  # type: ignore[arg-type]
            ends_on="2030-12-31",  # type: ignore[arg-type]
            due_at=None,  # type: ignore[arg-type]
            time_zone="Asia/Bangkok",
        )
    assert (
        refused.value.message == "only the secretariats (the chair's and the ASEAN Secretariat) manage plans of action."
    )
    assert not ReportingPeriod.objects.filter(plan=plan).exists()


def test_the_system_enters_reports_for_any_party_a_person_secretariat_for_none(
    plan, chair_secretariat, member_focal_point
) -> None:
    vn = Party.objects.get(code="VN")
    assert can_report_for(SeriesViewer.system(None, purpose="demo loader"), vn.pk)
    assert not can_report_for(chair_secretariat, vn.pk)
    assert can_report_for(member_focal_point, vn.pk)
    report = report_submit(plan, period_open(plan, "2024"), "1.1.1", "KH", "ongoing", 10)
    assert (report.state, report.submitted_by) == ("submitted", None)
    entry = AuditEvent.objects.filter(action="plan.report_submit").order_by("pk").last()
    assert (entry.actor_username, entry.actor_role) == ("test set-up", "system")
