"""Reads of meetings: attendance derived from framework membership, the programme by day."""

from __future__ import annotations

from datetime import date
from typing import Any

from mufakat.meetings.models import Meeting, Series
from mufakat.meetings.selectors import (
    meeting_attendance,
    meeting_get,
    meeting_list,
    meeting_prepared_by,
    meeting_prepares,
    series_list,
    series_programme,
)
from mufakat.reference.selectors import MembershipIndex

ASEAN_10 = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def _meeting(body: str, start: date) -> Meeting:
    return Meeting.objects.select_related("body").get(body__code=body, start_date=start)


def _attending(body: str, start: date) -> list[str]:
    return sorted(m.party.code for m in meeting_attendance(meeting=_meeting(body, start)))


def test_meeting_attendance_of_the_2024_meetings(demo: object) -> None:
    index = MembershipIndex()
    counts = {
        code: len(meeting_attendance(meeting=_meeting(code, day), index=index))
        for code, day in [
            ("ARF", date(2024, 7, 27)),
            ("APT-FMM", date(2024, 7, 27)),
            ("EAS-FMM", date(2024, 7, 27)),
            ("PMC-JP", date(2024, 7, 26)),
            ("PMC-GB", date(2024, 7, 26)),
            ("AMM", date(2024, 7, 25)),
            ("SEANWFZ-COM", date(2024, 7, 24)),
            ("MJ-FMM", date(2024, 7, 26)),
        ]
    }

    assert counts == {
        "ARF": 27,
        "APT-FMM": 13,
        "EAS-FMM": 18,
        "PMC-JP": 11,
        "PMC-GB": 11,
        "AMM": 11,
        "SEANWFZ-COM": 10,
        "MJ-FMM": 6,
    }


def test_meeting_attendance_pmc_plus_one_is_ten_members_and_the_partner(demo: object) -> None:
    attendance = meeting_attendance(meeting=_meeting("PMC-GB", date(2024, 7, 26)))

    assert sorted(m.party.code for m in attendance) == sorted([*ASEAN_10, "GB"])
    assert {m.party.code: m.role for m in attendance if m.role != "member"} == {"GB": "partner"}


def test_meeting_attendance_amm_57_has_timor_leste_as_observer(demo: object) -> None:
    attendance = meeting_attendance(meeting=_meeting("AMM", date(2024, 7, 25)))

    assert {m.party.code: m.role for m in attendance if m.role != "member"} == {"TL": "observer"}


def test_meeting_attendance_2010_pmc_has_no_uk(demo: object) -> None:
    pmc_2010 = Meeting.objects.filter(series__code="amm-43", body__code__startswith="PMC-")

    assert sorted(m.body.code for m in pmc_2010) == [
        "PMC-AU", "PMC-CA", "PMC-CN", "PMC-EU", "PMC-IN", "PMC-JP", "PMC-KR", "PMC-NZ", "PMC-RU", "PMC-US",
    ]  # fmt: skip
    assert _attending("PMC-US", date(2010, 7, 22)) == sorted([*ASEAN_10, "US"])


def test_meeting_attendance_of_the_2010_meetings(demo: object) -> None:
    assert len(_attending("ARF", date(2010, 7, 23))) == 27
    assert _attending("APT-FMM", date(2010, 7, 21)) == sorted([*ASEAN_10, "CN", "JP", "KR"])
    assert _attending("EAS-FMC", date(2010, 7, 21)) == sorted([*ASEAN_10, "AU", "CN", "IN", "JP", "NZ", "KR"])
    assert _attending("AMM", date(2010, 7, 19)) == sorted(ASEAN_10)


def test_series_programme_groups_amm_57_by_day(demo: object) -> None:
    days = series_programme(series=Series.objects.get(code="amm-57"))

    assert [(day, len(rows)) for day, rows in days] == [
        (date(2024, 7, 23), 2),
        (date(2024, 7, 24), 2),
        (date(2024, 7, 25), 1),
        (date(2024, 7, 26), 13),
        (date(2024, 7, 27), 4),
    ]
    # Within a day, meetings follow their first session.
    assert [(row.meeting.short_title, row.party_count) for row in days[4][1]] == [
        ("APT FMM-25", 13),
        ("EAS FMM-14", 18),
        ("Mekong-US Ministerial-3", 6),
        ("ARF-31", 27),
    ]


def test_series_list_counts_meetings_newest_first(demo: object) -> None:
    assert [(s.code, s.meeting_count) for s in series_list()] == [("summit-44-45", 8), ("amm-57", 22), ("amm-43", 15)]


def test_meeting_list_filters_by_series_in_date_order(demo: object) -> None:
    meetings = list(meeting_list(series=Series.objects.get(code="amm-43")))

    assert [m.short_title for m in meetings][:4] == ["SOM", "AMM-43", "APT FMM-11", "EAS FM Consultations"]
    assert meetings[-1].short_title == "ARF-17"
    assert len(meetings) == 15


def test_meeting_prepared_by_and_prepares_link_som_and_amm(demo: object) -> None:
    amm = _meeting("AMM", date(2024, 7, 25))
    som = _meeting("SOM", date(2024, 7, 23))

    assert [m.pk for m in meeting_prepared_by(meeting=amm)] == [som.pk]
    assert [m.pk for m in meeting_prepares(meeting=som)] == [amm.pk]
    assert meeting_prepares(meeting=amm) == []


def test_meeting_prepared_by_year_only_meeting_is_empty(demo: object) -> None:
    historic = _meeting("AMM", date(1967, 1, 1))

    assert (meeting_prepared_by(meeting=historic), meeting_prepares(meeting=historic)) == ([], [])


def test_meeting_get_prefetches_sessions_in_time_order(demo: object, django_assert_num_queries: Any) -> None:
    pk = _meeting("AMM", date(2024, 7, 25)).pk

    with django_assert_num_queries(2):
        meeting = meeting_get(meeting_id=pk)
        titles = [s.title_en for s in meeting.sessions.all()]

    assert titles == ["Opening ceremony", "Plenary session", "Working lunch", "Retreat"]
