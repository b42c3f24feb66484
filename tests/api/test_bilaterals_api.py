"""/api/v1/ bilaterals: requests and answers, a delegation's availability, rooms and settings, solve, the draft
and published schedules (a delegation sees only its own meetings), moves checked for conflicts, publish,
and a party's meetings as iCalendar. Nothing is public.

Personas: lao.chair (chair secretariat), vn.focal (Viet Nam), jp.delegate (Japan), the anonymous public.
The AMM-57 bilaterals demo comes from tests/bilaterals/conftest.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from mufakat.bilaterals.models import BilateralRequest, BilateralSchedule
from mufakat.jobs.models import Job
from mufakat.meetings.models import Series
from tests.api.calls import NEEDS_SIGN_IN, call, client_for
from tests.jobs.run import run_queued_jobs

BILATERALS = "/api/v1/series/amm-57/bilaterals"
JAPAN = {"code": "JP", "kind": "state", "name_en": "Japan", "name_vi": "Nhật Bản"}
VIET_NAM = {"code": "VN", "kind": "state", "name_en": "Viet Nam", "name_vi": "Việt Nam"}


def _request_id(requester: str, counterpart: str) -> int:
    return BilateralRequest.objects.get(
        series__code="amm-57", requester__code=requester, responses__party__code=counterpart
    ).pk


# Requests ---------------------------------------------------------------------------------------------


def test_requests_need_sign_in(bilateral_requests_demo: Series) -> None:
    assert call(client_for(), "get", f"{BILATERALS}/requests", status=401) == NEEDS_SIGN_IN


def test_request_create_by_viet_nam_returns_the_request(bilateral_requests_demo: Series) -> None:
    body = call(
        client_for("vn.focal"),
        "post",
        f"{BILATERALS}/requests",
        {
            "requester": "vn",
            "counterparts": ["JP", "KR"],
            "duration_minutes": 45,
            "priority": 4,
            "window_start": "2024-07-25T17:00:00+07:00",
            "window_end": "2024-07-25T21:00:00+07:00",
            "preferred": [{"starts_at": "2024-07-25T19:00:00+07:00", "ends_at": "2024-07-25T20:00:00+07:00"}],
            "note": "Mekong",
        },
        status=201,
    )

    created = BilateralRequest.objects.get(pk=body["id"])
    # JSON carries milliseconds.
    assert datetime.fromisoformat(body.pop("created_at")) == created.created_at.replace(
        microsecond=created.created_at.microsecond // 1000 * 1000
    )
    assert body == {
        "id": created.pk,
        "series": "amm-57",
        "requester": VIET_NAM,
        "counterparts": [
            {"party": JAPAN, "response": "pending", "responded_at": None},
            {
                "party": {"code": "KR", "kind": "state", "name_en": "Republic of Korea", "name_vi": "Hàn Quốc"},
                "response": "pending",
                "responded_at": None,
            },
        ],
        "level": "minister",
        "duration_minutes": 45,
        "priority": 4,
        "window_start": "2024-07-25T10:00:00Z",
        "window_end": "2024-07-25T14:00:00Z",
        "preferred": [{"starts_at": "2024-07-25T19:00:00+07:00", "ends_at": "2024-07-25T20:00:00+07:00"}],
        "after": [],
        "status": "requested",
        "note": "Mekong",
        "version": 1,
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"requester": "VN", "counterparts": ["VN"]},
            {
                "detail": "Viet Nam is the requesting party; a party does not meet itself.",
                "field": "counterparts",
                "record": "new bilateral request of VN",
            },
        ),
        (
            {"requester": "VN", "counterparts": ["XX"]},
            {"detail": "no party with code XX; see /api/v1/parties.", "field": "counterparts", "record": None},
        ),
        (
            {"requester": "VN", "counterparts": ["JP", "jp"]},
            {"detail": "names a party twice.", "field": "counterparts", "record": None},
        ),
        (
            {"requester": "VN", "counterparts": ["JP"], "duration_minutes": 40},
            {
                "detail": "40 minutes is not a positive multiple of 15 minutes.",
                "field": "duration_minutes",
                "record": "new bilateral request of VN",
            },
        ),
        (
            {
                "requester": "VN",
                "counterparts": ["JP"],
                "window_start": "2024-07-20T09:00:00+07:00",
                "window_end": "2024-07-20T12:00:00+07:00",
            },
            {
                "detail": "2024-07-20 09:00–2024-07-20 12:00 (Asia/Vientiane) lies outside the series' dates "
                "2024-07-23..2024-07-27.",
                "field": "window_start",
                "record": "new bilateral request of VN",
            },
        ),
    ],
)
def test_request_create_refusals_name_the_field(
    bilateral_requests_demo: Series, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert call(client_for("vn.focal"), "post", f"{BILATERALS}/requests", body, status=400) == expected


def test_request_create_for_another_party_is_403(bilateral_requests_demo: Series) -> None:
    assert call(
        client_for("vn.focal"),
        "post",
        f"{BILATERALS}/requests",
        {"requester": "JP", "counterparts": ["VN"]},
        status=403,
    ) == {
        "detail": "only Japan's focal point or delegates (or the chair secretariat) request bilaterals on its behalf.",
        "field": None,
        "record": None,
    }


def test_request_list_for_japan_has_only_its_requests(bilateral_requests_demo: Series) -> None:
    body = call(client_for("jp.delegate"), "get", f"{BILATERALS}/requests")

    assert [
        ([r["requester"]["code"]] + [c["party"]["code"] for c in r["counterparts"]], r["status"]) for r in body
    ] == [
        (["US", "JP", "KR"], "accepted"),
        (["VN", "JP"], "accepted"),
        (["JP", "CN"], "accepted"),
        (["JP", "PH"], "accepted"),
        (["JP", "KR"], "accepted"),
        (["JP", "AU"], "accepted"),
        (["JP", "IN"], "accepted"),
        (["JP", "KP"], "declined"),
    ]


def test_request_of_others_is_404(bilateral_requests_demo: Series) -> None:
    request_id = _request_id("VN", "CN")

    assert call(client_for("jp.delegate"), "get", f"{BILATERALS}/requests/{request_id}", status=404) == {
        "detail": f"no bilateral request with id {request_id} in amm-57.",
        "field": "request_id",
        "record": None,
    }


def test_request_response_accepts_and_a_stale_version_gets_409(bilateral_requests_demo: Series) -> None:
    created = call(
        client_for("vn.focal"),
        "post",
        f"{BILATERALS}/requests",
        {"requester": "VN", "counterparts": ["JP"]},
        status=201,
    )
    url = f"{BILATERALS}/requests/{created['id']}/response"

    accepted = call(client_for("jp.delegate"), "post", url, {"party": "JP", "accept": True, "version": 1})
    stale = call(client_for("jp.delegate"), "post", url, {"party": "JP", "accept": False, "version": 1}, status=409)

    assert (accepted["status"], accepted["version"], accepted["counterparts"][0]["response"]) == (
        "accepted",
        2,
        "accepted",
    )
    assert stale["detail"] == (
        "was changed by someone else (now version 2, you edited version 1); reload to see the current state "
        "and apply your change again."
    )
    assert (stale["field"], stale["record"], stale["current"]) == (
        "version",
        f"bilateral request {created['id']}",
        accepted,
    )


def test_request_withdraw(bilateral_requests_demo: Series) -> None:
    request_id = _request_id("VN", "RU")

    body = call(client_for("vn.focal"), "post", f"{BILATERALS}/requests/{request_id}/withdraw", {"version": 2})

    assert (body["status"], body["version"]) == ("withdrawn", 3)


def test_request_withdraw_with_a_stale_version_is_409_with_the_request_as_it_is(
    bilateral_requests_demo: Series,
) -> None:
    request_id = _request_id("VN", "RU")
    now = call(client_for("vn.focal"), "get", f"{BILATERALS}/requests/{request_id}")

    stale = call(
        client_for("vn.focal"), "post", f"{BILATERALS}/requests/{request_id}/withdraw", {"version": 1}, status=409
    )

    assert stale == {
        "detail": "was changed by someone else (now version 2, you edited version 1); reload to see the current "
        "state and apply your change again.",
        "field": "version",
        "record": f"bilateral request {request_id}",
        "current": now,
    }
    assert now["status"] == "accepted"


# Availability, rooms, settings ------------------------------------------------------------------------


def test_availability_of_japan(bilateral_requests_demo: Series) -> None:
    body = call(client_for("jp.delegate"), "get", f"{BILATERALS}/delegations/JP/availability")

    assert body["presence"] == [
        {"level": "minister", "arrives_at": "2024-07-25T07:00:00Z", "departs_at": None, "version": 1},
        {"level": "som_leader", "arrives_at": None, "departs_at": None, "version": None},
    ]
    assert body["blocked"] == []
    assert body["free"][0] == {
        "level": "minister",
        "free": [
            {"starts_at": "2024-07-25T07:00:00Z", "ends_at": "2024-07-25T14:00:00Z"},
            {"starts_at": "2024-07-26T01:00:00Z", "ends_at": "2024-07-26T06:15:00Z"},
            {"starts_at": "2024-07-26T07:30:00Z", "ends_at": "2024-07-26T11:45:00Z"},
            {"starts_at": "2024-07-26T13:00:00Z", "ends_at": "2024-07-26T14:00:00Z"},
            {"starts_at": "2024-07-27T01:00:00Z", "ends_at": "2024-07-27T01:15:00Z"},
            {"starts_at": "2024-07-27T05:15:00Z", "ends_at": "2024-07-27T06:45:00Z"},
            {"starts_at": "2024-07-27T10:15:00Z", "ends_at": "2024-07-27T14:00:00Z"},
        ],
    }
    assert call(client_for("jp.delegate"), "get", f"{BILATERALS}/delegations/VN/availability", status=403)[
        "detail"
    ] == ("bilateral meetings are visible to the parties that take part in them and the chair secretariat only.")


@pytest.mark.parametrize(
    ("method", "path", "body", "where"),
    [
        (
            "post",
            "/requests",
            {
                "requester": "VN",
                "counterparts": ["JP"],
                "window_start": "9999-12-31T23:00:00+07:00",
                "window_end": "9999-12-31T23:59:00-12:00",
            },
            ("window_start", "new bilateral request of VN"),
        ),
        (
            "post",
            "/requests",
            {
                "requester": "VN",
                "counterparts": ["JP"],
                "preferred": [{"starts_at": "0001-01-01T00:00:00+14:00", "ends_at": "2024-07-26T09:00:00+07:00"}],
            },
            ("preferred", "new bilateral request of VN"),
        ),
        (
            "put",
            "/delegations/VN/presence/minister",
            {"arrives_at": "0001-01-01T00:00:00+14:00"},
            ("arrives_at", "presence of the minister of VN"),
        ),
        (
            "post",
            "/delegations/VN/blocked",
            {"starts_at": "0001-01-01T00:00:00+14:00", "ends_at": "2024-07-26T08:00:00+07:00"},
            ("starts_at", "blocked period of the minister of VN"),
        ),
    ],
)
def test_far_off_times_are_refused_with_400_naming_the_field(
    bilateral_requests_demo: Series, method: str, path: str, body: dict[str, Any], where: tuple[str, str]
) -> None:
    refused = call(client_for("vn.focal"), method, f"{BILATERALS}{path}", body, status=400)

    assert (refused["field"], refused["record"]) == where
    assert refused["detail"].endswith("is not a plausible meeting time; give a date between 1970 and 2200.")


def test_room_available_from_far_off_is_refused(bilateral_requests_demo: Series) -> None:
    body = {"room": "Bilateral Room 1", "capacity": 2, "available_from": "0001-01-01T00:00:00+14:00"}

    assert call(client_for("lao.chair"), "put", f"{BILATERALS}/rooms", body, status=400) == {
        "detail": "0001-01-01T00:00:00+14:00 is not a plausible meeting time; give a date between 1970 and 2200.",
        "field": "available_from",
        "record": "bilateral room Bilateral Room 1",
    }


def test_settings_patch_with_a_stale_version_before_any_change_is_409(bilateral_requests_demo: Series) -> None:
    chair = client_for("lao.chair")

    stale = call(chair, "patch", f"{BILATERALS}/settings", {"buffer_minutes": 5, "version": 2}, status=409)

    assert (stale["field"], stale["record"]) == ("version", "bilateral settings of amm-57")
    assert call(chair, "get", f"{BILATERALS}/settings")["buffer_minutes"] == 15


def test_availability_loads_the_programme_once_for_both_principals(
    bilateral_requests_demo: Series, django_assert_num_queries: Any
) -> None:
    japan = client_for("jp.delegate")
    japan.get(f"{BILATERALS}/delegations/JP/availability")  # warm the session and the sign-in

    with django_assert_num_queries(16):
        body = call(japan, "get", f"{BILATERALS}/delegations/JP/availability")

    assert [free["level"] for free in body["free"]] == ["minister", "som_leader"]


def test_presence_put_and_blocked_period_post_and_delete(bilateral_requests_demo: Series) -> None:
    japan = client_for("jp.delegate")

    body = call(
        japan,
        "put",
        f"{BILATERALS}/delegations/JP/presence/minister",
        {"arrives_at": "2024-07-26T09:00:00+07:00", "departs_at": None, "version": 1},
    )
    stale = call(japan, "put", f"{BILATERALS}/delegations/JP/presence/minister", {"version": 1}, status=409)
    added = call(
        japan,
        "post",
        f"{BILATERALS}/delegations/JP/blocked",
        {"level": "minister", "starts_at": "2024-07-26T16:00:00+07:00", "ends_at": "2024-07-26T17:00:00+07:00"},
        status=201,
    )
    period = added["blocked"][0]
    removed = call(japan, "delete", f"{BILATERALS}/delegations/JP/blocked/{period['id']}")

    assert body["presence"][0] == {
        "level": "minister",
        "arrives_at": "2024-07-26T02:00:00Z",
        "departs_at": None,
        "version": 2,
    }
    assert stale["field"] == "version"
    assert period == {
        "id": period["id"],
        "level": "minister",
        "starts_at": "2024-07-26T09:00:00Z",
        "ends_at": "2024-07-26T10:00:00Z",
        "note": "",
    }
    assert [i["starts_at"] for i in added["free"][0]["free"]][:3] == [
        "2024-07-26T02:00:00Z",
        "2024-07-26T07:30:00Z",
        "2024-07-26T10:00:00Z",
    ]
    assert removed["blocked"] == []


def test_rooms_and_settings_are_the_chairs(bilateral_requests_demo: Series) -> None:
    chair = client_for("lao.chair")

    rooms = call(chair, "put", f"{BILATERALS}/rooms", {"room": "retreat room", "capacity": 5})
    unknown = call(chair, "put", f"{BILATERALS}/rooms", {"room": "Garden", "capacity": 5}, status=400)
    settings = call(chair, "patch", f"{BILATERALS}/settings", {"buffer_minutes": 10})

    assert [(r["room"], r["capacity"]) for r in rooms] == [
        ("Bilateral Room 1", 2),
        ("Bilateral Room 2", 2),
        ("Bilateral Room 3", 3),
        ("Champa Room", 4),
        ("Retreat Room", 5),
    ]
    assert unknown["field"] == "room"
    assert settings == {
        "buffer_minutes": 10,
        "day_starts": "08:00:00",
        "day_ends": "21:00:00",
        "time_limit_seconds": 20,
        "gap_fairness": 2,
        "version": 1,
    }
    assert call(client_for("jp.delegate"), "get", f"{BILATERALS}/rooms", status=403)["detail"] == (
        "only the chair secretariat schedules bilaterals."
    )


# Schedules ----------------------------------------------------------------------------------------------


def test_draft_before_any_solve_is_404_and_the_draft_is_the_chairs(bilateral_requests_demo: Series) -> None:
    assert call(client_for("lao.chair"), "get", f"{BILATERALS}/schedules/draft", status=404) == {
        "detail": "amm-57 has no draft bilateral schedule; solve to make one.",
        "field": "code",
        "record": None,
    }
    assert call(client_for("jp.delegate"), "get", f"{BILATERALS}/schedules/draft", status=403) == {
        "detail": "only the chair secretariat schedules bilaterals.",
        "field": None,
        "record": None,
    }
    assert call(client_for("jp.delegate"), "get", f"{BILATERALS}/schedules/published", status=404)["detail"] == (
        "amm-57 has no published bilateral schedule yet."
    )


def _solved(chair: Any) -> dict[str, Any]:
    """Start a solve, let a worker run it, and read the draft it saved."""
    call(chair, "post", f"{BILATERALS}/schedules", {"time_limit": 10}, status=202)
    run_queued_jobs()
    return call(chair, "get", f"{BILATERALS}/schedules/draft")


def test_solve_answers_202_at_once_with_the_job_to_follow(bilateral_requests_demo: Series) -> None:
    chair = client_for("lao.chair")
    started = call(chair, "post", f"{BILATERALS}/schedules", {"time_limit": 10}, status=202)
    job = Job.objects.get()

    assert started == {
        "id": str(job.pk),
        "kind": "bilaterals.solve",
        "state": "queued",
        "series": "amm-57",
        "enqueued_by": "lao.chair",
        "attempts": 0,
        "max_attempts": 5,
        "run_after": None,
        "progress": {},
        "result": None,
        "error": "",
        "created_at": started["created_at"],
        "started_at": None,
        "finished_at": None,
        "url": f"/api/v1/jobs/{job.pk}",
        "page": f"/jobs/{job.pk}/",
    }
    again = call(chair, "post", f"{BILATERALS}/schedules", {"time_limit": 10}, status=409)
    assert again == {
        "detail": "a solve of 57th ASEAN Foreign Ministers' Meeting and Related Meetings is already queued "
        f"(job {job.pk}); wait for it or cancel it first.",
        "field": None,
        "record": "bilateral schedule of amm-57",
        "current": started,
    }
    assert Job.objects.count() == 1

    run_queued_jobs()
    done = call(chair, "get", started["url"])
    draft = call(chair, "get", f"{BILATERALS}/schedules/draft")
    assert (done["state"], done["result"]["schedule_id"], done["result"]["number"], done["progress"]["phase"]) == (
        "succeeded",
        draft["id"],
        1,
        "saved",
    )
    assert (done["progress"]["best_weight"], done["progress"]["bound"]) == (draft["objective"], draft["bound"])


def test_chair_cancels_a_queued_solve_and_no_draft_is_made(bilateral_requests_demo: Series) -> None:
    chair = client_for("lao.chair")
    started = call(chair, "post", f"{BILATERALS}/schedules", {"time_limit": 10}, status=202)
    japan = call(client_for("jp.delegate"), "post", f"{started['url']}/cancel", status=404)

    cancelled = call(chair, "post", f"{started['url']}/cancel")
    again = call(chair, "post", f"{started['url']}/cancel", status=400)
    run_queued_jobs()

    assert japan["detail"] == f"no job with id {started['id']}."
    assert (cancelled["state"], cancelled["finished_at"] is not None) == ("cancelled", True)
    assert again == {
        "detail": "is cancelled already; there is nothing to cancel.",
        "field": "state",
        "record": f"bilaterals.solve job {started['id']}",
    }
    assert call(chair, "get", f"{BILATERALS}/schedules/draft", status=404)["detail"] == (
        "amm-57 has no draft bilateral schedule; solve to make one."
    )


def test_solve_returns_the_draft_with_figures_and_reasons(bilateral_requests_demo: Series) -> None:
    body = _solved(client_for("lao.chair"))

    assert sorted(body) == [
        "bound",
        "compactness",
        "created_at",
        "gap",
        "greedy_objective",
        "greedy_scheduled",
        "id",
        "meetings",
        "moved",
        "moves",
        "moves_minimum",
        "number",
        "objective",
        "published_at",
        "requested",
        "seconds",
        "series",
        "solver",
        "solver_status",
        "status",
        "time_zone",
        "unscheduled",
        "version",
    ]
    assert (body["number"], body["status"], body["requested"], body["moves"], body["published_at"]) == (
        1,
        "draft",
        40,
        [],
        None,
    )
    assert (body["moved"], body["moves_minimum"]) == (None, None)  # nothing published before
    assert len(body["meetings"]) + len(body["unscheduled"]) == 40
    assert body["objective"] >= body["greedy_objective"]
    trilateral = next(m for m in body["meetings"] if m["parties"] == ["US", "JP", "KR"])
    assert sorted(trilateral) == [
        "confirmed",
        "day",
        "ends_at",
        "ends_at_local",
        "id",
        "level",
        "parties",
        "request_id",
        "room",
        "starts_at",
        "starts_at_local",
        "version",
    ]
    assert trilateral["room"] in {"Bilateral Room 3", "Champa Room"}
    assert trilateral["starts_at_local"].endswith("+07:00")
    assert call(client_for("jp.delegate"), "post", f"{BILATERALS}/schedules", {}, status=403)["detail"] == (
        "only the chair secretariat schedules bilaterals."
    )


def test_meeting_patch_refuses_a_conflict_answers_409_and_confirms(bilateral_requests_demo: Series) -> None:
    chair = client_for("lao.chair")
    draft = _solved(chair)
    meeting = next(m for m in draft["meetings"] if m["parties"] == ["VN", "JP"])
    url = f"{BILATERALS}/meetings/{meeting['id']}"

    refused = call(
        chair, "patch", url, {"version": meeting["version"], "starts_at": "2024-07-25T10:00:00+07:00"}, status=400
    )
    stale = call(chair, "patch", url, {"version": meeting["version"] + 3, "confirmed": True}, status=409)
    confirmed = call(chair, "patch", url, {"version": meeting["version"], "confirmed": True})

    assert (refused["field"], refused["record"]) == ("starts_at", "bilateral meeting VN–JP (minister)")
    assert refused["detail"].startswith(f"cannot move to 25 Jul 10:00 in {meeting['room']}: ")
    assert (stale["field"], stale["current"]) == ("version", meeting)
    assert confirmed == {**meeting, "confirmed": True, "version": meeting["version"] + 1}


def test_publish_then_japan_reads_only_its_own_meetings(bilateral_requests_demo: Series) -> None:
    chair = client_for("lao.chair")
    draft = _solved(chair)

    stale = call(chair, "post", f"{BILATERALS}/schedules/{draft['id']}/publish", {"version": 9}, status=409)
    published = call(chair, "post", f"{BILATERALS}/schedules/{draft['id']}/publish", {"version": draft["version"]})
    japan = call(client_for("jp.delegate"), "get", f"{BILATERALS}/schedules/published")

    assert stale["field"] == "version"
    assert (published["status"], published["number"], len(published["meetings"])) == (
        "published",
        1,
        len(draft["meetings"]),
    )
    ours = [m for m in draft["meetings"] if "JP" in m["parties"]]
    assert japan["meetings"] == ours
    assert all("JP" in u["parties"] for u in japan["unscheduled"])
    assert (japan["moves"], japan["moved"], japan["moves_minimum"]) == (None, None, None)
    assert ["VN", "CN"] not in [m["parties"] for m in japan["meetings"]]
    # Idle gaps: the chair sees every principal and the totals; Japan its own principals only, no totals.
    figures = published["compactness"]
    schedule = BilateralSchedule.objects.get(pk=draft["id"])
    assert (figures["gaps"], figures["gaps_at_solve"], figures["gaps_bound"], figures["gap_fairness"]) == (
        schedule.gaps,
        schedule.gaps,
        schedule.gaps_bound,
        2,
    )
    assert {p["principal"]: p["gaps"] for p in figures["principals"]} == schedule.gaps_by_principal
    assert figures["worst_gaps"] == max(schedule.gaps_by_principal.values())
    assert (japan["compactness"]["gaps"], japan["compactness"]["gaps_bound"]) == (None, None)
    assert {p["party"] for p in japan["compactness"]["principals"]} == {"JP"}
    assert {p["principal"]: p["gaps"] for p in japan["compactness"]["principals"]} == {
        name: gaps for name, gaps in schedule.gaps_by_principal.items() if name.startswith("JP/")
    }


def test_ics_of_a_partys_meetings(bilaterals_demo: Series) -> None:
    japan = client_for("jp.delegate").get(f"{BILATERALS}/delegations/JP/meetings.ics")
    viet_nam = client_for("jp.delegate").get(f"{BILATERALS}/delegations/VN/meetings.ics")
    public = client_for().get(f"{BILATERALS}/delegations/JP/meetings.ics")

    assert (japan.status_code, japan["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert japan["Content-Disposition"] == 'inline; filename="amm-57-jp-bilaterals.ics"'
    text = japan.content.decode()
    published = call(client_for("jp.delegate"), "get", f"{BILATERALS}/schedules/published")
    assert text.count("BEGIN:VEVENT") == len(published["meetings"]) > 0
    assert "TZID:Asia/Vientiane" in text
    assert (viet_nam.status_code, viet_nam.json()["detail"]) == (
        403,
        "bilateral meetings are visible to the parties that take part in them and the chair secretariat only.",
    )
    assert (public.status_code, public.json()["field"]) == (401, "Authorization")


def test_request_after_is_set_cleared_and_refused_naming_the_field(bilateral_requests_demo: Series) -> None:
    earlier, later = _request_id("VN", "JP"), _request_id("VN", "US")
    url = f"{BILATERALS}/requests/{later}/after"
    v = BilateralRequest.objects.get(pk=later).version
    first_version = BilateralRequest.objects.get(pk=earlier).version
    vn = client_for("vn.focal")

    body = call(vn, "put", url, {"after": [earlier], "version": v})
    stale = call(vn, "put", url, {"after": [], "version": v}, status=409)
    cycle = call(
        vn, "put", f"{BILATERALS}/requests/{earlier}/after", {"after": [later], "version": first_version}, status=400
    )
    itself = call(vn, "put", url, {"after": [later], "version": v + 1}, status=400)
    forbidden = call(client_for("jp.delegate"), "put", url, {"after": [], "version": v + 1}, status=404)
    cleared = call(vn, "put", url, {"after": [], "version": v + 1})
    # Japan sees the Viet Nam–Japan request but is not its requester: it may not set what it comes after.
    call(
        client_for("jp.delegate"),
        "put",
        f"{BILATERALS}/requests/{earlier}/after",
        {"after": [], "version": first_version},
        status=403,
    )

    assert (body["after"], body["version"]) == ([earlier], v + 1)
    assert stale["current"]["after"] == [earlier]
    assert (cycle["field"], itself["field"]) == ("after", "after")
    assert forbidden["field"] == "request_id"  # Japan is not in the Viet Nam–US request: it does not exist for it
    assert cleared["after"] == []


def test_request_create_with_after(bilateral_requests_demo: Series) -> None:
    earlier = _request_id("VN", "JP")
    body = call(
        client_for("vn.focal"),
        "post",
        f"{BILATERALS}/requests",
        {"requester": "VN", "counterparts": ["JP", "KR"], "after": [earlier]},
        status=201,
    )
    refused = call(
        client_for("vn.focal"),
        "post",
        f"{BILATERALS}/requests",
        {"requester": "VN", "counterparts": ["PH"], "after": [99999999]},
        status=400,
    )

    assert body["after"] == [earlier]
    assert refused["field"] == "after"
