"""Time zones are chosen from a menu of IANA zones, and the forms, the API and the services accept the same
names: "posixrules" and the like, which Python's ZoneInfo opens all the same, are refused everywhere."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client

from mufakat.plans.models import Plan
from mufakat.web.documents.forms import SilenceStartForm
from mufakat.web.fields import TimeZoneField
from tests.factories.plans import crafted_plan
from tests.web.pages import parse

PERIOD = {
    "label": "2025",
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
    "due_date": "2026-01-30",
    "due_time": "17:00",
}


def test_time_zone_field_offers_common_zones_first_then_all(db: None) -> None:
    form = SilenceStartForm(initial={"time_zone": "Asia/Vientiane"})

    page = parse(HttpResponse(form["time_zone"].as_widget()))
    select = page.find("select")
    common, everything = select.find_all("optgroup")
    assert (select.attrs["name"], common.attrs["label"], everything.attrs["label"]) == (
        "time_zone",
        "Common time zones",
        "All time zones",
    )
    assert [o.attrs["value"] for o in common.find_all("option")][:3] == [
        "Asia/Vientiane",
        "Asia/Bangkok",
        "Asia/Brunei",
    ]
    assert [o.text for o in common.find_all("option") if "selected" in o.attrs] == ["Asia/Vientiane"]
    assert "Asia/Vientiane" not in [o.attrs["value"] for o in everything.find_all("option")]
    assert "Europe/Paris" in [o.attrs["value"] for o in everything.find_all("option")]


def test_time_zone_field_refuses_posixrules() -> None:
    field = TimeZoneField()

    assert field.clean("Asia/Ho_Chi_Minh") == "Asia/Ho_Chi_Minh"
    with pytest.raises(ValidationError) as refused:
        field.clean("posixrules")
    assert refused.value.messages == ["“posixrules” is not a time zone on the list (e.g. Asia/Vientiane)."]


def test_time_zone_period_form_shows_a_menu_and_refuses_posixrules(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    url = f"/series/amm-57/plans/{plan.pk}/periods/"

    refused = chair_secretariat_client.post(url, {**PERIOD, "time_zone": "posixrules"})

    form = parse(refused).find(id="open-period")
    assert refused.status_code == 400
    assert [e.text for e in form.find_all("ul", cls="errorlist")] == [
        "“posixrules” is not a time zone on the list (e.g. Asia/Vientiane)."
    ]
    assert [s.attrs["name"] for s in form.find_all("select") if s.attrs["name"] == "time_zone"] == ["time_zone"]
    assert list(Plan.objects.get(pk=plan.pk).periods.values_list("label", flat=True)) == []


def test_time_zone_api_refuses_posixrules_for_a_reporting_period(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    period = {"label": "2025", "starts_on": "2025-01-01", "ends_on": "2025-12-31", "time_zone": "posixrules"}

    response = chair_secretariat_client.post(
        f"/api/v1/series/amm-57/plans/{plan.pk}/periods",
        json.dumps({**period, "due_at": "2026-01-30T17:00:00+07:00"}),
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "'posixrules' is not an IANA time zone (e.g. Asia/Vientiane).",
            "field": "time_zone",
            "record": f"reporting period '2025' of plan {plan.pk}",
        },
    )
    assert list(plan.periods.values_list("label", flat=True)) == []
