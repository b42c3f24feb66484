"""Forms of the outcome-document pages. They shape and bound the input (and turn "the words to change" into
a character span of the paragraph); the services decide (rights, current draft, consensus parties)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mufakat.accounts.classification import Classification
from mufakat.documents.drafting import occurrences
from mufakat.documents.enums import Disposition, DocumentKind, PositionKind, ProposalKind
from mufakat.meetings.models import Meeting
from mufakat.reference.models import Party
from mufakat.web.fields import TimeZoneField


def _party_field(form: forms.Form, parties: Sequence[Party]) -> None:
    field: Any = form.fields["party"]
    field.choices = [(p.code, f"{p.code} · {p.name}") for p in parties]
    if len(parties) == 1:
        field.initial = parties[0].code
    form.parties = {p.code: p for p in parties}  # type: ignore[attr-defined]


class PartyForm(forms.Form):
    """A form that speaks for one party, chosen among the parties the viewer may act for."""

    party = forms.ChoiceField(label=_("Delegation"))

    def __init__(self, *args: Any, parties: Sequence[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _party_field(self, parties)

    @property
    def chosen_party(self) -> Party:
        chosen: Party = self.parties[self.cleaned_data["party"]]  # type: ignore[attr-defined]
        return chosen


class DocumentForm(forms.Form):
    meeting = forms.ChoiceField(label=_("Meeting"))
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    title_en = forms.CharField(label=pgettext_lazy("document title", "Title (English)"), max_length=300)
    title_vi = forms.CharField(
        label=pgettext_lazy("document title", "Title (Vietnamese)"), max_length=400, required=False
    )
    lead_party = forms.ChoiceField(label=_("Lead party"), required=False)
    disposition = forms.ChoiceField(label=_("Intended disposition"), choices=Disposition.choices)
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[
            (Classification.RESTRICTED, _("Restricted to the meeting's framework")),
            (Classification.PUBLIC, Classification.PUBLIC.label),
        ],
        initial=Classification.RESTRICTED,
    )

    def __init__(self, *args: Any, meetings: Sequence[Meeting], parties: Sequence[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._meetings = {str(m.pk): m for m in meetings}
        self._parties = {p.code: p for p in parties}
        meeting: Any = self.fields["meeting"]
        meeting.choices = [(str(m.pk), m.title) for m in meetings]
        lead: Any = self.fields["lead_party"]
        lead.choices = [("", "—"), *((p.code, f"{p.code} · {p.name}") for p in parties)]

    def document_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "meeting": self._meetings[data["meeting"]],
            "kind": data["kind"],
            "title_en": data["title_en"],
            "title_vi": data["title_vi"],
            "lead_party": self._parties.get(data["lead_party"] or ""),
            "disposition": data["disposition"],
            "classification": data["classification"],
        }


class ProposalForm(PartyForm):
    """A change to one paragraph: the user names the words (not character offsets); the form finds them."""

    version_id = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (ProposalKind.REPLACE, _("Replace the words")),
            (ProposalKind.INSERT, _("Insert after the words")),
            (ProposalKind.DELETE, _("Delete the words")),
            (ProposalKind.NEW_PARAGRAPH, _("New paragraph after this one")),
        ],
    )
    words = forms.CharField(
        label=_("The words"),
        required=False,
        max_length=5000,
        strip=False,
        help_text=_("Type or paste them exactly as in the paragraph; for an insertion, the words it follows."),
    )
    occurrence = forms.IntegerField(
        label=_("Occurrence"),
        required=False,
        min_value=1,
        help_text=_("Only when the words occur more than once: 1 for the first, 2 for the second…"),
    )
    text = forms.CharField(
        label=_("New text"), required=False, max_length=5000, strip=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    justification = forms.CharField(label=_("Justification"), required=False, max_length=500)

    def __init__(self, *args: Any, paragraph_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paragraph_text = paragraph_text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind is None or kind == ProposalKind.NEW_PARAGRAPH:
            data["start"], data["end"] = None, None
            return data
        words = data.get("words") or ""
        if not words.strip():
            self.add_error("words", _("Say which words of the paragraph the change applies to."))
            return data
        found = occurrences(self.paragraph_text, words)
        occurrence = data.get("occurrence")
        if not found:
            self.add_error("words", _("These words are not in the paragraph; copy them exactly."))
            return data
        if occurrence is None and len(found) > 1:
            self.add_error(
                "occurrence",
                _("The words occur %(count)d times in the paragraph; say which occurrence (1 to %(count)d).")
                % {"count": len(found)},
            )
            return data
        index = (occurrence or 1) - 1
        if index >= len(found):
            self.add_error(
                "occurrence",
                _("The words occur only %(count)d time(s) in the paragraph.") % {"count": len(found)},
            )
            return data
        start, end = found[index], found[index] + len(words)
        data["start"], data["end"] = (end, end) if kind == ProposalKind.INSERT else (start, end)
        if kind == ProposalKind.DELETE:
            data["text"] = ""
        return data


class ReactionForm(PartyForm):
    stance = forms.ChoiceField(choices=[("support", _("Support")), ("object", pgettext_lazy("stance", "Object"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ResolveForm(forms.Form):
    """The chair's choice of proposals to accept into a new draft or to merge into one compromise."""

    version_id = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("merge", _("Merge"))])
    proposal_ids = forms.TypedMultipleChoiceField(label=_("Proposals"), coerce=int)
    text = forms.CharField(label=_("Compromise text (merge)"), required=False, max_length=5000)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, proposal_ids: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids: Any = self.fields["proposal_ids"]
        ids.choices = [(str(pk), str(pk)) for pk in proposal_ids]
        ids.error_messages["required"] = _("Select at least one proposal.")


class DraftForm(forms.Form):
    based_on_version_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_('One paragraph per block, blocks separated by a blank line; start a heading with "# ".'),
    )
    file = forms.FileField(
        label=_("Or upload a Word document (.docx)"),
        required=False,
        help_text=_("Numbered paragraphs and headings are read from it; it replaces the text above."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the text of the draft, or upload a Word document."))
        return data


class PositionForm(PartyForm):
    version_id = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Position"), choices=PositionKind.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SilenceStartForm(forms.Form):
    version_id = forms.IntegerField(widget=forms.HiddenInput)
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    time_zone = TimeZoneField(label=_("Time zone"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The document's venue zone (the initial value) heads the menu.
        field = self.fields["time_zone"]
        if isinstance(field, TimeZoneField) and (zone := self.initial.get("time_zone")):
            field.put_first([zone])

    def local_deadline(self) -> datetime:
        """The deadline as typed, a wall-clock time in the chosen zone (the form reads it as naive)."""
        naive: datetime = self.cleaned_data["deadline"]
        zone = zoneinfo.ZoneInfo(self.cleaned_data["time_zone"])
        return naive.replace(tzinfo=None).replace(tzinfo=zone)


class SilenceBreakForm(PartyForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the proposal is rejected; the record keeps the reason.")},
        help_text=_("The proposing delegation reads it with the rejection."),
    )


class PositionsRequestForm(forms.Form):
    # Hidden, so its error shows at the top of the page: say which value is wrong.
    version_id = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("the draft to ask about is not a version id."),
            "required": _("the draft to ask about is missing."),
        },
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AdRefForm(forms.Form):
    version_id = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RecommendForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    from_meeting = forms.ChoiceField(label=_("Recommended by"))

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        field: Any = self.fields["from_meeting"]
        field.choices = [(str(m.pk), m.title) for m in meetings]


class DecideForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    place = forms.CharField(label=_("Place"), required=False, max_length=120)
    on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
