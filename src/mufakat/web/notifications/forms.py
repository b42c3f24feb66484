"""The preferences form: one choice per kind of notice, the digest time, the time zone, the language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.models import User
from mufakat.notifications.kinds import NOTICE_KINDS
from mufakat.notifications.models import EmailMode
from mufakat.notifications.preferences import NoticeSettings
from mufakat.web.fields import TimeZoneField, time_zone_choices


def mode_field_name(kind: str) -> str:
    return f"mode-{kind}"


class PreferencesForm(forms.Form):
    digest_time = forms.TimeField(
        label=_("Daily digest at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In your time zone (below); notices you chose to receive in the digest come in one e-mail then."),
    )
    time_zone = TimeZoneField(
        label=_("Your time zone"),
        required=False,
        help_text=_("Deadlines are shown in the venue's time and in this one."),
    )
    language = forms.ChoiceField(
        label=_("Language of your notices and e-mails"),
        choices=User._meta.get_field("preferred_language").choices,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, settings: NoticeSettings, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "digest_time": settings.digest_time,
                "time_zone": settings.time_zone,
                "language": settings.language,
                **{mode_field_name(kind): mode for kind, mode in settings.email_modes.items()},
            },
        )
        super().__init__(*args, **kwargs)
        zone = self.fields["time_zone"]
        assert isinstance(zone, TimeZoneField)  # noqa: S101 - declared above; narrows the type
        zone.choices = [("", _("None: the venue's time only")), *time_zone_choices()]
        for kind, label in NOTICE_KINDS.items():
            self.fields[mode_field_name(kind)] = forms.ChoiceField(label=label, choices=EmailMode.choices)

    def mode_fields(self) -> list[forms.BoundField]:
        return [self[mode_field_name(kind)] for kind in NOTICE_KINDS]

    def email_modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[mode_field_name(kind)] for kind in NOTICE_KINDS}
