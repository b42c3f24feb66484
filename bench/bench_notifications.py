"""Notifications figures: raising a notice to the 27 ARF parties' people (≈120 users: the demo's plus synthetic
focal points and delegates of 27 parties), as a circulated draft does inside its request's transaction
(target < 50 ms added), and a worker delivering 1,000 notices through the locmem e-mail backend (target < 10 s).
The notices of one transaction go out in one job; notices raised each in a transaction of its own (requests
spread over time, a reminder sweep's per-party transactions) still take a job each, measured on 200 of them.
"""

from __future__ import annotations

import contextlib
import logging
import statistics
import time

from django.conf import settings
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import RoleAssignment, User
from mufakat.core.text import Text, gettext_noop
from mufakat.demo.delegations import delegations_demo_load
from mufakat.demo.meetings import demo_load
from mufakat.jobs.models import Job
from mufakat.jobs.worker import WorkerLoop
from mufakat.meetings.models import Series
from mufakat.meetings.services import bodies_load
from mufakat.notifications.models import Notification
from mufakat.notifications.selectors import recipients_of, series_viewers
from mufakat.notifications.services import notify
from mufakat.notifications.text import Localized
from mufakat.reference.models import Party
from mufakat.reference.services import reference_data_load

PARTIES = 27
SYNTHETIC_USERS = 116  # with the demo's own people in the series: about 120


def _people(series: Series) -> None:
    """Synthetic focal points and delegates, four or five for each of 27 parties (written in bulk: not measured)."""
    parties = list(Party.objects.order_by("code")[:PARTIES])
    names = [f"bench.{parties[i % PARTIES].code.lower()}.{i // PARTIES}" for i in range(SYNTHETIC_USERS)]
    User.objects.bulk_create([User(username=name, email=f"{name}@example.org") for name in names])
    users = list(User.objects.filter(username__startswith="bench.").order_by("username"))
    by_code = {party.code.lower(): party for party in parties}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=user,
                series=series,
                party=by_code[user.username.split(".")[1]],
                role=SeriesRole.FOCAL_POINT if user.username.endswith(".0") else SeriesRole.DELEGATE,
            )
            for user in users
        ]
    )


def _circulate(series: Series, number: int) -> int:
    """What an emitter does in the request: the series' people, then one notify() (each viewer once)."""
    viewers = series_viewers(series_id=series.pk)
    title = Localized(f"ARF Chairman's Statement, draft {number}", f"Tuyên bố của Chủ tịch ARF, dự thảo {number}")
    notice = notify(
        kind="document.circulated",
        recipients=recipients_of(viewers),
        subject=Text(gettext_noop("%(title)s circulated"), {"title": title}),
        body=Text(gettext_noop("%(title)s circulated"), {"title": title}),
        series_id=series.pk,
        link=f"/series/{series.code}/documents/",
    )
    if notice is None:
        raise RuntimeError("notify() raised nothing")
    return len(viewers)


def _notify_figures(series: Series) -> None:
    times, told = [], 0
    for number in range(15):
        start = time.perf_counter()
        with transaction.atomic():
            told = _circulate(series, number)
        times.append(time.perf_counter() - start)  # with the commit and the job put on the queue
    print(
        f"notify() to {told} users of {series.code} (series_viewers + notify, committed, job queued): "
        f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms  (target < 50 ms)"
    )


def _worker_figures(series: Series, *, notices: int, recipients: int, one_transaction: bool = True) -> None:
    """`notices` notices to `recipients` users each, raised in one transaction (one job) or each in its own (a
    job each), delivered by one worker loop."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    Job.objects.all().delete()
    DBTaskResult.objects.all().delete()
    Notification.objects.all().delete()
    users = list(User.objects.filter(username__startswith="bench.").order_by("username"))
    title = Localized("the draft", "bản dự thảo")
    with transaction.atomic() if one_transaction else contextlib.nullcontext():
        for number in range(notices):
            start = number * recipients
            notify(
                kind="document.circulated",
                recipients=[users[(start + n) % len(users)] for n in range(recipients)],
                subject=Text(gettext_noop("%(title)s circulated"), {"title": title}),
                body=Text(gettext_noop("%(title)s circulated"), {"title": title}),
                series_id=series.pk,
                link="/series/amm-57/documents/",
            )
    worker = WorkerLoop(once=True, sweeps=False, interval=0)
    start = time.perf_counter()
    worker.run()
    elapsed = time.perf_counter() - start
    sent = Notification.objects.filter(email_state="sent").count()
    print(
        f"worker: {notices} notices x {recipients} recipients "
        f"({'in one transaction' if one_transaction else 'each in its own transaction'}) "
        f"= {sent} e-mails sent (locmem, {len(mail.outbox)} "
        f"messages, {worker.tasks_run} jobs) in {elapsed:.2f} s, {elapsed / max(sent, 1) * 1000:.2f} ms each"
        "  (target 1,000 in < 10 s)"
    )


def run() -> None:
    with transaction.atomic():
        if not Series.objects.filter(code="amm-57").exists():
            bodies_load(report=reference_data_load())
            demo_load()
        if not User.objects.filter(username="lao.chair").exists():
            delegations_demo_load()
    series = Series.objects.get(code="amm-57")
    if not User.objects.filter(username__startswith="bench.").exists():
        _people(series)
    _notify_figures(series)
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)  # not a line per task on the console
    _worker_figures(series, notices=9, recipients=SYNTHETIC_USERS)  # nine drafts circulated to the ARF's people
    _worker_figures(series, notices=1000, recipients=1)  # a thousand one-recipient notices of one transaction
    _worker_figures(series, notices=200, recipients=1, one_transaction=False)  # a job per notice (and e-mail)
