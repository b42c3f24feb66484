"""/api/v1/ programme: released versions (public), the draft and its conflicts (chair), sessions, releases,
CSV import, a party's week, iCalendar and PDF exports, agendas and the SOM's recommendations.

The AMM-57 programme demo has v1 (as circulated before the SOM) and v2 (the ARF chair's press conference
moved from 17:30 to 18:30, Vientiane time). Personas: lao.chair (chair secretariat), jp.delegate (Japan, a
dialogue partner) and the anonymous public."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import AuditEvent
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Series, Session
from tests.api.calls import JSON, NEEDS_SIGN_IN, call, client_for
from tests.factories.accounts import viewer_create
from tests.factories.programme import JAPAN_WEEK_SUMMARIES

SERIES = "/api/v1/series/amm-57"
VIENTIANE = ZoneInfo("Asia/Vientiane")
CSV_HEADER = "meeting,title_en,title_vi,kind,room,date,start,end\n"

pytestmark = pytest.mark.usefixtures("api_programme_demo")


def _session(meeting: str, title: str = "Plenary session") -> Session:
    return Session.objects.select_related("meeting__body").get(
        meeting__series__code="amm-57", meeting__body__code=meeting, title_en=title
    )


def _uid(meeting: str, title: str = "Plenary session") -> str:
    return str(_session(meeting, title).uid)


def _local(day: int, clock: str) -> str:
    return f"2024-07-{day:02d}T{clock}:00+07:00"


def _press() -> Session:
    return _session("ARF", "Press conference of the Chair")


PRESS_MOVE = {
    "kind": "moved",
    "meeting": "ARF-31",
    "title": "Press conference of the Chair",
    "before": "2024-07-27T10:30:00+00:00/2024-07-27T11:15:00+00:00",
    "after": "2024-07-27T11:30:00+00:00/2024-07-27T12:15:00+00:00",
}


# Released programme -----------------------------------------------------------------------------


def test_programme_latest_is_v2_for_the_public_with_utc_and_local_times() -> None:
    body = call(client_for(), "get", f"{SERIES}/programme")

    sessions = body.pop("sessions")
    released_at = body.pop("released_at")
    assert body == {
        "series": "amm-57",
        "number": 2,
        "note": "As reviewed and finalised by the SOM, 23 July 2024.",
        "time_zone": "Asia/Vientiane",
        "session_count": 26,
        "changelog": [{**PRESS_MOVE, "uid": str(_press().uid)}],
        "acknowledged_conflicts": None,
    }
    stored = ProgrammeRelease.objects.get(number=2).released_at
    # JSON carries milliseconds.
    assert datetime.fromisoformat(released_at) == stored.replace(microsecond=stored.microsecond // 1000 * 1000)
    assert len(sessions) == 26
    assert sessions[0] == {
        "uid": _uid("SOM"),
        "meeting_id": Meeting.objects.get(series__code="amm-57", body__code="SOM").pk,
        "meeting": "SOM",
        "title": "Plenary session",
        "kind": "plenary",
        "room": "Meeting Room 1",
        "starts_at": "2024-07-23T02:00:00Z",
        "ends_at": "2024-07-23T05:30:00Z",
        "starts_at_local": "2024-07-23T09:00:00+07:00",
        "ends_at_local": "2024-07-23T12:30:00+07:00",
    }
    assert [(s["meeting"], s["title"], s["starts_at_local"]) for s in sessions[-2:]] == [
        ("ARF-31", "Plenary session", "2024-07-27T14:00:00+07:00"),
        ("ARF-31", "Press conference of the Chair", "2024-07-27T18:30:00+07:00"),
    ]


def test_programme_release_list_newest_first_with_changelogs() -> None:
    body = call(client_for(), "get", f"{SERIES}/programme/releases")

    assert [(r["number"], r["note"], r["session_count"], len(r["changelog"])) for r in body] == [
        (2, "As reviewed and finalised by the SOM, 23 July 2024.", 26, 1),
        (1, "Programme as circulated before the SOM.", 26, 26),
    ]
    assert body[0]["changelog"] == [{**PRESS_MOVE, "uid": str(_press().uid)}]
    assert {c["kind"] for c in body[1]["changelog"]} == {"added"}
    assert "sessions" not in body[0]


def test_programme_release_v1_has_the_press_conference_at_17_30_local() -> None:
    body = call(client_for(), "get", f"{SERIES}/programme/releases/1")

    press = [s for s in body["sessions"] if s["title"] == "Press conference of the Chair"]
    assert (body["number"], len(body["sessions"])) == (1, 26)
    assert [(s["starts_at_local"], s["ends_at_local"], s["room"]) for s in press] == [
        ("2024-07-27T17:30:00+07:00", "2024-07-27T18:15:00+07:00", "Press Centre")
    ]


def test_programme_release_unknown_number_is_404() -> None:
    body = call(client_for(), "get", f"{SERIES}/programme/releases/9", status=404)

    assert body == {"detail": "no release with number 9.", "field": "number", "record": None}


def test_programme_of_unknown_series_is_404() -> None:
    body = call(client_for(), "get", "/api/v1/series/amm-99/programme", status=404)

    assert body == {"detail": "no series with code 'amm-99'.", "field": "code", "record": None}


def test_programme_release_list_query_count_does_not_grow_with_releases() -> None:
    client = client_for("lao.chair")
    with CaptureQueriesContext(connection) as before:
        call(client, "get", f"{SERIES}/programme/releases")
    press = _press()
    call(client, "patch", f"{SERIES}/sessions/{press.pk}", {"version": press.version, "room": "Plenary Hall"})
    call(client, "post", f"{SERIES}/programme/releases", {"note": "v3"}, status=201)
    with CaptureQueriesContext(connection) as after:
        body = call(client, "get", f"{SERIES}/programme/releases")

    assert [r["number"] for r in body] == [3, 2, 1]
    assert len(after.captured_queries) == len(before.captured_queries)


# The draft, conflicts and releases --------------------------------------------------------------


def test_programme_draft_for_the_chair_has_versions_no_conflicts_and_no_changes() -> None:
    body = call(client_for("lao.chair"), "get", f"{SERIES}/programme/draft")

    press = _press()
    assert (body["series"], body["latest_release"], body["conflicts"], body["changes"]) == ("amm-57", 2, [], [])
    assert len(body["sessions"]) == 26
    assert [s for s in body["sessions"] if s["id"] == press.pk] == [
        {
            "id": press.pk,
            "uid": str(press.uid),
            "version": 2,
            "meeting_id": press.meeting_id,
            "meeting": "ARF-31",
            "title_en": "Press conference of the Chair",
            "title_vi": "Họp báo của Chủ tịch",
            "kind": "press_conference",
            "room": "Press Centre",
            "status": "scheduled",
            "starts_at": "2024-07-27T11:30:00Z",
            "ends_at": "2024-07-27T12:15:00Z",
            "starts_at_local": "2024-07-27T18:30:00+07:00",
            "ends_at_local": "2024-07-27T19:15:00+07:00",
            "time_zone": "Asia/Vientiane",
        }
    ]


def test_programme_draft_for_the_public_is_401_and_for_a_partner_403() -> None:
    anonymous = call(client_for(), "get", f"{SERIES}/programme/draft", status=401)
    partner = call(client_for("jp.delegate"), "get", f"{SERIES}/programme/conflicts", status=403)

    assert anonymous == NEEDS_SIGN_IN
    assert partner == {
        "detail": "only the chair secretariat of the series sees the draft programme and its conflicts.",
        "field": None,
        "record": None,
    }


def _side_event(client: Client) -> dict[str, Any]:
    """A side event in the Plenary Hall during the AMM plenary: the room is booked twice."""
    amm = Meeting.objects.get(series__code="amm-57", body__code="AMM")
    return call(
        client,
        "post",
        f"{SERIES}/sessions",
        {
            "meeting_id": amm.pk,
            "title_en": "Side event",
            "title_vi": "Sự kiện bên lề",
            "kind": "ceremony",
            "room": "plenary hall",
            "starts_at": _local(25, "09:30"),
            "ends_at": _local(25, "10:00"),
        },
        status=201,
    )


def test_conflicts_of_parties_between_two_sessions_share_a_group_key_that_releases_them() -> None:
    client = client_for("lao.chair")
    mekong_japan = Session.objects.get(meeting__series__code="amm-57", meeting__body__code="MJ-FMM")
    call(
        client,
        "patch",
        f"{SERIES}/sessions/{mekong_japan.pk}",
        {"version": mekong_japan.version, "starts_at": _local(26, "18:30"), "ends_at": _local(26, "19:15")},
    )

    conflicts = call(client, "get", f"{SERIES}/programme/conflicts")
    group = {"acknowledged": [conflicts[0]["group"]]}
    released = call(client, "post", f"{SERIES}/programme/releases", group, status=201)

    uids = "+".join(conflicts[0]["sessions"])
    assert [(c["subject"], c["key"], c["group"]) for c in conflicts] == [
        (code, f"party:{code}:{uids}", f"party:KH|LA|MM|TH|VN:{uids}") for code in ["KH", "LA", "MM", "TH", "VN"]
    ]
    assert [c["key"] for c in released["acknowledged_conflicts"]] == [c["key"] for c in conflicts]


def test_release_with_an_unacknowledged_conflict_is_refused_and_nothing_is_released() -> None:
    client = client_for("lao.chair")
    side = _side_event(client)
    plenary = _uid("AMM")
    key = f"room:Plenary Hall:{'+'.join(sorted([plenary, side['uid']]))}"
    message = (
        "Room Plenary Hall is booked twice: AMM-57 – Plenary session (25 Jul 09:00–12:00) and "
        "AMM-57 – Side event (25 Jul 09:30–10:00)."
    )

    conflicts = call(client, "get", f"{SERIES}/programme/conflicts")
    refused = call(client, "post", f"{SERIES}/programme/releases", {"acknowledged": ["room:nope"]}, status=400)

    assert conflicts == [
        {
            "key": key,
            "kind": "room",
            "subject": "Plenary Hall",
            "message": message,
            "sessions": sorted([plenary, side["uid"]]),
            "group": key,
        }
    ]
    assert refused == {
        "detail": f"1 conflict(s) are not acknowledged: {message}",
        "field": "acknowledged",
        "record": "programme of amm-57",
    }
    assert list(ProgrammeRelease.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert call(client_for(), "get", f"{SERIES}/programme")["number"] == 2


def test_release_with_the_conflict_acknowledged_is_v3_with_its_changelog() -> None:
    client = client_for("lao.chair")
    side = _side_event(client)
    key = call(client, "get", f"{SERIES}/programme/conflicts")[0]["key"]

    body = call(
        client, "post", f"{SERIES}/programme/releases", {"acknowledged": [key], "note": "Side event added."}, status=201
    )

    assert (body["number"], body["note"], body["session_count"], len(body["sessions"])) == (
        3,
        "Side event added.",
        27,
        27,
    )
    assert body["changelog"] == [
        {
            "kind": "added",
            "uid": side["uid"],
            "meeting": "AMM-57",
            "title": "Side event",
            "before": None,
            "after": "2024-07-25T02:30:00+00:00/2024-07-25T03:00:00+00:00",
        }
    ]
    assert [c["key"] for c in body["acknowledged_conflicts"]] == [key]
    public = call(client_for(), "get", f"{SERIES}/programme")
    assert (public["number"], public["acknowledged_conflicts"]) == (3, None)
    assert AuditEvent.objects.filter(action="programme.release").latest("pk").after == {
        "number": 3,
        "changes": 1,
        "acknowledged_conflicts": 1,
    }


def test_release_with_nothing_changed_is_400() -> None:
    body = call(client_for("lao.chair"), "post", f"{SERIES}/programme/releases", {}, status=400)

    assert body == {
        "detail": "nothing changed since v2; there is nothing to release.",
        "field": "sessions",
        "record": "programme of amm-57",
    }


def test_release_by_a_partner_is_403() -> None:
    body = call(client_for("jp.delegate"), "post", f"{SERIES}/programme/releases", {}, status=403)

    assert body == {"detail": "only the chair secretariat releases the programme.", "field": None, "record": None}
    assert ProgrammeRelease.objects.count() == 2


# Sessions ---------------------------------------------------------------------------------------


def test_session_patch_moves_it_and_the_draft_shows_the_move() -> None:
    client = client_for("lao.chair")
    press = _press()

    body = call(
        client,
        "patch",
        f"{SERIES}/sessions/{press.pk}",
        {"version": 2, "starts_at": _local(27, "19:00"), "ends_at": _local(27, "19:45")},
    )

    assert (body["version"], body["starts_at_local"], body["ends_at_local"], body["room"]) == (
        3,
        "2024-07-27T19:00:00+07:00",
        "2024-07-27T19:45:00+07:00",
        "Press Centre",
    )
    assert call(client, "get", f"{SERIES}/programme/draft")["changes"] == [
        {
            **PRESS_MOVE,
            "uid": str(press.uid),
            "before": "2024-07-27T11:30:00+00:00/2024-07-27T12:15:00+00:00",
            "after": "2024-07-27T12:00:00+00:00/2024-07-27T12:45:00+00:00",
        }
    ]


def test_session_patch_with_a_stale_version_is_409_with_the_current_session() -> None:
    client = client_for("lao.chair")
    press = _press()
    call(client, "patch", f"{SERIES}/sessions/{press.pk}", {"version": 2, "room": "Plenary Hall"})

    body = call(client, "patch", f"{SERIES}/sessions/{press.pk}", {"version": 2, "status": "cancelled"}, status=409)

    current = body.pop("current")
    assert body == {
        "detail": "was changed by someone else (now version 3, you edited version 2); reload to see the current "
        "state and apply your change again.",
        "field": "version",
        "record": "session 'Press conference of the Chair' of ARF-31",
    }
    assert (current["id"], current["version"], current["room"], current["status"]) == (
        press.pk,
        3,
        "Plenary Hall",
        "scheduled",
    )
    assert Session.objects.get(pk=press.pk).status == "scheduled"


def test_session_patch_cancel_then_the_release_changelog_says_cancelled() -> None:
    client = client_for("lao.chair")
    press = _press()
    call(client, "patch", f"{SERIES}/sessions/{press.pk}", {"version": 2, "status": "cancelled"})

    body = call(client, "post", f"{SERIES}/programme/releases", {}, status=201)

    assert body["changelog"] == [
        {**PRESS_MOVE, "uid": str(press.uid), "kind": "cancelled", "before": PRESS_MOVE["after"], "after": None}
    ]
    assert (body["session_count"], len(body["sessions"])) == (25, 25)
    # Japan's calendar keeps the event, cancelled, one revision later, so subscribed calendars drop it.
    event = _events(_ics(f"{SERIES}/delegations/JP/week.ics", "jp.delegate"))[f"{press.uid}@mufakat"]
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 2)


def test_session_patch_of_a_session_of_another_series_is_404() -> None:
    other = Session.objects.filter(meeting__series__code="amm-43").first()
    assert other is not None

    body = call(client_for("lao.chair"), "patch", f"{SERIES}/sessions/{other.pk}", {"version": 1}, status=404)

    assert body == {"detail": f"no session with session_id {other.pk}.", "field": "session_id", "record": None}


def test_session_patch_by_a_partner_is_403_and_nothing_changes() -> None:
    press = _press()

    body = call(
        client_for("jp.delegate"), "patch", f"{SERIES}/sessions/{press.pk}", {"version": 2, "title_en": "X"}, status=403
    )

    assert body == {"detail": "only the chair secretariat edits the programme.", "field": None, "record": None}
    assert Session.objects.get(pk=press.pk).title_en == "Press conference of the Chair"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"starts_at": "2024-07-25T09:00:00", "ends_at": _local(25, "10:00")},
            ("starts_at", "2024-07-25T09:00:00 has no UTC offset; write it like 2024-07-26T09:00:00+07:00."),
        ),
        (
            {"starts_at": _local(25, "10:00"), "ends_at": _local(25, "09:00")},
            ("ends_at", "ends_at 2024-07-25T09:00:00+07:00 is not after starts_at 2024-07-25T10:00:00+07:00."),
        ),
        (
            {"starts_at": _local(26, "10:00"), "ends_at": _local(26, "11:00")},
            (
                "starts_at",
                "2024-07-26 10:00–11:00 (Asia/Vientiane) lies outside the meeting's dates 2024-07-25..2024-07-25.",
            ),
        ),
        (
            {"room": "Ballroom"},
            (
                "room",
                "no room 'Ballroom' at National Convention Center; rooms: Banquet Hall, Meeting Room 1, "
                "Meeting Room 2, Plenary Hall, Press Centre, Retreat Room.",
            ),
        ),
    ],
)
def test_session_create_with_bad_input_is_400_naming_the_field(
    change: dict[str, Any], expected: tuple[str, str]
) -> None:
    amm = Meeting.objects.get(series__code="amm-57", body__code="AMM")
    before = Session.objects.count()
    data = {
        "meeting_id": amm.pk,
        "title_en": "Side event",
        "starts_at": _local(25, "19:00"),
        "ends_at": _local(25, "20:00"),
        **change,
    }

    body = call(client_for("lao.chair"), "post", f"{SERIES}/sessions", data, status=400)

    assert (body["field"], body["detail"]) == expected
    assert Session.objects.count() == before


def test_session_create_for_a_meeting_of_another_series_is_400_naming_meeting_id() -> None:
    amm_43 = Meeting.objects.get(series__code="amm-43", body__code="AMM")
    data = {"meeting_id": amm_43.pk, "title_en": "x", "starts_at": _local(25, "19:00"), "ends_at": _local(25, "20:00")}

    body = call(client_for("lao.chair"), "post", f"{SERIES}/sessions", data, status=400)

    assert body == {
        "detail": f"no meeting {amm_43.pk} in amm-57; see /api/v1/meetings?series=amm-57.",
        "field": "meeting_id",
        "record": None,
    }


# CSV import -------------------------------------------------------------------------------------

GOOD_CSV = (
    CSV_HEADER + "AMM-57,Courtesy call on the Prime Minister,Chào xã giao Thủ tướng,courtesy_call,Retreat Room,"
    "2024-07-25,18:00,18:30\n"
    "PMC-JP,Working dinner,Ăn tối làm việc,working_dinner,Banquet Hall,2024-07-26,20:00,21:30\n"
)


def test_csv_import_as_text_csv_creates_the_sessions_in_the_draft() -> None:
    client = client_for("lao.chair")

    response = client.post(f"{SERIES}/programme/import", data=GOOD_CSV.encode(), content_type="text/csv")

    assert (response.status_code, response["Content-Type"]) == (201, JSON)
    body = response.json()
    assert body["created"] == 2
    assert [
        (s["meeting"], s["title_en"], s["title_vi"], s["kind"], s["room"], s["starts_at_local"], s["ends_at_local"])
        for s in body["sessions"]
    ] == [
        (
            "AMM-57",
            "Courtesy call on the Prime Minister",
            "Chào xã giao Thủ tướng",
            "courtesy_call",
            "Retreat Room",
            "2024-07-25T18:00:00+07:00",
            "2024-07-25T18:30:00+07:00",
        ),
        (
            "PMC+1 JP",
            "Working dinner",
            "Ăn tối làm việc",
            "working_dinner",
            "Banquet Hall",
            "2024-07-26T20:00:00+07:00",
            "2024-07-26T21:30:00+07:00",
        ),
    ]
    changes = call(client, "get", f"{SERIES}/programme/draft")["changes"]
    assert [(c["kind"], c["meeting"], c["title"]) for c in changes] == [
        ("added", "AMM-57", "Courtesy call on the Prime Minister"),
        ("added", "PMC+1 JP", "Working dinner"),
    ]


def test_csv_import_as_a_multipart_file() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("programme.csv", GOOD_CSV.encode(), content_type="text/csv")

    response = client_for("lao.chair").post(f"{SERIES}/programme/import", data={"file": upload})

    assert (response.status_code, response.json()["created"]) == (201, 2)
    assert Session.objects.filter(meeting__series__code="amm-57").count() == 28


def test_csv_import_with_a_bad_row_names_the_row_and_field_and_creates_nothing() -> None:
    bad = GOOD_CSV + "ARF-31,Chair's dinner,,working_dinner,Banquet Hall,2024-07-27,20:00,19:00\n"
    before = Session.objects.count()

    response = client_for("lao.chair").post(f"{SERIES}/programme/import", data=bad.encode(), content_type="text/csv")

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "19:00 is not after start 20:00. Nothing was imported.",
            "field": "end",
            "record": "CSV row 4",
        },
    )
    assert Session.objects.count() == before


def test_csv_import_with_several_bad_rows_names_the_first_and_counts_the_rest() -> None:
    bad = (
        CSV_HEADER
        + "AMM-57,Side event,,lunch,Retreat Room,2024-07-25,18:00,18:30\nXYZ,Other,,plenary,,25/07/2024,9,10:00\n"
    )

    response = client_for("lao.chair").post(f"{SERIES}/programme/import", data=bad.encode(), content_type="text/csv")

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "'lunch' is not one of plenary, retreat, working_lunch, working_dinner, courtesy_call, "
            "press_conference, ceremony, bilateral. Also 3 more problem(s): row 3 field 'meeting': no meeting "
            "'XYZ' in amm-57; use a short title such as AMM-57 or a body code such as AMM; row 3 field 'date': "
            "'25/07/2024' is not a date written YYYY-MM-DD; row 3 field 'start': '9' is not a time written HH:MM "
            "(24-hour clock). Nothing was imported.",
            "field": "kind",
            "record": "CSV row 2",
        },
    )


def test_csv_import_with_a_missing_column_is_400_naming_it() -> None:
    text = "meeting,title_en,kind,room,date,start\nAMM-57,x,plenary,,2024-07-25,18:00\n"

    response = client_for("lao.chair").post(f"{SERIES}/programme/import", data=text.encode(), content_type="text/csv")

    assert response.json() == {
        "detail": "missing column(s) end; the header must name meeting, title_en, title_vi, kind, room, date, "
        "start, end.",
        "field": "end",
        "record": "CSV row 1",
    }


def test_csv_import_with_a_nul_character_is_400_naming_the_file() -> None:
    text = GOOD_CSV.replace("Working dinner", "Working\x00dinner")

    response = client_for("lao.chair").post(f"{SERIES}/programme/import", data=text.encode(), content_type="text/csv")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "contains a NUL character; save the spreadsheet as CSV UTF-8.", "field": "file", "record": "CSV"},
    )


def test_csv_import_by_a_partner_is_403() -> None:
    response = client_for("jp.delegate").post(
        f"{SERIES}/programme/import", data=GOOD_CSV.encode(), content_type="text/csv"
    )

    assert (response.status_code, response.json()["detail"]) == (403, "only the chair secretariat edits the programme.")


# A party's week ---------------------------------------------------------------------------------


def test_week_of_japan_lists_exactly_the_sessions_of_its_frameworks() -> None:
    body = call(client_for("jp.delegate"), "get", f"{SERIES}/delegations/jp/week")

    assert (body["series"], body["party"]["code"], body["release"], body["time_zone"]) == (
        "amm-57",
        "JP",
        2,
        "Asia/Vientiane",
    )
    assert [
        (d["date"], [(s["meeting"], s["title"], s["starts_at_local"][11:16]) for s in d["sessions"]])
        for d in body["days"]
    ] == [
        ("2024-07-23", []),
        ("2024-07-24", []),
        ("2024-07-25", []),
        ("2024-07-26", [("PMC+1 JP", "Plenary session", "13:30"), ("Mekong-Japan FMM-15", "Plenary session", "19:00")]),
        (
            "2024-07-27",
            [
                ("APT FMM-25", "Plenary session", "08:30"),
                ("EAS FMM-14", "Plenary session", "10:15"),
                ("ARF-31", "Plenary session", "14:00"),
                ("ARF-31", "Press conference of the Chair", "18:30"),
            ],
        ),
    ]
    assert [(f["starts_at_local"], f["ends_at_local"]) for f in body["days"][3]["free"]] == [
        ("2024-07-26T08:00:00+07:00", "2024-07-26T13:30:00+07:00"),
        ("2024-07-26T14:15:00+07:00", "2024-07-26T19:00:00+07:00"),
        ("2024-07-26T19:45:00+07:00", "2024-07-26T21:00:00+07:00"),
    ]
    assert body["days"][3]["free"][0]["starts_at"] == "2024-07-26T01:00:00Z"
    assert (body["day_starts"], body["day_ends"], body["bilateral_schedule"]) == ("08:00:00", "21:00:00", None)
    assert [(d["bilaterals"], d["deadlines"]) for d in body["days"]] == [([], [])] * 5


def test_week_of_an_unknown_party_is_404() -> None:
    body = call(client_for("lao.chair"), "get", f"{SERIES}/delegations/XX/week", status=404)

    assert body == {"detail": "no party with party 'XX'.", "field": "party", "record": None}


def test_week_of_a_party_code_with_a_nul_character_is_400() -> None:
    body = call(client_for(), "get", f"{SERIES}/delegations/J%00P/week", status=400)

    assert body == {"detail": "the request contains a NUL character.", "field": "path", "record": None}


# iCalendar --------------------------------------------------------------------------------------


def _ics(url: str, username: str | None = None) -> Calendar:
    response = client_for(username).get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_series_ics_parses_with_vientiane_times_stable_uids_and_sequence() -> None:
    first = _ics(f"{SERIES}/programme.ics")
    second = _ics(f"{SERIES}/programme.ics")

    events = _events(first)
    press = events[f"{_press().uid}@mufakat"]
    assert len(events) == 26
    assert sorted(events) == sorted(_events(second))
    assert sorted(events) == sorted(f"{s.uid}@mufakat" for s in Session.objects.filter(meeting__series__code="amm-57"))
    assert [str(tz["TZID"]) for tz in first.walk("VTIMEZONE")] == ["Asia/Vientiane"]
    start = press.decoded("DTSTART")
    assert (start.isoformat(), start.utcoffset(), str(press["DTSTART"].params["TZID"])) == (
        "2024-07-27T18:30:00+07:00",
        timedelta(hours=7),
        "Asia/Vientiane",
    )
    assert start.astimezone(UTC) == datetime(2024, 7, 27, 11, 30, tzinfo=UTC)
    assert (str(press["SUMMARY"]), str(press["LOCATION"])) == (
        "ARF-31: Press conference of the Chair",
        "Press Centre, National Convention Center, Vientiane",
    )
    assert {uid: int(event["SEQUENCE"]) for uid, event in events.items() if int(event["SEQUENCE"])} == {
        f"{_press().uid}@mufakat": 1
    }


def test_party_week_ics_of_japan_has_its_six_sessions() -> None:
    events = _events(_ics(f"{SERIES}/delegations/JP/week.ics", "jp.delegate"))

    assert sorted(str(e["SUMMARY"]) for e in events.values()) == JAPAN_WEEK_SUMMARIES


def test_meeting_ics_of_the_arf_has_its_two_sessions() -> None:
    arf = Meeting.objects.get(series__code="amm-57", body__code="ARF")

    events = _events(_ics(f"/api/v1/meetings/{arf.pk}/programme.ics"))

    assert sorted((str(e["SUMMARY"]), e.decoded("DTSTART").isoformat()) for e in events.values()) == [
        ("ARF-31: Plenary session", "2024-07-27T14:00:00+07:00"),
        ("ARF-31: Press conference of the Chair", "2024-07-27T18:30:00+07:00"),
    ]


def test_ics_of_a_series_without_a_release_is_404() -> None:
    body = call(client_for(), "get", "/api/v1/series/amm-43/programme.ics", status=404)

    assert body == {"detail": "no programme of amm-43 has been released yet.", "field": "code", "record": None}


# PDF booklet ------------------------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> list[list[str]]:
    """The text each page shows, string by string: reportlab keeps ASCII readable in its font subsets;
    any other character (en dash, Vietnamese letters) reads as '?'."""
    pages = []
    for match in re.finditer(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n", pdf):
        data = pdf[match.end() : match.end() + int(match[1])]
        content = zlib.decompress(base64.a85decode(data, adobe=True, ignorechars=b" \t\n\r\x0b"))
        strings = re.findall(rb"\(((?:[^\\)]|\\.)*)\) Tj", content)
        pages.append(
            [
                re.sub(rb"\\([0-7]{3}|.)", lambda e: b"?" if len(e[1]) == 3 else e[1], s).decode("latin-1")
                for s in strings
            ]
        )
    return pages


def test_programme_pdf_in_english_has_a_title_page_and_the_days() -> None:
    response = client_for().get(f"{SERIES}/programme.pdf")

    pdf = response.content
    released = ProgrammeRelease.objects.get(number=2).released_at.astimezone(VIENTIANE).date()
    pages = _pdf_pages(pdf)
    assert (response.status_code, response["Content-Type"], pdf[:5]) == (200, "application/pdf", b"%PDF-")
    assert len(re.findall(rb"/Type /Page[^s]", pdf)) == len(pages) == 3
    assert pages[0] == [
        "Programme v2 ? page 1",
        "57th ASEAN Foreign Ministers' Meeting and",
        "Related Meetings",
        "ASEAN: Enhancing Connectivity and Resilience",
        "National Convention Center, Vientiane",
        "23?27 July 2024",
        f"Programme v2, released {released.day} {released:%B %Y}",
    ]
    assert pages[1][:16] == [
        "Programme v2 ? page 2",
        "Tuesday 23 July 2024",
        "Time",
        "(Asia/Vientiane,",
        "UTC+07:00)",
        "Meeting",
        "Session",
        "Room",
        "09:00?12:30",
        "SOM",
        "Plenary session",
        "Meeting Room 1",
        "14:30?16:00",
        "SEANWFZ ExCom",
        "Plenary session",
        "Meeting Room 1",
    ]
    assert pages[2][-4:] == ["18:30?19:15", "ARF-31", "Press conference of the Chair", "Press Centre"]


def test_programme_pdf_in_vietnamese_embeds_dejavu_and_the_vietnamese_titles() -> None:
    response = client_for().get(f"{SERIES}/programme.pdf?lang=vi")

    pdf = response.content
    assert (response.status_code, pdf[:5], len(re.findall(rb"/Type /Page[^s]", pdf))) == (200, b"%PDF-", 3)
    assert b"DejaVuSans" in pdf
    released = ProgrammeRelease.objects.get(number=2).released_at.astimezone(VIENTIANE).date()
    pages = _pdf_pages(pdf)
    assert pages[0][-2:] == [
        "23?27 th?ng 7 n?m 2024",
        f"Ch??ng tr?nh ho?t ??ng v2, ph?t h?nh ng?y {released.day} th?ng {released.month} n?m {released.year}",
    ]
    # The session titles are the Vietnamese ones ("Phiên toàn thể"), the room names as stored.
    assert pages[1][1:2] + pages[1][8:12] == [
        "Th? Ba, ng?y 23 th?ng 7 n?m 2024",
        "09:00?12:30",
        "SOM",
        "Phi?n to?n th?",
        "Meeting Room 1",
    ]


# Agendas ----------------------------------------------------------------------------------------


def _meeting_id(body: str) -> int:
    return Meeting.objects.get(series__code="amm-57", body__code=body).pk


def _numbers(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    result = []
    for item in items:
        result.append((item["number"], item["title_en"]))
        result.extend(_numbers(item["children"]))
    return result


def test_agenda_of_the_amm_is_an_adopted_numbered_tree() -> None:
    body = call(client_for(), "get", f"/api/v1/meetings/{_meeting_id('AMM')}/agenda")

    assert (body["meeting"], body["status"], body["agenda_version"]) == ("AMM-57", "adopted", 10)
    assert _numbers(body["items"]) == [
        ("1", "Opening of the Meeting"),
        ("2", "Adoption of the Agenda"),
        ("3", "ASEAN Community building"),
        ("3.1", "Implementation of the ASEAN Community Vision 2025"),
        ("3.2", "Development of the ASEAN Community Vision 2045"),
        ("4", "ASEAN's external relations"),
        ("5", "Regional and international issues of common interest and concern"),
        ("6", "Preparations for the 44th and 45th ASEAN Summits"),
        ("7", "Other matters"),
    ]
    assert body["items"][2]["children"][0]["title_vi"] == "Thực hiện Tầm nhìn Cộng đồng ASEAN 2025"


def _som_agenda_as_drafted() -> int:
    """The SOM's agenda before the SOM adopted it on 23 July (the demo has it adopted, so frozen)."""
    som = _meeting_id("SOM")
    Meeting.objects.filter(pk=som).update(agenda_status="draft")
    return som


