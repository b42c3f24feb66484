"""What each kind of job does. Each takes the Job and its params (ids, never instances) and is idempotent."""

from __future__ import annotations

from typing import Any

from mufakat.documents.models import SilenceProcedure
from mufakat.documents.services import silence_conclude, silence_remind

from .models import Job


def silence_deadline(*, job: Job, procedure_id: int) -> dict[str, Any]:
    """At the deadline: conclude that silence procedure if it is still running. Broken, cancelled or already
    concluded (by another worker, or by the sweep) leaves it as it is."""
    concluded = silence_conclude(procedure_id=procedure_id)
    status = SilenceProcedure.objects.filter(pk=procedure_id).values_list("status", flat=True).first()
    return {"procedure_id": procedure_id, "concluded": concluded is not None, "status": status}


def silence_reminder(*, job: Job, procedure_id: int, which: str) -> dict[str, Any]:
    """Before the deadline: remind the parties that have said nothing, unless the procedure no longer runs, its
    deadline passed, a later reminder is already due, or this one was sent (by another worker, or the sweep)."""
    notice = silence_remind(procedure_id=procedure_id, which=which)
    return {"procedure_id": procedure_id, "which": which, "sent": notice is not None}
