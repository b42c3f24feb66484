"""A user's choices about notices: for each kind, by e-mail at once, in the daily digest or not by e-mail (the
inbox always has it); when the digest goes; the time zone deadlines are also shown in; the language notices are
written to them in. One reader and one writer, shared by the web page and the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.core.timezones import is_time_zone

from .kinds import NOTICE_KINDS
from .models import DigestSchedule, EmailMode, NotificationPreference
from .services import DEFAULT_DIGEST_TIME

LANGUAGE_CODES = ("en", "vi")


@dataclass(frozen=True)
class NoticeSettings:
    email_modes: dict[str, str]  # every kind of NOTICE_KINDS, in its order
    digest_time: time
    time_zone: str
    language: str


def notice_settings(*, user: Any) -> NoticeSettings:
    """What the user chose; a kind never chosen goes by e-mail at once, the digest at 07:00 (two queries)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email_mode"))
    schedule = DigestSchedule.objects.filter(user=user).values_list("send_at", flat=True).first()
    return NoticeSettings(
        email_modes={kind: chosen.get(kind, EmailMode.IMMEDIATE) for kind in NOTICE_KINDS},
        digest_time=schedule or DEFAULT_DIGEST_TIME,
        time_zone=user.time_zone,
        language=user.preferred_language,
    )


def _require_kind(kind: str, *, field: str) -> None:
    if kind not in NOTICE_KINDS:
        raise ValidationFailed(
            _("%(kind)r is not a kind of notice; the kinds are %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(NOTICE_KINDS)},
            field=field,
        )


def email_modes_of(kinds: Sequence[tuple[str, str]], *, field: str = "kinds") -> dict[str, str]:
    """A list of (kind, e-mail mode), as the API's `kinds` carries it, as a mapping; each refusal names the
    item (kinds[2].email_mode), and a kind named twice is refused rather than one of them winning silently."""
    modes: dict[str, str] = {}
    for index, (kind, mode) in enumerate(kinds):
        _require_kind(kind, field=f"{field}[{index}].kind")
        require_choice(mode, EmailMode.values, field=f"{field}[{index}].email_mode")
        if kind in modes:
            raise ValidationFailed(
                _("%(kind)r is named twice; name each kind once.") % {"kind": kind}, field=f"{field}[{index}].kind"
            )
        modes[kind] = mode
    return modes


def notice_settings_update(
    *,
    user: Any,
    every_kind: str | None = None,
    email_modes: Mapping[str, str] | None = None,
    digest_time: time | None = None,
    time_zone: str | None = None,
    language: str | None = None,
) -> NoticeSettings:
    """Change what is given (None leaves it); everything is checked before anything is saved. `every_kind` sets
    every kind of notice to that e-mail mode ("set all"), then `email_modes` sets the kinds it names. Applies to
    notices raised from now on (a notice already raised keeps the language and e-mail choice it was raised with)."""
    if every_kind is not None:
        require_choice(every_kind, EmailMode.values, field="every_kind")
    for kind, mode in (email_modes or {}).items():
        _require_kind(kind, field="kinds")
        require_choice(mode, EmailMode.values, field=f"kinds.{kind}")
    modes = dict.fromkeys(NOTICE_KINDS, every_kind) if every_kind is not None else {}
    modes |= dict(email_modes or {})
    if time_zone is not None:
        time_zone = time_zone.strip()
        if time_zone and not is_time_zone(time_zone):
            raise ValidationFailed(
                _(
                    "%(value)r is not an IANA time zone name (e.g. Asia/Ho_Chi_Minh); "
                    "leave it empty for the venue's only."
                )
                % {"value": time_zone},
                field="time_zone",
            )
    if language is not None:
        require_choice(language, LANGUAGE_CODES, field="language")
    with transaction.atomic():
        if modes:
            NotificationPreference.objects.bulk_create(
                [NotificationPreference(user=user, kind=kind, email_mode=mode) for kind, mode in modes.items()],
                update_conflicts=True,
                unique_fields=["user", "kind"],
                update_fields=["email_mode"],
            )
        if digest_time is not None:
            DigestSchedule.objects.update_or_create(user=user, defaults={"send_at": digest_time.replace(tzinfo=None)})
        changed = []
        if time_zone is not None and time_zone != user.time_zone:
            user.time_zone = time_zone
            changed.append("time_zone")
        if language is not None and language != user.preferred_language:
            user.preferred_language = language
            changed.append("preferred_language")
        if changed:
            user.save(update_fields=changed)
    return notice_settings(user=user)
