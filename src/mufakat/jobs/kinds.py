"""What each kind of job does. Each takes the Job and its params (ids, never instances) and is idempotent."""

from __future__ import annotations

from typing import Any

from mufakat.documents.models import SilenceProcedure
from mufakat.documents.services import silence_conclude

from .models import Job


def silence_deadline(*, job: Job, procedure_id: int) -> dict[str, Any]:
    """At the deadline: conclude that silence procedure if it is still running. Broken, cancelled or already
    concluded (by another worker, or by the sweep) leaves it as it is."""
    concluded = silence_conclude(procedure_id=procedure_id)
    status = SilenceProcedure.objects.filter(pk=procedure_id).values_list("status", flat=True).first()
    return {"procedure_id": procedure_id, "concluded": concluded is not None, "status": status}
