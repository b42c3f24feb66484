"""The job kinds of notifications (registered in jobs.services.JOB_KINDS)."""

from __future__ import annotations

from typing import Any

from .services import deliver_digest, deliver_notice


def deliver(*, job: Any, notice_id: int) -> dict[str, int]:
    return deliver_notice(notice_id=notice_id)


def digest(*, job: Any, user_id: int) -> dict[str, int]:
    return deliver_digest(user_id=user_id)
