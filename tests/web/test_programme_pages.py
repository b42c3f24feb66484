"""Pages of issue 4: the released timetable, the chair's draft and release form, session editing, releases,
the booklet, a delegation's week, agendas and the SOM's recommendations on the meeting pages.

The AMM-57 programme demo (v1, v2 with the ARF chair's press conference an hour later, the agendas and the
SOM's recommendations) comes from `programme_demo`; personas from tests/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Series, Session
from mufakat.meetings.selectors import programme_conflicts
from mufakat.meetings.services import programme_release
from tests.factories.accounts import viewer_create
from tests.factories.meetings import session_move
from tests.factories.programme import VIENTIANE
from tests.web.pages import Element, table_rows
from tests.web.pages import html_page as _page

PROGRAMME = "/series/amm-57/programme/"
DRAFT = "/series/amm-57/programme/draft/"
JAPAN_WEEK = "/series/amm-57/delegations/JP/week/"


def _session(body_code: str, title: str = "Plenary session") -> Session:
    return Session.objects.get(meeting__series__code="amm-57", meeting__body__code=body_code, title_en=title)


def _press_conference() -> Session:
    return _session("ARF", "Press conference of the Chair")


def _press_conference_into_the_arf_plenary(chair: SeriesViewer) -> None:
    """Move the ARF chair's press conference to 16:00 in the ARF plenary's room: one room, two sessions."""
    press = _press_conference()
    session_move(chair, press, day=27, start="16:00", end="16:45", room=_session("ARF").room)


def _meeting(body_code: str) -> Meeting:
    return Meeting.objects.get(series__code="amm-57", body__code=body_code)


def _released_on(number: int, series_code: str = "amm-57") -> str:
    released = ProgrammeRelease.objects.get(series__code=series_code, number=number).released_at.astimezone(VIENTIANE)
    return f"{released.day} {released:%B %Y}"


def _edit_form(session: Session, **changes: str) -> dict[str, str]:
    """The edit form as the chair's browser submits it: the session's current values in Vientiane time."""
    start, end = session.starts_at.astimezone(VIENTIANE), session.ends_at.astimezone(VIENTIANE)
    data = {
        "title_en": session.title_en,
        "title_vi": session.title_vi,
        "day": start.date().isoformat(),
        "starts_at": f"{start:%H:%M}",
        "ends_at": f"{end:%H:%M}",
        "room": str(session.room_id or ""),
        "kind": session.kind,
        "status": session.status,
        "version": str(session.version),
    }
    return {**data, **changes}


def _blocks(page: Element) -> list[Element]:
    return page.find_all("a", cls="tt-block")


def _block_line(block: Element) -> tuple[str, str, str, str]:
    return (
        block.find("span", cls="tt-time").text,
        block.find("span", cls="tt-meeting").text,
        block.find("span", cls="tt-title").text,
        block.find("span", cls="tt-place").text,
    )


# The released timetable ----------------------------------------------------------------------------------


def test_programme_page_shows_the_26_sessions_of_v2(client: Client, programme_demo: Series) -> None:
    page = _page(client.get(PROGRAMME))

    assert page.find("p", id="release-line").text == f"Programme v2, released {_released_on(2)}"
    assert page.find("p", cls="release-note").text == "As reviewed and finalised by the SOM, 23 July 2024."
    assert page.find("p", id="session-count").text == "26 sessions · times in Asia/Vientiane"
    assert len(_blocks(page)) == 26
    assert [section.attrs["id"] for section in page.find_all("section", cls="tt-day")] == [
        "day-2024-07-23",
        "day-2024-07-24",
        "day-2024-07-25",
        "day-2024-07-26",
        "day-2024-07-27",
    ]
    assert page.find("nav", cls="day-tabs").texts("a") == [
        "Tue 23 Jul",
        "Wed 24 Jul",
        "Thu 25 Jul",
        "Fri 26 Jul",
        "Sat 27 Jul",
        "All days",
    ]


def test_programme_page_shows_the_arf_press_conference_at_18_30(client: Client, programme_demo: Series) -> None:
    press = _press_conference()

    page = _page(client.get(PROGRAMME))

    saturday = page.find("section", id="day-2024-07-27")
    assert saturday.texts("div", cls="tt-room") == ["Plenary Hall", "Press Centre", "Meeting Room 1"]
    assert [_block_line(block) for block in _blocks(saturday)] == [
        ("08:30–10:00", "APT FMM-25", "Plenary session", "Plenary Hall"),
        ("10:15–12:00", "EAS FMM-14", "Plenary session", "Plenary Hall"),
        ("12:30–13:30", "Mekong-US Ministerial-3", "Plenary session", "Meeting Room 1"),
        ("14:00–17:00", "ARF-31", "Plenary session", "Plenary Hall"),
        ("18:30–19:15", "ARF-31", "Press conference of the Chair", "Press Centre"),
    ]
    block = saturday.find("a", id=f"session-{press.uid}")
    # Saturday's grid starts at 08:00 in rows of five minutes after the header row: 18:30 is row 128.
    assert (block.attrs["href"], block.attrs["style"]) == (
        f"/meetings/{press.meeting_id}/",
        "grid-row: 128 / 137; grid-column: 3;",
    )


def test_programme_page_shows_the_changelog_of_v2_and_the_downloads(client: Client, programme_demo: Series) -> None:
    page = _page(client.get(PROGRAMME))

    changelog = page.find("details", id="changelog")
    assert changelog.find("summary").text == "1 change in v2"
    assert changelog.texts("li") == [
        "Moved ARF-31 – Press conference of the Chair: Sat 27 Jul, 17:30–18:15 → Sat 27 Jul, 18:30–19:15"
    ]
    links = page.find("div", cls="downloads").find_all("a")
    assert [(a.text, a.attrs["href"]) for a in links] == [
        ("Calendar (.ics)", "/api/v1/series/amm-57/programme.ics"),
        ("Booklet (PDF)", "/api/v1/series/amm-57/programme.pdf?lang=en"),
        ("Printable booklet", "/series/amm-57/programme/booklet/"),
        ("All releases", "/series/amm-57/programme/releases/"),
    ]


def test_programme_page_for_the_chair_links_to_the_draft(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    page = _page(chair_secretariat_client.get(PROGRAMME))

    assert page.find("div", cls="downloads").texts("a")[-1] == "Draft and release"


def test_programme_page_in_vietnamese(client: Client, programme_demo: Series) -> None:
    client.cookies["django_language"] = "vi"

    page = _page(client.get(PROGRAMME))

    assert page.find("h1").text == "Chương trình hoạt động"
    assert page.find("p", id="release-line").text.startswith("Chương trình hoạt động v2, phát hành ")
    press = page.find("a", id=f"session-{_press_conference().uid}")
    assert _block_line(press) == ("18:30–19:15", "ARF-31", "Họp báo của Chủ tịch", "Press Centre")


def test_programme_page_in_vietnamese_links_to_the_vietnamese_booklet(client: Client, programme_demo: Series) -> None:
    client.cookies["django_language"] = "vi"

    link = _page(client.get(PROGRAMME)).find("div", cls="downloads").find_all("a")[1]
    booklet = client.get(link.attrs["href"])

    assert link.attrs["href"] == "/api/v1/series/amm-57/programme.pdf?lang=vi"
    assert (booklet.status_code, booklet["Content-Type"], booklet["Content-Disposition"]) == (
        200,
        "application/pdf",
        'inline; filename="amm-57-programme-vi.pdf"',
    )


def test_programme_page_before_any_release(client: Client, programme_demo: Series) -> None:
    page = _page(client.get("/series/amm-43/programme/"))

    assert page.find("p", id="no-release").text == "No programme has been released yet."
    assert _blocks(page) == []


def test_programme_page_unknown_series_is_404(client: Client, programme_demo: Series) -> None:
    page = _page(client.get("/series/amm-99/programme/"), status=404)

    assert page.find("h1").text == "Not Found"


def test_programme_page_uses_the_same_queries_for_any_series(
    client: Client, programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    amm_43 = Series.objects.get(code="amm-43")
    hanoi_chair = viewer_create(username="vn.chair", series=amm_43, role=SeriesRole.CHAIR_SECRETARIAT)
    programme_release(
        actor=hanoi_chair, series=amm_43, acknowledged=[c.key for c in programme_conflicts(series=amm_43)]
    )

    with CaptureQueriesContext(connection) as hanoi:
        hanoi_page = _page(client.get("/series/amm-43/programme/"))
    with CaptureQueriesContext(connection) as vientiane_queries:
        vientiane_page = _page(client.get(PROGRAMME))

    assert (len(_blocks(hanoi_page)), len(_blocks(vientiane_page))) == (19, 26)
    assert len(hanoi) == len(vientiane_queries)


# Releases and the booklet ------------------------------------------------------------------------------


def test_release_list_shows_both_releases_with_their_changelogs(client: Client, programme_demo: Series) -> None:
    page = _page(client.get("/series/amm-57/programme/releases/"))

    releases = page.find_all("li", cls="release")
    assert [release.find("h2").text for release in releases] == [
        f"Programme v2, released {_released_on(2)}",
        f"Programme v1, released {_released_on(1)}",
    ]
    assert [release.find("summary").text for release in releases] == ["1 change", "26 changes"]
    assert releases[1].texts("li")[0] == "Added SOM – Plenary session: Tue 23 Jul, 09:00–12:30"


def test_release_detail_v1_has_the_press_conference_at_17_30(client: Client, programme_demo: Series) -> None:
    page = _page(client.get("/series/amm-57/programme/releases/1/"))

    assert page.find("p", id="release-line").text == (
        f"Programme v1, released {_released_on(1)} · The latest release is v2."
    )
    press = page.find("a", id=f"session-{_press_conference().uid}")
    assert _block_line(press) == ("17:30–18:15", "ARF-31", "Press conference of the Chair", "Press Centre")


def test_release_detail_unknown_number_is_404(client: Client, programme_demo: Series) -> None:
    page = _page(client.get("/series/amm-57/programme/releases/7/"), status=404)

    assert page.find("p", id="reason").text == "amm-57 has no programme release v7."


def test_booklet_has_a_page_per_day_with_full_meeting_titles(client: Client, programme_demo: Series) -> None:
    page = _page(client.get("/series/amm-57/programme/booklet/"))

    days = page.find_all("section", cls="booklet-day")
    assert [day.find("h2").text for day in days] == [
        "Tuesday, 23 July 2024",
        "Wednesday, 24 July 2024",
        "Thursday, 25 July 2024",
        "Friday, 26 July 2024",
        "Saturday, 27 July 2024",
    ]
    assert sum(len(table_rows(day.find("table"))) for day in days) == 26
    assert table_rows(days[4].find("table"))[-1] == [
        "18:30–19:15",
        "31st ASEAN Regional Forum (ARF-31)",
        "Press conference of the Chair",
        "Press Centre",
    ]


def test_booklet_in_vietnamese(client: Client, programme_demo: Series) -> None:
    client.cookies["django_language"] = "vi"

    page = _page(client.get("/series/amm-57/programme/booklet/"))

    saturday = page.find("section", id="booklet-2024-07-27")
    assert table_rows(saturday.find("table"))[-1] == [
        "18:30–19:15",
        "Diễn đàn Khu vực ASEAN lần thứ 31",
        "Họp báo của Chủ tịch",
        "Press Centre",
    ]


# The draft and the release form -----------------------------------------------------------------------


def test_draft_page_for_the_chair_on_the_demo_has_no_changes_and_no_conflicts(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    page = _page(chair_secretariat_client.get(DRAFT))

    assert page.find("h1").text == "Draft programme"
    assert page.find("p", id="no-changes").text == "The draft is the same as the latest release."
    assert page.find("section", id="conflicts").find("h2").text == "0 conflicts"
    assert page.find_all("li", cls="conflict-item") == []
    assert page.find("p", id="no-conflicts").text.startswith("No conflicts:")
    assert len(page.find_all("tr", cls="draft-row")) == 26
    assert page.find("button", cls="primary").text == "Release v3"


def test_draft_shows_a_room_conflict_after_a_move_into_an_occupied_room(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    press = _press_conference()

    response = chair_secretariat_client.post(
        f"/series/amm-57/sessions/{press.pk}/edit/",
        _edit_form(press, starts_at="16:00", ends_at="16:45", room=str(_session("ARF").room_id)),
    )
    page = _page(chair_secretariat_client.get(DRAFT))

    assert (response.status_code, response["Location"]) == (302, DRAFT)
    assert page.find("section", id="changes").texts("li") == [
        "Moved ARF-31 – Press conference of the Chair: Sat 27 Jul, 18:30–19:15 → Sat 27 Jul, 16:00–16:45",
        "Room changed ARF-31 – Press conference of the Chair: Press Centre → Plenary Hall",
    ]
    conflicts = page.find_all("li", cls="conflict-item")
    assert [item.text for item in conflicts] == [
        "Room booked twice Room Plenary Hall is booked twice: ARF-31 – Plenary session (27 Jul 14:00–17:00) and "
        "ARF-31 – Press conference of the Chair (27 Jul 16:00–16:45)."
    ]
    checkbox = conflicts[0].find("input")
    assert (checkbox.attrs["name"], checkbox.attrs["value"], "checked" in checkbox.attrs) == (
        "acknowledged",
        programme_conflicts(series=programme_demo)[0].key,
        False,
    )
    assert page.find("section", id="conflicts").find("h2").text == "1 conflict"


def test_draft_shows_the_parties_a_moved_session_puts_in_two_places_as_one_row_and_releases_it(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    mekong_japan = _session("MJ-FMM")
    chair_secretariat_client.post(
        f"/series/amm-57/sessions/{mekong_japan.pk}/edit/", _edit_form(mekong_japan, starts_at="18:30", ends_at="19:15")
    )

    page = _page(chair_secretariat_client.get(DRAFT))

    conflicts = page.find_all("li", cls="conflict-item")
    assert [item.text for item in conflicts] == [
        "Party expected in two places (5) Cambodia, Lao PDR, Myanmar, Thailand, Viet Nam "
        "PMC+1 US – Plenary session (26 Jul 18:05–18:50) and Mekong-Japan FMM-15 – Plenary session "
        "(26 Jul 18:30–19:15)"
    ]
    key = conflicts[0].find("input").attrs["value"]
    response = chair_secretariat_client.post(DRAFT, {"note": "", "acknowledged": key})
    v3 = ProgrammeRelease.objects.get(series=programme_demo, number=3)
    assert (response.status_code, [c["key"].split(":")[1] for c in v3.acknowledged_conflicts]) == (
        302,
        ["KH", "LA", "MM", "TH", "VN"],
    )


def test_release_without_acknowledging_the_conflict_is_refused_and_creates_nothing(
    chair_secretariat_client: Client, programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    _press_conference_into_the_arf_plenary(chair_secretariat)

    page = _page(chair_secretariat_client.post(DRAFT, {"note": "Press conference in the hall."}), status=400)

    assert page.find("div", cls="form-errors").find("ul").text == (
        "1 conflict(s) are not acknowledged: Room Plenary Hall is booked twice: ARF-31 – Plenary session "
        "(27 Jul 14:00–17:00) and ARF-31 – Press conference of the Chair (27 Jul 16:00–16:45)."
    )
    assert page.find("textarea").text == "Press conference in the hall."
    assert list(ProgrammeRelease.objects.filter(series=programme_demo).values_list("number", flat=True)) == [2, 1]


def test_release_with_the_conflict_acknowledged_creates_v3(
    chair_secretariat_client: Client, programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    _press_conference_into_the_arf_plenary(chair_secretariat)
    key = programme_conflicts(series=programme_demo)[0].key

    response = chair_secretariat_client.post(DRAFT, {"note": "Press conference in the hall.", "acknowledged": key})
    page = _page(chair_secretariat_client.get(PROGRAMME))

    assert (response.status_code, response["Location"]) == (302, PROGRAMME)
    v3 = ProgrammeRelease.objects.get(series=programme_demo, number=3)
    assert (v3.note, [c["key"] for c in v3.acknowledged_conflicts], len(v3.changelog)) == (
        "Press conference in the hall.",
        [key],
        2,
    )
    assert page.find("ul", cls="messages").text == "Programme v3 is released."
    assert page.find("p", id="release-line").text == f"Programme v3, released {_released_on(3)}"


def test_release_with_nothing_changed_is_refused(chair_secretariat_client: Client, programme_demo: Series) -> None:
    page = _page(chair_secretariat_client.post(DRAFT, {"note": ""}), status=400)

    assert page.find("div", cls="form-errors").find("ul").text == (
        "nothing changed since v2; there is nothing to release."
    )


# Session editing ---------------------------------------------------------------------------------------


def test_session_edit_form_shows_venue_local_times(chair_secretariat_client: Client, programme_demo: Series) -> None:
    press = _press_conference()

    page = _page(chair_secretariat_client.get(f"/series/amm-57/sessions/{press.pk}/edit/"))

    values = {i.attrs["name"]: i.attrs.get("value") for i in page.find_all("input") if i.attrs.get("type") != "radio"}
    assert {k: values[k] for k in ("title_en", "title_vi", "day", "starts_at", "ends_at", "version")} == {
        "title_en": "Press conference of the Chair",
        "title_vi": "Họp báo của Chủ tịch",
        "day": "2024-07-27",
        "starts_at": "18:30",
        "ends_at": "19:15",
        "version": "2",
    }
    room = page.find("select", id="id_room")
    assert [o.text for o in room.find_all("option") if "selected" in o.attrs] == ["Press Centre"]
    assert room.texts("option") == [
        "No room yet",
        "Plenary Hall",
        "Banquet Hall",
        "Press Centre",
        "Meeting Room 1",
        "Meeting Room 2",
        "Retreat Room",
    ]


def test_session_edit_with_a_stale_version_is_409_with_the_current_state(
    chair_secretariat_client: Client, programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    press = _press_conference()
    stale = _edit_form(press, title_en="Joint press conference")
    session_move(chair_secretariat, press, day=27, start="19:00", end="19:45")

    page = _page(chair_secretariat_client.post(f"/series/amm-57/sessions/{press.pk}/edit/", stale), status=409)

    assert page.find("p", id="reason").text == (
        "was changed by someone else (now version 3, you edited version 2); reload to see the current state and "
        "apply your change again."
    )
    assert table_rows(page.find("table", cls="unsaved")) == [
        ["Session title (English)", "Joint press conference", "Press conference of the Chair"],
        ["Starts", "18:30", "19:00"],
        ["Ends", "19:15", "19:45"],
    ]
    assert page.find("input", id="id_version").attrs["value"] == "3"
    press.refresh_from_db()
    assert (press.title_en, press.starts_at.astimezone(VIENTIANE).hour, press.version) == (
        "Press conference of the Chair",
        19,
        3,
    )


def test_session_edit_end_before_start_names_the_field(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    press = _press_conference()

    page = _page(
        chair_secretariat_client.post(
            f"/series/amm-57/sessions/{press.pk}/edit/", _edit_form(press, starts_at="19:15", ends_at="18:30")
        ),
        status=400,
    )

    assert page.find("div", id="field-ends_at").find("ul", cls="errorlist").text == (
        "ends_at 2024-07-27T18:30:00+07:00 is not after starts_at 2024-07-27T19:15:00+07:00."
    )
    assert Session.objects.get(pk=press.pk).version == press.version


def test_session_cancel_shows_in_the_draft_changes(chair_secretariat_client: Client, programme_demo: Series) -> None:
    lunch = _session("AMM", "Working lunch")

    chair_secretariat_client.post(f"/series/amm-57/sessions/{lunch.pk}/edit/", _edit_form(lunch, status="cancelled"))
    page = _page(chair_secretariat_client.get(DRAFT))

    assert page.find("section", id="changes").texts("li") == [
        "Cancelled AMM-57 – Working lunch: Thu 25 Jul, 12:15–13:45"
    ]
    assert "cancelled" in page.find("tr", id=f"draft-session-{lunch.pk}").classes


def test_session_new_adds_a_session_to_the_draft(chair_secretariat_client: Client, programme_demo: Series) -> None:
    amm = _meeting("AMM")
    form = _page(chair_secretariat_client.get(f"/series/amm-57/sessions/new/?meeting={amm.pk}"))

    response = chair_secretariat_client.post(
        "/series/amm-57/sessions/new/",
        {
            "meeting": str(amm.pk),
            "title_en": "Family photo",
            "title_vi": "Chụp ảnh chung",
            "day": "2024-07-25",
            "starts_at": "12:00",
            "ends_at": "12:15",
            "room": "",
            "kind": "ceremony",
        },
    )
    page = _page(chair_secretariat_client.get(DRAFT))

    assert form.find("h1").text == "New session of AMM-57"
    assert form.find("input", id="id_day").attrs["value"] == "2024-07-25"
    assert (response.status_code, response["Location"]) == (302, DRAFT)
    assert page.find("section", id="changes").texts("li") == ["Added AMM-57 – Family photo: Thu 25 Jul, 12:00–12:15"]


def test_session_new_for_a_meeting_of_another_series_is_404(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    hanoi_amm = Meeting.objects.get(series__code="amm-43", body__code="AMM")

    page = _page(chair_secretariat_client.get(f"/series/amm-57/sessions/new/?meeting={hanoi_amm.pk}"), status=404)

    assert page.find("p", id="reason").text == (
        f"amm-57 has no meeting with id “{hanoi_amm.pk}”; choose one on the draft page."
    )


@pytest.mark.parametrize("persona", ["member_focal_point", "partner_delegate", "asean_secretariat", "outsider"])
def test_draft_and_session_pages_refuse_everyone_but_the_chair(
    persona: str, persona_client: Any, programme_demo: Series
) -> None:
    client = persona_client(persona)
    press = _press_conference()
    amm = _meeting("AMM")

    pages = [
        client.get(DRAFT),
        client.post(DRAFT, {"note": "", "acknowledged": []}),
        client.get(f"/series/amm-57/sessions/{press.pk}/edit/"),
        client.post(f"/series/amm-57/sessions/{press.pk}/edit/", _edit_form(press, title_en="Hijacked")),
        client.get(f"/series/amm-57/sessions/new/?meeting={amm.pk}"),
        client.get(f"/meetings/{amm.pk}/agenda/"),
    ]

    assert [_page(response, status=403).find("h1").text for response in pages] == ["You may not do this"] * 6
    assert _page(pages[0], status=403).find("p", id="reason").text == (
        "Only the chair secretariat edits and releases the programme."
    )
    assert (Session.objects.get(pk=press.pk).title_en, ProgrammeRelease.objects.count()) == (
        "Press conference of the Chair",
        2,
    )


def test_draft_and_session_pages_send_anonymous_users_to_log_in(client: Client, programme_demo: Series) -> None:
    press = _press_conference()
    amm = _meeting("AMM")

    responses = [
        client.get(DRAFT),
        client.get(f"/series/amm-57/sessions/{press.pk}/edit/"),
        client.get(f"/series/amm-57/sessions/new/?meeting={amm.pk}"),
        client.get(f"/meetings/{amm.pk}/agenda/"),
    ]

    assert [(r.status_code, r["Location"]) for r in responses] == [
        (302, "/accounts/login/?next=/series/amm-57/programme/draft/"),
        (302, f"/accounts/login/?next=/series/amm-57/sessions/{press.pk}/edit/"),
        (302, f"/accounts/login/?next=/series/amm-57/sessions/new/%3Fmeeting%3D{amm.pk}"),
        (302, f"/accounts/login/?next=/meetings/{amm.pk}/agenda/"),
    ]


# A delegation's week -----------------------------------------------------------------------------------


def test_japan_week_lists_exactly_the_sessions_of_its_frameworks(
    partner_delegate_client: Client, programme_demo: Series
) -> None:
    page = _page(partner_delegate_client.get(JAPAN_WEEK))

    sessions = [
        (item.find("span", cls="time").text, item.find("a").text, item.find("span", cls="what").text)
        for item in page.find_all("li", cls="session")
    ]
    assert page.find("h1").text == "Week of the delegation of Japan"
    assert [(time, meeting) for time, meeting, _ in sessions] == [
        ("13:30–14:15", "PMC+1 JP"),
        ("19:00–19:45", "Mekong-Japan FMM-15"),
        ("08:30–10:00", "APT FMM-25"),
        ("10:15–12:00", "EAS FMM-14"),
        ("14:00–17:00", "ARF-31"),
        ("18:30–19:15", "ARF-31"),
    ]
    assert sessions[-1][2] == "ARF-31 – Press conference of the Chair Press Centre"
    assert page.find("p", id="week-summary").text.startswith(
        f"6 sessions from programme v2, released {_released_on(2)}."
    )
    assert page.find("div", cls="downloads").find_all("a")[0].attrs["href"] == (
        "/api/v1/series/amm-57/delegations/JP/week.ics"
    )


def test_japan_week_shows_free_slots_within_the_working_day(
    partner_delegate_client: Client, programme_demo: Series
) -> None:
    page = _page(partner_delegate_client.get(JAPAN_WEEK))

    friday = page.find("section", id="day-2024-07-26")
    assert [
        (item.find("span", cls="time").text, item.find("span", cls="what").text) for item in friday.find_all("li")
    ] == [
        ("08:00–13:30", "Free slot · 5 h 30"),
        ("13:30–14:15", "PMC+1 JP – Plenary session Plenary Hall"),
        ("14:15–19:00", "Free slot · 4 h 45"),
        ("19:00–19:45", "Mekong-Japan FMM-15 – Plenary session Meeting Room 1"),
        ("19:45–21:00", "Free slot · 1 h 15"),
    ]
    assert page.find("span", id="week-hours").text == (
        "Times in Asia/Vientiane; free time is counted from 08:00 to 21:00, the hours bilateral meetings may be held."
    )
    assert page.find("section", id="day-2024-07-23").find("h2").text == "Tuesday, 23 July 2024 · 0 sessions"


def test_my_week_link_in_the_series_nav_for_a_delegate(
    partner_delegate_client: Client, chair_secretariat_client: Client, programme_demo: Series
) -> None:
    japan = _page(partner_delegate_client.get(PROGRAMME)).find("nav", cls="series-nav")
    chair = _page(chair_secretariat_client.get(PROGRAMME)).find("nav", cls="series-nav")

    assert [(a.text, a.attrs["href"]) for a in japan.find_all("a")][:3] == [
        ("Meetings", "/series/amm-57/"),
        ("Programme", PROGRAMME),
        ("My week", JAPAN_WEEK),
    ]
    assert "My week" not in chair.texts("a")


def test_week_of_an_unknown_party_is_404(chair_secretariat_client: Client, programme_demo: Series) -> None:
    page = _page(chair_secretariat_client.get("/series/amm-57/delegations/XX/week/"), status=404)

    assert page.find("p", id="reason").text == "There is no party “XX”."


# Meeting pages: agenda and the recommendation chain -------------------------------------------------


def test_amm_page_shows_the_agenda_and_what_the_som_prepared(client: Client, programme_demo: Series) -> None:
    page = _page(client.get(f"/meetings/{_meeting('AMM').pk}/"))

    agenda = page.find("section", id="agenda")
    assert agenda.find("span", id="agenda-status").text == "Adopted"
    assert agenda.texts("span", cls="number") == ["1", "2", "3", "3.1", "3.2", "4", "5", "6", "7"]
    assert agenda.texts("span", cls="item-title")[3] == "Implementation of the ASEAN Community Vision 2025"
    prepared = page.find("section", cls="prepared-by")
    assert prepared.find("h2").text == "Prepared by the SOM, 23 July 2024"
    assert [item.find("span", cls="subject").text for item in prepared.find_all("li")] == [
        "Programme (v2)",
        "Agenda",
        "List of documents",
    ]
    assert [item.find("span", cls="badge").text for item in prepared.find_all("li")] == [
        "Adopted",
        "Adopted",
        "Adopted",
    ]
    assert prepared.find_all("form") == []


def test_som_page_shows_what_it_recommended_to_the_57th_amm(client: Client, programme_demo: Series) -> None:
    page = _page(client.get(f"/meetings/{_meeting('SOM').pk}/"))

    recommendations = page.find("section", id="recommendations")
    assert recommendations.find("h2").text == "Recommended to the 57th AMM"
    assert [
        (item.find("span", cls="subject").text, item.find("span", cls="badge").text)
        for item in recommendations.find_all("li")
    ] == [("Programme (v2)", "Adopted"), ("Agenda", "Adopted"), ("List of documents", "Adopted")]
    assert recommendations.find_all("li")[0].find("span", cls="text").text == (
        "The SOM reviewed and finalised the programme (v2) and recommends it to the Ministers."
    )
    assert page.find("section", id="agenda").texts("span", cls="number") == ["1", "2", "2.1", "2.2", "2.3", "3"]
    # The SOM adopted its own agenda at its opening on 23 July.
    assert page.find("section", id="agenda").find("span", id="agenda-status").text == "Adopted"
    assert page.find_all("details", id="recommend") == []


def test_som_page_in_vietnamese(client: Client, programme_demo: Series) -> None:
    client.cookies["django_language"] = "vi"

    page = _page(client.get(f"/meetings/{_meeting('AMM').pk}/"))

    assert page.find("section", cls="prepared-by").find("h2").text.startswith("Do SOM chuẩn bị")
    assert page.find("section", id="agenda").texts("span", cls="item-title")[0] == "Khai mạc Hội nghị"


def test_amm_page_chair_records_the_list_of_documents_as_adopted(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    amm = _meeting("AMM")
    # As it stood before the AMM decided it on 25 July (the demo has it adopted).
    Recommendation.objects.filter(to_meeting=amm, subject="document_list").update(status="recommended", decided_at=None)
    pending = Recommendation.objects.get(to_meeting=amm, subject="document_list")
    before = _page(chair_secretariat_client.get(f"/meetings/{amm.pk}/"))

    response = chair_secretariat_client.post(
        f"/meetings/{amm.pk}/recommendations/{pending.pk}/decide/", {"decision": "adopted"}
    )
    page = _page(chair_secretariat_client.get(f"/meetings/{amm.pk}/"))

    assert before.find("li", id=f"recommendation-{pending.pk}").texts("button") == ["Record as adopted", "Not adopted"]
    assert (response.status_code, response["Location"]) == (302, f"/meetings/{amm.pk}/#recommendations")
    assert page.find("ul", cls="messages").text == "AMM-57: the list of documents is recorded as adopted."
    assert page.find("li", id=f"recommendation-{pending.pk}").find("span", cls="badge").text == "Adopted"


def test_som_page_chair_cannot_recommend_an_adopted_programme_again(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    som, amm = _meeting("SOM"), _meeting("AMM")
    v2 = ProgrammeRelease.objects.get(series=programme_demo, number=2)

    page = _page(
        chair_secretariat_client.post(
            f"/meetings/{som.pk}/recommendations/",
            {"to_meeting": str(amm.pk), "subject": "programme", "release": str(v2.pk), "text_en": "", "text_vi": ""},
        ),
        status=400,
    )

    form = page.find("details", id="recommend")
    assert "open" in form.attrs
    assert form.find("div", id="field-subject").find("ul", cls="errorlist").text == "was already adopted."


def test_som_page_chair_updates_the_pending_list_of_documents(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    som, amm = _meeting("SOM"), _meeting("AMM")
    # As it stood before the AMM decided it on 25 July (the demo has it adopted).
    Recommendation.objects.filter(from_meeting=som, subject="document_list").update(
        status="recommended", decided_at=None
    )

    response = chair_secretariat_client.post(
        f"/meetings/{som.pk}/recommendations/",
        {
            "to_meeting": str(amm.pk),
            "subject": "document_list",
            "release": "",
            "text_en": "Revised list.",
            "text_vi": "",
        },
    )

    assert (response.status_code, response["Location"]) == (302, f"/meetings/{som.pk}/#recommendations")
    assert list(
        Recommendation.objects.filter(from_meeting=som, subject="document_list").values_list("text_en", "status")
    ) == [("Revised list.", "recommended")]


def test_agenda_editor_adds_a_sub_item_and_removes_it(chair_secretariat_client: Client, programme_demo: Series) -> None:
    som = _meeting("SOM")
    # The SOM's agenda before the SOM adopted it on 23 July (the demo has it adopted, so frozen).
    Meeting.objects.filter(pk=som.pk).update(agenda_status="draft")
    url = f"/meetings/{som.pk}/agenda/"
    preparations = AgendaItem.objects.get(meeting=som, title_en="Preparations for the 57th AMM and Related Meetings")

    added = chair_secretariat_client.post(
        url,
        {
            "action": "add",
            "title_en": "Bilateral meetings on the sidelines",
            "title_vi": "Các cuộc gặp song phương bên lề",
            "parent": str(preparations.pk),
            "agenda_version": str(som.agenda_version),
        },
    )
    after_add = _page(chair_secretariat_client.get(url))
    item = AgendaItem.objects.get(meeting=som, title_en="Bilateral meetings on the sidelines")
    removed = chair_secretariat_client.post(
        url, {"action": "remove", "item": str(item.pk), "agenda_version": str(som.agenda_version + 1)}
    )
    after_remove = _page(chair_secretariat_client.get(url))

    assert [(r.status_code, r["Location"]) for r in (added, removed)] == [(302, url), (302, url)]
    assert after_add.texts("span", cls="number") == ["1", "2", "2.1", "2.2", "2.3", "2.4", "3"]
    assert after_add.find("li", id=f"item-{item.pk}").find("span", cls="item-title").text == (
        "Bilateral meetings on the sidelines Các cuộc gặp song phương bên lề"
    )
    assert after_remove.texts("span", cls="number") == ["1", "2", "2.1", "2.2", "2.3", "3"]
    assert after_remove.find("ul", cls="messages").text == "Item 2.4 is removed from the agenda."


def test_agenda_editor_with_a_stale_version_is_409(chair_secretariat_client: Client, programme_demo: Series) -> None:
    som = _meeting("SOM")

    page = _page(
        chair_secretariat_client.post(
            f"/meetings/{som.pk}/agenda/",
            {"action": "add", "title_en": "Late item", "title_vi": "", "parent": "", "agenda_version": "1"},
        ),
        status=409,
    )

    assert page.find("p", id="reason").text == (
        f"was changed by someone else (now version {som.agenda_version}, you edited version 1); reload to see the "
        "current state and apply your change again."
    )
    assert AgendaItem.objects.filter(meeting=som, title_en="Late item").exists() is False


def test_agenda_editor_refuses_to_change_an_adopted_agenda(
    chair_secretariat_client: Client, programme_demo: Series
) -> None:
    amm = _meeting("AMM")

    page = _page(
        chair_secretariat_client.post(
            f"/meetings/{amm.pk}/agenda/",
            {
                "action": "add",
                "title_en": "Late item",
                "title_vi": "",
                "parent": "",
                "agenda_version": str(amm.agenda_version),
            },
        ),
        status=400,
    )

    assert page.find("div", cls="form-errors").find("ul").text == "is adopted and can no longer be changed."
    assert page.find("p", cls="notice").text == "The meeting adopted this agenda; it can no longer be changed."


def test_meeting_page_uses_the_same_queries_with_or_without_agenda_and_recommendations(
    client: Client, programme_demo: Series
) -> None:
    with CaptureQueriesContext(connection) as hanoi_arf:
        client.get(f"/meetings/{Meeting.objects.get(series__code='amm-43', body__code='ARF').pk}/")
    with CaptureQueriesContext(connection) as vientiane_amm:
        client.get(f"/meetings/{_meeting('AMM').pk}/")

    assert len(hanoi_arf) == len(vientiane_amm)
