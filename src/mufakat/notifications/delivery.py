"""Delivering notices by e-mail (run by the worker). The notices raised in one transaction go out in one job,
queued when it commits: a programme release telling 27 parties, a chair deciding twenty proposals or a loader
raising a thousand notices starts one job, not one each. The job sends its notices' e-mails in batches; each
e-mail is claimed by a conditional UPDATE before it is sent, so two workers, or a re-run, never send one twice;
and each is checked again just before it goes: one whose recipient may no longer see what the notice is about
(the document was made ASEAN-only since, the recipient lost their role) is not sent."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.mail import get_connection
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from mufakat.jobs.models import Job, JobState
from mufakat.jobs.services import job_enqueue

from .models import DigestSchedule, EmailMode, EmailState, Notification
from .visibility import NO_LONGER_VISIBLE, notifications_may_see

log = logging.getLogger("mufakat.notifications")

DEFAULT_DIGEST_TIME = time(7, 0)
# How many e-mails a job claims at a time: a claim is one short transaction, and a worker that dies leaves at
# most this many claimed (the sweep puts them back).
BATCH = 200
DELIVER = "notifications.deliver"
ACTIVE_JOB_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)


class DeliveryFailed(Exception):
    """Some e-mails were refused or could not be sent; the job retries them with back-off."""


# Queuing: one job per transaction ----------------------------------------------------------------------------


@dataclass
class _Batch:
    """The job that sends the notices raised so far in the running transaction (for one series)."""

    job_id: UUID
    notice_ids: list[int]
    open: bool = True


_batches = threading.local()


def _close(batch: _Batch) -> None:
    batch.open = False


def delivery_enqueue(*, notice_id: int, series_id: int | None) -> None:
    """Have this notice's e-mails sent once the caller's transaction commits, by the job that sends every notice
    of that transaction (of the same series): the first notice records the job, the next ones add their ids to
    it. The job's row is written in the transaction, so a rollback (of a savepoint too) takes it away with the
    notices; one no longer there, or already committed (its batch closed on commit), is not reused."""
    open_batches: dict[int | None, _Batch] = _batches.__dict__.setdefault("open", {})
    batch = open_batches.get(series_id)
    if batch is not None and batch.open:
        notice_ids = [*batch.notice_ids, notice_id]
        if Job.objects.filter(pk=batch.job_id, state=JobState.QUEUED).update(params={"notice_ids": notice_ids}):
            batch.notice_ids = notice_ids
            return
    job = job_enqueue(
        kind=DELIVER,
        params={"notice_ids": [notice_id]},
        series_id=series_id,
        max_attempts=int(getattr(settings, "MUFAKAT_NOTIFY_JOB_ATTEMPTS", 8)),
    )
    batch = _Batch(job_id=job.pk, notice_ids=[notice_id])
    open_batches[series_id] = batch
    transaction.on_commit(functools.partial(_close, batch))


def _active_deliveries() -> set[int]:
    """The notices a queued, running or retrying delivery job will still send."""
    covered: set[int] = set()
    for params in Job.objects.filter(kind=DELIVER, state__in=ACTIVE_JOB_STATES).values_list("params", flat=True):
        covered.update(params.get("notice_ids") or [])
        if params.get("notice_id") is not None:
            covered.add(params["notice_id"])
    return covered


def _enqueue_for(notice_ids: Iterable[int]) -> int:
    """One job for those of these notices no active job covers; returns how many jobs it queued (0 or 1)."""
    missing = sorted(set(notice_ids) - _active_deliveries())
    if not missing:
        return 0
    job_enqueue(kind=DELIVER, params={"notice_ids": missing})
    return 1


# Sending -----------------------------------------------------------------------------------------------------


def _max_email_attempts() -> int:
    return int(getattr(settings, "MUFAKAT_NOTIFY_MAX_ATTEMPTS", 10))


def _claim(notification_ids: Iterable[int], from_states: Iterable[str]) -> list[Notification]:
    """Take these notifications for sending: a conditional UPDATE each, so that of two workers only one gets each
    (in one transaction per batch, in the order of their ids: two workers never wait on each other in a cycle)."""
    states, claimed = list(from_states), []
    with transaction.atomic():
        now = timezone.now()
        for notification_id in sorted(notification_ids):
            if Notification.objects.filter(pk=notification_id, email_state__in=states).update(
                email_state=EmailState.SENDING, emailed_at=now
            ):
                claimed.append(notification_id)
    return list(
        Notification.objects.filter(pk__in=claimed).select_related("notice", "user", "notice__series").order_by("pk")
    )


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


def _withhold(claimed: Sequence[Notification]) -> list[Notification]:
    """Those of the claimed notifications whose recipient may still see what the notice is about; the others are
    recorded as not sent, with the reason, and never sent (neither retried nor counted as failed)."""
    seen = notifications_may_see(claimed)
    withheld = [n.pk for n in claimed if n.pk not in seen]
    if withheld:
        Notification.objects.filter(pk__in=withheld).update(
            email_state=EmailState.WITHHELD, email_error=NO_LONGER_VISIBLE
        )
    return [n for n in claimed if n.pk in seen]


class _Mailer:
    """One connection to the mail server for a batch (not a connection per e-mail); after a refusal the next
    e-mail starts afresh, so that a connection the server dropped does not fail the rest of the batch."""

    def __init__(self) -> None:
        self.connection = get_connection()
        self._open()

    def _open(self) -> None:
        try:
            if hasattr(self.connection, "open"):
                self.connection.open()
        except Exception as exc:  # each e-mail tries again and records its own refusal
            log.warning("mail server not reached: %s", exc)

    def send(self, notification: Notification) -> str:
        """Send one claimed notification and record what became of it; returns its new state."""
        from .email import send_notification  # noqa: PLC0415 - templates and the mail backend only when sending

        try:
            send_notification(notification, connection=self.connection)
        except Exception as exc:  # any refusal leaves it to be retried, never lost
            log.warning("notification %s to %s not sent: %s", notification.pk, notification.address, exc)
            self.close()
            self._open()
            return _record(notification, exc)
        # Recorded at once, each: a worker dying later in the batch must not have it sent again.
        return _record(notification, None)

    def close(self) -> None:
        try:
            if hasattr(self.connection, "close"):
                self.connection.close()
        except Exception as exc:
            log.warning("closing the mail connection: %s", exc)


def _send_batch(claimed: list[Notification]) -> list[str]:
    """Send the claimed notifications the recipients may still see; the outcome of each claimed one."""
    shown = _withhold(claimed)
    outcomes = [EmailState.WITHHELD] * (len(claimed) - len(shown))
    mailer = _Mailer()
    try:
        return outcomes + [mailer.send(n) for n in shown]
    finally:
        mailer.close()


def deliver_notices(*, notice_ids: Sequence[int]) -> dict[str, int]:
    """Send the e-mails of these notices still to be sent (queued, or refused before), a batch at a time. Raises
    DeliveryFailed (the job retries after its back-off) while some are refused but have attempts left; one that
    used its last attempt is FAILED and no longer holds the job back; one the recipient may no longer see is
    WITHHELD."""
    wanted = [EmailState.QUEUED, EmailState.RETRYING]
    pending: list[int] = []
    for start in range(0, len(notice_ids), 500):
        chunk = list(notice_ids[start : start + 500])
        pending += Notification.objects.filter(notice_id__in=chunk, email_state__in=wanted).values_list("pk", flat=True)
    pending.sort()
    outcomes: list[str] = []
    for start in range(0, len(pending), BATCH):
        outcomes += _send_batch(_claim(pending[start : start + BATCH], wanted))
    result = {"sent": outcomes.count(EmailState.SENT)}
    if outcomes.count(EmailState.RETRYING):
        raise DeliveryFailed(f"{len(outcomes) - result['sent']} of {len(outcomes)} e-mails not sent; retrying")
    for state, name in ((EmailState.FAILED, "failed"), (EmailState.WITHHELD, "withheld")):
        if outcomes.count(state):
            result[name] = outcomes.count(state)
    return result


def deliver_notice(*, notice_id: int) -> dict[str, int]:
    """Send the e-mails of one notice still to be sent (see deliver_notices)."""
    return deliver_notices(notice_ids=[notice_id])


def deliver_now(*, notification_id: int) -> Notification:
    """Send this one e-mail at once, in the caller's process (`mufakat notify test`), claimed like any other so
    that a worker picking up its job does not send it again; returns it as recorded (sent, or why not)."""
    claimed = _claim([notification_id], [EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED])
    if claimed:
        _send_batch(claimed)
    return Notification.objects.select_related("notice").get(pk=notification_id)


def deliver_digest(*, user_id: int) -> dict[str, int]:
    """One e-mail with every notice waiting for this user's digest that they may still see (the others are not
    sent). Refused: they wait for the next attempt (the job's back-off, then the sweep), each counting the
    attempt, and fail after the last one."""
    from .email import send_digest  # noqa: PLC0415

    pending = Notification.objects.filter(user_id=user_id, email_state=EmailState.DIGEST).values_list("pk", flat=True)
    claimed = _withhold(_claim(list(pending), [EmailState.DIGEST]))
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


# The sweep and the operator's retry ----------------------------------------------------------------------------


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
    (claimed long ago, never recorded) back to wait again, and the notices with e-mails to send but no job left
    to send them (its attempts used up) queued again, in one job. Returns how many jobs it queued."""
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
    return queued + _enqueue_for(orphaned)


def notifications_retry_failed(*, notice_id: int | None = None) -> int:
    """The operator's second chance (`mufakat notify retry`): e-mails that used all their attempts are queued
    again with a fresh count, in one job; returns how many e-mails."""
    failed = Notification.objects.filter(email_state=EmailState.FAILED)
    if notice_id is not None:
        failed = failed.filter(notice_id=notice_id)
    notice_ids = sorted(set(failed.values_list("notice_id", flat=True)))
    with transaction.atomic():
        count = failed.update(email_state=EmailState.RETRYING, email_attempts=0)
        _enqueue_for(notice_ids)
    return count


def _job_active(kind: str, **params: Any) -> bool:
    lookups = {f"params__{name}": value for name, value in params.items()}
    return Job.objects.filter(kind=kind, state__in=ACTIVE_JOB_STATES, **lookups).exists()
