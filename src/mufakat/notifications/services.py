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


DEFAULT_DIGEST_TIME = time(7, 0)


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


def _record(notification: Notification, error: BaseException | None, *, retry_state: str = EmailState.RETRYING) -> str:
    attempts = notification.email_attempts + 1
    if error is None:
        Notification.objects.filter(pk=notification.pk).update(
            email_state=EmailState.SENT, email_attempts=attempts, email_error="", emailed_at=timezone.now()
        )
        return EmailState.SENT
    state = EmailState.FAILED if attempts >= _max_email_attempts() else retry_state
    Notification.objects.filter(pk=notification.pk).update(
        email_state=state, email_attempts=attempts, email_error=f"{type(error).__name__}: {error}"[:2000]
    )
    return state


def _send_claimed(notification: Notification) -> str:
    """Send one claimed notification and record what became of it; returns its new state."""
    from .email import send_notification  # noqa: PLC0415 - templates and the mail backend only when sending

    try:
        send_notification(notification)
    except Exception as exc:  # any refusal leaves it to be retried, never lost
        log.warning("notification %s to %s not sent: %s", notification.pk, notification.address, exc)
        return _record(notification, exc)
    return _record(notification, None)


def deliver_notice(*, notice_id: int) -> dict[str, int]:
    """Send the e-mails of this notice still to be sent (queued, or refused before). Each is claimed before it
    is sent, so two workers, or a re-run, never send one twice. Raises DeliveryFailed (the job retries after
    its back-off) while some are refused but have attempts left; one that used its last attempt is FAILED and
    no longer holds the job back."""
    pending = Notification.objects.filter(
        notice_id=notice_id, email_state__in=[EmailState.QUEUED, EmailState.RETRYING]
    ).values_list("pk", flat=True)
    outcomes = [_send_claimed(n) for n in _claim(list(pending), [EmailState.QUEUED, EmailState.RETRYING])]
    sent, retrying = outcomes.count(EmailState.SENT), outcomes.count(EmailState.RETRYING)
    if retrying:
        raise DeliveryFailed(f"{len(outcomes) - sent} of {len(outcomes)} e-mails not sent; retrying")
    return {"sent": sent, "failed": outcomes.count(EmailState.FAILED)} if sent != len(outcomes) else {"sent": sent}


def deliver_now(*, notification_id: int) -> Notification:
    """Send this one e-mail at once, in the caller's process (`mufakat notify test`), claimed like any other so
    that a worker picking up its job does not send it again; returns it as recorded (sent, or why not)."""
    for notification in _claim([notification_id], [EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED]):
        _send_claimed(notification)
    return Notification.objects.select_related("notice").get(pk=notification_id)


def deliver_digest(*, user_id: int) -> dict[str, int]:
    """One e-mail with every notice waiting for this user's digest. Refused: they wait for the next attempt
    (the job's back-off, then the sweep), each counting the attempt, and fail after the last one."""
    from .email import send_digest  # noqa: PLC0415

    pending = Notification.objects.filter(user_id=user_id, email_state=EmailState.DIGEST).values_list("pk", flat=True)
    claimed = _claim(list(pending), [EmailState.DIGEST])
    if not claimed:
        return {"sent": 0}
    claimed.sort(key=lambda n: (n.created_at, n.pk))
    try:
        send_digest(claimed)
    except Exception as exc:
        log.warning("digest to user %s not sent: %s", user_id, exc)
        for notification in claimed:
            _record(notification, exc, retry_state=EmailState.DIGEST)
        raise
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
        email_state=EmailState.SENT, emailed_at=now, email_error="", email_attempts=models.F("email_attempts") + 1
    )
    DigestSchedule.objects.update_or_create(user_id=user_id, defaults={"last_sent_at": now})
    return {"sent": len(claimed)}


def _digest_due(schedule_time: time, zone_name: str, oldest_waiting: datetime, now: datetime) -> bool:
    """Due when a notice has waited since before the latest digest time that has come (in the user's zone): a
    notice that arrives after today's digest time waits for tomorrow's, whenever the last digest went."""
    import zoneinfo  # noqa: PLC0415

    try:
        zone = zoneinfo.ZoneInfo(zone_name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local_now = now.astimezone(zone)
    todays = datetime.combine(local_now.date(), schedule_time, tzinfo=zone)
    latest = todays if todays <= local_now else todays - timedelta(days=1)
    return oldest_waiting <= latest


def notifications_sweep(*, now: datetime | None = None) -> int:
    """Run by the worker every few minutes: digests whose time has come, e-mails whose sender died half-way
    (claimed long ago, never recorded) back to wait again, and notices with e-mails to send but no job left to
    send them (its attempts used up) queued again. Returns how many jobs it queued."""
    now = now or timezone.now()
    queued = 0
    stale = now - timedelta(seconds=float(getattr(settings, "MUFAKAT_NOTIFY_STALE_SECONDS", 600)))
    abandoned = Notification.objects.filter(email_state=EmailState.SENDING, emailed_at__lt=stale)
    abandoned.filter(email_mode=EmailMode.DIGEST).update(email_state=EmailState.DIGEST)
    abandoned.update(email_state=EmailState.RETRYING)
    waiting = dict(
        Notification.objects.filter(email_state=EmailState.DIGEST, user__isnull=False)
        .values_list("user_id")
        .annotate(oldest=models.Min("created_at"))
        .values_list("user_id", "oldest")
    )
    schedules = dict(DigestSchedule.objects.filter(user_id__in=list(waiting)).values_list("user_id", "send_at"))
    from mufakat.accounts.models import User  # noqa: PLC0415

    for user_id, zone_name in User.objects.filter(pk__in=list(waiting)).values_list("pk", "time_zone"):
        send_at = schedules.get(user_id, DEFAULT_DIGEST_TIME)
        if _digest_due(send_at, zone_name, waiting[user_id], now) and not _job_active(
            "notifications.digest", user_id=user_id
        ):
            job_enqueue(kind="notifications.digest", params={"user_id": user_id})
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


def notifications_retry_failed(*, notice_id: int | None = None) -> int:
    """The operator's second chance (`mufakat notify retry`): e-mails that used all their attempts are queued
    again with a fresh count, one job per notice; returns how many e-mails."""
    failed = Notification.objects.filter(email_state=EmailState.FAILED)
    if notice_id is not None:
        failed = failed.filter(notice_id=notice_id)
    notice_ids = sorted(set(failed.values_list("notice_id", flat=True)))
    with transaction.atomic():
        count = failed.update(email_state=EmailState.RETRYING, email_attempts=0)
        for pk in notice_ids:
            if not _job_active("notifications.deliver", notice_id=pk):
                job_enqueue(kind="notifications.deliver", params={"notice_id": pk})
    return count


def _job_active(kind: str, **params: int) -> bool:
    lookups = {f"params__{name}": value for name, value in params.items()}
    return Job.objects.filter(
        kind=kind, state__in=[JobState.QUEUED, JobState.RUNNING, JobState.RETRYING], **lookups
    ).exists()
