"""Reference data: parties, frameworks with their members on a date, and the ASEAN chairs."""

from . import frameworks, parties
from .common import reference_router

__all__ = ["frameworks", "parties", "reference_router"]
