"""The caller's own account (/me, personal API tokens) and the audit log of a series."""

from . import audit, me
from .common import accounts_router

__all__ = ["accounts_router", "audit", "me"]
