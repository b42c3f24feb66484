"""A deadline that finds its procedure's row locked (a reminder job, a break of silence, another worker) waits
for the lock, then concludes, or finds it concluded: it never gives up and leaves the procedure running. Row
locks are PostgreSQL's (SQLite's write transaction already excludes every other writer), so this runs there."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument, SilenceProcedure
from mufakat.documents.services import silence_conclude
from tests.jobs.conftest import past_silence

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


@pytest.fixture(autouse=True)
def _committed(transactional_db: None) -> None:
    """The other transaction's connection must see the test's rows: commit them."""


def _hold_lock(procedure_id: int, held: threading.Event, release: threading.Event, conclude: bool) -> None:
    """Another worker's transaction: lock the procedure's row (as a reminder does), keep it until told, and
    conclude it there first when `conclude`."""
    try:
        with transaction.atomic():
            SilenceProcedure.objects.select_for_update().get(pk=procedure_id)
            held.set()
            release.wait(timeout=30)
            if conclude:
                silence_conclude(procedure_id=procedure_id)
    finally:
        connections.close_all()


def _conclude_while_locked(procedure: SilenceProcedure, *, other_concludes: bool) -> SilenceProcedure | None:
    held, release = threading.Event(), threading.Event()
    other = threading.Thread(target=_hold_lock, args=(procedure.pk, held, release, other_concludes))
    other.start()
    assert held.wait(timeout=30)
    threading.Timer(0.5, release.set).start()  # the other transaction ends while this one waits
    try:
        return silence_conclude(procedure_id=procedure.pk)
    finally:
        release.set()
        other.join(timeout=30)


def _conclusions(procedure: SilenceProcedure) -> int:
    return AuditEvent.objects.filter(action="silence.conclude", object_id=str(procedure.pk)).count()


def test_a_deadline_waits_for_a_reminder_holding_the_procedure_then_concludes(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    procedure = past_silence(chair_secretariat, drafted)

    concluded = _conclude_while_locked(procedure, other_concludes=False)

    assert concluded is not None
    assert (SilenceProcedure.objects.get(pk=procedure.pk).status, _conclusions(procedure)) == ("held", 1)


def test_a_deadline_that_waited_for_another_conclusion_concludes_nothing_again(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    procedure = past_silence(chair_secretariat, drafted)

    concluded = _conclude_while_locked(procedure, other_concludes=True)

    assert concluded is None
    assert (SilenceProcedure.objects.get(pk=procedure.pk).status, _conclusions(procedure)) == ("held", 1)
