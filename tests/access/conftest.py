"""Fixtures of the access tests: the AMM-57 programme and register of outcome documents, built and replayed
as tests/meetings/conftest.py and tests/documents/conftest.py do."""

from tests.documents.conftest import documents_demo
from tests.meetings.conftest import programme_demo

__all__ = ["documents_demo", "programme_demo"]
