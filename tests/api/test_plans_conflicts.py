"""/api/v1/ plans: a 409 carries, in `current`, what holds now — the object the service refused to change,
shown by the presenter the plans API registers for it (no router re-reads it)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from mufakat.plans.models import Plan, PlanLine
from tests.factories.plans import crafted_plan, period_open, report_submit

JSON = "application/json"
SERIES = "/api/v1/series/amm-57"


def _stale(now: int, edited: int) -> str:
    return (
        f"was changed by someone else (now version {now}, you edited version {edited}); "
        "reload to see the current state and apply your change again."
    )


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type=JSON)


def test_a_stale_plan_patch_is_409_with_the_version_that_holds(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    url = f"{SERIES}/plans/{plan.pk}"

    changed = _send(chair_secretariat_client, "patch", url, {"version": 1, "title_vi": "Kế hoạch"})
    stale = _send(chair_secretariat_client, "patch", url, {"version": 1, "title_en": "Other"})

    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    assert (stale.status_code, stale.json()) == (
        409,
        {"detail": _stale(2, 1), "field": "version", "record": f"plan {plan.pk}", "current": {"version": 2}},
    )
    assert Plan.objects.get(pk=plan.pk).title_en == "Crafted plan of action (test)"


def test_a_stale_line_patch_is_409_with_the_whole_line_as_it_is_now(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    line = PlanLine.objects.get(plan=plan, number="1.1.1")
    url = f"{SERIES}/plans/{plan.pk}/lines/{line.pk}"

    changed = _send(chair_secretariat_client, "patch", url, {"version": 1, "lead": ["KH"], "target_year": 2025})
    stale = _send(chair_secretariat_client, "patch", url, {"version": 1, "title_en": "Lost edit"})

    assert (changed.status_code, changed.json()["lead"], changed.json()["version"]) == (200, ["KH"], 2)
    assert (stale.status_code, stale.json()) == (
        409,
        {"detail": _stale(2, 1), "field": "version", "record": "line 1.1.1", "current": changed.json()},
    )


def test_a_stale_report_put_is_409_with_the_report_as_the_last_save_left_it(
    delegations_demo: object, member_focal_point_client: Client
) -> None:
    plan = crafted_plan()
    period_open(plan, "2025")
    url = f"{SERIES}/plans/{plan.pk}/reports"
    report = {"line": "2.1.1", "period": "2025", "party": "VN", "status": "ongoing"}

    first = _send(member_focal_point_client, "put", url, {**report, "progress": 10})
    second = _send(member_focal_point_client, "put", url, {**report, "progress": 20, "version": 1})
    stale = _send(member_focal_point_client, "put", url, {**report, "progress": 30, "version": 1})

    assert (first.status_code, second.status_code, second.json()["version"]) == (200, 200, 2)
    assert (stale.status_code, stale.json()) == (
        409,
        {
            "detail": _stale(2, 1),
            "field": "version",
            "record": "report of VN on line 2.1.1 for 2025",
            "current": second.json(),
        },
    )


def test_a_report_edited_in_a_version_it_never_had_is_409_without_a_current_state(
    delegations_demo: object, member_focal_point_client: Client
) -> None:
    plan = crafted_plan()
    period_open(plan, "2025")
    body = {"line": "2.1.1", "period": "2025", "party": "VN", "status": "ongoing", "progress": 10, "version": 3}

    response = _send(member_focal_point_client, "put", f"{SERIES}/plans/{plan.pk}/reports", body)

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "line 2.1.1: the report you edited no longer exists; reload the page.",
            "field": "version",
            "record": "report of VN on line 2.1.1 for 2025",
        },
    )


def test_a_stale_return_is_409_with_the_report_as_returned(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    report = report_submit(plan, period_open(plan, "2025"), "2.1.1", "VN", "ongoing", 70)
    url = f"{SERIES}/plans/{plan.pk}/reports/{report.pk}/return"

    returned = _send(chair_secretariat_client, "post", url, {"reason": "Which provinces?", "version": 1})
    stale = _send(chair_secretariat_client, "post", url, {"reason": "And which years?", "version": 1})

    assert (returned.status_code, returned.json()["state"], returned.json()["version"]) == (200, "returned", 2)
    assert (stale.status_code, stale.json()) == (
        409,
        {
            "detail": _stale(2, 1),
            "field": "version",
            "record": "report of VN on line 2.1.1 for 2025",
            "current": returned.json(),
        },
    )
