"""The SEANWFZ Plan of Action is restricted to the Treaty's States Parties (an ASEAN-only plan): no word of it
reaches a dialogue partner, an observer or the public — not in a list, a page, an API answer, the CSV, the
iCalendar feed or the review files."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mufakat.meetings.models import Meeting
from mufakat.plans.models import Plan

SECRETS = [
    "SEANWFZ Treaty (2023–2027)",
    "Hiệp ước SEANWFZ (2023–2027)",
    "Review national nuclear safety legislation",
    "The Executive Committee reviewed the implementation",
]
PAGES = [
    "/series/amm-57/plans/",
    "/series/amm-57/plans/{seanwfz}/",
    "/series/amm-57/plans/{seanwfz}/reports/",
    "/series/amm-57/plans/{seanwfz}/reports.csv",
    "/series/amm-57/plans/{mekong}/",
    "/series/amm-57/plans/{mekong}/reports/",
    "/series/amm-57/plans/{mekong}/reports.csv",
    "/series/amm-57/plans/deadlines/JP.ics",
    "/series/amm-57/plans/deadlines/TL.ics",
    "/series/amm-57/plans/deadlines/VN.ics",
    "/meetings/{excom}/",
    "/meetings/{excom}/plans/{seanwfz}/review/",
    "/meetings/{excom}/plans/{seanwfz}/review.docx",
    "/meetings/{excom}/plans/{seanwfz}/review.pdf",
    "/api/v1/series/amm-57/plans",
    "/api/v1/series/amm-57/plans/{seanwfz}",
    "/api/v1/series/amm-57/plans/{seanwfz}/reports",
    "/api/v1/series/amm-57/plans/{seanwfz}/reports.csv",
    "/api/v1/series/amm-57/plans/due?party=JP",
    "/api/v1/series/amm-57/plans/due?party=VN",
    "/api/v1/series/amm-57/plans/deadlines.ics?party=JP",
    "/api/v1/series/amm-57/plans/deadlines.ics?party=VN",
    "/api/v1/meetings/{excom}/plans/{seanwfz}/review",
    "/api/v1/meetings/{excom}/plans/{seanwfz}/review.docx",
    "/api/v1/meetings/{excom}/plans/{seanwfz}/review.pdf",
]


@pytest.mark.parametrize("persona", ["partner_delegate", "observer", "outsider", "anonymous"])
def test_no_page_api_answer_or_export_shows_the_asean_only_plan(
    plans_demo: dict[str, Plan], excom: Meeting, persona_client: Any, persona: str
) -> None:
    client: Client = persona_client(persona)
    ids = {"seanwfz": plans_demo["seanwfz"].pk, "mekong": plans_demo["mekong_us"].pk, "excom": excom.pk}

    leaks = []
    statuses = set()
    for template in PAGES:
        url = template.format(**ids)
        response = client.get(url)
        statuses.add(response.status_code)
        body = response.content.decode("utf-8", errors="replace")
        leaks.extend((url, secret) for secret in SECRETS if secret in body)

    assert leaks == []
    assert 200 in statuses


def test_a_member_does_see_it(plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client) -> None:
    body = member_focal_point_client.get("/series/amm-57/plans/").content.decode()

    assert SECRETS[0] in body
