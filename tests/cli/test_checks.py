"""The consistency report behind `mufakat check`: each problem named with its record."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mufakat.checks import consistency_report
from mufakat.meetings.models import Meeting, Room, Session
from mufakat.reference.models import ChairYear, Framework, Membership, Party
from tests.factories import membership_create


def test_consistency_report_on_the_demo_is_empty(demo: object) -> None:
    assert consistency_report() == []


def test_consistency_report_names_overlapping_memberships(demo: object) -> None:
    existing = Membership.objects.get(framework__code="ASEAN", party__code="TL", role="observer")
    added = membership_create(
        framework=Framework.objects.get(code="ASEAN"),
        party=Party.objects.get(code="TL"),
        role="observer",
        valid_from=date(2023, 1, 1),
        valid_to=date(2023, 12, 31),
    )

    assert consistency_report() == [
        f"framework ASEAN member TL field 'valid_from': validity 2023-01-01 to 2023-12-31 (row #{added.pk}) "
        f"overlaps 2022-11-11 to 2025-10-25 (row #{existing.pk}); "
        "end the earlier membership before the next one starts."
    ]


def test_consistency_report_names_a_meeting_outside_its_series(demo: object) -> None:
    arf = Meeting.objects.get(body__code="ARF", start_date=date(2024, 7, 27))
    Meeting.objects.filter(pk=arf.pk).update(start_date=date(2024, 7, 28), end_date=date(2024, 7, 28))
    Session.objects.filter(meeting=arf).delete()

    assert consistency_report() == [f"meeting #{arf.pk} (ARF-31) lies outside series amm-57."]


def test_consistency_report_names_a_session_outside_its_meeting(demo: object) -> None:
    session = Session.objects.get(meeting__body__code="ARF", meeting__start_date=date(2024, 7, 27), kind="plenary")
    Session.objects.filter(pk=session.pk).update(
        starts_at=datetime(2024, 7, 27, 17, 30, tzinfo=UTC),  # 00:30 on 28 July in Vientiane
        ends_at=datetime(2024, 7, 27, 18, 30, tzinfo=UTC),
    )

    assert consistency_report() == [f"session #{session.pk} (Plenary session) lies outside its meeting's dates."]


def test_consistency_report_names_a_room_of_another_venue(demo: object) -> None:
    session = Session.objects.get(meeting__body__code="ARF", meeting__start_date=date(2024, 7, 27), kind="plenary")
    Session.objects.filter(pk=session.pk).update(room=Room.objects.get(venue__city_en="Hanoi", name="Plenary Hall"))

    assert consistency_report() == [f"session #{session.pk} (Plenary session) uses a room of another venue."]


def test_consistency_report_names_a_cancelled_meeting_that_kept_its_ordinal(demo: object) -> None:
    amm_43 = Meeting.objects.get(body__code="AMM", start_date=date(2010, 7, 19))
    Meeting.objects.filter(pk=amm_43.pk).update(status="cancelled")

    problems = consistency_report()

    assert problems[0] == f"meeting #{amm_43.pk} of AMM on 2010-07-19 has ordinal 43, its history gives None."
    assert len(problems) == 16  # and every later AMM, from 2011 (44th) to 2025 (58th), is one too high


def test_consistency_report_without_chair_years(reference_data: object) -> None:
    ChairYear.objects.all().delete()

    assert consistency_report() == ["no chair years recorded."]
