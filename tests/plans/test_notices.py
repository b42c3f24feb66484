"""Plan-of-action notices: a returned report (with the reason) told to the reporting party's people; reporting
reminders 14 and 3 days before the deadline and a missed deadline after it, raised once each however often
the sweep runs, only to parties that still owe reports, and never to someone who may not see the plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mufakat.accounts.classification import Classification
from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.jobs.worker import SWEEPS
from mufakat.meetings.models import Series
from mufakat.notifications.models import Notice
from mufakat.plans.models import Plan, ReportingPeriod
from mufakat.plans.services import reporting_reminders_due
from mufakat.reference.models import Framework, Party
from tests.factories.accounts import account_create
from tests.factories.notices import notices, told
from tests.factories.plans import crafted_plan, crafted_reports, period_open, report_submit

DUE = datetime(2026, 1, 30, 10, 0, tzinfo=UTC)  # 17:00 in Bangkok


@pytest.fixture
def people(amm_57: Series, member_delegate: SeriesViewer, observer: SeriesViewer) -> Series:
    """vn.focal and vn.delegate (Viet Nam), th.focal (Thailand), kh.focal (Cambodia); LA has no one."""
    account_create(username="th.focal", series=amm_57, role=SeriesRole.FOCAL_POINT, party_code="TH")
    account_create(username="kh.focal", series=amm_57, role=SeriesRole.FOCAL_POINT, party_code="KH")
    return amm_57


@pytest.fixture
def period(people: Series) -> ReportingPeriod:
    """The crafted Mekong–U.S. plan's 2025 period, due 30 January 2026: every member owes line 1.1.2, KH and LA
    line 1.1.1 too, TH and VN line 2.1.1."""
    return period_open(crafted_plan(), "2025", due_at=DUE, time_zone="Asia/Bangkok")


def test_a_returned_report_is_told_to_the_reporting_partys_people(people: Series) -> None:
    _frozen, second = crafted_reports(crafted_plan())

    (notice,) = notices("plan.report_returned")
    assert told("plan.report_returned") == {"vn.focal", "vn.delegate"}
    assert notice.subject_in("en") == "Report returned: line 2.1.1 of Crafted plan of action (test), 2025"
    assert "asking for clarification: Which provinces?" in notice.body_in("en")
    assert notice.body_in("en").endswith("before the deadline, 31 January 2026, 17:00 (Asia/Bangkok).")
    assert notice.link == f"/series/amm-57/plans/{second.plan_id}/reports/?party=VN"
    assert (notice.deadline, notice.deadline_zone) == (second.due_at, "Asia/Bangkok")


def test_reminders_come_14_and_3_days_ahead_and_once_missed_each_once(period: ReportingPeriod) -> None:
    assert reporting_reminders_due(now=DUE - timedelta(days=15)) == 0

    fortnight = DUE - timedelta(days=14) + timedelta(hours=1)
    # Cambodia, Thailand and Viet Nam owe reports and have people; Lao PDR owes too but has no one to tell.
    assert reporting_reminders_due(now=fortnight) == 3
    assert reporting_reminders_due(now=fortnight + timedelta(hours=6)) == 0  # the next sweep, or another worker
    assert told("plan.report_due") == {"kh.focal", "th.focal", "vn.focal", "vn.delegate"}
    vn = next(n for n in notices("plan.report_due") if n.key == f"plan-report:{period.pk}:{_pk('VN')}:due14")
    assert vn.subject_in("en") == "Reports due in 14 days: Crafted plan of action (test), 2025"
    assert vn.body_in("en") == (
        "Viet Nam has not yet submitted its reports on 2 of its 2 action lines of Crafted plan of action (test) "
        "for 2025. They are due on 30 January 2026, 17:00 (Asia/Bangkok)."
    )
    assert vn.link == f"/series/amm-57/plans/{period.plan_id}/reports/?party=VN"

    for line, code in [("1.1.2", "VN"), ("2.1.1", "VN"), ("1.1.1", "KH"), ("1.1.2", "KH"), ("1.1.2", "TH")]:
        report_submit(period.plan, period, line, code, "ongoing", 30)
    assert reporting_reminders_due(now=DUE - timedelta(days=2)) == 1  # Thailand only (one line of two to go)
    assert reporting_reminders_due(now=DUE - timedelta(days=1)) == 0
    assert {n.key for n in notices("plan.report_due")} == {
        f"plan-report:{period.pk}:{_pk(code)}:due14" for code in ("KH", "TH", "VN")
    } | {f"plan-report:{period.pk}:{_pk('TH')}:due3"}

    assert reporting_reminders_due(now=DUE + timedelta(minutes=1)) == 1
    assert reporting_reminders_due(now=DUE + timedelta(days=1)) == 0
    assert told("plan.report_missed") == {"th.focal"}
    (missed,) = notices("plan.report_missed")
    assert missed.subject_in("en") == "Reporting deadline missed: Crafted plan of action (test), 2025"
    assert missed.body_in("en").startswith(
        "The reports of Thailand on 1 of its 2 action lines of Crafted plan of action (test) for 2025 were due on "
        "30 January 2026, 17:00 (Asia/Bangkok) and have not been submitted."
    )
    assert reporting_reminders_due(now=DUE + timedelta(days=30)) == 0


def test_a_late_first_sweep_sends_only_the_reminder_now_due(period: ReportingPeriod) -> None:
    assert reporting_reminders_due(now=DUE - timedelta(days=1)) == 3

    assert {n.key.rsplit(":", 1)[1] for n in Notice.objects.all()} == {"due3"}


def test_a_frozen_period_reminds_no_one(period: ReportingPeriod) -> None:
    ReportingPeriod.objects.filter(pk=period.pk).update(frozen_at=DUE - timedelta(days=20))

    assert reporting_reminders_due(now=DUE - timedelta(days=2)) == 0


@pytest.mark.parametrize(
    ("asean_only", "expected"), [(False, {"th.focal", "us.focal"}), (True, {"th.focal"})], ids=["public", "asean"]
)
def test_no_reminder_quotes_a_plan_to_someone_who_may_not_see_it(
    people: Series, asean_only: bool, expected: set[str]
) -> None:
    """A plan of the Mekong–U.S. Partnership with a line the United States and Thailand answer for: public,
    both are reminded; restricted to ASEAN, the United States' people may not see it and are not told."""
    account_create(username="us.focal", series=people, role=SeriesRole.FOCAL_POINT, party_code="US")
    plan = crafted_plan(
        classification=Classification.RESTRICTED if asean_only else Classification.PUBLIC,
        outline="number,title_en,responsible,target_year\n1,Area,,\n1.1,Measure,,\n1.1.1,Line,TH US,2025\n",
    )
    if asean_only:
        Plan.objects.filter(pk=plan.pk).update(restricted_to=Framework.objects.get(code="ASEAN"))
    period_open(plan, "2025", due_at=DUE, time_zone="Asia/Bangkok")

    reporting_reminders_due(now=DUE - timedelta(days=3))

    assert told("plan.report_due") == expected


def test_the_sweep_is_registered_with_the_worker() -> None:
    assert "mufakat.plans.services.reporting_reminders_due" in SWEEPS


def _pk(code: str) -> int:

    return Party.objects.get(code=code).pk
