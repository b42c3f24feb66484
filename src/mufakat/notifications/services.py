"""Raising a notice, reading one's own. `notify` writes the notice and every recipient's copy in the caller's
transaction (a rolled-back change tells no one) and has the e-mails sent by a job queued when that transaction
commits (one job for every notice of the transaction: delivery.py); the request that caused it never waits for
a mail server. The delivery functions are named here too, as the app's services."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.core.text import Text

from .delivery import (
    DEFAULT_DIGEST_TIME,
    DeliveryFailed,
    deliver_digest,
    deliver_notice,
    deliver_notices,
    deliver_now,
    delivery_enqueue,
    notifications_retry_failed,
    notifications_sweep,
)
from .kinds import NOTICE_KINDS
from .models import DigestSchedule, EmailMode, EmailState, Notice, Notification, NotificationPreference
from .text import render_all
from .visibility import NOTICE_OBJECT_RULES, visible_notifications_q

__all__ = [
    "DEFAULT_DIGEST_TIME",
    "DeliveryFailed",
    "Recipient",
    "deliver_digest",
    "deliver_notice",
    "deliver_notices",
    "deliver_now",
    "digest_time_set",
    "notices_held",
    "notifications_mark_read",
    "notifications_retry_failed",
    "notifications_sweep",
    "notify",
    "preference_set",
]


@dataclass(frozen=True)
class Recipient:
    """Who is told: a user (inbox, and e-mail to their address), or an address alone (a head of delegation
    without an account: e-mail only). `party_id` is the party on whose behalf they are told."""

    user: Any = None
    address: str = ""
    name: str = ""
    party_id: int | None = None
    language: str = "en"


_held: ContextVar[bool] = ContextVar("mufakat_notices_held", default=False)


@contextmanager
def notices_held() -> Iterator[None]:
    """Raise no notice inside the block. For loaders that write a story set in the past (the demo): what
    happened in it is told to no one today, neither in an inbox nor by e-mail."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def _object_ref(about: models.Model | None) -> tuple[str, str]:
    if about is None:
        return "", ""
    return about._meta.label_lower, str(about.pk)


def notify(
    *,
    kind: str,
    recipients: Iterable[Recipient | Any],
    subject: Text,
    body: Text,
    series_id: int | None = None,
    link: str = "",
    about: models.Model | None = None,
    deadline: datetime | None = None,
    deadline_zone: str = "",
    key: str | None = None,
) -> Notice | None:
    """Tell these recipients (users or `Recipient`s; the emitter has already kept only those who may see what
    the notice quotes). With a `key`, a notice raised before under that key is not raised again (None)."""
    if kind not in NOTICE_KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    object_type, object_id = _object_ref(about)
    if object_type and object_type not in NOTICE_OBJECT_RULES:
        # Nothing would say who may still see it: listed to no one, sent to no one.
        raise ValueError(f"no visibility rule for notices about {object_type!r} (notifications.visibility)")
    if _held.get():
        return None
    people = _unique(recipients)
    if key is not None and Notice.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                kind=kind,
                series_id=series_id,
                subject=render_all(subject),
                body=render_all(body),
                link=link,
                object_type=object_type,
                object_id=object_id,
                deadline=deadline,
                deadline_zone=deadline_zone,
                key=key,
            )
    except IntegrityError:
        if key is not None and Notice.objects.filter(key=key).exists():
            return None  # raised at the same moment by another worker
        raise
    modes = _email_modes(kind, [p.user.pk for p in people if p.user is not None])
    rows = []
    for person in people:
        user = person.user
        address = (user.email if user is not None else person.address) or ""
        mode = modes.get(user.pk, EmailMode.IMMEDIATE) if user is not None else EmailMode.IMMEDIATE
        rows.append(
            Notification(
                notice=notice,
                user=user,
                address=address,
                name=person.name or (str(user) if user is not None else ""),
                party_id=person.party_id,
                language=(user.preferred_language if user is not None else person.language) or "en",
                time_zone=getattr(user, "time_zone", "") if user is not None else "",
                email_mode=mode,
                email_state=_initial_state(mode, address),
            )
        )
    Notification.objects.bulk_create(rows)
    if any(row.email_state == EmailState.QUEUED for row in rows):
        delivery_enqueue(notice_id=notice.pk, series_id=series_id)
    return notice


def _unique(recipients: Iterable[Recipient | Any]) -> list[Recipient]:
    """Each user once (the first party they were named for), each bare address once."""
    seen: set[Any] = set()
    people: list[Recipient] = []
    for item in recipients:
        person = item if isinstance(item, Recipient) else Recipient(user=item)
        marker = ("user", person.user.pk) if person.user is not None else ("address", person.address.lower())
        if person.user is None and not person.address:
            continue
        if marker in seen:
            continue
        seen.add(marker)
        people.append(person)
    return people


def _email_modes(kind: str, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(
        NotificationPreference.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", "email_mode")
    )


def _initial_state(mode: str, address: str) -> str:
    if mode == EmailMode.NONE:
        return EmailState.NOT_SENT
    if not address:
        return EmailState.NO_ADDRESS
    return EmailState.DIGEST if mode == EmailMode.DIGEST else EmailState.QUEUED


# Reading ---------------------------------------------------------------------------------------------------


def notifications_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of this user's notifications read; returns how many changed. Only those the
    user is shown (notifications.visibility): one about something they may no longer see is neither listed nor
    counted, so it is not marked either."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.filter(visible_notifications_q(user=user, notifications=unread)).update(read_at=timezone.now())


def preference_set(*, user: Any, kind: str, email_mode: str) -> NotificationPreference:
    from mufakat.core.errors import ValidationFailed, require_choice  # noqa: PLC0415

    if kind not in NOTICE_KINDS:
        raise ValidationFailed(_("%(kind)r is not a kind of notice.") % {"kind": kind}, field="kind")
    require_choice(email_mode, EmailMode.values, field="email_mode")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email_mode": email_mode}
    )
    return preference


def digest_time_set(*, user: Any, send_at: Any) -> DigestSchedule:
    schedule, _created = DigestSchedule.objects.update_or_create(user=user, defaults={"send_at": send_at})
    return schedule
