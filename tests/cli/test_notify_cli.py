"""`mufakat notify test --to USER` sends one notice at once through the configured e-mail backend and says
whether the mail server took it; `mufakat notify retry` queues failed e-mails again."""

from __future__ import annotations

import pytest
from django.core import mail

from mufakat.cli import main
from mufakat.jobs.models import Job
from mufakat.notifications.models import EmailState, Notification
from tests.factories.notifications import notice_to
from tests.notifications.test_delivery import REFUSING


def test_notify_test_sends_at_once_and_says_so(
    member_focal_point, member_delegate, capsys: pytest.CaptureFixture[str]
) -> None:
    # An earlier notice to two people: the notice's id and the inbox copy's id differ from here on.
    earlier = notice_to([member_focal_point.user, member_delegate.user])
    mail.outbox.clear()

    code = main(["notify", "test", "--to", "vn.focal"])

    copy = Notification.objects.exclude(notice=earlier).get()
    assert copy.pk != copy.notice_id
    assert (code, capsys.readouterr().out) == (
        0,
        f"vn.focal: test notice {copy.notice_id} raised; in the inbox as notification {copy.pk} "
        f"(/me/notifications/{copy.pk}/open); e-mail to vn.focal@demo.mufakat.test accepted by "
        "django.core.mail.backends.locmem.EmailBackend\n",
    )
    (message,) = mail.outbox
    assert (message.to, message.subject) == (["vn.focal@demo.mufakat.test"], "[mufakat] Test notice from mufakat")
    assert (copy.notice.kind, copy.email_state, copy.read_at) == ("system.test", "sent", None)


def test_notify_test_with_a_refusing_server_says_why_and_keeps_it(
    member_focal_point, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.EMAIL_BACKEND = REFUSING

    code = main(["notify", "test", "--to", "vn.focal"])

    copy = Notification.objects.get()
    assert (code, capsys.readouterr().out) == (
        1,
        f"vn.focal: test notice {copy.notice_id} raised; in the inbox as notification {copy.pk} "
        f"(/me/notifications/{copy.pk}/open); e-mail to vn.focal@demo.mufakat.test NOT accepted by "
        f"{REFUSING}: ConnectionRefusedError: mail server unreachable (a worker will retry it; or "
        f"`mufakat notify retry --notice {copy.notice_id}` once it has failed)\n",
    )
    assert (copy.email_state, Job.objects.get().kind) == ("retrying", "notifications.deliver")


def test_notify_test_to_an_unknown_user_is_a_one_line_error(amm_57, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["notify", "test", "--to", "nobody"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--to': no active account 'nobody'.\n")
    assert not Notification.objects.exists()


def test_notify_retry_queues_failed_emails(chair_secretariat, capsys: pytest.CaptureFixture[str]) -> None:
    notice_to([chair_secretariat.user])
    Notification.objects.update(email_state=EmailState.FAILED, email_attempts=10)

    code = main(["notify", "retry"])

    assert (code, capsys.readouterr().out) == (0, "1 failed e-mail(s) queued again; a worker sends them.\n")
    assert Notification.objects.get().email_state == "retrying"
