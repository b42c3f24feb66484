from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/api/v1/series/amm%00/programme", "/api/v1/parties/V%00N", "/series/?q=%00"])
def test_request_with_nul_character_is_refused_with_400(client: Client, db: None, path: str) -> None:
    response = client.get(path)

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "the request contains a NUL character.", "field": "path", "record": None},
    )


def test_request_id_is_echoed_or_generated(client: Client, db: None) -> None:
    echoed = client.get("/healthz", HTTP_X_REQUEST_ID="abcdef123456")
    generated = client.get("/healthz")

    assert echoed["X-Request-ID"] == "abcdef123456"
    assert len(generated["X-Request-ID"]) == 32


def test_sessions_with_an_impossible_meeting_id_is_400_naming_the_field(client: Client, db: None) -> None:
    response = client.get("/api/v1/sessions?meeting=999999999999999999")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "999999999999999999 is not a meeting id.", "field": "meeting", "record": None},
    )


def test_paginated_list_with_an_offset_beyond_any_database_is_422_naming_offset(client: Client, db: None) -> None:
    response = client.get("/api/v1/meetings?offset=2640148499418099023227551699959808")

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", "offset"]]
