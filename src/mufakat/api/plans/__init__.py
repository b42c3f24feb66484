"""Plans of action: the plans of a series (in force in its year, or adopted or reviewed at its meetings), their
outline, revisions and reporting periods; implementation reports (save, submit, return for clarification);
what a party owes; the compiled review of a meeting with its conclusions; CSV, iCalendar, Word and PDF.

Roles are the caller's in the series named in the path (plans outlive a series). A plan is classified: one the
caller may not see answers 404, like one that does not exist. Reports and reviews are for the secretariats
and the parties taking part in the plan's framework. Writes go through the plans services (which check rights,
numbering, responsibility, frozen periods and versions); a stale `version` is answered with 409 and the
current state in `current`."""

from . import plans, reports, reviews
from .common import plans_router

__all__ = ["plans", "plans_router", "reports", "reviews"]
