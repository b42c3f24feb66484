"""Forms of the plans-of-action pages. They shape and bound the input; the plans services decide (rights,
numbering, responsibility, frozen periods, versions)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mufakat.accounts.classification import Classification
from mufakat.meetings.models import Meeting
from mufakat.plans.enums import PlanStatus, ReportStatus
from mufakat.plans.outline import party_codes
from mufakat.reference.models import Framework, Party
from mufakat.web.fields import TimeZoneField

MAX_UPLOAD = 5 * 1024 * 1024


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.title} ({formats.date_format(meeting.start_date, 'DATE_FORMAT')})"


class PlanForm(forms.Form):
    title_en = forms.CharField(label=pgettext_lazy("text title", "Title (English)"), max_length=300)
    title_vi = forms.CharField(label=pgettext_lazy("text title", "Title (Vietnamese)"), max_length=400, required=False)
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    start_year = forms.IntegerField(label=_("First year"), min_value=1967, max_value=2200)
    end_year = forms.IntegerField(label=_("Last year"), min_value=1967, max_value=2200)
    adopted_at_meeting = forms.ModelChoiceField(
        label=_("Adopted at"), queryset=Meeting.objects.none(), required=False, help_text=_("A meeting of this series.")
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        initial=Classification.RESTRICTED,
        widget=forms.RadioSelect,
    )
    restricted_to = forms.ModelChoiceField(
        label=_("Restricted to the members of"),
        queryset=Framework.objects.none(),
        required=False,
        help_text=_("Only for a restricted plan; empty: the plan's own framework."),
    )
    confidential_to = forms.MultipleChoiceField(
        label=_("Confidential to"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, frameworks: Any, meetings: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("framework", "restricted_to"):
            field: Any = self.fields[name]
            field.queryset = frameworks
            field.label_from_instance = lambda framework: f"{framework.name} ({framework})"
        meeting_field: Any = self.fields["adopted_at_meeting"]
        meeting_field.queryset = meetings
        meeting_field.label_from_instance = _meeting_label
        confidential: Any = self.fields["confidential_to"]
        confidential.choices = [(party.code, party.name) for party in parties]
        self._parties = {party.code: party for party in parties}

    def confidential_parties(self) -> list[Party]:
        return [self._parties[code] for code in self.cleaned_data.get("confidential_to") or []]

    def plan_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in ("title_en", "title_vi", "start_year", "end_year", "adopted_at_meeting", "classification")
        }
        data["restricted_to"] = self.cleaned_data["restricted_to"]
        data["confidential_to"] = self.confidential_parties()
        return data


class PlanEditForm(PlanForm):
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["framework"]


class OutlineImportForm(forms.Form):
    file = forms.FileField(
        label=_("Outline"),
        help_text=_(
            "A CSV file (columns number, title_en, title_vi, text_en, text_vi, lead, responsible, target_year, "
            "indicator_en, indicator_vi) or a Word document (.docx) with numbered paragraphs such as "
            "“1. Nuclear safety”, “1.1 …”, “1.1.1 …”."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".docx")):
            raise ValidationError(_("Send a .csv or a .docx file."), code="type")
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 5 MB."), code="size")
        return upload


class PartyCodesField(forms.CharField):
    """Party codes separated by spaces or commas ("TH VN"), resolved to parties."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return list(party_codes(str(value or "")))

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value: Any) -> list[Party]:
        codes = self.to_python(value)
        self.validate(codes)
        found = {party.code: party for party in Party.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(
                _("No party with code %(codes)s."), code="unknown", params={"codes": ", ".join(unknown)}
            )
        return [found[code] for code in dict.fromkeys(codes)]


class LineForm(forms.Form):
    title_en = forms.CharField(label=pgettext_lazy("text title", "Title (English)"), max_length=500)
    title_vi = forms.CharField(label=pgettext_lazy("text title", "Title (Vietnamese)"), max_length=600, required=False)
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    text_vi = forms.CharField(label=_("Text (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    target_year = forms.IntegerField(label=_("Target year"), min_value=1967, max_value=2200, required=False)
    indicator_en = forms.CharField(label=_("Indicator (English)"), max_length=2000, required=False)
    indicator_vi = forms.CharField(label=_("Indicator (Vietnamese)"), max_length=2000, required=False)
    lead = PartyCodesField(label=_("Lead parties"), required=False, help_text=_("Party codes, e.g. TH VN."))
    responsible = PartyCodesField(
        label=_("Responsible parties"),
        required=False,
        help_text=_("Party codes; empty: every member of the plan's framework."),
    )

    def line_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in LineForm.base_fields if name != "responsible"}
        data["responsible"] = self.cleaned_data["responsible"] or None
        return data


class LineAddForm(LineForm):
    parent = forms.TypedChoiceField(label=_("Under"), coerce=int, required=False, empty_value=None)

    field_order = ["parent"]

    def __init__(self, *args: Any, parents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent: Any = self.fields["parent"]
        parent.choices = [("", _("— a new area —")), *parents]


class LineEditForm(LineForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DiscontinueForm(forms.Form):
    discontinued = forms.TypedChoiceField(coerce=lambda value: value == "yes", choices=[("yes", "yes"), ("no", "no")])
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RevisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Amended by"), queryset=Meeting.objects.none(), required=False, help_text=_("Empty: as adopted.")
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = _meeting_label


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=40, help_text=_("e.g. 2025"))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label=_("Reports due on"), widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(label=_("at"), initial="17:00", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = TimeZoneField(label=_("Time zone"), initial="Asia/Jakarta", first=["Asia/Jakarta"])
    review_meeting = forms.ModelChoiceField(label=_("Taken up by"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["review_meeting"]
        field.queryset = meetings
        field.label_from_instance = _meeting_label

    def due_at(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["due_date"], data["due_time"], tzinfo=zoneinfo.ZoneInfo(data["time_zone"]))


class ReportForm(forms.Form):
    """One party's report on one action line; `prefix` tells the forms of a page apart."""

    line = forms.CharField(widget=forms.HiddenInput, max_length=32)
    period = forms.CharField(widget=forms.HiddenInput, max_length=40)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, widget=forms.NumberInput(attrs={"step": 5})
    )
    narrative = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One web address per line."),
    )

    def report_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "line_number": data["line"],
            "period_label": data["period"],
            "status": data["status"],
            "progress": data["progress"],
            "narrative": data["narrative"],
            "links": [line for line in str(data["links"]).splitlines() if line.strip()],
            "expected_version": data.get("version") or None,
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should be clarified"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConclusionsForm(forms.Form):
    conclusions_en = forms.CharField(
        label=_("Conclusions (English)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    conclusions_vi = forms.CharField(
        label=_("Conclusions (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
