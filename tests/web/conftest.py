"""Fixtures of the web page tests: the AMM-57 programme demo (releases v1 and v2, agendas, the SOM's
recommendations) as tests/meetings/conftest.py builds and replays it, and the bilaterals demo on top of it
as tests/bilaterals/conftest.py does, and the AMM-57 register of outcome documents as
tests/documents/conftest.py does."""

from tests.bilaterals.conftest import bilateral_requests_demo, bilaterals_demo
from tests.documents.conftest import documents_demo
from tests.meetings.conftest import programme_demo

__all__ = [
    "bilateral_requests_demo",
    "bilaterals_demo",
    "documents_demo",
    "programme_demo",
]
