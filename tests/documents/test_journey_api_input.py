"""The journey step's API input: permission before the body (403 whatever it says), unknown fields refused by
name, and a missing draft named by the request's own field."""

from __future__ import annotations

import pytest
from django.test import Client

from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from tests.documents.test_journey_interfaces import DRAFT, _chair_api, _member_client


@pytest.mark.parametrize(
    "body",
    [
        {"action": "discussed", "meeting_id": 999999},
        {"action": "discussed", "procedure_en": "By e-mail", "on": "2024-10-10", "version": 999},
        {"action": "discussed", "procedure_en": "By e-mail", "on": "2024-10-10"},
    ],
)
def test_journey_api_refuses_a_member_before_looking_at_the_body(journey_demo: Series, body: dict) -> None:
    client = _member_client(journey_demo)
    draft = OutcomeDocument.objects.get(title_en=DRAFT)

    response = client.post(
        f"/api/v1/series/summit-44-45/documents/{draft.pk}/journey", body, content_type="application/json"
    )

    assert response.status_code == 403
    assert draft.journey_steps.count() == 1


def test_journey_api_names_unknown_fields_and_the_version_field(journey_demo: Series) -> None:
    api = _chair_api(journey_demo)
    draft = OutcomeDocument.objects.get(title_en=DRAFT)
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    url = f"/api/v1/series/summit-44-45/documents/{draft.pk}/journey"

    mistyped = api.post(url, {"action": "discussed", "meeting": summit.pk}, content_type="application/json")
    no_draft = api.post(
        url, {"action": "discussed", "meeting_id": summit.pk, "version": 999}, content_type="application/json"
    )

    assert (mistyped.status_code, [e["loc"] for e in mistyped.json()["detail"]]) == (422, [["body", "data", "meeting"]])
    assert mistyped.json()["detail"][0]["type"] == "extra_forbidden"
    assert (no_draft.status_code, no_draft.json()["field"]) == (404, "version")
    assert draft.journey_steps.count() == 1


def test_journey_api_refuses_anonymous_before_the_body(journey_demo: Series) -> None:
    draft = OutcomeDocument.objects.get(title_en=DRAFT)
    response = Client().post(
        f"/api/v1/series/summit-44-45/documents/{draft.pk}/journey",
        {"action": "discussed", "meeting_id": 999999},
        content_type="application/json",
    )
    assert response.status_code == 401
