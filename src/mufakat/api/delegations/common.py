"""The delegations router."""

from __future__ import annotations

from ninja import Router

delegations_router = Router(tags=["delegations"])
