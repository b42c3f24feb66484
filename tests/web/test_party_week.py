"""A delegation's week (issue 11, item 6): the released sessions of the meetings it attends, its published
bilateral meetings and its deadlines in one page, one API answer and one calendar feed, with free time counted
within one working day (the bilateral settings' hours within the venue's) everywhere; for its own people and
the chair only, and never a deadline of a document the party may not see.

The bilateral requests demo (unsolved) comes from tests/bilaterals/conftest.py via tests/web/conftest.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import (
    BilateralAssignment,
    BilateralRequest,
    BilateralRoom,
    BilateralSchedule,
    BilateralSettings,
)
from mufakat.delegations.week import party_week_get
from mufakat.documents.models import OutcomeDocument, SilenceProcedure
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series
from mufakat.reference.models import Party
from tests.factories.documents import document_with_text
from tests.factories.plans import crafted_plan, period_open
from tests.factories.programme import VIENTIANE, vientiane
from tests.web.pages import Element
from tests.web.pages import html_page as _page

JAPAN_WEEK = "/series/amm-57/delegations/JP/week/"
JAPAN_API = "/api/v1/series/amm-57/delegations/JP/week"
JSON = "application/json; charset=utf-8"


def _json(response: Any, status: int = 200) -> Any:
    assert (response.status_code, response["Content-Type"]) == (status, JSON), response.content
    return response.json()


def _lines(section: Element) -> list[tuple[str, str]]:
    return [(item.find("span", cls="time").text, item.find("span", cls="what").text) for item in section.find_all("li")]


def _request_of(requester: str, *counterparts: str) -> BilateralRequest:
    found = BilateralRequest.objects.filter(series__code="amm-57", requester__code=requester)
    for code in counterparts:
        found = found.filter(responses__party__code=code)
    return found.get()


def _published(series: Series, *placements: tuple[BilateralRequest, int, str, str]) -> BilateralSchedule:
    """A published schedule placing each request on (day of July 2024, start in Vientiane, bilateral room), as
    the chair's moves would leave it. Written as stored: the solver's own placement may differ run to run."""
    schedule = BilateralSchedule.objects.create(
        series=series,
        number=1,
        status=ScheduleStatus.PUBLISHED,
        solver="test",
        solver_status="optimal",
        objective=1,
        bound=1,
        gap=0,
        seconds=0,
        published_at=timezone.now(),
    )
    rooms = {room.room.name: room for room in BilateralRoom.objects.filter(series=series).select_related("room")}
    for request, day, start, room in placements:
        starts_at = vientiane(day, start)
        BilateralAssignment.objects.create(
            schedule=schedule,
            request=request,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=request.duration_minutes),
            room=rooms[room],
        )
    return schedule


def _japans_bilaterals(series: Series) -> dict[str, BilateralRequest]:
    """Three of Japan's requests placed: with Australia on Thursday, Korea and the US–Japan–ROK trilateral on
    Friday (between its PMC+1 and Mekong–Japan sessions, and in the morning)."""
    australia, korea, trilateral = _request_of("JP", "AU"), _request_of("JP", "KR"), _request_of("US", "JP", "KR")
    _published(
        series,
        (australia, 25, "16:15", "Bilateral Room 1"),
        (korea, 26, "09:45", "Bilateral Room 1"),
        (trilateral, 26, "15:00", "Bilateral Room 3"),
    )
    return {"AU": australia, "KR": korea, "US": trilateral}


def _under_silence(chair: SeriesViewer, body_code: str, title: str, deadline: str) -> SilenceProcedure:
    """A document of the body's AMM-57 meeting (restricted to the meeting's framework) under silence until
    `deadline` on 26 July 2024, Vientiane time. Written as stored: the service refuses a deadline in the past."""
    meeting = Meeting.objects.get(series__code="amm-57", body__code=body_code)
    _document, version = document_with_text(actor=chair, meeting=meeting, texts=["One paragraph."], title_en=title)
    return SilenceProcedure.objects.create(
        version=version, deadline=vientiane(26, deadline), time_zone="Asia/Vientiane"
    )


# Bilaterals in the week ---------------------------------------------------------------------------------


def test_japan_week_page_lists_its_published_bilateral_and_its_time_is_not_free(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    australia = _japans_bilaterals(bilateral_requests_demo)["AU"]

    page = _page(partner_delegate_client.get(JAPAN_WEEK))

    thursday = page.find("section", id="day-2024-07-25")
    assert thursday.find("h2").text == "Thursday, 25 July 2024 · 0 sessions · 1 bilateral"
    assert _lines(thursday) == [
        ("08:00–16:15", "Free slot · 8 h 15"),
        ("16:15–16:45", "Bilateral – Japan – Australia Minister Bilateral Room 1"),
        ("16:45–21:00", "Free slot · 4 h 15"),
    ]
    assert thursday.find("li", cls="bilateral").attrs["id"] == f"week-bilateral-{australia.pk}"
    assert page.find("p", id="week-summary").text == (
        f"6 sessions from programme v2, released {_released(bilateral_requests_demo)}. "
        "3 bilateral meetings from the published schedule. "
        "Times in Asia/Vientiane; free time is counted from 08:00 to 21:00, the hours bilateral meetings may be held."
    )


def _released(series: Series) -> str:
    release = ProgrammeRelease.objects.filter(series=series).order_by("-number").first()
    assert release is not None
    released = release.released_at.astimezone(VIENTIANE)
    return f"{released.day} {released:%B %Y}"


def test_japan_week_api_has_the_bilaterals_free_time_and_hours_of_the_page(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    australia = _japans_bilaterals(bilateral_requests_demo)["AU"]

    body = _json(partner_delegate_client.get(JAPAN_API))
    page = _page(partner_delegate_client.get(JAPAN_WEEK))

    thursday = body["days"][2]
    assert (body["bilateral_schedule"], body["day_starts"], body["day_ends"]) == (1, "08:00:00", "21:00:00")
    assert thursday["bilaterals"] == [
        {
            "uid": f"bilateral-{australia.pk}",
            "request_id": australia.pk,
            "parties": [
                {"code": "JP", "kind": "state", "name_en": "Japan", "name_vi": "Nhật Bản"},
                {"code": "AU", "kind": "state", "name_en": "Australia", "name_vi": "Ô-xtrây-li-a"},
            ],
            "level": "minister",
            "room": "Bilateral Room 1",
            "confirmed": False,
            "starts_at": "2024-07-25T09:15:00Z",
            "ends_at": "2024-07-25T09:45:00Z",
            "starts_at_local": "2024-07-25T16:15:00+07:00",
            "ends_at_local": "2024-07-25T16:45:00+07:00",
        }
    ]
    api_free = [(f["starts_at_local"][11:16], f["ends_at_local"][11:16]) for f in thursday["free"]]
    page_free = [
        tuple(item.find("span", cls="time").text.split("–"))
        for item in page.find("section", id="day-2024-07-25").find_all("li", cls="free")
    ]
    assert api_free == page_free == [("08:00", "16:15"), ("16:45", "21:00")]
    # Friday: two bilaterals around the PMC+1 JP (13:30–14:15) and Mekong-Japan (19:00–19:45) sessions.
    assert [(f["starts_at_local"][11:16], f["ends_at_local"][11:16]) for f in body["days"][3]["free"]] == [
        ("08:00", "09:45"),
        ("10:15", "13:30"),
        ("14:15", "15:00"),
        ("15:45", "19:00"),
        ("19:45", "21:00"),
    ]


def test_week_page_runs_as_many_queries_for_three_bilaterals_and_deadlines_as_for_one(
    partner_delegate_client: Client, chair_secretariat: SeriesViewer, bilateral_requests_demo: Series
) -> None:
    schedule = _published(bilateral_requests_demo, (_request_of("JP", "AU"), 25, "16:15", "Bilateral Room 1"))
    _under_silence(chair_secretariat, "ARF", "ARF Statement on Test Cooperation", "12:00")
    with CaptureQueriesContext(connection) as fewer:
        _page(partner_delegate_client.get(JAPAN_WEEK))
    for request, start in ((_request_of("JP", "KR"), "09:45"), (_request_of("JP", "PH"), "11:00")):
        starts_at = vientiane(26, start)
        BilateralAssignment.objects.create(
            schedule=schedule,
            request=request,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
            room=BilateralRoom.objects.get(series=bilateral_requests_demo, room__name="Bilateral Room 2"),
        )
    _under_silence(chair_secretariat, "EAS-FMM", "EAS Statement on Test Cooperation", "15:00")
    with CaptureQueriesContext(connection) as more:
        page = _page(partner_delegate_client.get(JAPAN_WEEK))

    assert (len(page.find_all("li", cls="bilateral")), len(page.find_all("li", cls="deadline"))) == (3, 2)
    assert len(more) == len(fewer)


def test_week_hours_follow_the_bilateral_settings_in_page_and_api(
    partner_delegate_client: Client, programme_demo: Series
) -> None:
    BilateralSettings.objects.create(series=programme_demo, day_starts="09:00", day_ends="18:30")

    body = _json(partner_delegate_client.get(JAPAN_API))
    page = _page(partner_delegate_client.get(JAPAN_WEEK))

    assert (body["day_starts"], body["day_ends"]) == ("09:00:00", "18:30:00")
    assert [(f["starts_at_local"][11:16], f["ends_at_local"][11:16]) for f in body["days"][0]["free"]] == [
        ("09:00", "18:30")
    ]
    assert _lines(page.find("section", id="day-2024-07-23")) == [("09:00–18:30", "Free slot · 9 h 30")]


# Deadlines --------------------------------------------------------------------------------------------


def test_silence_deadline_appears_in_the_week_and_an_asean_only_one_never_in_a_partners(
    chair_secretariat: SeriesViewer, programme_demo: Series
) -> None:
    arf = _under_silence(chair_secretariat, "ARF", "ARF Statement on Test Cooperation", "12:00")
    amm = _under_silence(chair_secretariat, "AMM", "AMM Statement on Internal Matters", "18:00")
    assert OutcomeDocument.objects.get(pk=amm.version.document_id).restricted_to.code == "ASEAN"

    # Even the chair, who sees everything, finds in Japan's week only what Japan may see.
    japan = party_week_get(viewer=chair_secretariat, series=programme_demo, party=Party.objects.get(code="JP"))
    viet_nam = party_week_get(viewer=chair_secretariat, series=programme_demo, party=Party.objects.get(code="VN"))

    def deadlines(week: Any) -> list[tuple[str, str, str, str]]:
        return [
            (str(day.day), d.kind, d.uid, f"{d.local_at:%H:%M} {d.title}") for day in week.days for d in day.deadlines
        ]

    assert deadlines(japan) == [
        ("2024-07-26", "silence", f"silence-{arf.pk}", "12:00 ARF Statement on Test Cooperation")
    ]
    assert deadlines(viet_nam) == [
        ("2024-07-26", "silence", f"silence-{arf.pk}", "12:00 ARF Statement on Test Cooperation"),
        ("2024-07-26", "silence", f"silence-{amm.pk}", "18:00 AMM Statement on Internal Matters"),
    ]


def test_japan_week_page_shows_a_silence_deadline_on_its_day(
    partner_delegate_client: Client, chair_secretariat: SeriesViewer, programme_demo: Series
) -> None:
    arf = _under_silence(chair_secretariat, "ARF", "ARF Statement on Test Cooperation", "12:00")
    _under_silence(chair_secretariat, "AMM", "AMM Statement on Internal Matters", "18:00")

    page = _page(partner_delegate_client.get(JAPAN_WEEK))

    friday = page.find("section", id="day-2024-07-26")
    assert _lines(friday)[:2] == [
        ("08:00–13:30", "Free slot · 5 h 30"),
        ("12:00", "Silence procedure ends: ARF Statement on Test Cooperation"),
    ]
    link = friday.find("li", id=f"week-silence-{arf.pk}").find("a")
    assert link.attrs["href"] == f"/series/amm-57/documents/{arf.version.document_id}/"
    assert "Internal Matters" not in page.find("main").text


def test_reporting_deadline_after_the_meetings_is_listed_apart(
    member_focal_point_client: Client, programme_demo: Series
) -> None:
    plan = crafted_plan()
    period = period_open(plan, "2024")

    page = _page(member_focal_point_client.get("/series/amm-57/delegations/VN/week/"))
    body = _json(member_focal_point_client.get("/api/v1/series/amm-57/delegations/VN/week"))

    assert _lines(page.find("section", id="other-deadlines")) == [
        ("31 January 2025, 17:00 (Asia/Bangkok)", "Reports due: Crafted plan of action (test), 2024 · 2 action lines")
    ]
    assert body["other_deadlines"] == [
        {
            "uid": f"plan-{plan.pk}-period-{period.pk}-vn",
            "kind": "report",
            "at": "2025-01-31T10:00:00Z",
            "at_local": "2025-01-31T17:00:00+07:00",
            "time_zone": "Asia/Bangkok",
            "title": "Crafted plan of action (test), 2024",
            "document_id": None,
            "plan_id": plan.pk,
            "lines": 2,
        }
    ]


# The calendar feed ----------------------------------------------------------------------------------------


def _events(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return {str(event["UID"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


def test_week_ics_has_sessions_bilaterals_and_deadlines_with_stable_uids(
    partner_delegate_client: Client, chair_secretariat: SeriesViewer, bilateral_requests_demo: Series
) -> None:
    arf = _under_silence(chair_secretariat, "ARF", "ARF Statement on Test Cooperation", "12:00")
    _under_silence(chair_secretariat, "AMM", "AMM Statement on Internal Matters", "18:00")
    placed = _japans_bilaterals(bilateral_requests_demo)
    australia = placed["AU"]

    first = _events(partner_delegate_client, f"{JAPAN_API}.ics")
    second = _events(partner_delegate_client, f"{JAPAN_API}.ics")

    assert sorted(first) == sorted(second)
    assert sorted(uid for uid in first if uid.startswith(("bilateral-", "silence-"))) == sorted(
        [*(f"bilateral-{r.pk}@mufakat" for r in placed.values()), f"silence-{arf.pk}@mufakat"]
    )
    assert len(first) == 6 + 3 + 1
    meeting = first[f"bilateral-{australia.pk}@mufakat"]
    assert (str(meeting["SUMMARY"]), meeting.decoded("DTSTART").isoformat(), str(meeting["LOCATION"])) == (
        "Bilateral JP–AU: Japan – Australia (Minister)",
        "2024-07-25T16:15:00+07:00",
        "Bilateral Room 1, National Convention Center, Vientiane",
    )
    deadline = first[f"silence-{arf.pk}@mufakat"]
    assert (
        str(deadline["SUMMARY"]),
        deadline.decoded("DTSTART").isoformat(),
        str(deadline["TRANSP"]),
        "DTEND" in deadline,
    ) == (
        "End of the silence procedure on ARF Statement on Test Cooperation (version 1)",
        "2024-07-26T12:00:00+07:00",
        "TRANSPARENT",
        False,
    )


def test_old_bilaterals_feed_still_serves_the_bilaterals_and_the_page_offers_the_week_feed(
    partner_delegate_client: Client, bilateral_requests_demo: Series
) -> None:
    _japans_bilaterals(bilateral_requests_demo)
    week = _events(partner_delegate_client, f"{JAPAN_API}.ics")
    bilaterals = _events(partner_delegate_client, "/api/v1/series/amm-57/bilaterals/delegations/JP/meetings.ics")

    assert sorted(bilaterals) == sorted(uid for uid in week if uid.startswith("bilateral-"))
    assert len(bilaterals) == 3
    # The bilaterals page offers the one feed, the week's.
    page = _page(partner_delegate_client.get("/series/amm-57/bilaterals/delegations/JP/"))
    assert [(a.text, a.attrs["href"]) for a in page.find("div", cls="downloads").find_all("a")] == [
        ("Add our week to my calendar (.ics)", f"{JAPAN_API}.ics"),
        ("Our week: sessions, bilaterals and deadlines", JAPAN_WEEK),
    ]


# Who sees a week -------------------------------------------------------------------------------------------


def test_week_is_for_its_delegation_and_the_chair_only(
    client: Client,
    outsider_client: Client,
    member_focal_point_client: Client,
    chair_secretariat_client: Client,
    programme_demo: Series,
) -> None:
    anonymous = client.get(JAPAN_WEEK)
    refused = _page(member_focal_point_client.get(JAPAN_WEEK), status=403)
    chair = _page(chair_secretariat_client.get(JAPAN_WEEK))

    assert (anonymous.status_code, anonymous["Location"]) == (302, f"/accounts/login/?next={JAPAN_WEEK}")
    assert refused.find("p", id="reason").text == "a delegation's week is for its own people and the chair secretariat."
    assert _page(outsider_client.get(JAPAN_WEEK), status=403).find("p", id="reason").text == (
        "a delegation's week is for its own people and the chair secretariat."
    )
    assert chair.find("h1").text == "Week of the delegation of Japan"
    assert [
        (_json(c.get(url), status)["detail"] if status != 200 else "ok")
        for c, url, status in [
            (client, JAPAN_API, 401),
            (member_focal_point_client, JAPAN_API, 403),
            (member_focal_point_client, f"{JAPAN_API}.ics", 403),
            (chair_secretariat_client, JAPAN_API, 200),
        ]
    ] == [
        "this needs a signed-in user: sign in to the web UI, or send a personal API token as "
        "'Authorization: Bearer mfk_…'.",
        "a delegation's week is for its own people and the chair secretariat.",
        "a delegation's week is for its own people and the chair secretariat.",
        "ok",
    ]
