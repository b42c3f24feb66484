"""Forms of the account pages: the throttled logins (web and admin) and the API token form."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mufakat.accounts.backends import login_throttled_for


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
