"""The demo: the 57th AMM and Related Meetings (Vientiane, July 2024) and the 43rd AMM (Hanoi, 2010); the
consultation rounds, the October 2024 Summits and the 2023 trilateral come from demo.summit.

Idempotent: every write is an upsert by natural key, so `mufakat demo` can run again and again.
Programme times are plausible, not the official schedule; dates and bodies follow DESIGN.md.

The series are marked with `Series.demo_as_of` (demo.clock says why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from mufakat.demo.clock import DEMO_NOW, DEMO_SET_UP, demo_clock
from mufakat.demo.summit import load_consultations, load_summit, load_trilateral
from mufakat.meetings.enums import SessionKind
from mufakat.meetings.models import Body, Meeting, ProgrammeRelease, Room, Series, Venue
from mufakat.meetings.services import meeting_upsert, series_upsert, session_upsert, venue_upsert
from mufakat.reference.models import Party

PMC_PARTNERS_2024 = ["AU", "CA", "CN", "EU", "IN", "JP", "NZ", "KR", "RU", "GB", "US"]
PMC_PARTNERS_2010 = ["AU", "CA", "CN", "EU", "IN", "JP", "NZ", "KR", "RU", "US"]


@dataclass(frozen=True)
class DemoSession:
    title_en: str
    title_vi: str
    day: date
    start: time
    minutes: int
    room: str
    kind: str = SessionKind.PLENARY


@dataclass
class DemoReport:
    series: list[Series]
    meetings: int
    sessions: int


def _at(venue: Venue, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=venue.tzinfo)


class _SeriesBuilder:
    """Adds meetings and their sessions to one series, counting what it wrote."""

    def __init__(self, series: Series, counters: dict[str, int]) -> None:
        self.series = series
        self.counters = counters
        self.rooms = {room.name: room for room in Room.objects.filter(venue=series.venue)}
        # Once a programme is released its sessions change only through the programme (the demo moves the ARF
        # press conference): a second load leaves them as they are rather than adding the original back.
        self.programme_released = ProgrammeRelease.objects.filter(series=series).exists()

    def add(self, body_code: str, start: date, end: date, sessions: list[DemoSession]) -> Meeting:
        meeting = meeting_upsert(
            body=Body.objects.get(code=body_code), series=self.series, start_date=start, end_date=end
        )
        self.counters["meetings"] += 1
        if self.programme_released:
            return meeting
        for item in sessions:
            starts_at = _at(self.series.venue, item.day, item.start)
            session_upsert(
                meeting=meeting,
                title_en=item.title_en,
                title_vi=item.title_vi,
                kind=item.kind,
                room=self.rooms[item.room],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=item.minutes),
            )
            self.counters["sessions"] += 1
        return meeting


def _clock(minutes_after_midnight: int) -> time:
    return time(minutes_after_midnight // 60, minutes_after_midnight % 60)


def _plenary(day: date, start: time, minutes: int, room: str) -> list[DemoSession]:
    return [DemoSession("Plenary session", "Phiên toàn thể", day, start, minutes, room)]


def _load_amm57(counters: dict[str, int]) -> Series:
    lao = Party.objects.get(code="LA")
    venue = venue_upsert(
        name_en="National Convention Center",
        name_vi="Trung tâm Hội nghị Quốc gia",
        city_en="Vientiane",
        city_vi="Viêng Chăn",
        country=lao,
        time_zone="Asia/Vientiane",
        opens_at=time(7, 0),
        closes_at=time(23, 0),
        rooms=[
            ("Plenary Hall", 400),
            ("Retreat Room", 40),
            ("Meeting Room 1", 120),
            ("Meeting Room 2", 80),
            ("Banquet Hall", 300),
            ("Press Centre", 250),
        ],
    )
    series = series_upsert(
        code="amm-57",
        title_en="57th ASEAN Foreign Ministers' Meeting and Related Meetings",
        title_vi="Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan",
        theme_en="ASEAN: Enhancing Connectivity and Resilience",
        theme_vi="ASEAN: Tăng cường Kết nối và Khả năng tự cường",
        chair=lao,
        venue=venue,
        start_date=date(2024, 7, 23),
        end_date=date(2024, 7, 27),
    )
    builder = _SeriesBuilder(series, counters)
    d23, d24, d25, d26, d27 = (date(2024, 7, day) for day in range(23, 28))
    builder.add("SOM", d23, d23, _plenary(d23, time(9, 0), 210, "Meeting Room 1"))
    builder.add("SEANWFZ-EXCOM", d23, d23, _plenary(d23, time(14, 30), 90, "Meeting Room 1"))
    builder.add("SEANWFZ-COM", d24, d24, _plenary(d24, time(9, 0), 90, "Plenary Hall"))
    builder.add("AICHR-IF", d24, d24, _plenary(d24, time(11, 0), 60, "Plenary Hall"))
    builder.add(
        "AMM",
        d25,
        d25,
        [
            DemoSession("Opening ceremony", "Lễ khai mạc", d25, time(8, 30), 30, "Plenary Hall", SessionKind.CEREMONY),
            DemoSession("Plenary session", "Phiên toàn thể", d25, time(9, 0), 180, "Plenary Hall"),
            DemoSession(
                "Working lunch",
                "Ăn trưa làm việc",
                d25,
                time(12, 15),
                90,
                "Banquet Hall",
                SessionKind.WORKING_LUNCH,
            ),
            DemoSession("Retreat", "Phiên hẹp", d25, time(14, 30), 150, "Retreat Room", SessionKind.RETREAT),
        ],
    )
    # PMC+1 sessions follow one another: every ASEAN minister sits in each of them, and in the two
    # Mekong meetings, so nothing on 26 July may overlap.
    slots = [_clock(8 * 60 + 55 * i) for i in range(5)] + [_clock(13 * 60 + 30 + 55 * i) for i in range(8)]
    for code, clock in zip(PMC_PARTNERS_2024, slots, strict=False):
        builder.add(f"PMC-{code}", d26, d26, _plenary(d26, clock, 45, "Plenary Hall"))
    builder.add("MJ-FMM", d26, d26, _plenary(d26, slots[11], 45, "Meeting Room 1"))
    builder.add("MK-FMM", d26, d26, _plenary(d26, slots[12], 45, "Meeting Room 1"))
    builder.add("APT-FMM", d27, d27, _plenary(d27, time(8, 30), 90, "Plenary Hall"))
    builder.add("EAS-FMM", d27, d27, _plenary(d27, time(10, 15), 105, "Plenary Hall"))
    builder.add("MUSP-MIN", d27, d27, _plenary(d27, time(12, 30), 60, "Meeting Room 1"))
    builder.add(
        "ARF",
        d27,
        d27,
        [
            DemoSession("Plenary session", "Phiên toàn thể", d27, time(14, 0), 180, "Plenary Hall"),
            DemoSession(
                "Press conference of the Chair",
                "Họp báo của Chủ tịch",
                d27,
                time(17, 30),
                45,
                "Press Centre",
                SessionKind.PRESS_CONFERENCE,
            ),
        ],
    )
    return series


def _load_amm43(counters: dict[str, int]) -> Series:
    viet_nam = Party.objects.get(code="VN")
    venue = venue_upsert(
        name_en="National Convention Center",
        name_vi="Trung tâm Hội nghị Quốc gia",
        city_en="Hanoi",
        city_vi="Hà Nội",
        country=viet_nam,
        time_zone="Asia/Ho_Chi_Minh",
        rooms=[("Plenary Hall", 500), ("Retreat Room", 40), ("Meeting Room 1", 150), ("Meeting Room 2", 100)],
    )
    series = series_upsert(
        code="amm-43",
        title_en="43rd ASEAN Foreign Ministers' Meeting and Related Meetings",
        title_vi="Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 43 và các Hội nghị liên quan",
        theme_en="Towards the ASEAN Community: from Vision to Action",
        theme_vi="Hướng tới Cộng đồng ASEAN: từ Tầm nhìn đến Hành động",
        chair=viet_nam,
        venue=venue,
        start_date=date(2010, 7, 16),
        end_date=date(2010, 7, 23),
    )
    builder = _SeriesBuilder(series, counters)
    days = {day: date(2010, 7, day) for day in range(16, 24)}
    som_sessions = [
        DemoSession("Plenary session", "Phiên toàn thể", days[day], time(9, 0), 420, "Meeting Room 1")
        for day in (16, 17, 18)
    ]
    builder.add("SOM", days[16], days[18], som_sessions)
    builder.add(
        "AMM",
        days[19],
        days[20],
        [
            DemoSession(
                "Opening ceremony",
                "Lễ khai mạc",
                days[20],
                time(8, 30),
                30,
                "Plenary Hall",
                SessionKind.CEREMONY,
            ),
            DemoSession("Retreat", "Phiên hẹp", days[20], time(9, 30), 120, "Retreat Room", SessionKind.RETREAT),
            DemoSession("Plenary session", "Phiên toàn thể", days[20], time(14, 0), 180, "Plenary Hall"),
        ],
    )
    builder.add("APT-FMM", days[21], days[21], _plenary(days[21], time(9, 0), 120, "Plenary Hall"))
    builder.add("EAS-FMC", days[21], days[21], _plenary(days[21], time(14, 0), 120, "Plenary Hall"))
    for index, code in enumerate(PMC_PARTNERS_2010):
        clock = time(8 + index, 0) if index < 4 else time(9 + index, 30)
        builder.add(f"PMC-{code}", days[22], days[22], _plenary(days[22], clock, 50, "Plenary Hall"))
    builder.add("ARF", days[23], days[23], _plenary(days[23], time(9, 0), 240, "Plenary Hall"))
    return series


@transaction.atomic
def demo_load() -> DemoReport:
    """Load both demo series (reference data must be loaded first); one transaction, idempotent."""
    counters = {"meetings": 0, "sessions": 0}
    with demo_clock(DEMO_SET_UP):
        series = [_load_amm57(counters), _load_amm43(counters)]
        # After the AMM-57 week: its venue is the Summits' too.
        load_consultations(counters)
        load_summit(counters)
        load_trilateral(counters)
    Series.objects.filter(pk__in=[s.pk for s in series]).update(demo_as_of=DEMO_NOW)
    for item in series:
        item.refresh_from_db()
    return DemoReport(series=series, meetings=counters["meetings"], sessions=counters["sessions"])
