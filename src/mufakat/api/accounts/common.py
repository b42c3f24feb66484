"""The accounts router."""

from __future__ import annotations

from ninja import Router

accounts_router = Router(tags=["accounts"])
