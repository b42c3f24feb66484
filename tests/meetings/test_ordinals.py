"""Ordinals ("57th AMM") are derived from a body's history, never typed."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from mufakat.core.i18n import ordinal_en
from mufakat.meetings.models import Body, Meeting
from mufakat.meetings.services import body_renumber, meeting_update
from tests.factories import body_create, framework_create, meeting_create


def _meeting(body: str, start: date) -> Meeting:
    return Meeting.objects.select_related("body").get(body__code=body, start_date=start)


DEMO_ORDINALS = {
    ("AMM", date(2024, 7, 25)): (57, "AMM-57"),
    ("AMM", date(2010, 7, 19)): (43, "AMM-43"),
    ("ARF", date(2024, 7, 27)): (31, "ARF-31"),
    ("ARF", date(2010, 7, 23)): (17, "ARF-17"),
    ("APT-FMM", date(2024, 7, 27)): (25, "APT FMM-25"),
    ("APT-FMM", date(2010, 7, 21)): (11, "APT FMM-11"),
    ("EAS-FMM", date(2024, 7, 27)): (14, "EAS FMM-14"),
    ("MJ-FMM", date(2024, 7, 26)): (15, "Mekong-Japan FMM-15"),
    ("MK-FMM", date(2024, 7, 26)): (12, "Mekong-ROK FMM-12"),
    ("MUSP-MIN", date(2024, 7, 27)): (3, "Mekong-US Ministerial-3"),
    ("BIOSAFETY-CONS", date(2024, 6, 4)): (3, "Biosafety Consultation-3"),
    ("SOM", date(2024, 7, 23)): (None, "SOM"),
    ("SOM", date(2010, 7, 16)): (None, "SOM"),
    ("PMC-GB", date(2024, 7, 26)): (None, "PMC+1 GB"),
}


def test_demo_meeting_ordinals_derived_from_history(demo: object) -> None:
    found = {key: (_meeting(*key).ordinal, _meeting(*key).short_title) for key in DEMO_ORDINALS}

    assert found == DEMO_ORDINALS


def test_meeting_titles_amm_57_exact_in_both_languages(demo: object) -> None:
    meeting = _meeting("AMM", date(2024, 7, 25))

    with translation.override("vi"):
        title_in_vietnamese = meeting.title

    assert meeting.title_en == "57th ASEAN Foreign Ministers' Meeting (AMM-57)"
    assert meeting.title_vi == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57"
    assert meeting.title == "57th ASEAN Foreign Ministers' Meeting (AMM-57)"
    assert title_in_vietnamese == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57"
    assert str(meeting) == "57th ASEAN Foreign Ministers' Meeting (AMM-57)"


def test_meeting_titles_unnumbered_body(demo: object) -> None:
    meeting = _meeting("SOM", date(2024, 7, 23))

    assert (meeting.title_en, meeting.title_vi) == (
        "ASEAN Senior Officials' Meeting (SOM)",
        "Hội nghị các quan chức cao cấp ASEAN",
    )


def test_meeting_titles_other_ordinals(demo: object) -> None:
    titles = [
        _meeting("AMM", date(2010, 7, 19)).title_en,
        _meeting("ARF", date(2024, 7, 27)).title_en,
        _meeting("APT-FMM", date(2024, 7, 27)).title_en,
        _meeting("MK-FMM", date(2024, 7, 26)).title_en,
    ]

    assert titles == [
        "43rd ASEAN Foreign Ministers' Meeting (AMM-43)",
        "31st ASEAN Regional Forum (ARF-31)",
        "25th ASEAN Plus Three Foreign Ministers' Meeting (APT FMM-25)",
        "12th Mekong-Republic of Korea Foreign Ministers' Meeting (Mekong-ROK FMM-12)",
    ]


def test_demo_replaces_year_only_history_entries(demo: object) -> None:
    amm = Meeting.objects.filter(body__code="AMM")

    assert amm.count() == 58
    assert list(amm.filter(start_date__year__in=[2010, 2024]).values_list("start_date", "date_precision")) == [
        (date(2010, 7, 19), "day"),
        (date(2024, 7, 25), "day"),
    ]
    assert _meeting("AMM", date(2025, 1, 1)).ordinal == 58


def test_inserting_an_earlier_meeting_renumbers_later_ones(demo: object) -> None:
    amm = Body.objects.get(code="AMM")

    inserted = meeting_create(body=amm, start_date=date(1970, 12, 1))

    assert inserted.ordinal == 4
    assert _meeting("AMM", date(2010, 7, 19)).ordinal == 44
    assert _meeting("AMM", date(2024, 7, 25)).ordinal == 58
    assert _meeting("AMM", date(1969, 1, 1)).ordinal == 3


def test_cancelling_a_meeting_renumbers_later_ones(demo: object) -> None:
    amm_43 = _meeting("AMM", date(2010, 7, 19))

    cancelled = meeting_update(meeting_id=amm_43.pk, expected_version=amm_43.version, status="cancelled")

    assert cancelled.ordinal is None
    assert cancelled.short_title == "AMM"
    assert _meeting("AMM", date(2024, 7, 25)).title_en == "56th ASEAN Foreign Ministers' Meeting (AMM-56)"
    assert _meeting("AMM", date(2009, 1, 1)).ordinal == 42


def test_uncancelling_restores_the_ordinals(demo: object) -> None:
    amm_43 = _meeting("AMM", date(2010, 7, 19))
    cancelled = meeting_update(meeting_id=amm_43.pk, expected_version=amm_43.version, status="cancelled")

    restored = meeting_update(meeting_id=amm_43.pk, expected_version=cancelled.version, status="held")

    assert restored.ordinal == 43
    assert _meeting("AMM", date(2024, 7, 25)).ordinal == 57


def test_moving_a_meeting_earlier_renumbers_its_body(db: None) -> None:
    body = body_create(code="FMM", framework=framework_create(code="FW"))
    first = meeting_create(body=body, start_date=date(2020, 3, 1))
    second = meeting_create(body=body, start_date=date(2021, 3, 1))

    moved = meeting_update(
        meeting_id=second.pk, expected_version=second.version, start_date=date(2019, 3, 1), end_date=date(2019, 3, 1)
    )

    first.refresh_from_db()
    assert (moved.ordinal, first.ordinal) == (1, 2)


def test_body_prior_meetings_unrecorded_offsets_ordinals(db: None) -> None:
    body = body_create(code="FMM", framework=framework_create(code="FW"), prior_meetings_unrecorded=14)

    meeting = meeting_create(body=body, start_date=date(2024, 7, 26))

    assert (meeting.ordinal, meeting.title_en) == (15, "15th Body FMM (FMM-15)")


def test_body_renumber_repairs_a_drifted_ordinal(demo: object) -> None:
    amm_57 = _meeting("AMM", date(2024, 7, 25))
    Meeting.objects.filter(pk=amm_57.pk).update(ordinal=99)

    body_renumber(body=amm_57.body)

    amm_57.refresh_from_db()
    assert amm_57.ordinal == 57


def test_ordinal_en_suffixes() -> None:
    numbers = [1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 43, 57, 101, 111, 112, 113, 121]

    assert [ordinal_en(n) for n in numbers] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "14th", "21st", "22nd", "23rd",
        "43rd", "57th", "101st", "111th", "112th", "113th", "121st",
    ]  # fmt: skip
