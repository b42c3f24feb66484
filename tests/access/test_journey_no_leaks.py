"""No leak along a document's journey: the pages and endpoints that show a journey (the timeline, the
documents for a meeting, the consultations' and the Summits' pages) never quote an ASEAN-only draft to a
dialogue partner's delegate or the public, at any step."""

from __future__ import annotations

import pytest
from django.test import Client

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import RoleAssignment, User
from mufakat.accounts.services import api_token_create
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.models import Party

DRAFT = "ASEAN Leaders' Statement on Regional Health Emergency Preparedness (illustrative)"


def _pages(series: Series) -> tuple[list[str], list[str]]:
    documents = list(OutcomeDocument.objects.filter(meeting__series=series).values_list("pk", flat=True))
    meetings = list(Meeting.objects.filter(series=series).values_list("pk", flat=True)) + list(
        Meeting.objects.filter(body__code="BIOSAFETY-CONS").values_list("pk", flat=True)
    )
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44).pk
    web = [
        f"/series/{series.code}/documents/",
        f"/series/{series.code}/documents/meetings/{summit}/",
        f"/series/{series.code}/documents/meetings/{summit}/for-decision/",
        f"/series/{series.code}/documents/meetings/{summit}/for-decision/?format=csv",
        *(f"/series/{series.code}/documents/{pk}/journey/" for pk in documents),
        *(f"/series/{series.code}/documents/{pk}/final/" for pk in documents),
        *(f"/meetings/{pk}/" for pk in meetings),
    ]
    api = [
        f"/api/v1/series/{series.code}/documents?limit=100",
        f"/api/v1/series/{series.code}/meetings/{summit}/documents-for-decision",
        *(f"/api/v1/series/{series.code}/documents/{pk}/journey" for pk in documents),
        *(f"/api/v1/meetings/{pk}/recommendations" for pk in meetings),
    ]
    return web, api


@pytest.mark.parametrize("reader", ["partner", "anonymous"])
def test_journey_asean_only_draft_never_reaches_a_partner_or_the_public(journey_demo: Series, reader: str) -> None:
    draft = OutcomeDocument.objects.get(title_en=DRAFT)
    web, api = Client(), Client()
    if reader == "partner":
        user = User.objects.get(username="jp.delegate")
        RoleAssignment.objects.create(
            user=user, series=journey_demo, role=SeriesRole.DELEGATE, party=Party.objects.get(code="JP")
        )
        web.force_login(user)
        token = api_token_create(user=user, name="journey crawl", expires_in_days=1)
        api = Client(headers={"Authorization": f"Bearer {token.plaintext}"})
    web_pages, api_pages = _pages(journey_demo)

    bodies = {path: web.get(path).content.decode() for path in web_pages}
    bodies |= {path: api.get(path).content.decode() for path in api_pages}
    secrets = [draft.title_en, draft.title_en.replace("'", "&#x27;"), draft.title_vi]
    leaks = sorted(path for path, body in bodies.items() if any(secret in body for secret in secrets))

    assert draft.journey_steps.count() == 1
    assert len(bodies) > 20
    assert leaks == []
