"""Delegations and quotas, participants and their accreditation, and circulars of a series.

Reads go through the delegations selectors (which check the viewer), writes through its services (which
check again, lock, audit). A stale `version` is answered with 409 and the object as it is now."""

from . import circulars, delegations, participants
from .common import delegations_router

__all__ = ["circulars", "delegations", "delegations_router", "participants"]
