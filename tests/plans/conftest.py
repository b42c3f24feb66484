"""Fixtures of the plans tests: the plans demo (SEANWFZ Plan of Action with its 2023 and 2024 reports and the
review of 23 July 2024; the Mekong–U.S. Plan of Action, just adopted) on top of the AMM-57 delegations demo,
and the AMM-57 meetings that review or adopted them."""

from __future__ import annotations

import pytest

from mufakat.demo.delegations import DemoLogin
from mufakat.meetings.models import Meeting
from mufakat.plans.models import Plan
from tests.factories.plans import demo_meeting, demo_plans


@pytest.fixture
def plans_demo(delegations_demo: list[DemoLogin]) -> dict[str, Plan]:
    return demo_plans()


@pytest.fixture
def excom(delegations_demo: list[DemoLogin]) -> Meeting:
    """The SEANWFZ Executive Committee of 23 July 2024 (AMM-57)."""
    return demo_meeting("SEANWFZ-EXCOM")


@pytest.fixture
def ministerial(delegations_demo: list[DemoLogin]) -> Meeting:
    """The 3rd Mekong–U.S. Partnership Ministerial of 27 July 2024 (AMM-57)."""
    return demo_meeting("MUSP-MIN")
