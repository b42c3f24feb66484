"""Raising a notice and delivering it. `notify` writes the notice and every recipient's copy in the caller's
transaction (a rolled-back change tells no one) and queues the e-mail as a job when that transaction commits;
the request that caused it never waits for a mail server."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.core.text import Text
from mufakat.jobs.models import Job, JobState
from mufakat.jobs.services import job_enqueue

from .kinds import NOTICE_KINDS
from .models import DigestSchedule, EmailMode, EmailState, Notice, Notification, NotificationPreference
from .text import render_all

log = logging.getLogger("mufakat.notifications")


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
    if _held.get():
        return None
    people = _unique(recipients)
    if key is not None and Notice.objects.filter(key=key).exists():
        return None
    object_type, object_id = _object_ref(about)
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
        job_enqueue(
            kind="notifications.deliver",
            params={"notice_id": notice.pk},
            series_id=series_id,
            max_attempts=int(getattr(settings, "MUFAKAT_NOTIFY_JOB_ATTEMPTS", 8)),
        )
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
    """Mark some (or, with None, all) of this user's notifications read; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


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


# Delivery (run by the worker) --------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """Some e-mails of a notice were refused or could not be sent; the job retries them with back-off."""


def _max_email_attempts() -> int:
    return int(getattr(settings, "MUFAKAT_NOTIFY_MAX_ATTEMPTS", 10))


def _claim(notification_ids: Iterable[int], from_states: Iterable[str]) -> list[Notification]:
    """Take these notifications for sending: a conditional UPDATE, so that of two workers only one gets each."""
    claimed = []
    for notification_id in notification_ids:
        taken = Notification.objects.filter(pk=notification_id, email_state__in=list(from_states)).update(
            email_state=EmailState.SENDING, emailed_at=timezone.now()
        )
        if taken:
            claimed.append(notification_id)
    return list(Notification.objects.filter(pk__in=claimed).select_related("notice", "user", "notice__series"))


def _record(notification: Notification, error: BaseException | None) -> None:
    attempts = notification.email_attempts + 1
    if error is None:
        Notification.objects.filter(pk=notification.pk).update(
            email_state=EmailState.SENT, email_attempts=attempts, email_error="", emailed_at=timezone.now()
        )
        return
    state = EmailState.FAILED if attempts >= _max_email_attempts() else EmailState.RETRYING
    Notification.objects.filter(pk=notification.pk).update(
        email_state=state, email_attempts=attempts, email_error=f"{type(error).__name__}: {error}"
    )


def deliver_notice(*, notice_id: int) -> dict[str, int]:
    """Send the e-mails of this notice still to be sent (queued, or refused before). Each is claimed before it
    is sent, so two workers, or a re-run, never send one twice."""
    from .email import send_notification  # noqa: PLC0415 - templates and the mail backend only when sending

    pending = Notification.objects.filter(
        notice_id=notice_id, email_state__in=[EmailState.QUEUED, EmailState.RETRYING]
    ).values_list("pk", flat=True)
    sent = failed = 0
    for notification in _claim(list(pending), [EmailState.QUEUED, EmailState.RETRYING]):
        try:
            send_notification(notification)
        except Exception as exc:  # any refusal leaves it to be retried, never lost
            log.warning("notification %s to %s not sent: %s", notification.pk, notification.address, exc)
            _record(notification, exc)
            failed += 1
        else:
            _record(notification, None)
            sent += 1
    if failed:
        raise DeliveryFailed(f"{failed} of {sent + failed} e-mails not sent; retrying")
    return {"sent": sent}


def deliver_digest(*, user_id: int) -> dict[str, int]:
    """One e-mail with every notice waiting for this user's digest."""
    from .email import send_digest  # noqa: PLC0415

    pending = Notification.objects.filter(user_id=user_id, email_state=EmailState.DIGEST).values_list("pk", flat=True)
    claimed = _claim(list(pending), [EmailState.DIGEST])
    if not claimed:
        return {"sent": 0}
    try:
        send_digest(claimed)
    except Exception:
        # back to waiting for the digest: the next sweep after the back-off sends them again
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(email_state=EmailState.DIGEST)
        raise
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
        email_state=EmailState.SENT, emailed_at=now, email_attempts=models.F("email_attempts") + 1
    )
    DigestSchedule.objects.update_or_create(user_id=user_id, defaults={"last_sent_at": now})
    return {"sent": len(claimed)}


def _digest_due(schedule_time: Any, zone_name: str, last_sent: datetime | None, now: datetime) -> bool:
    import zoneinfo  # noqa: PLC0415

    try:
        zone = zoneinfo.ZoneInfo(zone_name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local_now = now.astimezone(zone)
    todays = datetime.combine(local_now.date(), schedule_time, tzinfo=zone)
    latest = todays if todays <= local_now else todays - timedelta(days=1)
    return last_sent is None or last_sent < latest


def notifications_sweep(*, now: datetime | None = None) -> int:
    """Run by the worker every few minutes: digests whose time has come, e-mails whose sender died half-way
    (claimed long ago, never recorded) back to be retried, and notices with e-mails to send but no job left to
    send them (its attempts used up) queued again. Returns how many jobs it queued."""
    now = now or timezone.now()
    queued = 0
    stale = now - timedelta(seconds=float(getattr(settings, "MUFAKAT_NOTIFY_STALE_SECONDS", 600)))
    Notification.objects.filter(email_state=EmailState.SENDING, emailed_at__lt=stale).update(
        email_state=EmailState.RETRYING
    )
    waiting_users = (
        Notification.objects.filter(email_state=EmailState.DIGEST).values_list("user_id", flat=True).distinct()
    )
    schedules = {s.user_id: s for s in DigestSchedule.objects.filter(user_id__in=list(waiting_users))}
    from mufakat.accounts.models import User  # noqa: PLC0415

    for user in User.objects.filter(pk__in=list(waiting_users)):
        schedule = schedules.get(user.pk)
        send_at = schedule.send_at if schedule else time(7, 0)
        last_sent = schedule.last_sent_at if schedule else None
        if _digest_due(send_at, user.time_zone, last_sent, now) and not _job_active(
            "notifications.digest", user_id=user.pk
        ):
            job_enqueue(kind="notifications.digest", params={"user_id": user.pk})
            queued += 1
    orphaned = (
        Notification.objects.filter(Q(email_state=EmailState.QUEUED) | Q(email_state=EmailState.RETRYING))
        .filter(created_at__lt=stale)
        .values_list("notice_id", flat=True)
        .distinct()
    )
    for notice_id in orphaned:
        if not _job_active("notifications.deliver", notice_id=notice_id):
            job_enqueue(kind="notifications.deliver", params={"notice_id": notice_id})
            queued += 1
    return queued


def _job_active(kind: str, **params: int) -> bool:
    lookups = {f"params__{name}": value for name, value in params.items()}
    return Job.objects.filter(
        kind=kind, state__in=[JobState.QUEUED, JobState.RUNNING, JobState.RETRYING], **lookups
    ).exists()
