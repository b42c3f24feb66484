"""The preferences form: one choice per kind of notice, the digest time, the time zone, the language."""

from __future__ import annotations

from dataclasses import dataclass
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


# The kinds of notice by area (a kind's code starts with its area), each area under its own heading: 24 menus
# in a row were hard to scan. A kind of an area not named here goes under "Other".
KIND_AREAS = (
    ("document", _("Documents")),
    ("silence", _("Silence procedure")),
    ("accreditation", _("Delegations")),
    ("bilateral", _("Bilateral meetings")),
    ("programme", _("Programme")),
    ("plan", _("Plans of action")),
)


@dataclass(frozen=True)
class KindGroup:
    area: str
    heading: str
    fields: list[forms.BoundField]


class PreferencesForm(forms.Form):
    every_kind = forms.ChoiceField(
        label=_("Set every kind at once"),
        required=False,
        choices=[("", _("No: as chosen for each kind below")), *EmailMode.choices],
        help_text=_("A choice here applies to every kind of notice, in place of the choices below."),
    )
    digest_time = forms.TimeField(
        label=_("Daily digest at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_(
            "In your time zone (below), or in UTC when you set none. The notices you chose to receive in the "
            "digest come in one e-mail, sent within a few minutes after this time."
        ),
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
        zone.choices = [("", _("None (venue's time)")), *time_zone_choices()]
        for kind, label in NOTICE_KINDS.items():
            self.fields[mode_field_name(kind)] = forms.ChoiceField(label=label, choices=EmailMode.choices)

    def mode_fields(self) -> list[forms.BoundField]:
        return [self[mode_field_name(kind)] for kind in NOTICE_KINDS]

    def kind_groups(self) -> list[KindGroup]:
        """The kinds' menus under their areas' headings, in NOTICE_KINDS' order within each."""
        headings = dict(KIND_AREAS)
        grouped: dict[str, list[forms.BoundField]] = {area: [] for area, _heading in KIND_AREAS}
        for kind in NOTICE_KINDS:
            area = kind.split(".", 1)[0]
            grouped.setdefault(area if area in headings else "other", []).append(self[mode_field_name(kind)])
        return [
            KindGroup(area, str(headings.get(area, _("Other"))), fields) for area, fields in grouped.items() if fields
        ]

    def email_modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[mode_field_name(kind)] for kind in NOTICE_KINDS}
