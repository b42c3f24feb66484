"""Fixtures of the publishing tests: the AMM-57 programme and register (tests/documents/conftest.py)."""

from tests.documents.conftest import documents_demo
from tests.meetings.conftest import programme_demo

__all__ = ["documents_demo", "programme_demo"]
