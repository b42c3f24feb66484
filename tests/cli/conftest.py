"""Fixtures of the CLI tests: the AMM-57 register of outcome documents (`documents_demo`), as
tests/documents/conftest.py builds and replays it."""

from tests.documents.conftest import documents_demo, programme_demo

__all__ = ["documents_demo", "programme_demo"]
