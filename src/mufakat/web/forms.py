"""Forms of the web UI. They shape and bound the input; the services decide (rights, quotas, versions)."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from mufakat.accounts.backends import login_throttled_for
from mufakat.accounts.classification import Classification
from mufakat.core.errors import ApplicationError
from mufakat.delegations.enums import ParticipantRole, Rank
from mufakat.reference.models import Framework, Party


def form_add_error(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's refusal next to the field it names, or at the top when the form has no such field."""
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


class _ThrottleMessage(AuthenticationForm):
    """Says "too many failed attempts" where Django would say "wrong password" because the login throttle
    refused the attempt. The throttle itself is in the authentication backend (ThrottledModelBackend), so
    it holds wherever a password is checked; a form only words the refusal."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            remaining = login_throttled_for(self.request)
            if remaining is None:
                raise
            minutes = max(1, math.ceil(remaining.total_seconds() / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed attempts for this account; try again in %(minutes)d minute.",
                    "Too many failed attempts for this account; try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            ) from None


class ThrottledAuthenticationForm(_ThrottleMessage, AuthenticationForm):
    """The web login: Django's form, behind the login throttle."""


class ThrottledAdminAuthenticationForm(_ThrottleMessage, AdminAuthenticationForm):
    """The Django admin's login, behind the same throttle as the web login."""


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What the token is for, e.g. the script that will use it.")
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        initial=90,
        choices=[(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (366, _("1 year"))],
    )


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
