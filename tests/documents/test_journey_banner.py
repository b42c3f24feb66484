"""The Summits' record, entered after the fact and dated past the demo clock, carries no demo banner (README)."""

from __future__ import annotations

from django.test import Client

from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from tests.documents.test_journey_interfaces import BIOSAFETY


def test_summit_series_pages_carry_no_demo_banner(journey_demo: Series, client: Client) -> None:
    OutcomeDocument.objects.filter(title_en=BIOSAFETY).update(classification="public")
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)
    summit = Meeting.objects.get(series=journey_demo, body__code="SUMMIT", ordinal=44)
    urls = [
        "/series/summit-44-45/",
        f"/meetings/{summit.pk}/",
        f"/series/summit-44-45/documents/{document.pk}/journey/",
    ]

    for url in urls:
        response = client.get(url)
        assert (response.status_code, 'id="demo-banner"' in response.content.decode()) == (200, False), url
    assert 'id="demo-banner"' in client.get("/series/amm-57/").content.decode()