def test_agenda_item_added_under_an_item_of_the_som_agenda_is_numbered() -> None:
    som = _som_agenda_as_drafted()
    parent = AgendaItem.objects.get(meeting_id=som, title_en="Preparations for the 57th AMM and Related Meetings")

    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{som}/agenda/items",
        {
            "title_en": "Chair's statement",
            "title_vi": "Tuyên bố của Chủ tịch",
            "parent_id": parent.pk,
            "agenda_version": 7,
        },
        status=201,
    )

    assert (body["status"], body["agenda_version"], body["item_id"]) == (
        "draft",
        8,
        AgendaItem.objects.get(title_en="Chair's statement").pk,
    )
    assert _numbers(body["items"])[1:6] == [
        ("2", "Preparations for the 57th AMM and Related Meetings"),
        ("2.1", "Programme of the meetings"),
        ("2.2", "Agendas of the ministerial meetings"),
        ("2.3", "List of documents to be adopted, noted or endorsed"),
        ("2.4", "Chair's statement"),
    ]


def test_agenda_item_add_with_a_stale_agenda_version_is_409_with_the_current_agenda() -> None:
    som = _meeting_id("SOM")

    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{som}/agenda/items",
        {"title_en": "Late item", "agenda_version": 3},
        status=409,
    )

    current = body.pop("current")
    assert body == {
        "detail": "was changed by someone else (now version 7, you edited version 3); reload to see the current "
        "state and apply your change again.",
        "field": "agenda_version",
        "record": "agenda of SOM",
    }
    assert (current["agenda_version"], len(_numbers(current["items"]))) == (7, 6)
    assert not AgendaItem.objects.filter(title_en="Late item").exists()


