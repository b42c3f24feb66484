"""Writes to plans of action. Every function is keyword-only, runs in one transaction, checks the actor's
rights (always: code acting on its own passes `SeriesViewer.system(...)`) and writes an audit entry."""

from .lines import (
    line_add,
    line_set_discontinued,
    line_update,
    plan_outline_import,
    plan_outline_import_csv,
    plan_outline_import_docx,
)
from .periods import period_create, period_freeze, period_update
from .plans import plan_create, plan_revision_record, plan_update
from .reminders import reporting_reminders_due
from .reports import report_return, report_save, report_target
from .reviews import plan_review_record

__all__ = [
    "line_add",
    "line_set_discontinued",
    "line_update",
    "period_create",
    "period_freeze",
    "period_update",
    "plan_create",
    "plan_outline_import",
    "plan_outline_import_csv",
    "plan_outline_import_docx",
    "plan_review_record",
    "plan_revision_record",
    "plan_update",
    "report_return",
    "report_save",
    "report_target",
    "reporting_reminders_due",
]
