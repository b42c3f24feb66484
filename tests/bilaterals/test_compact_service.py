"""Compact days through the service: the series' gap fairness setting, checked and saved, reaches the solver,
and the saved schedule keeps the idle gaps the independent recount finds."""

from __future__ import annotations

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.scheduler.validate import recount_gaps
from mufakat.bilaterals.services import bilateral_schedule_solve, bilateral_settings_update
from mufakat.core.errors import ValidationFailed
from mufakat.meetings.models import Series


def test_settings_gap_fairness_is_saved_and_checked(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    saved = bilateral_settings_update(actor=chair_secretariat, series=bilateral_requests_demo, gap_fairness=0)
    with pytest.raises(ValidationFailed) as wide:
        bilateral_settings_update(actor=chair_secretariat, series=bilateral_requests_demo, gap_fairness=21)

    assert saved.gap_fairness == 0
    assert (wide.value.field, wide.value.record, wide.value.message) == (
        "gap_fairness",
        "bilateral settings of amm-57",
        "21 is not a whole number of idle gaps between 0 and 20.",
    )


def test_solve_runs_with_the_series_gap_fairness_and_saves_the_gaps(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    bilateral_settings_update(actor=chair_secretariat, series=bilateral_requests_demo, gap_fairness=1)

    outcome = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)

    schedule = outcome.schedule
    assert (schedule.gap_fairness, schedule.gaps, schedule.gaps_bound) == (
        1,
        outcome.result.gaps,
        outcome.result.gaps_bound,
    )
    assert schedule.gaps_by_principal == outcome.result.gaps_by_principal
    assert schedule.gaps == sum(schedule.gaps_by_principal.values())
    assert recount_gaps(outcome.built.instance, outcome.result.assignments) == schedule.gaps_by_principal