def test_agenda_item_add_to_the_adopted_amm_agenda_is_400() -> None:
    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{_meeting_id('AMM')}/agenda/items",
        {"title_en": "Late item", "agenda_version": 10},
        status=400,
    )

    assert body == {
        "detail": "is adopted and can no longer be changed.",
        "field": "agenda_status",
        "record": "agenda of AMM-57",
    }


def test_agenda_item_add_with_a_parent_of_another_meeting_is_400_naming_parent_id() -> None:
    amm_item = AgendaItem.objects.filter(meeting_id=_meeting_id("AMM")).first()
    assert amm_item is not None

    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{_meeting_id('SOM')}/agenda/items",
        {"title_en": "x", "parent_id": amm_item.pk, "agenda_version": 7},
        status=400,
    )

    assert body == {"detail": f"no item {amm_item.pk} on the agenda of SOM.", "field": "parent_id", "record": None}


def test_agenda_item_delete_renumbers_and_bumps_the_version() -> None:
    som = _som_agenda_as_drafted()
    item = AgendaItem.objects.get(meeting_id=som, title_en="Agendas of the ministerial meetings")

    body = call(client_for("lao.chair"), "delete", f"/api/v1/meetings/{som}/agenda/items/{item.pk}?agenda_version=7")

    assert body["agenda_version"] == 8
    assert _numbers(body["items"]) == [
        ("1", "Adoption of the Agenda"),
        ("2", "Preparations for the 57th AMM and Related Meetings"),
        ("2.1", "Programme of the meetings"),
        ("2.2", "List of documents to be adopted, noted or endorsed"),
        ("3", "Other matters"),
    ]


