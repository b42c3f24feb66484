"""Inputs the API's schemas refuse with a 422 that says what to send (not a 500, not a raw regex), and times
answered in the form the schema declares. Personas: lao.chair (chair secretariat of AMM-57)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.models import User
from mufakat.meetings.models import Series

BILATERALS = "/api/v1/series/amm-57/bilaterals"


def _chair() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="lao.chair"))
    return client


def _send(client: Client, method: str, url: str, body: Any) -> tuple[int, Any]:
    response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_settings_patch_with_a_time_carrying_an_offset_is_422_saying_to_drop_it(
    bilateral_requests_demo: Series,
) -> None:
    status, body = _send(_chair(), "patch", f"{BILATERALS}/settings", {"day_starts": "08:00:00+07:00"})

    assert (status, [(error["loc"], error["msg"]) for error in body["detail"]]) == (
        422,
        [
            (
                ["body", "data", "day_starts"],
                "Value error, is a local time of the venue: send it without a UTC offset, e.g. 08:30.",
            )
        ],
    )


def test_settings_get_answers_times_in_the_form_its_schema_declares(bilateral_requests_demo: Series) -> None:
    schema = _chair().get("/api/v1/openapi.json").json()
    declared = schema["components"]["schemas"]["BilateralSettingsOut"]["properties"]["day_starts"]

    body = _chair().get(f"{BILATERALS}/settings").json()

    assert (declared["type"], "format" in declared) == ("string", False)
    assert re.fullmatch(declared["pattern"], body["day_starts"]) is not None
    assert (body["day_starts"], body["day_ends"]) == ("08:00:00", "21:00:00")


def test_a_json_array_as_a_patch_body_is_422(bilateral_requests_demo: Series) -> None:
    status, body = _send(_chair(), "patch", f"{BILATERALS}/settings", [{"buffer_minutes": 5}])

    assert (status, body["detail"]) == (
        422,
        [
            {
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": 'must be a JSON object, not list; send {"field": value, …}.',
            }
        ],
    )


@pytest.mark.parametrize("due_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-10:00"])
def test_period_due_at_the_edge_of_time_is_400_naming_the_field(
    delegations_demo: object, chair_secretariat_client: Client, due_at: str
) -> None:
    from tests.factories.plans import crafted_plan

    plan = crafted_plan()
    period = {"label": "2025", "starts_on": "2025-01-01", "ends_on": "2025-12-31", "due_at": due_at}

    status, body = _send(chair_secretariat_client, "post", f"/api/v1/series/amm-57/plans/{plan.pk}/periods", period)

    assert (status, body) == (
        400,
        {
            "detail": f"{due_at} is not a plausible deadline; give a date between 1970 and 2200.",
            "field": "due_at",
            "record": f"reporting period '2025' of plan {plan.pk}",
        },
    )


def test_programme_csv_with_a_cell_past_the_csv_limit_is_400_naming_the_row(api_programme_demo: Series) -> None:
    header = "meeting,title_en,title_vi,kind,room,date,start,end\n"
    text = header + f"AMM-57,{'x' * 131_073},,plenary,Retreat Room,2024-07-25,18:00,18:30\n"

    response = _chair().post("/api/v1/series/amm-57/programme/import", data=text.encode(), content_type="text/csv")

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": (
                "cannot be read as CSV (field larger than field limit (131072)); check the quotes in that row and "
                "save the file as CSV UTF-8."
            ),
            "field": "file",
            "record": "CSV row 2",
        },
    )


def test_a_party_code_that_is_not_letters_is_422_saying_what_a_code_is(bilateral_requests_demo: Series) -> None:
    status, body = _send(_chair(), "post", f"{BILATERALS}/requests", {"requester": "V1", "counterparts": ["JP"]})

    errors = {error["loc"][-1]: error for error in body["detail"]}
    assert (status, errors["requester"]["msg"]) == (422, "must be a party code of 2 to 12 letters, e.g. VN.")
    assert "ctx" not in errors["requester"]
