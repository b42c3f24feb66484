""" "My desk": what awaits a signed-in user today, across every series it holds a role in.

A composition, not a domain app: it owns no model and decides nothing. It sits above the domain apps and
asks each one's selectors what awaits the user's parties (documents, bilaterals, plans, delegations) and
what comes next for them (delegations.week), or, for the chair, what awaits the chair; it turns their
answers into uniform rows for the web page and the API. That is why it is neither in `accounts` (the layer
the domain apps build on: importing them from there would turn the layering upside down) nor in `web`
(the API serves the same rows). Visibility is the selectors' own: nothing appears that the user may not see.

The notices inbox (unread counter and list) will be a further section of the desk; it is not built here."""

from .compose import desk_for
from .rows import Desk, DeskRow

__all__ = ["Desk", "DeskRow", "desk_for"]
