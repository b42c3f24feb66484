"""Forms of the bilaterals pages. They shape and bound the input (times are wall-clock times in the venue's
time zone); the services decide (rights, versions, windows inside the series, free slots, conflicts)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from mufakat.bilaterals.enums import Level
from mufakat.bilaterals.models import BilateralRoom
from mufakat.reference.models import Party

DURATIONS = [15, 30, 45, 60, 75, 90, 120]
# Parts of the day a delegation may prefer (venue wall clock).
DAY_PARTS = {
    "morning": (time(8, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(21, 0)),
}


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed as the venue's wall clock (`<input type=datetime-local>`), returned aware in
    the venue's zone, whatever time zone the request runs in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local", "step": 900}, format="%Y-%m-%dT%H:%M")
        )
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)
        self.zone = ZoneInfo("UTC")

    def to_python(self, value: Any) -> datetime | None:
        result = super().to_python(value)
        if result is None:
            return None
        return timezone.make_naive(result).replace(tzinfo=self.zone)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone).replace(tzinfo=None)
        return value


def _zone_fields(form: forms.Form, zone: ZoneInfo) -> None:
    for field in form.fields.values():
        if isinstance(field, LocalDateTimeField):
            field.zone = zone


def _name_key(party: Party) -> str:
    """Parties in the order of their names in the page's language, diacritics aside (Ô-xtrây-li-a among the Os)."""
    name = party.name.replace("Đ", "D").replace("đ", "d")  # the one Vietnamese letter NFKD does not take apart
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _day_choices(days: Sequence[date]) -> list[tuple[str, str]]:
    return [(day.isoformat(), formats.date_format(day, "DAY_FORMAT")) for day in days]


class BilateralRequestForm(forms.Form):
    requester = forms.ChoiceField(label=_("Requested by"))
    counterparts = forms.MultipleChoiceField(
        label=_("Meet with"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One party for a bilateral, two or more for a trilateral or plurilateral meeting."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.MINISTER)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=30,
        choices=[(minutes, _("%(minutes)d minutes") % {"minutes": minutes}) for minutes in DURATIONS],
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=3,
        choices=[
            (5, _("5 – essential")),
            (4, _("4 – high")),
            (3, _("3 – normal")),
            (2, _("2 – low")),
            (1, _("1 – if time allows")),
        ],
    )
    window_start = LocalDateTimeField(label=_("Not before"), required=False)
    window_end = LocalDateTimeField(label=_("Not after"), required=False)
    preferred_day = forms.ChoiceField(label=_("Preferred day"), required=False)
    preferred_part = forms.ChoiceField(
        label=_("Preferred time of day"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("morning", _("Morning (08:00–12:00)")),
            ("afternoon", _("Afternoon (12:00–17:00)")),
            ("evening", _("Evening (17:00–21:00)")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    after = forms.TypedMultipleChoiceField(
        label=_("After"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "When both are scheduled, this meeting starts after these end (e.g. a trilateral after the bilaterals)."
        ),
    )

    def __init__(
        self,
        *args: Any,
        requesters: Sequence[Party],
        parties: Sequence[Party],
        days: Sequence[date],
        zone: ZoneInfo,
        after: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        after_field: Any = self.fields["after"]
        after_field.choices = list(after)
        self.zone = zone
        self._parties = {party.code: party for party in parties}
        requester: Any = self.fields["requester"]
        requester.choices = [(party.code, party.name) for party in requesters]
        if len(requesters) == 1:
            requester.initial = requesters[0].code
        counterparts: Any = self.fields["counterparts"]
        # A party does not meet itself: a delegation acting for one party is never offered it as a counterpart
        # (the chair, acting for any, is told by the service if it picks the requester).
        own = {requesters[0].code} if len(requesters) == 1 else set()
        counterparts.choices = [
            (party.code, party.name) for party in sorted(parties, key=_name_key) if party.code not in own
        ]
        preferred_day: Any = self.fields["preferred_day"]
        preferred_day.choices = [("", _("Any day")), *_day_choices(days)]
        _zone_fields(self, zone)

    def preferred(self) -> list[tuple[datetime, datetime]]:
        day_text, part = self.cleaned_data.get("preferred_day"), self.cleaned_data.get("preferred_part")
        if not day_text and not part:
            return []
        days = [date.fromisoformat(day_text)] if day_text else [date.fromisoformat(c) for c, _l in self._days()]
        start, end = DAY_PARTS.get(part or "", (time(0, 0), time(23, 59)))
        return [
            (datetime.combine(day, start, tzinfo=self.zone), datetime.combine(day, end, tzinfo=self.zone))
            for day in days
        ]

    def _days(self) -> list[tuple[str, str]]:
        field: Any = self.fields["preferred_day"]
        return [(str(code), str(label)) for code, label in field.choices if code]

    def request_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "requester": self._parties[data["requester"]],
            "counterparts": [self._parties[code] for code in data["counterparts"]],
            "level": data["level"],
            "duration_minutes": data["duration_minutes"],
            "priority": data["priority"],
            "window_start": data["window_start"],
            "window_end": data["window_end"],
            "preferred": self.preferred(),
            "note": data["note"],
            "after": data.get("after") or [],
        }


class RespondForm(forms.Form):
    party = forms.CharField(widget=forms.HiddenInput, max_length=12)
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PresenceForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, widget=forms.HiddenInput)
    arrives_at = LocalDateTimeField(label=_("Arrives"), required=False, help_text=_("Empty: there from the start."))
    departs_at = LocalDateTimeField(label=_("Departs"), required=False, help_text=_("Empty: there to the end."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _zone_fields(self, zone)


class BlockedPeriodForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.MINISTER)
    starts_at = LocalDateTimeField(label=_("From"))
    ends_at = LocalDateTimeField(label=_("Until"))
    note = forms.CharField(label=_("What"), required=False, max_length=240)

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _zone_fields(self, zone)


class SolveForm(forms.Form):
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=120, initial=20)


class MoveForm(forms.Form):
    day = forms.ChoiceField(label=_("Day"))
    start = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "step": 900})
    )
    room = forms.ChoiceField(label=_("Room"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, *args: Any, days: Sequence[date], rooms: Sequence[BilateralRoom], zone: ZoneInfo, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self._rooms = {str(room.pk): room for room in rooms}
        day: Any = self.fields["day"]
        day.choices = _day_choices(days)
        room: Any = self.fields["room"]
        room.choices = [
            (str(r.pk), _("%(room)s (%(seats)d delegations)") % {"room": r.room.name, "seats": r.capacity})
            for r in rooms
        ]

    def move_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts_at = datetime.combine(date.fromisoformat(data["day"]), data["start"], tzinfo=self.zone)
        return {"starts_at": starts_at, "room": self._rooms[data["room"]], "expected_version": data["version"]}


def move_initial(starts_at: datetime, room_id: int, version: int, zone: ZoneInfo) -> dict[str, Any]:
    local = starts_at.astimezone(zone)
    return {"day": local.date().isoformat(), "start": local.time(), "room": str(room_id), "version": version}
