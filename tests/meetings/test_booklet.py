"""The programme booklet as pure data and PDF: days and rows in the venue's time zone, dates in English and
Vietnamese, and the font fallback when DejaVu Sans is missing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mufakat.meetings import booklet
from mufakat.meetings.booklet import (
    BookletDay,
    BookletFacts,
    BookletSession,
    booklet_days,
    booklet_pdf,
    booklet_time_header,
    booklet_title_lines,
    format_dates,
)

VIENTIANE = ZoneInfo("Asia/Vientiane")
FACTS = BookletFacts(
    title="57th ASEAN Foreign Ministers' Meeting and Related Meetings",
    theme="ASEAN: Enhancing Connectivity and Resilience",
    venue="National Convention Center, Vientiane",
    start_date=date(2024, 7, 23),
    end_date=date(2024, 7, 27),
    time_zone="Asia/Vientiane",
    release_number=2,
    # 01:30 on 23 July in Vientiane: the release date is the venue's, not UTC's (22 July).
    released_at=datetime(2024, 7, 22, 18, 30, tzinfo=UTC),
)


def _session(
    meeting: str, title: str, day: int, start: str, end: str, *, room: str | None = "Plenary Hall"
) -> BookletSession:
    def at(clock: str) -> datetime:
        hours, minutes = (int(part) for part in clock.split(":"))
        return datetime(2024, 7, day, hours, minutes, tzinfo=VIENTIANE)

    return BookletSession(meeting=meeting, title=title, room=room, starts_at=at(start), ends_at=at(end))


SESSIONS = [
    _session("ARF-31", "Press conference of the Chair", 27, "18:30", "19:15", room="Press Centre"),
    _session("AMM-57", "Plenary session", 25, "09:00", "12:00"),
    _session("AMM-57", "Opening ceremony", 25, "08:30", "09:00"),
    _session("ARF-31", "Plenary session", 27, "14:00", "17:00", room=None),
]


def test_booklet_days_group_by_local_day_in_time_order() -> None:
    assert booklet_days(FACTS, SESSIONS, "en") == [
        BookletDay(
            day=date(2024, 7, 25),
            heading="Thursday 25 July 2024",
            rows=[
                ("08:30–09:00", "AMM-57", "Opening ceremony", "Plenary Hall"),
                ("09:00–12:00", "AMM-57", "Plenary session", "Plenary Hall"),
            ],
        ),
        BookletDay(
            day=date(2024, 7, 27),
            heading="Saturday 27 July 2024",
            rows=[
                ("14:00–17:00", "ARF-31", "Plenary session", ""),
                ("18:30–19:15", "ARF-31", "Press conference of the Chair", "Press Centre"),
            ],
        ),
    ]


def test_booklet_day_headings_in_vietnamese() -> None:
    assert [day.heading for day in booklet_days(FACTS, SESSIONS, "vi")] == [
        "Thứ Năm, ngày 25 tháng 7 năm 2024",
        "Thứ Bảy, ngày 27 tháng 7 năm 2024",
    ]


def test_booklet_title_lines_use_the_venue_date_of_the_release() -> None:
    assert booklet_title_lines(FACTS, "en") == [
        "57th ASEAN Foreign Ministers' Meeting and Related Meetings",
        "ASEAN: Enhancing Connectivity and Resilience",
        "National Convention Center, Vientiane",
        "23–27 July 2024",
        "Programme v2, released 23 July 2024",
    ]
    assert booklet_title_lines(FACTS, "vi")[-2:] == [
        "23–27 tháng 7 năm 2024",
        "Chương trình hoạt động v2, phát hành ngày 23 tháng 7 năm 2024",
    ]
    assert booklet_time_header(FACTS, "en") == "Time (Asia/Vientiane, UTC+07:00)"


@pytest.mark.parametrize(
    ("start", "end", "en", "vi"),
    [
        (date(2024, 7, 23), date(2024, 7, 23), "23 July 2024", "23 tháng 7 năm 2024"),
        (
            date(2024, 7, 30),
            date(2024, 8, 2),
            "30 July 2024 – 2 August 2024",
            "30 tháng 7 năm 2024 – 2 tháng 8 năm 2024",
        ),
    ],
)
def test_format_dates_of_one_day_and_across_months(start: date, end: date, en: str, vi: str) -> None:
    assert (format_dates(start, end, "en"), format_dates(start, end, "vi")) == (en, vi)


def test_booklet_pdf_is_repeatable_and_embeds_dejavu() -> None:
    first = booklet_pdf(facts=FACTS, sessions=SESSIONS, lang="vi")

    assert first[:5] == b"%PDF-"
    assert first == booklet_pdf(facts=FACTS, sessions=SESSIONS, lang="vi")
    assert (first.count(b"/Type /Page\n"), b"DejaVuSans" in first) == (2, True)


def test_booklet_pdf_without_sessions_still_has_the_title_page() -> None:
    pdf = booklet_pdf(facts=FACTS, sessions=[], lang="en")

    assert (pdf[:5], pdf.count(b"/Type /Page\n")) == (b"%PDF-", 2)


@pytest.fixture
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No DejaVu anywhere; afterwards the real fonts are registered again under the booklet's names."""
    monkeypatch.setattr(booklet, "FONT_DIRS", (tmp_path,))
    booklet.register_fonts.cache_clear()
    yield
    monkeypatch.undo()
    booklet.register_fonts.cache_clear()
    booklet.register_fonts()


@pytest.mark.usefixtures("no_system_fonts")
def test_booklet_pdf_falls_back_to_vera_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mufakat.meetings.booklet"):
        pdf = booklet_pdf(facts=FACTS, sessions=SESSIONS, lang="en")

    assert (pdf[:5], b"Vera" in pdf, b"DejaVuSans" in pdf) == (b"%PDF-", True, False)
    assert [record.getMessage().split(" under ")[0] for record in caplog.records] == [
        "DejaVuSans.ttf / DejaVuSans-Bold.ttf not found"
    ]
