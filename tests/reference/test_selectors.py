"""Who belongs to a framework on a date, and who chairs ASEAN in a year."""

from __future__ import annotations

from datetime import date

import pytest

from mufakat.reference.models import Framework
from mufakat.reference.selectors import (
    MembershipIndex,
    chair_for_year,
    chair_rotation,
    framework_members_on,
)
from tests.factories import chair_year_create, framework_create, membership_create, party_create

ASEAN_10 = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def _codes(framework_code: str, on: date) -> list[str]:
    members = framework_members_on(framework=Framework.objects.get(code=framework_code), on=on)
    return [m.party.code for m in members]


def _roles(framework_code: str, on: date) -> dict[str, str]:
    members = framework_members_on(framework=Framework.objects.get(code=framework_code), on=on)
    return {m.party.code: m.role for m in members}


def test_timor_leste_asean_member_on_2026_01_01(reference_data: object) -> None:
    roles = _roles("ASEAN", date(2026, 1, 1))

    assert roles["TL"] == "member"
    assert sorted(roles) == sorted([*ASEAN_10, "TL"])
    assert set(roles.values()) == {"member"}


def test_timor_leste_asean_observer_not_member_on_2024_07_24(reference_data: object) -> None:
    asean = Framework.objects.get(code="ASEAN")

    members_only = framework_members_on(framework=asean, on=date(2024, 7, 24), roles={"member"})
    everyone = _roles("ASEAN", date(2024, 7, 24))

    assert sorted(m.party.code for m in members_only) == sorted(ASEAN_10)
    assert everyone["TL"] == "observer"
    assert len(everyone) == 11


def test_timor_leste_asean_membership_switches_on_accession_day(reference_data: object) -> None:
    assert _roles("ASEAN", date(2025, 10, 25))["TL"] == "observer"
    assert _roles("ASEAN", date(2025, 10, 26))["TL"] == "member"
    assert "TL" not in _roles("ASEAN", date(2022, 11, 10))


def test_timor_leste_arf_participant_on_2024_07_24(reference_data: object) -> None:
    roles = _roles("ARF", date(2024, 7, 24))

    assert roles["TL"] == "member"


def test_arf_members_on_2024_07_27_are_27_without_the_uk(reference_data: object) -> None:
    codes = _codes("ARF", date(2024, 7, 27))

    assert len(codes) == 27
    assert sorted(codes) == sorted(
        [
            *ASEAN_10,
            "TL",
            "AU",
            "BD",
            "CA",
            "CN",
            "KP",
            "EU",
            "IN",
            "JP",
            "MN",
            "NZ",
            "PK",
            "PG",
            "KR",
            "RU",
            "LK",
            "US",
        ]
    )
    assert "GB" not in codes


def test_apt_members_on_2024_07_27_are_asean_10_plus_three(reference_data: object) -> None:
    asean_plus_three = framework_members_on(framework=Framework.objects.get(code="APT"), on=date(2024, 7, 27))

    assert len(asean_plus_three) == 13
    assert {m.party.code: (m.role, m.via) for m in asean_plus_three if m.party.code in {"CN", "JP", "KR", "VN"}} == {
        "CN": ("partner", "APT"),
        "JP": ("partner", "APT"),
        "KR": ("partner", "APT"),
        "VN": ("member", "ASEAN"),
    }


def test_apt_members_after_timor_leste_accession_are_14(reference_data: object) -> None:
    codes = _codes("APT", date(2026, 1, 1))

    assert len(codes) == 14
    assert "TL" in codes


def test_eas_members_on_2024_07_27_are_18(reference_data: object) -> None:
    codes = _codes("EAS", date(2024, 7, 27))

    assert sorted(codes) == sorted([*ASEAN_10, "AU", "CN", "IN", "JP", "NZ", "KR", "RU", "US"])


def test_eas_members_in_2010_exclude_russia_and_us(reference_data: object) -> None:
    codes = _codes("EAS", date(2010, 7, 21))

    assert sorted(codes) == sorted([*ASEAN_10, "AU", "CN", "IN", "JP", "NZ", "KR"])


def test_asean_plus_one_on_2024_07_26_is_ten_members_and_the_partner(reference_data: object) -> None:
    codes = _codes("ASEAN-JP", date(2024, 7, 26))

    assert sorted(codes) == sorted([*ASEAN_10, "JP"])


def test_asean_plus_one_uk_has_no_uk_in_2010(reference_data: object) -> None:
    codes_2010 = _codes("ASEAN-GB", date(2010, 7, 22))
    codes_2024 = _codes("ASEAN-GB", date(2024, 7, 26))

    assert sorted(codes_2010) == sorted(ASEAN_10)
    assert sorted(codes_2024) == sorted([*ASEAN_10, "GB"])


