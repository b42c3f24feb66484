"""How each user's choices route a notice (at once, in the daily digest at their own time, or the inbox only),
and what happens when the mail server refuses: retried with back-off, FAILED after the last attempt, queued
again by the sweep when the job gave up, and claimed e-mails whose sender died put back to be sent."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mufakat.jobs.models import Job
from mufakat.jobs.services import job_run
from mufakat.notifications.models import EmailState, Notification
from mufakat.notifications.preferences import notice_settings, notice_settings_update
from mufakat.notifications.services import (
    deliver_digest,
    deliver_notice,
    notifications_retry_failed,
    notifications_sweep,
)
from tests.factories.notifications import notice_to


class RefusingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")


REFUSING = "tests.notifications.test_delivery.RefusingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def _copy(user) -> Notification:
    return Notification.objects.get(user=user)


def _jobs(kind: str) -> list[dict]:
    return list(Job.objects.filter(kind=kind).order_by("created_at").values_list("params", flat=True))


def _run_all(kind: str) -> None:
    for job in Job.objects.filter(kind=kind, state__in=["queued", "retrying"]):
        job_run(job_id=job.pk)


def test_each_user_gets_the_notice_as_they_chose(chair_secretariat, member_focal_point, partner_delegate) -> None:
    digest_user, inbox_user = member_focal_point.user, partner_delegate.user
    notice_settings_update(user=digest_user, email_modes={"system.test": "digest"})
    notice_settings_update(user=inbox_user, email_modes={"system.test": "none"})

    notice = notice_to([chair_secretariat.user, digest_user, inbox_user])
    deliver_notice(notice_id=notice.pk)

    states = {n.user.username: (n.email_mode, n.email_state) for n in notice.notifications.select_related("user")}
    assert states == {
        "lao.chair": ("immediate", "sent"),
        "vn.focal": ("digest", "digest"),
        "jp.delegate": ("none", "not_sent"),
    }
    assert [m.to for m in mail.outbox] == [["lao.chair@demo.mufakat.test"]]
    assert Notification.objects.filter(read_at__isnull=True).count() == 3  # the inbox always has it


def test_a_choice_for_one_kind_leaves_the_others_immediate(member_focal_point) -> None:
    notice_settings_update(user=member_focal_point.user, email_modes={"silence.started": "none"})

    modes = notice_settings(user=member_focal_point.user).email_modes

    assert modes["silence.started"] == "none"
    assert modes["system.test"] == "immediate"
    assert notice_to([member_focal_point.user]).notifications.get().email_state == "queued"


def test_the_digest_goes_once_at_the_users_own_time(member_focal_point) -> None:
    user = member_focal_point.user
    notice_settings_update(
        user=user, email_modes={"system.test": "digest"}, digest_time=time(8, 0), time_zone="Asia/Ho_Chi_Minh"
    )
    first = notice_to([user], title="the first draft")
    second = notice_to([user], title="the second draft")
    Notification.objects.update(created_at=datetime(2024, 7, 24, 20, 0, tzinfo=UTC))  # 03:00 in Ha Noi

    assert notifications_sweep(now=datetime(2024, 7, 25, 0, 59, tzinfo=UTC)) == 0  # 07:59 in Ha Noi
    assert notifications_sweep(now=datetime(2024, 7, 25, 1, 0, tzinfo=UTC)) == 1  # 08:00
    assert notifications_sweep(now=datetime(2024, 7, 25, 1, 5, tzinfo=UTC)) == 0  # its job is still queued
    _run_all("notifications.digest")

    (message,) = mail.outbox
    assert message.to == ["vn.focal@demo.mufakat.test"]
    assert message.subject == "[mufakat] Your daily digest: 2 notices"
    assert message.body.index("the first draft") < message.body.index("the second draft")
    assert {n.email_state for n in Notification.objects.filter(notice__in=[first, second])} == {"sent"}
    assert notifications_sweep(now=datetime(2024, 7, 25, 2, 0, tzinfo=UTC)) == 0  # nothing waits any more


def test_a_notice_after_todays_digest_time_waits_for_tomorrows(member_focal_point) -> None:
    user = member_focal_point.user
    notice_settings_update(user=user, email_modes={"system.test": "digest"}, digest_time=time(7, 0), time_zone="UTC")
    notice_to([user])
    Notification.objects.update(created_at=datetime(2024, 7, 25, 9, 0, tzinfo=UTC))

    assert notifications_sweep(now=datetime(2024, 7, 25, 12, 0, tzinfo=UTC)) == 0
    assert notifications_sweep(now=datetime(2024, 7, 26, 6, 59, tzinfo=UTC)) == 0
    assert notifications_sweep(now=datetime(2024, 7, 26, 7, 0, tzinfo=UTC)) == 1


def test_a_refused_digest_waits_for_the_next_attempt(member_focal_point, settings) -> None:
    user = member_focal_point.user
    notice_settings_update(user=user, email_modes={"system.test": "digest"})
    notice_to([user])

    settings.EMAIL_BACKEND = REFUSING
    with pytest.raises(ConnectionRefusedError):
        deliver_digest(user_id=user.pk)
    copy = _copy(user)
    assert (copy.email_state, copy.email_attempts, copy.email_error) == (
        "digest",
        1,
        "ConnectionRefusedError: mail server unreachable",
    )

    settings.EMAIL_BACKEND = LOCMEM
    assert deliver_digest(user_id=user.pk) == {"sent": 1}
    assert (_copy(user).email_state, len(mail.outbox)) == ("sent", 1)


def test_refusals_retry_with_back_off_then_fail(chair_secretariat, settings) -> None:
    settings.EMAIL_BACKEND = REFUSING
    settings.MUFAKAT_NOTIFY_MAX_ATTEMPTS = 3
    settings.MUFAKAT_JOB_BACKOFF_SECONDS = 30
    user = chair_secretariat.user
    notice_to([user])
    job = Job.objects.get()

    waits = []
    for _attempt in range(2):
        before = timezone.now()
        with pytest.raises(Exception, match="1 of 1 e-mails not sent; retrying"):
            job_run(job_id=job.pk)
        job.refresh_from_db()
        waits.append(round((job.run_after - before).total_seconds() / 30))
    assert (waits, _copy(user).email_state, _copy(user).email_attempts) == ([1, 2], "retrying", 2)

    assert job_run(job_id=job.pk) == {"sent": 0, "failed": 1}  # the last attempt: no longer retried by the job
    copy = _copy(user)
    assert (copy.email_state, copy.email_attempts, Job.objects.get().state) == ("failed", 3, "succeeded")
    assert mail.outbox == []


def test_the_sweep_queues_again_what_a_job_gave_up_on(chair_secretariat, settings) -> None:
    settings.EMAIL_BACKEND = REFUSING
    settings.MUFAKAT_NOTIFY_JOB_ATTEMPTS = 1
    user = chair_secretariat.user
    notice = notice_to([user])
    job = Job.objects.get()
    with pytest.raises(Exception, match="not sent"):
        job_run(job_id=job.pk)
    assert (Job.objects.get().state, _copy(user).email_state) == ("failed", "retrying")

    assert notifications_sweep() == 0  # too recent: its job might still be on its way
    later = timezone.now() + timedelta(minutes=11)
    assert notifications_sweep(now=later) == 1
    assert notifications_sweep(now=later) == 0  # a job is queued for it now

    settings.EMAIL_BACKEND = LOCMEM
    _run_all("notifications.deliver")
    assert (_copy(user).email_state, _copy(user).email_attempts, len(mail.outbox)) == ("sent", 2, 1)
    assert _jobs("notifications.deliver") == [{"notice_ids": [notice.pk]}, {"notice_ids": [notice.pk]}]


def test_an_email_claimed_by_a_sender_that_died_is_sent_again(chair_secretariat, member_focal_point) -> None:
    immediate, digest = chair_secretariat.user, member_focal_point.user
    notice_settings_update(user=digest, email_modes={"system.test": "digest"})
    notice = notice_to([immediate, digest])
    claimed = timezone.now() - timedelta(minutes=5)
    Notification.objects.update(email_state=EmailState.SENDING, emailed_at=claimed)

    notifications_sweep()  # claimed 5 minutes ago: perhaps still sending
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sending"}

    notifications_sweep(now=claimed + timedelta(minutes=11))
    assert (_copy(immediate).email_state, _copy(digest).email_state) == ("retrying", "digest")
    assert deliver_notice(notice_id=notice.pk) == {"sent": 1}
    assert [m.to for m in mail.outbox] == [["lao.chair@demo.mufakat.test"]]


def test_retry_failed_queues_them_again_with_a_fresh_count_in_one_job(chair_secretariat, settings) -> None:
    user = chair_secretariat.user
    first, second = notice_to([user]), notice_to([user], title="the second draft")
    Notification.objects.update(email_state=EmailState.FAILED, email_attempts=10, email_error="SMTPError: 550")
    Job.objects.all().delete()

    assert notifications_retry_failed() == 2
    assert set(Notification.objects.values_list("email_state", "email_attempts")) == {("retrying", 0)}
    assert _jobs("notifications.deliver") == [{"notice_ids": [first.pk, second.pk]}]
    _run_all("notifications.deliver")
    assert (set(Notification.objects.values_list("email_state", flat=True)), len(mail.outbox)) == ({"sent"}, 2)


def test_preferences_refuse_an_unknown_time_zone_naming_the_field(member_focal_point) -> None:
    from mufakat.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        notice_settings_update(user=member_focal_point.user, time_zone="Asia/Hanoi", language="vi")

    assert (refused.value.field, refused.value.message) == (
        "time_zone",
        "'Asia/Hanoi' is not an IANA time zone name (e.g. Asia/Ho_Chi_Minh); leave it empty for the venue's only.",
    )
    member_focal_point.user.refresh_from_db()
    assert member_focal_point.user.preferred_language == "en"  # nothing saved


def test_the_notices_of_one_transaction_go_out_in_one_job(chair_secretariat, member_focal_point) -> None:
    users = [chair_secretariat.user, member_focal_point.user]
    raised = [notice_to(users, title=f"draft {number}") for number in range(3)]

    (job,) = Job.objects.filter(kind="notifications.deliver")
    assert job.params == {"notice_ids": [notice.pk for notice in raised]}
    assert job_run(job_id=job.pk) == {"sent": 6}
    assert sorted((m.to[0], m.subject) for m in mail.outbox)[:2] == [
        ("lao.chair@demo.mufakat.test", "[mufakat] Test notice about draft 0"),
        ("lao.chair@demo.mufakat.test", "[mufakat] Test notice about draft 1"),
    ]
    assert notice_to(users).notifications.count() == 2
    assert len(_jobs("notifications.deliver")) == 2  # the first job ran: the next notice starts another


def test_a_committed_transaction_closes_its_job(chair_secretariat, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notice_to([chair_secretariat.user])
    second = notice_to([chair_secretariat.user])

    assert _jobs("notifications.deliver") == [{"notice_ids": [first.pk]}, {"notice_ids": [second.pk]}]


def test_a_rolled_back_savepoint_takes_its_notices_and_job_away(chair_secretariat) -> None:
    from django.db import transaction

    user = chair_secretariat.user

    def change_that_fails() -> None:
        with transaction.atomic():
            notice_to([user], title="the rolled-back draft")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    kept = notice_to([user], title="the kept draft")
    _run_all("notifications.deliver")

    assert _jobs("notifications.deliver") == [{"notice_ids": [kept.pk]}]
    assert [m.subject for m in mail.outbox] == ["[mufakat] Test notice about the kept draft"]


def test_a_job_queued_before_coalescing_still_delivers_its_notice(chair_secretariat) -> None:
    notice = notice_to([chair_secretariat.user])
    Job.objects.update(params={"notice_id": notice.pk})

    _run_all("notifications.deliver")

    assert (_copy(chair_secretariat.user).email_state, len(mail.outbox)) == ("sent", 1)
