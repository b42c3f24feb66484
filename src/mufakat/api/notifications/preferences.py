"""/me/notification-preferences: how each kind of notice reaches the caller, the digest time, time zone, language."""

from __future__ import annotations

from django.http import HttpRequest

from mufakat.api.auth import SIGNED_IN, request_user
from mufakat.api.common import errors
from mufakat.notifications.kinds import NOTICE_KINDS
from mufakat.notifications.preferences import NoticeSettings, email_modes_of, notice_settings, notice_settings_update

from .common import notifications_router
from .schemas import NoticeKindOut, NotificationPreferencesIn, NotificationPreferencesOut


def _out(settings: NoticeSettings) -> NotificationPreferencesOut:
    return NotificationPreferencesOut(
        kinds=[
            NoticeKindOut(kind=kind, label=str(NOTICE_KINDS[kind]), email_mode=mode)
            for kind, mode in settings.email_modes.items()
        ],
        digest_time=settings.digest_time.strftime("%H:%M"),
        time_zone=settings.time_zone,
        language=settings.language,
    )


@notifications_router.get(
    "/me/notification-preferences", response={200: NotificationPreferencesOut, **errors(401)}, auth=SIGNED_IN
)
def notification_preferences_get(request: HttpRequest) -> NotificationPreferencesOut:
    """Every kind of notice and how it reaches the caller by e-mail (the inbox always has it), the daily
    digest's time, the caller's time zone and language."""
    return _out(notice_settings(user=request_user(request)))


@notifications_router.put(
    "/me/notification-preferences",
    response={200: NotificationPreferencesOut, **errors(400, 401, 403)},
    auth=SIGNED_IN,
)
def notification_preferences_put(request: HttpRequest, data: NotificationPreferencesIn) -> NotificationPreferencesOut:
    """Change the caller's choices, sent in the shape GET returns them (GET's body may be sent back changed);
    fields left out (or null) keep theirs, and so do the kinds `kinds` leaves out. Everything is checked before
    anything is saved: an unknown field, kind, mode, time zone or language is refused naming it (e.g.
    `kinds[2].email_mode`). Applies to notices raised from then on."""
    modes = email_modes_of([(item.kind, item.email_mode) for item in data.kinds]) if data.kinds is not None else None
    return _out(
        notice_settings_update(
            user=request_user(request),
            email_modes=modes,
            digest_time=data.digest_time,
            time_zone=data.time_zone,
            language=data.language,
        )
    )
