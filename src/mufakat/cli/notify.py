"""`notify test` and `notify retry`: check the e-mail set-up by sending one notice at once, and give e-mails that
used all their attempts another chance."""

from __future__ import annotations

import argparse
from typing import Any


def _cmd_test(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.db import transaction
    from django.utils.translation import gettext as _

    from mufakat.accounts.models import User
    from mufakat.core.errors import ValidationFailed
    from mufakat.core.text import Text, gettext_noop
    from mufakat.notifications.models import EmailState
    from mufakat.notifications.services import deliver_now, notify

    user = User.objects.filter(username=args.to, is_active=True).first()
    if user is None:
        raise ValidationFailed(_("no active account %(username)r.") % {"username": args.to}, field="--to")
    with transaction.atomic():
        notice = notify(
            kind="system.test",
            recipients=[user],
            subject=Text(gettext_noop("Test notice from mufakat")),
            body=Text(
                gettext_noop(
                    "An operator sent this notice to check that notices reach you. If you read this by e-mail, "
                    "e-mail works."
                )
            ),
            link="/me/notifications/",
        )
    assert notice is not None  # noqa: S101 - no key: always raised
    copy = notice.notifications.get()
    backend = settings.EMAIL_BACKEND
    if copy.email_state == EmailState.QUEUED:
        copy = deliver_now(notification_id=copy.pk)
    # The inbox and its links (/me/notifications/<id>/open) number the user's copy; `notify retry --notice`
    # takes the notice's own id: name both, each for what it is.
    told = (
        f"{user.username}: test notice {notice.pk} raised; in the inbox as notification {copy.pk} "
        f"(/me/notifications/{copy.pk}/open)"
    )
    if copy.email_state == EmailState.SENT:
        print(f"{told}; e-mail to {copy.address} accepted by {backend}")
        return 0
    if copy.email_state in (EmailState.RETRYING, EmailState.FAILED):
        print(
            f"{told}; e-mail to {copy.address} NOT accepted by {backend}: {copy.email_error} "
            f"(a worker will retry it; or `mufakat notify retry --notice {notice.pk}` once it has failed)"
        )
        return 1
    print(f"{told}; no e-mail ({copy.get_email_state_display()})")
    return 1


def _cmd_retry(args: argparse.Namespace) -> int:
    from mufakat.notifications.services import notifications_retry_failed

    count = notifications_retry_failed(notice_id=args.notice)
    print(f"{count} failed e-mail(s) queued again; a worker sends them.")
    return 0


def add_commands(sub: Any) -> None:
    notify = sub.add_parser("notify", help="notices: check the e-mail set-up, retry failed e-mails")
    commands = notify.add_subparsers(dest="notify_command", required=True)
    test = commands.add_parser(
        "test", help="send one test notice to a user now, through the configured e-mail backend (no worker needed)"
    )
    test.add_argument("--to", required=True, metavar="USER", help="username")
    test.set_defaults(func=_cmd_test)
    retry = commands.add_parser("retry", help="queue again the e-mails that failed after all their attempts")
    retry.add_argument("--notice", type=int, help="only this notice's (its id)")
    retry.set_defaults(func=_cmd_retry)
