"""`mufakat programme release|conflicts|import` and `mufakat export ics|booklet` on the AMM-57 programme demo
(v1 and v2 released; lao.chair is the chair secretariat, jp.delegate a delegate of Japan)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.cli import main
from mufakat.demo.delegations import DemoLogin
from mufakat.demo.programme import programme_demo_load
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series, Session
from mufakat.meetings.services import session_change
from tests.factories.programme import JAPAN_WEEK_SUMMARIES

CSV = (
    "meeting,title_en,title_vi,kind,room,date,start,end\n"
    "AMM-57,Courtesy call on the Prime Minister,Chào xã giao Thủ tướng,courtesy_call,Retreat Room,2024-07-25,18:00,"
    "18:30\n"
)


@pytest.fixture
def programme(delegations_demo: list[DemoLogin]) -> Series:
    programme_demo_load()
    return Series.objects.get(code="amm-57")


def _session(body: str, title: str) -> Session:
    return Session.objects.get(meeting__series__code="amm-57", meeting__body__code=body, title_en=title)


def _double_book_the_press_centre(series: Series) -> tuple[Session, Session]:
    """Move the ARF plenary's end into the press conference's room and hour."""
    press = _session("ARF", "Press conference of the Chair")
    plenary = _session("ARF", "Plenary session")
    session_change(
        actor=viewer_for(User.objects.get(username="lao.chair"), series),
        session_id=plenary.pk,
        expected_version=plenary.version,
        room=press.room,
        ends_at=press.starts_at + timedelta(minutes=15),
    )
    return plenary, press


def test_programme_conflicts_on_the_demo_prints_none_and_exits_0(
    programme: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["programme", "conflicts", "--series", "amm-57"])

    assert (code, capsys.readouterr().out) == (0, "no conflicts.\n")


def test_programme_conflicts_lists_keys_and_messages_and_exits_1(
    programme: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    plenary, press = _double_book_the_press_centre(programme)

    code = main(["programme", "conflicts", "--series", "amm-57"])

    uids = "+".join(sorted([str(plenary.uid), str(press.uid)]))
    assert (code, capsys.readouterr().out) == (
        1,
        f"room:Press Centre:{uids}\tRoom Press Centre is booked twice: ARF-31 – Plenary session (27 Jul 14:00–18:45) "
        "and ARF-31 – Press conference of the Chair (27 Jul 18:30–19:15).\n"
        "1 conflict(s).\n",
    )


def test_programme_release_with_the_conflict_acknowledged_prints_the_changelog(
    programme: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    plenary, press = _double_book_the_press_centre(programme)
    key = f"room:Press Centre:{'+'.join(sorted([str(plenary.uid), str(press.uid)]))}"

    code = main(
        ["programme", "release", "--series", "amm-57", "--as", "lao.chair", "--acknowledge", key, "--note", "Later"]
    )

    assert (code, capsys.readouterr().out) == (
        0,
        "amm-57 programme v3 released: 2 change(s), 1 conflict(s) acknowledged.\n"
        "  moved        ARF-31: Plenary session\n"
        "  room_changed ARF-31: Plenary session\n",
    )
    assert ProgrammeRelease.objects.get(number=3).note == "Later"


def test_programme_release_with_the_conflict_unacknowledged_exits_2_and_releases_nothing(
    programme: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    _double_book_the_press_centre(programme)

    code = main(["programme", "release", "--series", "amm-57", "--as", "lao.chair"])

    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == (
        "error: programme of amm-57 field 'acknowledged': 1 conflict(s) are not acknowledged: Room Press Centre is "
        "booked twice: ARF-31 – Plenary session (27 Jul 14:00–18:45) and ARF-31 – Press conference of the Chair "
        "(27 Jul 18:30–19:15).\n"
    )
    assert ProgrammeRelease.objects.count() == 2


def test_programme_release_as_a_partner_delegate_exits_2(programme: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["programme", "release", "--series", "amm-57", "--as", "jp.delegate"])

    assert (code, capsys.readouterr().err) == (2, "error: only the chair secretariat releases the programme.\n")


def test_programme_release_as_an_unknown_account_exits_2(programme: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["programme", "release", "--series", "amm-57", "--as", "nobody"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--as': no active account 'nobody'.\n")


def test_programme_import_creates_the_sessions(
    programme: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "programme.csv"
    path.write_text(CSV, encoding="utf-8")

    code = main(["programme", "import", "--series", "amm-57", "--as", "lao.chair", str(path)])

    assert (code, capsys.readouterr().out) == (0, "imported 1 session(s) into the draft programme of amm-57.\n")
    session = _session("AMM", "Courtesy call on the Prime Minister")
    assert (session.title_vi, session.kind, session.room.name if session.room else None) == (
        "Chào xã giao Thủ tướng",
        "courtesy_call",
        "Retreat Room",
    )


def test_programme_import_with_a_bad_row_exits_2_naming_it_and_imports_nothing(
    programme: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "programme.csv"
    path.write_text(CSV + "ARF-31,Chair's dinner,,working_dinner,Ballroom,2024-07-27,20:00,21:30\n", encoding="utf-8")
    before = Session.objects.count()

    code = main(["programme", "import", "--series", "amm-57", "--as", "lao.chair", str(path)])

    assert (code, capsys.readouterr().err) == (
        2,
        "error: CSV row 3 field 'room': no room 'Ballroom' at the venue; rooms: Banquet Hall, Meeting Room 1, "
        "Meeting Room 2, Plenary Hall, Press Centre, Retreat Room. Nothing was imported.\n",
    )
    assert Session.objects.count() == before


def test_export_ics_of_japans_week_to_a_file(programme: Series, tmp_path: Path) -> None:
    path = tmp_path / "jp.ics"

    code = main(["export", "ics", "--series", "amm-57", "--party", "jp", "--output", str(path)])

    calendar = Calendar.from_ical(path.read_bytes())
    assert code == 0
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == JAPAN_WEEK_SUMMARIES


def test_export_ics_of_a_meeting_to_standard_output(
    programme: Series, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    arf = Meeting.objects.get(series=programme, body__code="ARF")

    code = main(["export", "ics", "--series", "amm-57", "--meeting", str(arf.pk)])

    calendar = Calendar.from_ical(capsysbinary.readouterr().out)
    assert code == 0
    assert [(str(e["SUMMARY"]), int(e["SEQUENCE"])) for e in calendar.walk("VEVENT")] == [
        ("ARF-31: Plenary session", 0),
        ("ARF-31: Press conference of the Chair", 1),
    ]


def test_export_ics_of_an_unknown_meeting_exits_2(programme: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", "ics", "--series", "amm-57", "--meeting", "0"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--meeting': no meeting 0 in amm-57.\n")


def test_export_ics_without_a_release_exits_2(
    delegations_demo: list[DemoLogin], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "ics", "--series", "amm-57"])

    assert (code, capsys.readouterr().err) == (
        2,
        "error: field 'code': no programme of amm-57 has been released yet.\n",
    )


def test_export_booklet_in_vietnamese_writes_a_pdf(programme: Series, tmp_path: Path) -> None:
    path = tmp_path / "programme.pdf"

    code = main(["export", "booklet", "--series", "amm-57", "--lang", "vi", "--output", str(path)])

    pdf = path.read_bytes()
    assert (code, pdf[:5], pdf.count(b"/Type /Page\n")) == (0, b"%PDF-", 3)


def test_export_booklet_of_an_unknown_series_exits_2(programme: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", "booklet", "--series", "amm-99", "--output", "unused.pdf"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--series': no series 'amm-99'.\n")
