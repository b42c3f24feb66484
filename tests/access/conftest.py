"""Fixtures of the access tests: the AMM-57 programme and register of outcome documents, built and replayed
as tests/meetings/conftest.py and tests/documents/conftest.py do."""

from tests.documents.conftest import _documents_writes, documents_demo
from tests.meetings.conftest import _programme_writes, programme_demo

__all__ = ["_documents_writes", "_programme_writes", "documents_demo", "programme_demo"]
