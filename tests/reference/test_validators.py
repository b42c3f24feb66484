"""The period rules shared by the loader, the admin and the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mufakat.core.errors import ValidationFailed
from mufakat.reference.validators import Period, validate_no_overlap, validate_period

days = st.dates(min_value=date(1960, 1, 1), max_value=date(2100, 12, 31))
open_or_day = st.none() | days


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start, end = draw(open_or_day), draw(open_or_day)
    if start and end and end < start:
        start, end = end, start
    return Period(start, end)


@given(periods(), periods())
def test_period_overlaps_is_symmetric(first: Period, second: Period) -> None:
    assert first.overlaps(second) == second.overlaps(first)


@given(periods(), days)
def test_period_overlaps_whenever_both_contain_a_day(first: Period, day: date) -> None:
    single = Period(day, day)

    assert first.overlaps(single) == first.contains(day)


@given(days, days)
def test_period_ending_the_day_before_another_starts_does_not_overlap(start: date, other_start: date) -> None:
    later = max(start, other_start) + timedelta(days=1)
    earlier = Period(min(start, other_start), later - timedelta(days=1))

    assert not earlier.overlaps(Period(later, None))


def test_period_str_names_open_ends() -> None:
    assert [str(Period(None, None)), str(Period(date(2022, 11, 11), None)), str(Period(None, date(2025, 10, 25)))] == [
        "… to open",
        "2022-11-11 to open",
        "… to 2025-10-25",
    ]


def test_validate_period_end_before_start_names_valid_to() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_period(Period(date(2024, 1, 2), date(2024, 1, 1)), record="framework X member Y")

    assert caught.value.as_dict() == {
        "detail": "valid_to 2024-01-01 is before valid_from 2024-01-02; the end must not precede the start.",
        "field": "valid_to",
        "record": "framework X member Y",
    }


def test_validate_no_overlap_single_day_periods_sharing_the_day() -> None:
    day = date(2024, 7, 25)

    with pytest.raises(ValidationFailed) as caught:
        validate_no_overlap([("a", Period(day, day)), ("b", Period(day, day))], record="r")

    assert caught.value.message == (
        "validity 2024-07-25 to 2024-07-25 (b) overlaps 2024-07-25 to 2024-07-25 (a); "
        "end the earlier membership before the next one starts."
    )
