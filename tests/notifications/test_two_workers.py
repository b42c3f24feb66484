"""Two workers delivering the same notices at the same moment, each with its own database connection (as in
tests/races; run on SQLite and on PostgreSQL): every e-mail goes exactly once."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from mufakat.jobs.models import Job
from mufakat.jobs.tasks import run_job
from mufakat.jobs.worker import WorkerLoop
from mufakat.notifications.models import Notification
from mufakat.notifications.selectors import series_viewers
from mufakat.notifications.services import deliver_notice
from tests.factories.notifications import notice_to
from tests.races.conftest import race


@pytest.fixture(autouse=True)
def _committed(transactional_db: None) -> None:
    """The workers' connections must see the test's rows: commit them."""


class SlowBackend(EmailBackend):
    """The locmem outbox, a little slow, so that the two workers' sending overlaps."""

    def send_messages(self, messages):
        time.sleep(0.005)
        return super().send_messages(messages)


def _recipients(amm_57) -> list:
    return [viewer.user for viewer in series_viewers(series_id=amm_57.pk)]


def _sent_once(expected: int) -> None:
    counts = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert (len(counts), set(counts.values())) == (expected, {1})
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}


def test_two_workers_sending_one_notice_send_each_mail_once(amm_57, settings) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_two_workers.SlowBackend"
    users = _recipients(amm_57)
    notice = notice_to(users)

    outcomes = race(2, lambda i: deliver_notice(notice_id=notice.pk))

    assert sum(outcome.value["sent"] for outcome in outcomes) == len(users)
    _sent_once(len(users))


def test_two_worker_loops_given_every_job_twice_send_each_mail_once(amm_57, settings) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_two_workers.SlowBackend"
    users = _recipients(amm_57)
    for number in range(3):
        notice_to(users, title=f"draft {number}")
    for job in Job.objects.all():
        run_job.enqueue(str(job.pk))  # each job delivered a second time, to be taken by the other worker

    race(2, lambda i: WorkerLoop(once=True, sweeps=False, worker_id=f"worker-{i}").run())

    _sent_once(3 * len(users))
    assert set(Job.objects.values_list("state", flat=True)) == {"succeeded"}
