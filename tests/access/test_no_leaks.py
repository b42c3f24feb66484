"""A restricted or confidential circular never reaches anyone outside its audience: not in a list, a
count, a detail page, an API page at any offset, or a CSV export, through the web or the API."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import api_token_create
from mufakat.delegations.models import Circular
from tests.factories.accounts import viewer_create
from tests.factories.delegations import circular_issue

ASEAN_ONLY = [
    "AMM-57/ASEAN/01",
    "Seating and speaking order for the AMM Retreat",
    "ASEAN Foreign Ministers only. Interventions in alphabetical order after the Chair.",
    "AMM-57/ASEAN/02",
    "Draft Chairman's Statement, ASEAN only",
    "Text of AMM-57/ASEAN/02.",
]
VN_LA_ONLY = [
    "AMM-57/CONF/01",
    "Arrangements for the courtesy call on the Prime Minister",
    "For the delegations of Viet Nam and the Lao PDR only.",
]
WEB_PAGES = [
    "/",
    "/series/amm-57/",
    "/series/amm-57/delegations/",
    "/series/amm-57/delegations/JP/",
    "/series/amm-57/delegations/VN/",
    "/series/amm-57/circulars/",
    "/series/amm-57/circulars.csv",
    "/series/amm-57/circulars/{ASEAN/01}/",
    "/series/amm-57/circulars/{ASEAN/02}/",
    "/series/amm-57/circulars/{CONF/01}/",
    "/series/amm-57/audit/",
    "/series/amm-57/audit.csv",
]
API_PAGES = [
    "/api/v1/series/amm-57",
    "/api/v1/series/amm-57/delegations",
    "/api/v1/series/amm-57/circulars",
    "/api/v1/series/amm-57/circulars?limit=1&offset=0",
    "/api/v1/series/amm-57/circulars?limit=1&offset=1",
    "/api/v1/series/amm-57/circulars?limit=1&offset=2",
    "/api/v1/series/amm-57/circulars?limit=1&offset=3",
    "/api/v1/series/amm-57/circulars?limit=100&offset=0",
    "/api/v1/series/amm-57/circulars/{ASEAN/01}",
    "/api/v1/series/amm-57/circulars/{ASEAN/02}",
    "/api/v1/series/amm-57/circulars/{CONF/01}",
    "/api/v1/series/amm-57/audit",
]


@pytest.fixture
def second_asean_circular(chair_secretariat: SeriesViewer) -> Circular:
    return circular_issue(
        actor=chair_secretariat,
        reference="AMM-57/ASEAN/02",
        classification="restricted",
        restricted_to_code="ASEAN",
        title_en="Draft Chairman's Statement, ASEAN only",
    )


def _path(template: str) -> str:
    for reference in ("ASEAN/01", "ASEAN/02", "CONF/01"):
        circular_id = Circular.objects.get(reference=f"AMM-57/{reference}").pk
        template = template.replace(f"{{{reference}}}", str(circular_id))
    return template


def _leaks(body: str, secrets: list[str]) -> list[str]:
    """The secrets found in the body, as written or as the HTML and JSON encoders write them."""
    found = []
    for secret in secrets:
        forms = {secret, secret.replace("'", "&#x27;"), json.dumps(secret)[1:-1]}
        if any(form in body for form in forms):
            found.append(secret)
    return found


def _token_client(viewer: SeriesViewer) -> Client:
    if not viewer.is_authenticated:
        return Client()
    token = api_token_create(user=viewer.user, name="leak check", expires_in_days=1)
    return Client(headers={"Authorization": f"Bearer {token.plaintext}"})


def _sweep(web: Client, api: Client) -> dict[str, list[str]]:
    """Every page's leaks, keyed by page; pages that leak nothing are left out."""
    bodies = {path: web.get(_path(path)).content.decode() for path in WEB_PAGES}
    bodies |= {path: api.get(_path(path)).content.decode() for path in API_PAGES}
    return {path: leaks for path, body in bodies.items() if (leaks := _leaks(body, ASEAN_ONLY + VN_LA_ONLY))}


@pytest.mark.parametrize("persona", ["partner_delegate", "observer", "outsider", "anonymous"])
def test_restricted_and_confidential_circulars_never_reach_outsiders(
    second_asean_circular: Circular,
    persona: str,
    persona_viewer: Callable[[str], SeriesViewer],
    persona_client: Callable[[str], Client],
) -> None:
    web, api = persona_client(persona), _token_client(persona_viewer(persona))

    leaks = _sweep(web, api)
    page = api.get("/api/v1/series/amm-57/circulars?limit=1").json()

    assert leaks == {}
    assert (page["count"], [item["reference"] for item in page["items"]]) == (1, ["AMM-57/LOG/01"])


def test_confidential_circular_never_reaches_an_asean_member_not_named(
    second_asean_circular: Circular,
) -> None:
    """Thailand is an ASEAN member: it sees the ASEAN-only circulars, not the one for Viet Nam and Laos."""
    thai = viewer_create(username="th.delegate", series=second_asean_circular.series, role="delegate", party_code="TH")
    web = Client()
    web.force_login(thai.user)

    leaks = _sweep(web, _token_client(thai))

    assert {page: found for page, found in leaks.items() if set(found) & set(VN_LA_ONLY)} == {}
    assert leaks["/series/amm-57/circulars/"] == [ASEAN_ONLY[0], ASEAN_ONLY[1], ASEAN_ONLY[3], ASEAN_ONLY[4]]
    assert leaks["/api/v1/series/amm-57/circulars"] == ASEAN_ONLY


def test_circular_counts_differ_by_audience(
    second_asean_circular: Circular, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    counts = {
        persona: _token_client(persona_viewer(persona)).get("/api/v1/series/amm-57/circulars?limit=1").json()["count"]
        for persona in ("chair_secretariat", "member_delegate", "partner_delegate", "anonymous")
    }

    assert counts == {"chair_secretariat": 4, "member_delegate": 4, "partner_delegate": 1, "anonymous": 1}
