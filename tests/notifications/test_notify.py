"""The notifications core: a notice and its copies are written in the caller's transaction, e-mailed by a job
after the commit (in each recipient's language, plain text and HTML, with the link and the deadline in the
venue's time and the recipient's own), never twice, and kept to be retried when the mail server refuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import transaction

from mufakat.core.text import Text, gettext_noop
from mufakat.documents.rules import document_visible_q
from mufakat.jobs.models import Job
from mufakat.jobs.services import job_run
from mufakat.notifications.models import EmailState, Notice, Notification
from mufakat.notifications.selectors import series_viewers, unread_count, who_may_see
from mufakat.notifications.services import Recipient, deliver_notice, notifications_mark_read, notify
from mufakat.notifications.text import Localized
from tests.factories.documents import amm_draft

DEADLINE = datetime(2024, 7, 29, 11, 0, tzinfo=UTC)  # 18:00 in Vientiane


def _notify(users, **overrides):
    arguments = {
        "kind": "system.test",
        "recipients": users,
        "subject": Text(gettext_noop("Test notice about %(title)s"), {"title": Localized("the draft", "bản dự thảo")}),
        "body": Text(gettext_noop("Test notice about %(title)s"), {"title": Localized("the draft", "bản dự thảo")}),
        "link": "/series/amm-57/",
    } | overrides
    return notify(**arguments)


def test_a_notice_reaches_each_user_once_in_their_language(chair_secretariat, member_focal_point) -> None:
    vn = member_focal_point.user
    vn.preferred_language, vn.time_zone = "vi", "Asia/Ho_Chi_Minh"
    vn.save()

    with transaction.atomic():
        notice = _notify([chair_secretariat.user, vn, vn], deadline=DEADLINE, deadline_zone="Asia/Vientiane")

    assert notice is not None
    copies = {n.user.username: (n.language, n.email_state) for n in notice.notifications.select_related("user")}
    assert copies == {chair_secretariat.user.username: ("en", "queued"), vn.username: ("vi", "queued")}
    assert Job.objects.get().kind == "notifications.deliver"
    assert notice.subject_in("en") == "Test notice about the draft"
    assert unread_count(user=vn) == 1


def test_a_rolled_back_change_tells_no_one(chair_secretariat) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            _notify([chair_secretariat.user])
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert (Notice.objects.count(), Notification.objects.count(), Job.objects.count()) == (0, 0, 0)


def test_the_same_key_raises_a_notice_once(chair_secretariat) -> None:
    first = _notify([chair_secretariat.user], key="reminder:1:24h")
    second = _notify([chair_secretariat.user], key="reminder:1:24h")

    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1


def test_delivery_sends_text_and_html_with_link_and_both_times_once(member_focal_point, settings) -> None:
    settings.MUFAKAT_SITE_URL = "https://mufakat.example.org"
    vn = member_focal_point.user
    vn.email, vn.preferred_language, vn.time_zone = "focal@mofa.gov.vn", "vi", "Asia/Tokyo"
    vn.save()
    notice = _notify([vn], deadline=DEADLINE, deadline_zone="Asia/Vientiane")

    assert deliver_notice(notice_id=notice.pk) == {"sent": 1}
    assert deliver_notice(notice_id=notice.pk) == {"sent": 0}  # a re-run sends nothing again

    (message,) = mail.outbox
    html, mime = message.alternatives[0]
    assert message.to == ["focal@mofa.gov.vn"]
    assert message.subject == "[mufakat] Test notice about bản dự thảo"
    assert "https://mufakat.example.org/series/amm-57/" in message.body
    assert "18:00" in message.body
    assert "20:00" in message.body
    assert "Asia/Vientiane" in message.body
    assert "Asia/Tokyo" in message.body
    assert mime == "text/html"
    assert '<html lang="vi">' in html
    assert 'href="https://mufakat.example.org/series/amm-57/"' in html
    assert Notification.objects.get().email_state == EmailState.SENT


class RefusingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")


def test_a_refused_mail_is_kept_and_retried_never_lost(chair_secretariat, settings) -> None:
    user = chair_secretariat.user
    user.email = "chair@mofa.gov.la"
    user.save()
    notice = _notify([user])
    job = Job.objects.get()

    settings.EMAIL_BACKEND = "tests.notifications.test_notify.RefusingBackend"
    with pytest.raises(Exception, match="1 of 1 e-mails not sent"):
        job_run(job_id=job.pk)
    copy = Notification.objects.get()
    assert (copy.email_state, copy.email_attempts, copy.email_error) == (
        "retrying",
        1,
        "ConnectionRefusedError: mail server unreachable",
    )
    assert Job.objects.get().state == "retrying"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_notice(notice_id=notice.pk) == {"sent": 1}
    assert Notification.objects.get().email_state == EmailState.SENT
    assert len(mail.outbox) == 1


def test_an_address_without_an_account_is_emailed_only(amm_57) -> None:
    notice = _notify([Recipient(address="hod@mofa.go.jp", name="Head of Japan", language="en")])

    copy = notice.notifications.get()
    assert (copy.user, copy.address, copy.email_state) == (None, "hod@mofa.go.jp", "queued")


def test_mark_read(chair_secretariat) -> None:
    _notify([chair_secretariat.user])
    _notify([chair_secretariat.user])

    assert notifications_mark_read(user=chair_secretariat.user) == 2
    assert unread_count(user=chair_secretariat.user) == 0


def test_who_may_see_keeps_a_partner_away_from_an_asean_only_draft(amm_57, chair_secretariat) -> None:
    restricted, _version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["We met."])
    assert restricted.classification == "restricted"
    assert restricted.restricted_to.code == "ASEAN"

    viewers = series_viewers(series_id=amm_57.pk)
    told = {
        v.user.username
        for v in who_may_see(viewers, restricted, lambda v: document_visible_q(v, series_start=amm_57.start_date))
    }

    assert {"lao.chair", "vn.focal"} <= told
    assert "jp.delegate" not in told
    assert "tl.observer" not in told
