"""Fixtures for the jobs tests: an AMM draft ready to go under silence, and a test-only job kind that fails."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument, SilenceProcedure
from mufakat.documents.services import silence_start
from mufakat.jobs.services import JOB_KINDS
from mufakat.meetings.models import Series
from tests.factories.documents import amm_draft


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    # Without e-mail addresses the notices of the draft and of its silence procedure stay in the inboxes: no
    # delivery job joins the deadline job on the queue these tests count (tests/documents check the notices).
    User.objects.update(email="")
    return amm_draft(actor=chair_secretariat, series=amm_57, texts=["We met.", "We agreed."])


def silence_started(
    actor: SeriesViewer, drafted: tuple[OutcomeDocument, DocumentVersion], *, started: datetime, deadline: datetime
) -> SilenceProcedure:
    document, version = drafted
    return silence_start(
        actor=actor,
        document=document,
        version_id=version.pk,
        deadline=deadline,
        time_zone="Asia/Vientiane",
        now=started,
    )


def past_silence(actor: SeriesViewer, drafted: tuple[OutcomeDocument, DocumentVersion]) -> SilenceProcedure:
    """A procedure started two days ago whose deadline passed an hour ago (while no worker ran). Its two reminder
    jobs (24 hours and 1 hour before the deadline) are on the queue too: they run, find the deadline passed and
    send nothing."""
    now = timezone.now()
    return silence_started(actor, drafted, started=now - timedelta(days=2), deadline=now - timedelta(hours=1))


def always_fails(*, job: object, message: str) -> None:
    raise RuntimeError(message)


@pytest.fixture
def failing_kind(monkeypatch: pytest.MonkeyPatch) -> str:
    """A job kind that always fails, as a mail server refusing every attempt would."""
    monkeypatch.setitem(JOB_KINDS, "test.always_fails", "tests.jobs.conftest.always_fails")
    return "test.always_fails"
