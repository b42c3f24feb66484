"""Fixtures of the CLI tests: the AMM-57 register of outcome documents (`documents_demo`), as
tests/documents/conftest.py builds and replays it."""

from tests.documents.conftest import _documents_writes, _programme_writes, documents_demo, programme_demo

__all__ = ["_documents_writes", "_programme_writes", "documents_demo", "programme_demo"]
