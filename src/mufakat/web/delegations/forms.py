"""Forms of the delegation pages: participants, quotas, accreditation decisions, circulars. They shape and
bound the input; the services decide (rights, quotas, versions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mufakat.accounts.classification import Classification
from mufakat.delegations.enums import ParticipantRole, Rank
from mufakat.reference.models import Framework, Party


class ParticipantForm(forms.Form):
    name_en = forms.CharField(
        label=_("Name (English)"), max_length=160, help_text=_("As in the passport, in Latin script.")
    )
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=160, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=240, required=False)
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), max_length=240, required=False)
    rank = forms.ChoiceField(label=_("Rank"), choices=[("", "—"), *Rank.choices])
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *ParticipantRole.choices])
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def participant_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ParticipantForm.base_fields}


class ParticipantEditForm(ParticipantForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class QuotaForm(forms.Form):
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accredit", _("Accredit")), ("return", _("Return"))])
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CircularForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40, help_text=_("e.g. AMM-57/LOG/02"))
    title_en = forms.CharField(label=pgettext_lazy("text title", "Title (English)"), max_length=240)
    title_vi = forms.CharField(label=pgettext_lazy("text title", "Title (Vietnamese)"), max_length=300, required=False)
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 6}))
    body_vi = forms.CharField(label=_("Text (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
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
        help_text=_("Only for a restricted circular."),
    )
    confidential_to = forms.MultipleChoiceField(
        label=_("Confidential to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a confidential circular: the delegations that receive it."),
    )

    def __init__(self, *args: Any, frameworks: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        restricted_to: Any = self.fields["restricted_to"]
        restricted_to.queryset = frameworks
        restricted_to.label_from_instance = lambda framework: f"{framework.name} ({framework})"
        confidential_to: Any = self.fields["confidential_to"]
        confidential_to.choices = [(party.code, party.name) for party in parties]
        self._parties = {party.code: party for party in parties}

    def confidential_parties(self) -> list[Party]:
        return [self._parties[code] for code in self.cleaned_data.get("confidential_to") or []]
