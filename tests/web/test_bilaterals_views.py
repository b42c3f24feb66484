"""Pages of issue 6: bilateral requests (a delegation's own, made and received; every request for the chair),
the request form, answers and withdrawal, a delegation's presence, blocked periods and derived free time,
the chair's schedule (solve, grid, figures, unscheduled reasons, moves checked for conflicts, publish) and a
party's published meetings.

The AMM-57 bilaterals demo comes from tests/bilaterals/conftest.py (re-exported by tests/web/conftest.py)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import (
    BilateralAssignment,
    BilateralRequest,
    BilateralSchedule,
    BlockedPeriod,
    DelegationPresence,
)
from mufakat.bilaterals.scheduler import instance_from_json
from mufakat.bilaterals.services import bilateral_request_create, bilateral_request_respond, bilateral_schedule_solve
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from tests.factories.programme import VIENTIANE, vientiane
from tests.jobs.run import run_queued_jobs
from tests.web.pages import Element, table_rows
from tests.web.pages import html_page as _page

REQUESTS = "/series/amm-57/bilaterals/"
SCHEDULE = "/series/amm-57/bilaterals/schedule/"
JAPAN = "/series/amm-57/bilaterals/delegations/JP/"


def _messages(page: Element) -> list[str]:
    return page.texts("li", cls="message")


def _follow(client: Client, url: str, data: dict[str, Any]) -> Element:
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:400]
    return _page(client.get(response["Location"]))


def _new_request(viewer: SeriesViewer, series: Series, requester: str, *others: str) -> BilateralRequest:
    return bilateral_request_create(
        actor=viewer,
        series=series,
        requester=Party.objects.get(code=requester),
        counterparts=[Party.objects.get(code=code) for code in others],
    )


# Requests ---------------------------------------------------------------------------------------------


def test_requests_page_for_japan_has_its_requests_made_and_received(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    page = _page(partner_delegate_client.get(REQUESTS))

    made = page.find("section", id="requests-made")
    received = page.find("section", id="requests-received")
    assert [row[0] for row in table_rows(made.find("table"))] == [
        "Japan – China",
        "Japan – Philippines",
        "Japan – Republic of Korea",
        "Japan – Australia",
        "Japan – India",
        "Japan – Democratic People's Republic of Korea",
    ]
    assert [row[0] for row in table_rows(received.find("table"))] == [
        "United States – Japan – Republic of Korea between Fri 26 Jul, 10:00 and Sat 27 Jul, 20:00 Trilateral.",
        "Viet Nam – Japan",
    ]
    assert table_rows(made.find("table"))[-1][1:6] == [
        "Minister",
        "30 min",
        "1",
        "Democratic People's Republic of Korea: Declined",
        "Declined",
    ]
    assert "Viet Nam – China" not in page.find("main").text


def test_requests_page_for_the_chair_lists_all_with_constant_queries(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    with CaptureQueriesContext(connection) as fewer:
        page = _page(chair_secretariat_client.get(REQUESTS))
    for code in ("SG", "MY", "TH"):
        _new_request(chair_secretariat, bilateral_requests_demo, "ID", code)
    with CaptureQueriesContext(connection) as more:
        more_page = _page(chair_secretariat_client.get(REQUESTS))

    assert page.find("section", id="all-requests").find("h2").text == "45 requests"
    assert len(more_page.find_all("tr", cls="bilateral-request")) == 48
    assert len(fewer) == len(more)


def test_requests_page_sends_the_public_to_log_in_and_refuses_outsiders(
    client: Client, outsider_client: Client, bilateral_requests_demo: Series
) -> None:
    anonymous = client.get(REQUESTS)
    outsider = _page(outsider_client.get(REQUESTS), status=403)

    assert (anonymous.status_code, anonymous["Location"]) == (302, f"/accounts/login/?next={REQUESTS}")
    assert outsider.find("p", id="reason").text == (
        "Bilateral meetings are for the delegations that take part in them and the chair secretariat."
    )


def test_japan_accepts_an_invitation(
    partner_delegate_client: Client, bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    request = _new_request(member_focal_point, bilateral_requests_demo, "VN", "JP")
    row = _page(partner_delegate_client.get(REQUESTS)).find("tr", id=f"request-{request.pk}")
    assert row.find("td", cls="status").text == "Requested"
    assert [b.text for b in row.find_all("button")] == ["Accept", "Decline"]

    page = _follow(
        partner_delegate_client,
        f"/series/amm-57/bilaterals/{request.pk}/respond/",
        {"party": "JP", "answer": "accept", "version": "1"},
    )

    assert _messages(page) == ["You accepted the meeting Viet Nam – Japan."]
    assert page.find("tr", id=f"request-{request.pk}").find("td", cls="status").text == "Accepted"
    request.refresh_from_db()
    assert (request.status, request.version) == ("accepted", 2)


def test_chair_records_new_zealands_acceptance_on_its_requests_page(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    request = _new_request(member_focal_point, bilateral_requests_demo, "VN", "NZ")
    row = _page(chair_secretariat_client.get(REQUESTS)).find("tr", id=f"request-{request.pk}")
    assert row.find("form", cls="on-behalf").text == "Answer of New Zealand: Record acceptance Record refusal"

    page = _follow(
        chair_secretariat_client,
        f"/series/amm-57/bilaterals/{request.pk}/respond/",
        {"party": "NZ", "answer": "accept", "version": "1"},
    )

    assert _messages(page) == ["You recorded that New Zealand accepted the meeting Viet Nam – New Zealand."]
    row = page.find("tr", id=f"request-{request.pk}")
    assert (row.find("td", cls="answers").text, row.find("td", cls="status").text) == (
        "New Zealand: Accepted",
        "Accepted",
    )
    assert row.find_all("form", cls="respond") == []
    event = AuditEvent.objects.filter(object_id=str(request.pk), action="bilateral_request.accept").get()
    assert (event.actor_username, event.actor_role, event.after["party"], event.after["recorded_for"]) == (
        "lao.chair",
        "chair_secretariat",
        "NZ",
        "NZ",
    )


def test_japans_own_answer_is_not_marked_as_recorded_for_it(
    partner_delegate_client: Client, bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    request = _new_request(member_focal_point, bilateral_requests_demo, "VN", "JP")

    _follow(
        partner_delegate_client,
        f"/series/amm-57/bilaterals/{request.pk}/respond/",
        {"party": "JP", "answer": "decline", "version": "1"},
    )

    event = AuditEvent.objects.filter(object_id=str(request.pk), action="bilateral_request.decline").get()
    assert (event.actor_username, event.after["party"], "recorded_for" in event.after) == ("jp.delegate", "JP", False)


def test_chair_records_a_refusal_for_the_philippines_and_the_request_is_declined(
    chair_secretariat_client: Client, bilateral_requests_demo: Series
) -> None:
    pending = BilateralRequest.objects.get(series=bilateral_requests_demo, requester__code="CA", status="requested")

    page = _follow(
        chair_secretariat_client,
        f"/series/amm-57/bilaterals/{pending.pk}/respond/",
        {"party": "PH", "answer": "decline", "version": str(pending.version)},
    )

    assert _messages(page) == ["You recorded that Philippines declined the meeting Canada – Philippines."]
    assert page.find("tr", id=f"request-{pending.pk}").find("td", cls="status").text == "Declined"


def test_answer_with_a_stale_version_is_refused_with_a_message(
    partner_delegate_client: Client, bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    request = _new_request(member_focal_point, bilateral_requests_demo, "VN", "JP")

    page = _follow(
        partner_delegate_client,
        f"/series/amm-57/bilaterals/{request.pk}/respond/",
        {"party": "JP", "answer": "decline", "version": "3"},
    )

    assert _messages(page) == [
        "was changed by someone else (now version 1, you edited version 3); reload to see the current state "
        "and apply your change again."
    ]
    assert BilateralRequest.objects.get(pk=request.pk).status == "requested"


def test_viet_nam_withdraws_its_request(member_focal_point_client: Client, bilateral_requests_demo: Series) -> None:
    request = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="RU"
    )

    page = _follow(
        member_focal_point_client, f"/series/amm-57/bilaterals/{request.pk}/withdraw/", {"version": request.version}
    )

    assert _messages(page) == ["Your request to meet Russian Federation is withdrawn."]
    assert page.find("tr", id=f"request-{request.pk}").find("td", cls="status").text == "Withdrawn"


def test_request_form_offers_only_the_parties_the_user_acts_for(
    member_focal_point_client: Client, chair_secretariat_client: Client, bilateral_requests_demo: Series
) -> None:
    viet_nam = _page(member_focal_point_client.get("/series/amm-57/bilaterals/new/"))
    chair = _page(chair_secretariat_client.get("/series/amm-57/bilaterals/new/"))

    assert viet_nam.find("select", id="id_requester").texts("option") == ["Viet Nam"]
    assert len(chair.find("select", id="id_requester").find_all("option")) == 28
    counterparts = viet_nam.find("div", id="field-counterparts")
    assert len(counterparts.find_all("input")) == 27
    assert "VN" not in [box.attrs["value"] for box in counterparts.find_all("input")]
    # By name, in the page's language: Australia first, Viet Nam's own name nowhere among them.
    assert counterparts.texts("label")[:4] == ["Australia", "Bangladesh", "Brunei Darussalam", "Cambodia"]
    assert "Viet Nam" not in counterparts.texts("label")


def test_request_form_creates_a_trilateral_with_a_preferred_evening(
    member_focal_point_client: Client, bilateral_requests_demo: Series
) -> None:
    page = _follow(
        member_focal_point_client,
        "/series/amm-57/bilaterals/new/",
        {
            "requester": "VN",
            "counterparts": ["KH", "LA"],
            "level": "som_leader",
            "duration_minutes": "45",
            "priority": "4",
            "window_start": "",
            "window_end": "",
            "preferred_day": "2024-07-24",
            "preferred_part": "evening",
            "note": "CLV",
        },
    )

    assert _messages(page) == ["Your request to meet Cambodia, Lao PDR is sent; they are asked to accept."]
    created = BilateralRequest.objects.latest("pk")
    assert (created.requester.code, created.level, created.duration_minutes, created.priority) == (
        "VN",
        "som_leader",
        45,
        4,
    )
    assert created.preferred == [["2024-07-24T17:00:00+07:00", "2024-07-24T21:00:00+07:00"]]


def test_request_form_shows_the_refusal_next_to_the_field(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    count = BilateralRequest.objects.count()

    page = _page(
        partner_delegate_client.post(
            "/series/amm-57/bilaterals/new/",
            {
                "requester": "JP",
                "counterparts": ["VN"],
                "level": "minister",
                "duration_minutes": "120",
                "priority": "3",
                "window_start": "2024-07-26T09:00",
                "window_end": "2024-07-26T10:00",
            },
        ),
        status=400,
    )

    assert page.find("div", id="field-window_end").find("ul", cls="errorlist").text == (
        "is shorter than the 120-minute meeting."
    )
    assert BilateralRequest.objects.count() == count


# A delegation's page ------------------------------------------------------------------------------------


def test_delegation_page_shows_free_time_derived_from_the_programme(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    page = _page(partner_delegate_client.get(JAPAN))

    minister = page.find("div", id="principal-minister")
    assert table_rows(minister.find("table")) == [
        ["Tue 23 Jul", "not free"],
        ["Wed 24 Jul", "not free"],
        ["Thu 25 Jul", "14:00–21:00"],
        ["Fri 26 Jul", "08:00–13:15, 14:30–18:45, 20:00–21:00"],
        ["Sat 27 Jul", "08:00–08:15, 12:15–13:45, 17:15–21:00"],
    ]
    assert minister.find("input", id="id_minister-arrives_at").attrs["value"] == "2024-07-25T14:00"
    assert page.find("p", id="no-meetings").text == "No meetings of ours are published yet."


def test_delegation_page_saves_arrival_and_blocked_period(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    page = _follow(
        partner_delegate_client,
        JAPAN,
        {"minister-level": "minister", "minister-arrives_at": "2024-07-26T09:00", "minister-departs_at": ""},
    )
    assert _messages(page) == ["Arrival and departure are saved."]
    page = _follow(
        partner_delegate_client,
        f"{JAPAN}blocked/",
        {"level": "minister", "starts_at": "2024-07-26T16:00", "ends_at": "2024-07-26T17:00", "note": "Interview"},
    )

    assert _messages(page) == ["The blocked period is saved; no bilateral will be placed in it."]
    presence = DelegationPresence.objects.get(delegation__party__code="JP", level="minister")
    assert (presence.arrives_at, presence.departs_at, presence.version) == (vientiane(26, "09:00"), None, 2)
    period = BlockedPeriod.objects.get(delegation__party__code="JP")
    assert (period.starts_at.astimezone(VIENTIANE), period.note) == (vientiane(26, "16:00"), "Interview")
    assert table_rows(page.find("div", id="principal-minister").find("table"))[3] == [
        "Fri 26 Jul",
        "09:00–13:15, 14:30–16:00, 17:00–18:45, 20:00–21:00",
    ]


def test_delegation_page_of_another_party_is_refused(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    page = _page(partner_delegate_client.get("/series/amm-57/bilaterals/delegations/VN/"), status=403)

    assert page.find("p", id="reason").text == (
        "A delegation's bilaterals are visible to it and the chair secretariat only."
    )


def test_series_nav_links_bilaterals_for_delegations_not_the_public(
    client: Client, partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    public = _page(client.get("/series/amm-57/")).find("nav", cls="series-nav")
    japan = _page(partner_delegate_client.get("/series/amm-57/")).find("nav", cls="series-nav")

    assert "Bilaterals" not in public.texts("a")
    assert [a.attrs["href"] for a in japan.find_all("a") if a.text == "Bilaterals"] == [REQUESTS]


# The chair's schedule -----------------------------------------------------------------------------------


def _grid_days(page: Element) -> list[Element]:
    return page.find_all("section", cls="bilateral-day")


def test_schedule_page_before_any_solve(chair_secretariat_client: Client, bilateral_requests_demo: Series) -> None:
    page = _page(chair_secretariat_client.get(SCHEDULE))

    assert page.find("p", id="no-schedule").text == "No schedule yet: solve to make a draft."
    assert page.find("form", id="solve-form").find("input", id="id_time_limit").attrs["value"] == "20"
    assert page.find("section", id="rooms").texts("li") == [
        "Bilateral Room 1, seats 2 delegations",
        "Bilateral Room 2, seats 2 delegations",
        "Bilateral Room 3, seats 3 delegations",
        "Champa Room, seats 4 delegations",
    ]


def test_chair_solves_and_sees_the_draft_grid_with_rooms_as_columns(
    chair_secretariat_client: Client, bilateral_requests_demo: Series
) -> None:
    queued = _follow(chair_secretariat_client, "/series/amm-57/bilaterals/schedule/solve/", {"time_limit": "10"})
    assert _messages(queued) == ["Solving in the background (at most 10 seconds); this page shows how far it got."]
    run_queued_jobs()
    page = _page(chair_secretariat_client.get(SCHEDULE))

    draft = BilateralSchedule.objects.get(series=bilateral_requests_demo, status=ScheduleStatus.DRAFT)
    placed = draft.assignments.count()
    assert page.find("p", id="solve-job-result").text == (
        f"Draft schedule 1: {placed} of 40 requests placed. See the draft"
    )
    assert page.find("h2", id="schedule-title").text == "Draft schedule 1"
    assert page.find("dd", id="figure-scheduled").text == f"{placed} of 40 requests"
    days = _grid_days(page)
    assert {tuple(day.texts("div", cls="tt-room")) for day in days} == {
        ("Bilateral Room 1", "Bilateral Room 2", "Bilateral Room 3", "Champa Room")
    }
    assert sum(len(day.find_all("a", cls="tt-block")) for day in days) == placed
    assert len(page.find("table", cls="assignments").find_all("tr", cls="assignment-row")) == placed
    assert len(page.find("section", id="unscheduled").find_all("tr", cls="unscheduled-row")) == 40 - placed


def test_schedule_grid_uses_constant_queries(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    with CaptureQueriesContext(connection) as fewer:
        _page(chair_secretariat_client.get(SCHEDULE))
    for code in ("SG", "MY", "TH", "PH"):
        request = _new_request(chair_secretariat, bilateral_requests_demo, "ID", code)
        bilateral_request_respond(
            actor=SeriesViewer.system(bilateral_requests_demo.pk, purpose="test set-up"),
            request_id=request.pk,
            party=Party.objects.get(code=code),
            accept=True,
        )
    bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10)
    with CaptureQueriesContext(connection) as more:
        page = _page(chair_secretariat_client.get(SCHEDULE))

    assert page.find("h2", id="schedule-title").text == "Draft schedule 2"
    assert len(fewer) == len(more)


def test_move_into_a_session_is_refused_with_the_conflict(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    schedule = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10).schedule
    meeting = BilateralAssignment.objects.select_related("room__room").get(
        schedule=schedule, request__requester__code="VN", request__responses__party__code="JP"
    )
    prefix = f"a{meeting.pk}"

    page = _follow(
        chair_secretariat_client,
        f"/series/amm-57/bilaterals/meetings/{meeting.pk}/move/",
        {
            f"{prefix}-day": "2024-07-25",
            f"{prefix}-start": "10:00",
            f"{prefix}-room": str(meeting.room_id),
            f"{prefix}-version": str(meeting.version),
        },
    )

    [message] = _messages(page)
    assert message.startswith(f"cannot move to 25 Jul 10:00 in {meeting.room.room.name}: ")
    refreshed = BilateralAssignment.objects.get(pk=meeting.pk)
    assert (refreshed.starts_at, refreshed.version) == (meeting.starts_at, meeting.version)


def test_chair_publishes_and_japan_sees_only_its_meetings(
    chair_secretariat_client: Client,
    partner_delegate_client: Client,
    bilateral_requests_demo: Series,
    chair_secretariat: SeriesViewer,
) -> None:
    schedule = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10).schedule

    page = _follow(
        chair_secretariat_client,
        f"/series/amm-57/bilaterals/schedules/{schedule.pk}/publish/",
        {"version": str(schedule.version)},
    )
    japan = _page(partner_delegate_client.get(JAPAN))

    assert _messages(page) == ["Schedule 1 is published; each delegation now sees its own meetings."]
    assert page.find("h2", id="schedule-title").text.startswith("Published schedule 1 (")
    ours = schedule.assignments.filter(
        Q(request__requester__code="JP") | Q(request__responses__party__code="JP")
    ).distinct()
    items = japan.find("section", id="our-meetings").find_all("li", cls="week-item")
    assert len(items) == ours.count() > 0
    assert all("Japan" in item.text for item in items)
    assert "Viet Nam – China" not in japan.find("main").text
    assert partner_delegate_client.get(SCHEDULE)["Location"] == JAPAN


def test_schedule_page_shows_compact_days_per_principal(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    schedule = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10).schedule
    page = _page(chair_secretariat_client.get(SCHEDULE))

    section = page.find("section", id="compactness")
    gaps = schedule.gaps_by_principal
    worst = max(gaps, key=lambda name: (gaps[name], name))
    assert section.find("dd", id="figure-idle-gaps").text == str(sum(gaps.values()))
    assert section.find("dd", id="figure-idle-bound").text.startswith(str(schedule.gaps_bound))
    party, _level = worst.split("/")
    if gaps[worst]:
        assert section.find("dd", id="figure-idle-worst").text.startswith(f"{party} (")
    else:
        assert section.find("dd", id="figure-idle-worst").text == "No principal has an idle gap."
    strips = section.find_all("li", cls="principal-strip")
    assert len(strips) == len(gaps)
    # Each strip counts its gaps and draws as many gap segments; meetings are drawn once per principal.
    for strip in strips:
        drawn = sum(len(day.find_all("span", cls="seg-gap")) for day in strip.find_all("div", cls="day-strip"))
        assert strip.find("span", cls="strip-gaps").text == (
            f"{drawn} idle gap" if drawn == 1 else f"{drawn} idle gaps"
        )
    drawn_meetings = sum(len(s.find_all("span", cls="seg-meeting")) for s in strips)
    principals = {r.id: len(r.principals) for r in instance_from_json(schedule.inputs).requests}
    assert drawn_meetings == sum(principals[str(a.request_id)] for a in schedule.assignments.all())
    # Every day strip has its hour marks, and the hours written under it (venue time: 09:00-18:00 days).
    for strip in strips:
        for row in strip.find_all("div", cls="strip-scale"):
            hours = [int(label.text) for label in row.find_all("span", cls="tick-hour")]
            assert hours == sorted(hours)
            assert hours
            assert all(8 <= hour <= 20 for hour in hours)
        assert all(day.find_all("span", cls="tick") for day in strip.find_all("div", cls="day-strip"))


def test_compact_days_say_so_when_no_principal_has_a_gap() -> None:
    from django.template.loader import render_to_string

    from mufakat.bilaterals.compactness import PrincipalStrip, ScheduleCompactness

    strip = PrincipalStrip("VN/som_leader", "VN", "SOM Leader", gaps=0, meetings=2)
    compactness = ScheduleCompactness([strip], 0, strip, 0, 0, None, moved_since=False)

    page = render_to_string("web/_bilateral_compactness.html", {"compactness": compactness})

    assert "No principal has an idle gap." in page
    assert "0 gaps" not in page


def test_hour_ticks_follow_the_venue_clock() -> None:
    from datetime import UTC, datetime

    from mufakat.bilaterals.compactness import hour_ticks
    from mufakat.bilaterals.scheduler.instance import Instance

    # Grains of 15 minutes from 00:00 UTC; Vientiane is UTC+7: grains 6-42 are 08:30-17:30 there.
    instance = Instance(
        epoch=datetime(2024, 7, 24, tzinfo=UTC),
        grain_minutes=15,
        horizon=96,
        buffer=0,
        days=(),
        principals=(),
        rooms=(),
        requests=(),
        utc_offset_minutes=420,
    )

    ticks = hour_ticks(instance, 6, 42)

    assert [tick.hour for tick in ticks] == list(range(9, 18))
    assert ticks[0].left == round(100 * 2 / 36, 3)


# Precedences ------------------------------------------------------------------------------------------


def test_viet_nam_sets_what_its_request_comes_after_and_the_pages_show_it(
    member_focal_point_client: Client,
    chair_secretariat_client: Client,
    chair_secretariat: SeriesViewer,
    bilateral_requests_demo: Series,
) -> None:
    earlier = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="JP"
    )
    later = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="US"
    )
    prefix = f"after{later.pk}"

    page = _follow(
        member_focal_point_client,
        f"{REQUESTS}{later.pk}/after/",
        {f"{prefix}-after": [str(earlier.pk)], f"{prefix}-version": str(later.version)},
    )

    assert list(later.after.values_list("pk", flat=True)) == [earlier.pk]
    assert _messages(page) == ["What this meeting comes after is saved."]
    assert page.find("tr", id=f"request-{later.pk}").find("span", cls="after").text == "after Viet Nam – Japan"
    refused = _follow(
        member_focal_point_client,
        f"{REQUESTS}{earlier.pk}/after/",
        {f"after{earlier.pk}-after": [str(later.pk)], f"after{earlier.pk}-version": str(earlier.version)},
    )
    assert "would be a cycle" in _messages(refused)[0]
    form = _page(member_focal_point_client.get(f"{REQUESTS}new/"))
    assert form.find("div", id="field-after") is not None
    schedule = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10).schedule
    meeting = BilateralAssignment.objects.get(schedule=schedule, request=later)
    shown = _page(chair_secretariat_client.get(SCHEDULE)).find("tr", id=f"assignment-{meeting.pk}")
    assert shown.find("span", cls="after").text == "after Viet Nam – Japan"
