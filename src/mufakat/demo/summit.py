"""Demo meetings beyond the AMM weeks: the consultation rounds on the draft ASEAN Leaders' Declaration on
Biosafety and Biosecurity (health sector, in no ministerial week), the 44th and 45th ASEAN Summits and Related
Summits (Vientiane, 8–11 October 2024) and, from the seeds, the Japan–ROK–U.S. foreign ministers' trilateral
on the sidelines of the 56th AMM (Jakarta, 14 July 2023).

Dates marked illustrative in a meeting's note are our own plausible choices; the others follow public
records (bodies.toml names the sources). Idempotent: every write is an upsert by natural key."""

from __future__ import annotations

from datetime import date

from mufakat.meetings.models import Body, Meeting, Series, Venue
from mufakat.meetings.services import consultation_record, meeting_upsert, series_upsert, venue_upsert
from mufakat.reference.models import Party

SUMMIT_SERIES = "summit-44-45"
ILLUSTRATIVE = "Illustrative date (demo): the real date is not recorded here."


def load_consultations(counters: dict[str, int]) -> list[Meeting]:
    """The three consultation rounds on the draft declaration: the first two online on illustrative dates, the
    3rd on 4–5 June 2024 in Vientiane province, hosted by Lao PDR's Ministry of Health."""
    lao = Party.objects.get(code="LA")
    body = Body.objects.get(code="BIOSAFETY-CONS")
    province = venue_upsert(
        name_en="Vientiane Province (venue not recorded)",
        name_vi="Tỉnh Viêng Chăn (chưa ghi địa điểm)",
        city_en="Vientiane Province",
        city_vi="Tỉnh Viêng Chăn",
        country=lao,
        time_zone="Asia/Vientiane",
        rooms=[],
    )
    rounds = [
        consultation_record(
            body=body,
            number=1,
            start_date=date(2023, 11, 21),
            end_date=date(2023, 11, 21),
            online=True,
            chair=lao,
            note=ILLUSTRATIVE,
        ),
        consultation_record(
            body=body,
            number=2,
            start_date=date(2024, 3, 12),
            end_date=date(2024, 3, 13),
            online=True,
            chair=lao,
            note=ILLUSTRATIVE,
        ),
        consultation_record(
            body=body,
            number=3,
            start_date=date(2024, 6, 4),
            end_date=date(2024, 6, 5),
            venue=province,
            chair=lao,
            note=(
                "Hosted by Lao PDR's Ministry of Health; its Director General of Communicable Diseases Control, "
                "Phonepadith Xangsayarath, spoke of finalising the declaration."
            ),
        ),
    ]
    counters["meetings"] += len(rounds)
    return rounds


def load_summit(counters: dict[str, int]) -> Series:
    """The 44th and 45th ASEAN Summits and Related Summits, Vientiane, 8–11 October 2024 (no programme: the
    demo records the meetings and the register of the 44th Summit, not the week's sessions)."""
    lao = Party.objects.get(code="LA")
    venue = Venue.objects.get(name_en="National Convention Center", city_en="Vientiane")
    series = series_upsert(
        code=SUMMIT_SERIES,
        title_en="44th and 45th ASEAN Summits and Related Summits",
        title_vi="Hội nghị Cấp cao ASEAN lần thứ 44, 45 và các Hội nghị Cấp cao liên quan",
        theme_en="ASEAN: Enhancing Connectivity and Resilience",
        theme_vi="ASEAN: Tăng cường Kết nối và Khả năng tự cường",
        chair=lao,
        venue=venue,
        start_date=date(2024, 10, 8),
        end_date=date(2024, 10, 11),
    )
    day = {n: date(2024, 10, n) for n in range(8, 12)}
    plan = [
        ("SOM", day[8], "The ASEAN SOM preparing the Summits. " + ILLUSTRATIVE),
        ("SUMMIT", day[9], ""),
        ("SUMMIT", day[10], "Day illustrative (demo): the 44th and 45th Summits were held on 8–11 October 2024."),
        ("APT-SUMMIT", day[10], ""),
        ("ASEAN-CN-SUMMIT", day[10], ""),
        ("ASEAN-JP-SUMMIT", day[10], ""),
        ("ASEAN-KR-SUMMIT", day[10], ""),
        ("EAS", day[11], ""),
    ]
    for code, on, note in plan:
        meeting_upsert(body=Body.objects.get(code=code), series=series, start_date=on, end_date=on, note=note)
        counters["meetings"] += 1
    return series


def load_trilateral(counters: dict[str, int]) -> Meeting:
    """The Japan–ROK–U.S. foreign ministers on the sidelines of the 56th AMM, Jakarta, 14 July 2023."""
    venue = venue_upsert(
        name_en="Jakarta (venue not recorded)",
        name_vi="Gia-các-ta (chưa ghi địa điểm)",
        city_en="Jakarta",
        city_vi="Gia-các-ta",
        country=Party.objects.get(code="ID"),
        time_zone="Asia/Jakarta",
        rooms=[],
    )
    meeting = meeting_upsert(
        body=Body.objects.get(code="JP-KR-US-FMM"),
        start_date=date(2023, 7, 14),
        end_date=date(2023, 7, 14),
        venue=venue,
        note="On the sidelines of the 56th AMM and Related Meetings, Jakarta (chaired by Indonesia, 2023).",
    )
    counters["meetings"] += 1
    return meeting
