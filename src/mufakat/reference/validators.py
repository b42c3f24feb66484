"""Checks shared by the data loader, the admin and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed


@dataclass(frozen=True)
class Period:
    """An inclusive date range; None is an open end."""

    start: date | None
    end: date | None

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Period) -> bool:
        starts_before_other_ends = self.start is None or other.end is None or self.start <= other.end
        other_starts_before_self_ends = other.start is None or self.end is None or other.start <= self.end
        return starts_before_other_ends and other_starts_before_self_ends

    def __str__(self) -> str:
        return f"{self.start or '…'} to {self.end or 'open'}"


def validate_period(period: Period, *, record: str) -> None:
    if period.start and period.end and period.end < period.start:
        raise ValidationFailed(
            _("valid_to %(end)s is before valid_from %(start)s; the end must not precede the start.")
            % {"end": period.end, "start": period.start},
            field="valid_to",
            record=record,
        )


def validate_no_overlap(periods: Iterable[tuple[str, Period]], *, record: str) -> None:
    """Refuse two validity periods of one party in one framework that share a day."""
    seen: list[tuple[str, Period]] = []
    for label, period in periods:
        for other_label, other in seen:
            if period.overlaps(other):
                raise ValidationFailed(
                    _(
                        "validity %(period)s (%(label)s) overlaps %(other)s (%(other_label)s); end the "
                        "earlier membership before the next one starts."
                    )
                    % {"period": period, "label": label, "other": other, "other_label": other_label},
                    field="valid_from",
                    record=record,
                )
        seen.append((label, period))
