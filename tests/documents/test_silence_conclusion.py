"""A silence procedure concluded late records the deadline it concluded at; the job's run time is in its
audit entry."""

from __future__ import annotations

from datetime import timedelta

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.services import silence_conclude_due
from tests.documents.test_clearance import _start_silence, drafted

__all__ = ["drafted"]


def test_silence_concluded_late_records_the_deadline_and_the_run_separately(
    drafted: tuple[OutcomeDocument, DocumentVersion], chair_secretariat: SeriesViewer
) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    ran = procedure.deadline + timedelta(days=2)

    silence_conclude_due(now=ran)

    procedure.refresh_from_db()
    entry = AuditEvent.objects.get(action="silence.conclude", object_id=str(procedure.pk))
    assert (procedure.status, procedure.concluded_at) == ("held", procedure.deadline)
    assert (entry.after["concluded_at"], entry.after["recorded_at"]) == (
        procedure.deadline.isoformat(),
        ran.isoformat(),
    )
