"""The notifications router."""

from __future__ import annotations

from ninja import Router

notifications_router = Router(tags=["notifications"])