def test_members_on_includes_only_members_of_included_frameworks(db: None) -> None:
    core = framework_create(code="CORE")
    plus = framework_create(code="PLUS", includes=[core])
    member, observer, partner = (party_create(code=c, name_en=n) for c, n in [("AA", "A"), ("BB", "B"), ("CC", "C")])
    membership_create(framework=core, party=member)
    membership_create(framework=core, party=observer, role="observer")
    membership_create(framework=plus, party=partner, role="partner")

    members = MembershipIndex().members_on(plus.pk, date(2024, 1, 1))

    assert [(m.party.code, m.role, m.via) for m in members] == [("AA", "member", "CORE"), ("CC", "partner", "PLUS")]


def test_members_on_own_row_wins_over_included_row(db: None) -> None:
    core = framework_create(code="CORE")
    plus = framework_create(code="PLUS", includes=[core])
    party = party_create(code="AA")
    membership_create(framework=core, party=party)
    membership_create(framework=plus, party=party, role="partner")

    members = MembershipIndex().members_on(plus.pk, date(2024, 1, 1))

    assert [(m.party.code, m.role, m.via) for m in members] == [("AA", "partner", "PLUS")]


def test_members_on_survives_a_cycle_of_included_frameworks(db: None) -> None:
    first = framework_create(code="ONE")
    second = framework_create(code="TWO", includes=[first])
    first.includes.set([second])
    membership_create(framework=first, party=party_create(code="AA"))
    membership_create(framework=second, party=party_create(code="BB"))

    members = MembershipIndex().members_on(first.pk, date(2024, 1, 1))

    assert [m.party.code for m in members] == ["AA", "BB"]


def test_members_on_validity_bounds_are_inclusive(db: None) -> None:
    framework = framework_create(code="FW")
    membership_create(
        framework=framework, party=party_create(code="AA"), valid_from=date(2020, 1, 1), valid_to=date(2020, 12, 31)
    )
    index = MembershipIndex()

    present = [
        bool(index.members_on(framework.pk, day))
        for day in (date(2019, 12, 31), date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1))
    ]

    assert present == [False, True, True, False]


def test_history_lists_own_rows_oldest_first(reference_data: object) -> None:
    asean = Framework.objects.get(code="ASEAN")

    history = MembershipIndex().history(asean.pk)

    assert [(m.party.code, m.role) for m in history][-3:] == [("KH", "member"), ("TL", "observer"), ("TL", "member")]
    assert [m.party.code for m in history][:5] == ["ID", "MY", "PH", "SG", "TH"]


def test_chair_for_year_2024_is_lao_pdr(reference_data: object) -> None:
    chair = chair_for_year(year=2024)

    assert chair is not None
    assert (chair.code, chair.name_en) == ("LA", "Lao PDR")


def test_chair_for_year_unrecorded_is_none(reference_data: object) -> None:
    assert chair_for_year(year=2028) is None


def test_chair_rotation_suggests_unrecorded_years_alphabetically(reference_data: object) -> None:
    rotation = chair_rotation(first_year=2024, last_year=2032)

    assert [(s.year, s.party.code, s.recorded) for s in rotation] == [
        (2024, "LA", True),
        (2025, "MY", True),
        (2026, "PH", True),
        (2027, "SG", True),
        (2028, "TH", False),
        (2029, "TL", True),
        (2030, "VN", False),
        (2031, "BN", False),
        (2032, "KH", False),
    ]


def test_chair_rotation_without_recorded_years_is_empty(db: None) -> None:
    assert chair_rotation(first_year=2024, last_year=2030) == []


def test_chair_rotation_skips_a_party_that_is_not_yet_member(db: None) -> None:
    asean = framework_create(code="ASEAN")
    alpha, beta, gamma = (
        party_create(code=c, name_en=n) for c, n in [("AL", "Alpha"), ("BE", "Beta"), ("GA", "Gamma")]
    )
    membership_create(framework=asean, party=alpha)
    membership_create(framework=asean, party=beta, valid_from=date(2031, 1, 1))
    membership_create(framework=asean, party=gamma)
    chair_year_create(year=2029, party=alpha)

    rotation = chair_rotation(first_year=2029, last_year=2032)

    assert [(s.year, s.party.code, s.recorded) for s in rotation] == [
        (2029, "AL", True),
        (2030, "GA", False),
        (2031, "AL", False),
        (2032, "BE", False),
    ]


@pytest.mark.parametrize(("first_year", "expected"), [(2009, 2010), (2010, 2010), (2031, 2031)])
def test_chair_rotation_starts_at_the_later_of_first_year_and_first_record(
    reference_data: object, first_year: int, expected: int
) -> None:
    rotation = chair_rotation(first_year=first_year, last_year=2031)

    assert rotation[0].year == expected
    assert rotation[-1].year == 2031