def test_agenda_item_delete_with_a_stale_agenda_version_is_409_with_the_current_agenda() -> None:
    som = _som_agenda_as_drafted()
    item = AgendaItem.objects.get(meeting_id=som, title_en="Agendas of the ministerial meetings")
    now = call(client_for(), "get", f"/api/v1/meetings/{som}/agenda")

    body = call(
        client_for("lao.chair"), "delete", f"/api/v1/meetings/{som}/agenda/items/{item.pk}?agenda_version=6", status=409
    )

    assert body == {
        "detail": "was changed by someone else (now version 7, you edited version 6); reload to see the current "
        "state and apply your change again.",
        "field": "agenda_version",
        "record": "agenda of SOM",
        "current": now,
    }
    assert AgendaItem.objects.filter(pk=item.pk).exists() is True


def test_agenda_item_add_by_a_partner_is_403() -> None:
    body = call(
        client_for("jp.delegate"),
        "post",
        f"/api/v1/meetings/{_meeting_id('SOM')}/agenda/items",
        {"title_en": "x", "agenda_version": 7},
        status=403,
    )

    assert body["detail"] == "only the chair secretariat edits agendas and records recommendations."


# Recommendations --------------------------------------------------------------------------------


def test_recommendations_of_the_som_and_of_the_amm_show_both_links_of_the_chain() -> None:
    som = call(client_for(), "get", f"/api/v1/meetings/{_meeting_id('SOM')}/recommendations")
    amm = call(client_for(), "get", f"/api/v1/meetings/{_meeting_id('AMM')}/recommendations")

    assert (som["received"], amm["made"]) == ([], [])
    assert som["made"] == amm["received"]
    assert [
        (
            r["from_meeting"]["short_title"],
            r["to_meeting"]["short_title"],
            r["subject"],
            r["release_number"],
            r["status"],
        )
        for r in som["made"]
    ] == [
        ("SOM", "AMM-57", "agenda", None, "adopted"),
        ("SOM", "AMM-57", "document_list", None, "adopted"),
        ("SOM", "AMM-57", "programme", 2, "adopted"),
    ]
    assert som["made"][2]["from_meeting"] == {
        "id": _meeting_id("SOM"),
        "short_title": "SOM",
        "title_en": "ASEAN Senior Officials' Meeting (SOM)",
        "title_vi": "Hội nghị các quan chức cao cấp ASEAN",
        "start_date": "2024-07-23",
    }
    assert som["made"][2]["text_en"] == (
        "The SOM reviewed and finalised the programme (v2) and recommends it to the Ministers."
    )


