"""Forms of the programme, agenda and recommendation pages. They shape and bound the input; the services
decide (rights, versions, times inside the meeting's dates, rooms of the venue)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.meetings.enums import RecommendationSubject, SessionKind, SessionStatus
from mufakat.meetings.models import Meeting, ProgrammeRelease, Room, Session
from mufakat.meetings.selectors import AgendaNode

MAX_ACKNOWLEDGED = 500


class SessionForm(forms.Form):
    """A new session: the day and times are wall-clock times in the venue's time zone."""

    title_en = forms.CharField(label=_("Session title (English)"), max_length=240)
    title_vi = forms.CharField(label=_("Session title (Vietnamese)"), max_length=300, required=False)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "step": 300})
    )
    ends_at = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "step": 300})
    )
    room = forms.ChoiceField(label=_("Room"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, initial=SessionKind.PLENARY)

    def __init__(self, *args: Any, rooms: Sequence[Room], time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rooms = {str(room.pk): room for room in rooms}
        self.zone = ZoneInfo(time_zone)
        room: Any = self.fields["room"]
        room.choices = [("", _("No room yet")), *((str(r.pk), r.name) for r in rooms)]

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone)

    def session_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title_en": data["title_en"],
            "title_vi": data["title_vi"],
            "kind": data["kind"],
            "room": self._rooms.get(data["room"] or ""),
            "starts_at": self._at(data["day"], data["starts_at"]),
            "ends_at": self._at(data["day"], data["ends_at"]),
        }

    @staticmethod
    def initial_from(session: Session, zone: ZoneInfo) -> dict[str, Any]:
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        return {
            "title_en": session.title_en,
            "title_vi": session.title_vi,
            "day": start.date(),
            "starts_at": start.time().replace(second=0, microsecond=0),
            "ends_at": end.time().replace(second=0, microsecond=0),
            "room": str(session.room_id or ""),
            "kind": session.kind,
            "status": session.status,
            "version": session.version,
        }


class SessionEditForm(SessionForm):
    status = forms.ChoiceField(label=_("Status"), choices=SessionStatus.choices, widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def session_data(self) -> dict[str, Any]:
        return {**super().session_data(), "status": self.cleaned_data["status"]}


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the release"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. As reviewed and finalised by the SOM."),
    )

    def acknowledged(self) -> list[str]:
        """The conflict keys ticked; the service checks them against the conflicts it finds now."""
        data: Any = self.data
        keys = data.getlist("acknowledged") if hasattr(data, "getlist") else data.get("acknowledged", [])
        return [str(key)[:400] for key in keys[:MAX_ACKNOWLEDGED]]


class AgendaItemForm(forms.Form):
    title_en = forms.CharField(label=_("Item (English)"), max_length=400)
    title_vi = forms.CharField(label=_("Item (Vietnamese)"), max_length=500, required=False)
    parent = forms.ChoiceField(label=_("Under"), required=False)
    agenda_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, agenda: Sequence[tuple[int, AgendaNode]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._items = {str(node.item.pk): node.item for _depth, node in agenda}
        parent: Any = self.fields["parent"]
        parent.choices = [
            ("", _("Top level (a new item)")),
            *((str(node.item.pk), f"{node.number} {node.item.title}") for _depth, node in agenda),
        ]

    def parent_item(self) -> Any:
        return self._items.get(self.cleaned_data.get("parent") or "")


class AgendaRemoveForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    agenda_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RecommendationForm(forms.Form):
    to_meeting = forms.ChoiceField(label=_("Recommended to"))
    subject = forms.ChoiceField(
        label=_("Subject"),
        choices=[
            (RecommendationSubject.PROGRAMME, RecommendationSubject.PROGRAMME.label),
            (RecommendationSubject.AGENDA, RecommendationSubject.AGENDA.label),
            (RecommendationSubject.DOCUMENT_LIST, RecommendationSubject.DOCUMENT_LIST.label),
        ],
    )
    release = forms.ChoiceField(label=_("Programme release"), required=False, help_text=_("Only for the programme."))
    text_en = forms.CharField(label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    text_vi = forms.CharField(label=_("Text (Vietnamese)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, to_meetings: Sequence[Meeting], releases: Sequence[ProgrammeRelease], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._meetings = {str(m.pk): m for m in to_meetings}
        self._releases = {str(r.pk): r for r in releases}
        to_meeting: Any = self.fields["to_meeting"]
        to_meeting.choices = [(str(m.pk), m.title) for m in to_meetings]
        release: Any = self.fields["release"]
        release.choices = [("", "—"), *((str(r.pk), f"v{r.number}") for r in releases)]
        if releases:
            release.initial = str(releases[0].pk)

    def recommendation_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "to_meeting": self._meetings[data["to_meeting"]],
            "subject": data["subject"],
            "release": self._releases.get(data["release"] or "")
            if data["subject"] == RecommendationSubject.PROGRAMME
            else None,
            "text_en": data["text_en"],
            "text_vi": data["text_vi"],
        }


class RecommendationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("adopted", _("Adopted")), ("not_adopted", _("Not adopted"))])
