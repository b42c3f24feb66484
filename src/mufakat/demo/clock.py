"""The demo's clock. The demo is set in July 2024: `DEMO_NOW` is its clock. Every time the demo loaders write
(created, circulated, taken, submitted at ...) is read from that clock or from an earlier moment of the story
(`demo_clock`), never from the day the demo is loaded. The app keeps the real clock, so pages carry a banner
saying so (the loaded series are marked with `Series.demo_as_of`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from mufakat.core.clock import clock_set_to
from mufakat.notifications.services import notices_held

VIENTIANE = ZoneInfo("Asia/Vientiane")
# The demo clock: the evening of 27 July 2024, the last day of the AMM-57 week, after the ARF and the Chair's
# press conference. Nothing in the demo happens later than this.
DEMO_NOW = datetime(2024, 7, 27, 20, 0, tzinfo=VIENTIANE)
# When the chair secretariat set up the week in the workbench (series, meetings, sessions).
DEMO_SET_UP = datetime(2024, 7, 1, 9, 0, tzinfo=VIENTIANE)


@contextmanager
def demo_clock(at: datetime = DEMO_NOW) -> Iterator[datetime]:
    """Write the block's records as of `at`, a moment of the demo's story (never after `DEMO_NOW`). The story
    raises no notices: it happened in 2024 and is told to no one on the day the demo is loaded."""
    if at > DEMO_NOW:
        raise ValueError(f"{at.isoformat()} is after the demo clock {DEMO_NOW.isoformat()}.")
    with clock_set_to(at) as moment, notices_held():
        yield moment


def july_2024(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the AMM-57 story: that day of July 2024, at that time in Vientiane."""
    return datetime.combine(date(2024, 7, day), time(hour, minute), tzinfo=VIENTIANE)
