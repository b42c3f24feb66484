"""Two workers sweeping at the same moment raise each reporting reminder once: the notice key is unique, and
the worker that loses the insert skips it without an error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mufakat.accounts.enums import SeriesRole
from mufakat.meetings.models import Series
from mufakat.notifications.models import Notice, Notification
from mufakat.plans.services import reporting_reminders_due
from tests.factories.accounts import account_create
from tests.factories.plans import crafted_plan, period_open
from tests.races.conftest import race

DUE = datetime(2026, 1, 30, 10, 0, tzinfo=UTC)


def test_two_workers_sweeping_at_once_raise_each_reminder_once(amm_57: Series) -> None:
    account_create(username="th.focal", series=amm_57, role=SeriesRole.FOCAL_POINT, party_code="TH")
    period_open(crafted_plan(), "2025", due_at=DUE, time_zone="Asia/Bangkok")

    outcomes = race(2, lambda _: reporting_reminders_due(now=DUE - timedelta(days=3)))

    assert [outcome.error for outcome in outcomes] == [None, None]
    assert sum(outcome.value for outcome in outcomes) == 2  # Thailand and Viet Nam, each by one worker
    assert sorted(Notice.objects.values_list("kind", flat=True)) == ["plan.report_due", "plan.report_due"]
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["th.focal", "vn.focal"]