def test_recommendation_decision_adopts_the_document_list() -> None:
    # As it stood before the AMM decided it on 25 July (the demo has it adopted).
    Recommendation.objects.filter(subject="document_list").update(status="recommended", decided_at=None)
    recommendation = Recommendation.objects.get(subject="document_list")

    body = call(
        client_for("lao.chair"), "post", f"/api/v1/recommendations/{recommendation.pk}/decision", {"adopted": True}
    )

    assert (body["status"], body["decided_at"] is not None) == ("adopted", True)
    again = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/recommendations/{recommendation.pk}/decision",
        {"adopted": False},
        status=400,
    )
    assert again == {
        "detail": "was already decided (adopted).",
        "field": "status",
        "record": f"recommendation #{recommendation.pk} to AMM-57",
    }


def test_recommendation_of_a_document_without_its_document_refused() -> None:
    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{_meeting_id('SOM')}/recommendations",
        {
            "to_meeting_id": _meeting_id("AMM"),
            "subject": "document",
            "text_en": "The SOM recommends the Joint Communiqué of the 57th AMM for adoption.",
        },
        status=400,
    )

    assert (body["field"], body["detail"]) == (
        "subject",
        "name a document of AMM-57's register; a document is recommended from its own page or endpoint.",
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"to_meeting": "ARF", "subject": "agenda"},
            ("to_meeting_id", "SOM does not prepare ARF in this series."),
        ),
        (
            {"to_meeting": "AMM", "subject": "programme", "release_number": 7},
            ("release_number", "no release v7 of the programme of this series."),
        ),
        (
            {"to_meeting": "AMM", "subject": "document_list", "release_number": 2},
            ("release_number", "only a programme recommendation names a release."),
        ),
    ],
)
def test_recommendation_with_bad_input_is_400_naming_the_body_field(
    data: dict[str, Any], expected: tuple[str, str]
) -> None:
    to_meeting, rest = data["to_meeting"], {k: v for k, v in data.items() if k != "to_meeting"}

    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{_meeting_id('SOM')}/recommendations",
        {**rest, "to_meeting_id": _meeting_id(to_meeting)},
        status=400,
    )

    assert (body["field"], body["detail"]) == expected


def test_series_without_a_programme_demo_has_no_week_release() -> None:
    viewer_create(username="hanoi.chair", series=Series.objects.get(code="amm-43"), role=SeriesRole.CHAIR_SECRETARIAT)
    body = call(client_for("hanoi.chair"), "get", "/api/v1/series/amm-43/delegations/JP/week")

    assert (body["release"], [d["date"] for d in body["days"]][:2], body["days"][0]["sessions"]) == (
        None,
        ["2010-07-16", "2010-07-17"],
        [],
    )
