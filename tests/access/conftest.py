"""Fixtures of the access tests: the AMM-57 programme and register of outcome documents, and the 44th Summit's
register with the declaration's journey, built and replayed as tests/meetings/conftest.py and
tests/documents/conftest.py do."""

from tests.documents.conftest import documents_demo, journey_demo
from tests.meetings.conftest import programme_demo

__all__ = ["documents_demo", "journey_demo", "programme_demo"]
