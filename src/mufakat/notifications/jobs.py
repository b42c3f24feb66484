"""The job kinds of notifications (registered in jobs.services.JOB_KINDS)."""

from __future__ import annotations

from typing import Any

from .delivery import deliver_digest, deliver_notices


def deliver(*, job: Any, notice_ids: list[int] | None = None, notice_id: int | None = None) -> dict[str, int]:
    """The e-mails of the notices raised in one transaction (`notice_id`: a job queued before they were
    coalesced, one per notice)."""
    return deliver_notices(notice_ids=[*(notice_ids or []), *([notice_id] if notice_id is not None else [])])


def digest(*, job: Any, user_id: int) -> dict[str, int]:
    return deliver_digest(user_id=user_id)
