"""The chair's form to record the next step of a document's journey (on the journey page). The meetings
offered are those of the year before the deciding meeting up to it, in any series or none; the service
decides what is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from mufakat.documents.enums import JourneyAction
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.enums import DatePrecision
from mufakat.meetings.models import Meeting

WINDOW = timedelta(days=366)


def journey_meetings(document: OutcomeDocument) -> list[Meeting]:
    """The meetings a step may name: from a year before the deciding meeting until its end."""
    home = document.meeting
    return list(
        Meeting.objects.select_related("body")
        .filter(start_date__gte=home.start_date - WINDOW, start_date__lte=home.end_date)
        .exclude(date_precision=DatePrecision.YEAR)
        .order_by("start_date", "body__code")
    )


class JourneyStepForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("What it did"), choices=JourneyAction.choices)
    meeting = forms.ChoiceField(label=gettext_lazy("Meeting"), required=False)
    procedure_en = forms.CharField(label=gettext_lazy("or an intersessional procedure"), required=False, max_length=240)
    on = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=gettext_lazy("Defaults to the meeting's first day."),
    )
    version = forms.IntegerField(label=gettext_lazy("Draft produced (number)"), required=False, min_value=1)
    recommended_to = forms.ChoiceField(label=gettext_lazy("Recommended to"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        choices = [
            ("", "—"),
            *((str(m.pk), f"{date_format(m.start_date, 'DATE_FORMAT')} · {m.title}") for m in meetings),
        ]
        for name in ("meeting", "recommended_to"):
            field: Any = self.fields[name]
            field.choices = choices

    def meeting_of(self, name: str) -> Meeting | None:
        value = self.cleaned_data.get(name) or ""
        return self.meetings.get(value)
