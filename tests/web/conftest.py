"""Fixtures of the web page tests: the AMM-57 programme demo (releases v1 and v2, agendas, the SOM's
recommendations) as tests/meetings/conftest.py builds and replays it."""

from tests.meetings.conftest import _programme_writes, programme_demo

__all__ = ["_programme_writes", "programme_demo"]
