"""Every write on bilaterals. Services are keyword-only, take the acting viewer (a person's, or
`SeriesViewer.system(...)` for code acting on its own), refuse what the viewer may not do, run in a
transaction, check versions (409 on a stale one) and write the audit log."""

from .assignments import bilateral_assignment_confirm, bilateral_assignment_move
from .precedence import bilateral_request_after_set
from .presence import blocked_period_add, blocked_period_remove, delegation_presence_set
from .requests import bilateral_request_create, bilateral_request_respond, bilateral_request_withdraw
from .rooms import bilateral_room_set, bilateral_settings_update
from .schedules import SolveOutcome, SolveWatch, bilateral_schedule_publish, bilateral_schedule_solve
from .solving import bilateral_solve_start

__all__ = [
    "SolveOutcome",
    "SolveWatch",
    "bilateral_assignment_confirm",
    "bilateral_assignment_move",
    "bilateral_request_after_set",
    "bilateral_request_create",
    "bilateral_request_respond",
    "bilateral_request_withdraw",
    "bilateral_room_set",
    "bilateral_schedule_publish",
    "bilateral_schedule_solve",
    "bilateral_settings_update",
    "bilateral_solve_start",
    "blocked_period_add",
    "blocked_period_remove",
    "delegation_presence_set",
]
