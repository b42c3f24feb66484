"""The e-mails: plain text and HTML, in the recipient's language, with a link to the object and a deadline in
the venue's time and the recipient's own. Sent through Django's e-mail framework (settings choose the backend:
the console under `make run`, SMTP or a provider in production)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext

from .models import Notice, Notification


def absolute(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return str(getattr(settings, "MUFAKAT_SITE_URL", "http://127.0.0.1:8000")).rstrip("/") + link


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def deadline_lines(notice: Notice, recipient_zone: str) -> list[str]:
    """'29 July 2024 18:00 (Asia/Vientiane)' and, when the recipient lives elsewhere, the same in their zone.
    Call inside the recipient's language."""
    if notice.deadline is None:
        return []
    venue = _zone(notice.deadline_zone) or zoneinfo.ZoneInfo("UTC")
    lines = [_when(notice.deadline, venue, gettext("venue time"))]
    own = _zone(recipient_zone)
    if own is not None and own.key != venue.key:
        lines.append(_when(notice.deadline, own, gettext("your time")))
    return lines


def _when(moment: datetime, zone: zoneinfo.ZoneInfo, label: str) -> str:
    local = moment.astimezone(zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M} ({label}, {zone.key})"


def _message(
    *, to: str, subject: str, context: dict[str, Any], language: str, connection: Any = None
) -> EmailMultiAlternatives:
    context = context | {"language": language}
    with translation.override(language):
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def send_notification(notification: Notification, *, connection: Any = None) -> None:
    """`connection`: one the caller keeps open for several e-mails (None: a connection of its own)."""
    notice, language = notification.notice, notification.language
    with translation.override(language):
        deadlines = deadline_lines(notice, notification.time_zone)
    context = {
        "name": notification.name,
        "items": [
            {
                "subject": notice.subject_in(language),
                "body": notice.body_in(language),
                "link": absolute(notice.link),
                "deadlines": deadlines,
            }
        ],
        "preferences": absolute("/me/notifications/preferences/") if notification.user_id else "",
    }
    subject = f"[mufakat] {notice.subject_in(language)}"
    _message(to=notification.address, subject=subject, context=context, language=language, connection=connection).send()


def send_digest(notifications: list[Notification]) -> None:
    first = notifications[0]
    language = first.language
    items = []
    with translation.override(language):
        for notification in notifications:
            notice = notification.notice
            items.append(
                {
                    "subject": notice.subject_in(language),
                    "body": notice.body_in(language),
                    "link": absolute(notice.link),
                    "deadlines": deadline_lines(notice, notification.time_zone),
                }
            )
        subject = "[mufakat] " + gettext("Your daily digest: %(count)d notices") % {"count": len(items)}
    context = {"name": first.name, "items": items, "preferences": absolute("/me/notifications/preferences/")}
    _message(to=first.address, subject=subject, context=context, language=language).send()
