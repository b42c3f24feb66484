"""`clock_set_to`: the demo's records are written as of the demo clock, then the real clock is back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mufakat.accounts.audit import audit_record
from mufakat.accounts.models import AuditEvent, User
from mufakat.accounts.rules import viewer_for
from mufakat.core.clock import clock_set_to
from mufakat.demo.clock import DEMO_NOW, demo_clock

VIENTIANE = ZoneInfo("Asia/Vientiane")
AT = datetime(2024, 7, 27, 20, 0, tzinfo=VIENTIANE)


def test_clock_set_to_answers_the_moment_and_ticks_on() -> None:
    with clock_set_to(AT):
        first, second = timezone.now(), timezone.now()
        today = timezone.localdate()

    assert AT <= first <= second < AT + timedelta(seconds=5)
    assert (first.tzinfo, today) == (UTC, AT.date())
    assert timezone.now() > datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.django_db
def test_clock_set_to_dates_defaults_and_auto_now_add() -> None:
    with clock_set_to(AT):
        user = User.objects.create_user(username="dated")  # date_joined: default=timezone.now
        entry = audit_record(viewer=viewer_for(user, None), action="test.touch", obj=user)  # at: default

    assert (user.date_joined.astimezone(VIENTIANE).date(), entry.at.astimezone(VIENTIANE).date()) == (
        AT.date(),
        AT.date(),
    )
    assert AuditEvent.objects.get(pk=entry.pk).at < AT + timedelta(seconds=5)


def test_clock_set_to_keeps_isinstance_and_restores_the_real_clock() -> None:
    real = timezone.now()
    with clock_set_to(AT):
        assert timezone.template_localtime(real) == timezone.localtime(real)

    assert timezone.now() >= real


def test_clock_set_to_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="aware"), clock_set_to(datetime(2024, 7, 27, 20, 0)):  # noqa: DTZ001 - naive on purpose
        pass


def test_demo_clock_refuses_a_moment_after_the_demo_clock() -> None:
    with pytest.raises(ValueError, match="after the demo clock"), demo_clock(DEMO_NOW + timedelta(minutes=1)):
        pass
