"""The caller's notifications (/me/notifications) and how each kind reaches them (/me/notification-preferences)."""

from . import notices, preferences
from .common import notifications_router

__all__ = ["notices", "notifications_router", "preferences"]
