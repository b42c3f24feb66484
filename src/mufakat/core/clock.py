"""A clock set to another moment, for loaders that write a story set in the past (the demo).

`timezone.now()` is what every service, `auto_now_add` field and `default=timezone.now` field reads; all of
them end in `datetime.now` as `django.utils.timezone` imported it. Inside `clock_set_to(at)` that name
answers `at` plus the time elapsed since entering, so records keep their order and the story reads as if
it were written then. The web app never enters it: it always runs on the real clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, tzinfo

from django.utils import timezone as django_timezone

_lock = threading.RLock()


class _SetClock(type):
    """Metaclass so `isinstance(value, datetime)` inside django.utils.timezone stays true for real datetimes."""

    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, datetime)


def _datetime_answering(at: datetime) -> type[datetime]:
    started = time.monotonic()

    class SetDatetime(datetime, metaclass=_SetClock):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            moment = at + timedelta(seconds=time.monotonic() - started)
            return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)

    return SetDatetime


@contextmanager
def clock_set_to(at: datetime) -> Iterator[datetime]:
    """Run the block as if the time were `at` (aware), ticking on from there. Nests: the inner moment wins
    until its block ends. Process-wide: for command-line loaders and tests, never for a serving process."""
    if at.tzinfo is None:
        raise ValueError("clock_set_to needs an aware time.")
    with _lock:
        previous = django_timezone.datetime  # type: ignore[attr-defined]
        django_timezone.datetime = _datetime_answering(at)  # type: ignore[attr-defined]
        try:
            yield at
        finally:
            django_timezone.datetime = previous  # type: ignore[attr-defined]
