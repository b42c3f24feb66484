"""What the reader narrows the log to (object, party, person, action, day) and the values each filter can
take in a series' log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from mufakat.accounts.models import AuditEvent, User
from mufakat.accounts.rules import SeriesViewer, can_view_audit, require
from mufakat.core.errors import ValidationFailed
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Series
from mufakat.reference.models import Party

from .actions import action_label
from .labels import type_label

# Filters ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the reader narrows the log to; empty fields do not filter."""

    object_type: str = ""
    object_id: str = ""
    party: str = ""
    person: str = ""
    action: str = ""
    day: date | None = None

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as query parameters, for links that keep them (pages, CSV)."""
        values = {
            "object_type": self.object_type,
            "object_id": self.object_id,
            "party": self.party,
            "person": self.person,
            "action": self.action,
            "day": self.day.isoformat() if self.day else "",
        }
        return {name: value for name, value in values.items() if value}


def audit_filter_parse(data: Mapping[str, Any]) -> AuditFilter:
    """Read the filters from a query string; a malformed value is refused naming its parameter."""

    def text(name: str, limit: int) -> str:
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            raise ValidationFailed(
                _("is longer than %(limit)d characters.") % {"limit": limit}, field=name, record=_("audit filter")
            )
        return value

    raw_day = text("day", 10)
    day = None
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise ValidationFailed(
                _("%(value)r is not a day; write it as YYYY-MM-DD, e.g. 2024-07-25.") % {"value": raw_day},
                field="day",
                record=_("audit filter"),
            ) from None
    return AuditFilter(
        object_type=text("object_type", 60),
        object_id=text("object_id", 40),
        party=text("party", 12).upper(),
        person=text("person", 150),
        action=text("action", 60),
        day=day,
    )


def audit_events(*, viewer: SeriesViewer, series: Series, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The series' entries this reader may read, newest first, narrowed by the filters. The day is the
    series' venue's calendar day."""
    require(
        can_view_audit(viewer) and viewer.series_id == series.pk,
        _("the audit log of a series is for its chair secretariat."),
    )
    events = AuditEvent.objects.filter(series=series).select_related("actor").order_by("-at", "-pk")
    filters = filters or AuditFilter()
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.person:
        events = events.filter(actor_username=filters.person)
    if filters.party:
        # actor_party holds the actor's party codes joined by commas ("VN" or "LA,VN").
        code = filters.party
        events = events.filter(
            Q(actor_party=code)
            | Q(actor_party__startswith=f"{code},")
            | Q(actor_party__endswith=f",{code}")
            | Q(actor_party__contains=f",{code},")
        )
    if filters.day:
        tz = series.venue.tzinfo
        start = datetime.combine(filters.day, time.min, tzinfo=tz)
        events = events.filter(at__gte=start, at__lt=start + timedelta(days=1))
    return events


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class AuditChoices:
    """The values the filters can take in this series' log, for the filter form."""

    object_types: list[Choice]
    actions: list[Choice]
    parties: list[Choice]
    people: list[Choice]


def audit_choices(*, viewer: SeriesViewer, series: Series) -> AuditChoices:
    events = audit_events(viewer=viewer, series=series).order_by()
    types = sorted(events.values_list("object_type", flat=True).distinct())
    actions = sorted(events.values_list("action", flat=True).distinct())
    codes = sorted(
        {
            code
            for joined in events.values_list("actor_party", flat=True).distinct()
            for code in joined.split(",")
            if code
        }
    )
    # Every party with a delegation in the series, not only those whose people acted yet.
    codes = sorted({*codes, *Delegation.objects.filter(series=series).values_list("party__code", flat=True)})
    usernames = sorted(events.exclude(actor_username="").values_list("actor_username", flat=True).distinct())

    names = {party.code: party.name for party in Party.objects.filter(code__in=codes)}
    full = {
        user.username: user.get_full_name() or user.username for user in User.objects.filter(username__in=usernames)
    }
    return AuditChoices(
        object_types=sorted(
            (Choice(value, type_label(value)) for value in types), key=lambda choice: choice.label.casefold()
        ),
        actions=sorted(
            (Choice(value, action_label(value)) for value in actions), key=lambda choice: choice.label.casefold()
        ),
        parties=[Choice(code, f"{names.get(code, code)} ({code})") for code in codes],
        people=[Choice(username, full.get(username, username)) for username in usernames],
    )
