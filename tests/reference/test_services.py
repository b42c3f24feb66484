"""The reference data loader (one transaction, validate before writing, idempotent) and membership edits."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from mufakat.core.errors import ValidationFailed
from mufakat.meetings.models import Body
from mufakat.reference.enums import FrameworkKind, MembershipRole
from mufakat.reference.models import ChairYear, Framework, Membership, Party, ReferenceDataLoad
from mufakat.reference.services import default_reference_file, membership_save, reference_data_load
from tests.factories import framework_create, membership_create, party_create

SHIPPED_COUNTS = {"parties": 41, "frameworks": 22, "memberships": 114, "chair years": 19}

SMALL_FILE = """\
version = "test-1"

[[parties]]
code = "AA"
kind = "state"
name_en = "Aaland"
name_vi = "A-lan"
source = "test"

[[parties]]
code = "BB"
kind = "state"
name_en = "Bebland"
name_vi = "Bê-lan"
source = "test"

[[frameworks]]
code = "FW"
kind = "association"
name_en = "Test Framework"
name_vi = "Khuôn khổ thử"
source = "test"
members = [
  { party = "AA", role = "member", from = 2000-01-01, source = "test" },
  { party = "BB", role = "member", from = 2000-01-01, to = 2009-12-31, source = "test" },
]

[[chair_years]]
year = 2024
party = "AA"
source = "test"
"""


def _counts() -> dict[str, int]:
    return {
        "parties": Party.objects.count(),
        "frameworks": Framework.objects.count(),
        "memberships": Membership.objects.count(),
        "chair years": ChairYear.objects.count(),
        "loads": ReferenceDataLoad.objects.count(),
    }


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reference.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _shipped_with(tmp_path: Path, old: str, new: str) -> Path:
    """The shipped file with exactly one passage changed."""
    text = default_reference_file().read_text(encoding="utf-8")
    assert text.count(old) == 1
    return _write(tmp_path, text.replace(old, new))


def test_reference_data_load_on_empty_database_creates_every_record(db: None) -> None:
    report = reference_data_load()

    assert _counts() == {**SHIPPED_COUNTS, "loads": 1}
    assert report.summary() == (
        "reference data 2026.12.06-1: chair years: 19 new, 0 updated; frameworks: 22 new, 0 updated; "
        "memberships: 114 new, 0 updated; parties: 41 new, 0 updated"
    )
    assert ReferenceDataLoad.objects.get().version == "2026.12.06-1"


def test_reference_data_load_twice_is_idempotent(db: None) -> None:
    reference_data_load()
    first_ids = sorted(Membership.objects.values_list("pk", flat=True))

    report = reference_data_load()

    assert report.summary() == "reference data 2026.12.06-1: nothing changed"
    assert _counts() == {**SHIPPED_COUNTS, "loads": 2}
    assert sorted(Membership.objects.values_list("pk", flat=True)) == first_ids


def test_reference_data_load_small_file_creates_expected_rows(db: None, tmp_path: Path) -> None:
    report = reference_data_load(path=_write(tmp_path, SMALL_FILE))

    assert report.summary() == (
        "reference data test-1: chair years: 1 new, 0 updated; frameworks: 1 new, 0 updated; "
        "memberships: 2 new, 0 updated; parties: 2 new, 0 updated"
    )
    assert list(Membership.objects.values_list("party__code", "valid_from", "valid_to", "from_data_file")) == [
        ("AA", date(2000, 1, 1), None, True),
        ("BB", date(2000, 1, 1), date(2009, 12, 31), True),
    ]


def test_reference_data_load_changed_fact_updates_and_removes_stale_rows(db: None, tmp_path: Path) -> None:
    reference_data_load(path=_write(tmp_path, SMALL_FILE))
    changed = SMALL_FILE.replace('name_en = "Bebland"', 'name_en = "Beeland"').replace(
        '  { party = "BB", role = "member", from = 2000-01-01, to = 2009-12-31, source = "test" },\n', ""
    )

    report = reference_data_load(path=_write(tmp_path, changed))

    assert (
        report.summary() == "reference data test-1: memberships: 0 new, 0 updated, 1 removed; parties: 0 new, 1 updated"
    )
    assert Party.objects.get(code="BB").name_en == "Beeland"
    assert list(Membership.objects.values_list("party__code", flat=True)) == ["AA"]


def test_reference_data_load_keeps_hand_entered_rows(db: None, tmp_path: Path) -> None:
    reference_data_load(path=_write(tmp_path, SMALL_FILE))
    membership_save(
        membership=Membership(
            framework=Framework.objects.get(code="FW"),
            party=Party.objects.get(code="BB"),
            role="observer",
            valid_from=date(2010, 1, 1),
        )
    )

    report = reference_data_load(path=_write(tmp_path, SMALL_FILE))

    assert report.summary() == "reference data test-1: nothing changed"
    assert list(Membership.objects.order_by("party__code", "valid_from").values_list("party__code", "role")) == [
        ("AA", "member"),
        ("BB", "member"),
        ("BB", "observer"),
    ]


def test_reference_data_load_expands_dialogue_partners_into_plus_one_frameworks(reference_data: object) -> None:
    framework = Framework.objects.get(code="ASEAN-GB")

    assert (framework.kind, framework.name_en, framework.abbreviation, framework.established) == (
        "plus_one",
        "ASEAN-United Kingdom Dialogue Relations",
        "ASEAN-GB",
        date(2021, 8, 2),
    )
    assert [f.code for f in framework.includes.all()] == ["ASEAN"]
    assert list(framework.memberships.values_list("party__code", "role", "valid_from")) == [
        ("GB", "partner", date(2021, 8, 2))
    ]


def test_reference_data_load_unknown_party_in_membership_is_refused(db: None, tmp_path: Path) -> None:
    bad = SMALL_FILE.replace(
        '{ party = "BB", role = "member", from = 2000-01-01, to',
        '{ party = "ZZ", role = "member", from = 2000-01-01, to',
    )

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=_write(tmp_path, bad))

    assert (caught.value.record, caught.value.field, caught.value.message) == (
        "framework FW members[1]",
        "party",
        "unknown party code 'ZZ'.",
    )
    assert _counts() == {"parties": 0, "frameworks": 0, "memberships": 0, "chair years": 0, "loads": 0}


def test_reference_data_load_unknown_party_on_loaded_database_changes_nothing(
    reference_data: object, tmp_path: Path
) -> None:
    before = _counts()
    # Also change a party's name earlier in the file: the refusal must not leave that change behind.
    bad = _shipped_with(
        tmp_path,
        '{ party = "LK", role = "member", from = 2007-08-02',
        '{ party = "XX", role = "member", from = 2007-08-02',
    )
    bad.write_text(bad.read_text(encoding="utf-8").replace('name_en = "Viet Nam"', 'name_en = "Vietnam"'), "utf-8")

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=bad)

    assert str(caught.value) == "framework ARF members[26] field 'party': unknown party code 'XX'."
    assert _counts() == before
    assert Party.objects.get(code="VN").name_en == "Viet Nam"


def test_reference_data_load_overlapping_memberships_are_refused(reference_data: object, tmp_path: Path) -> None:
    before = _counts()
    bad = _shipped_with(tmp_path, "from = 2022-11-11, to = 2025-10-25", "from = 2022-11-11, to = 2025-10-26")

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=bad)

    assert (caught.value.record, caught.value.field, caught.value.message) == (
        "framework ASEAN member TL",
        "valid_from",
        "validity 2025-10-26 to open (member) overlaps 2022-11-11 to 2025-10-26 (observer); "
        "end the earlier membership before the next one starts.",
    )
    assert _counts() == before


def test_reference_data_load_overlap_with_hand_entered_row_rolls_back_everything(
    reference_data: object, tmp_path: Path
) -> None:
    """This overlap is only visible in the database, after the file's rows were written: the whole
    load must still be undone."""
    membership_save(
        membership=Membership(
            framework=Framework.objects.get(code="ASEAN-SDP"),
            party=Party.objects.get(code="NO"),
            role="observer",
            valid_from=date(2010, 1, 1),
            valid_to=date(2012, 12, 31),
        )
    )
    before = _counts()
    bad = _shipped_with(
        tmp_path,
        'party = "NO", role = "partner", from = 2015-01-01',
        'party = "NO", role = "partner", from = 2011-01-01',
    )
    bad.write_text(bad.read_text(encoding="utf-8").replace('name_en = "Viet Nam"', 'name_en = "Vietnam"'), "utf-8")

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=bad)

    assert (caught.value.record, caught.value.field) == ("framework ASEAN-SDP member NO", "valid_from")
    assert _counts() == before
    assert Party.objects.get(code="VN").name_en == "Viet Nam"
    assert Membership.objects.get(framework__code="ASEAN-SDP", party__code="NO", role="partner").valid_from == date(
        2015, 1, 1
    )


def test_reference_data_load_duplicate_party_code_is_refused(reference_data: object, tmp_path: Path) -> None:
    before = _counts()
    duplicate = '[[parties]]\ncode = "BN"\nkind = "state"\nname_en = "Brunei"\nname_vi = "Bru-nây"\nsource = "test"\n\n'
    bad = _shipped_with(tmp_path, '[[parties]]\ncode = "KH"\n', duplicate + '[[parties]]\ncode = "KH"\n')

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=bad)

    assert (caught.value.record, caught.value.field, caught.value.message) == (
        "party BN",
        "code",
        "code 'BN' appears twice.",
    )
    assert _counts() == before


def test_reference_data_load_end_before_start_is_refused(reference_data: object, tmp_path: Path) -> None:
    before = _counts()
    bad = _shipped_with(tmp_path, "from = 2022-11-11, to = 2025-10-25", "from = 2022-11-11, to = 2021-01-01")

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=bad)

    assert (caught.value.record, caught.value.field, caught.value.message) == (
        "framework ASEAN members[10]",
        "valid_to",
        "valid_to 2021-01-01 is before valid_from 2022-11-11; the end must not precede the start.",
    )
    assert _counts() == before


class BadEdit(NamedTuple):
    old: str
    new: str
    record: str  # "{path}" stands for the file's path
    field: str
    message: str


BAD_EDITS = [
    BadEdit('version = "test-1"', 'version = ""', "{path}", "version", "is missing or empty."),
    BadEdit(
        'code = "FW"\nkind = "association"',
        'code = "FW"\nkind = "club"',
        "framework FW",
        "kind",
        f"'club' is not one of {', '.join(FrameworkKind.values)}.",
    ),
    BadEdit('name_en = "Aaland"\n', "", "party AA", "name_en", "is missing or empty."),
    BadEdit(
        'role = "member", from = 2000-01-01, source',
        'role = "boss", from = 2000-01-01, source',
        "framework FW members[0]",
        "role",
        f"'boss' is not one of {', '.join(MembershipRole.values)}.",
    ),
    BadEdit(
        "from = 2000-01-01, source",
        'from = "2000", source',
        "framework FW members[0]",
        "from",
        "must be a date (YYYY-MM-DD), got '2000'.",
    ),
    BadEdit(
        'source = "test"\nmembers',
        'source = "test"\nincludes = ["NOPE"]\nmembers',
        "framework FW",
        "includes",
        "unknown framework code 'NOPE'.",
    ),
    BadEdit(
        'year = 2024\nparty = "AA"', 'year = 2024\nparty = "QQ"', "chair year 2024", "party", "unknown party code 'QQ'."
    ),
    BadEdit("year = 2024\n", 'year = "2024"\n', "chair_years[0]", "year", "must be a int, got '2024'."),
]


@pytest.mark.parametrize("edit", BAD_EDITS, ids=lambda edit: f"{edit.record}-{edit.field}")
def test_reference_data_load_bad_field_is_named(db: None, tmp_path: Path, edit: BadEdit) -> None:
    assert SMALL_FILE.count(edit.old) == 1
    path = _write(tmp_path, SMALL_FILE.replace(edit.old, edit.new))

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=path)

    assert (caught.value.record, caught.value.field, caught.value.message) == (
        edit.record.format(path=path),
        edit.field,
        edit.message,
    )
    assert Party.objects.count() == 0


def test_reference_data_load_duplicate_chair_year_is_refused(db: None, tmp_path: Path) -> None:
    text = SMALL_FILE + '\n[[chair_years]]\nyear = 2024\nparty = "BB"\nsource = "test"\n'

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=_write(tmp_path, text))

    assert (caught.value.record, caught.value.field, caught.value.message) == (
        "chair year 2024",
        "year",
        "year 2024 appears twice.",
    )


def test_reference_data_load_invalid_toml_is_refused(db: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "version = \n")

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=path)

    assert caught.value.record == str(path)
    assert caught.value.message.startswith("is not valid TOML: ")


def test_reference_data_load_missing_file_is_refused(db: None, tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"

    with pytest.raises(ValidationFailed) as caught:
        reference_data_load(path=path)

    assert str(caught.value) == f"{path}: file {path} does not exist."


def test_membership_save_refuses_overlap_with_existing_row(reference_data: object) -> None:
    before = Membership.objects.count()
    membership = Membership(
        framework=Framework.objects.get(code="ASEAN"),
        party=Party.objects.get(code="TL"),
        role="observer",
        valid_from=date(2020, 1, 1),
        valid_to=date(2023, 1, 1),
    )

    with pytest.raises(ValidationFailed) as caught:
        membership_save(membership=membership)

    assert (caught.value.record, caught.value.field) == ("framework ASEAN member TL", "valid_from")
    assert caught.value.message.startswith(
        "validity 2020-01-01 to 2023-01-01 (this row) overlaps 2022-11-11 to 2025-10-25"
    )
    assert Membership.objects.count() == before


def test_membership_save_accepts_period_ending_the_day_before_the_next(db: None) -> None:
    framework = framework_create(code="FW")
    party = party_create(code="AA")
    membership_create(framework=framework, party=party, valid_from=date(2010, 1, 1))

    saved = membership_save(
        membership=Membership(
            framework=framework, party=party, role="observer", valid_from=date(2005, 1, 1), valid_to=date(2009, 12, 31)
        )
    )

    assert saved.pk is not None
    assert list(Membership.objects.order_by("valid_from").values_list("role", "valid_from")) == [
        ("observer", date(2005, 1, 1)),
        ("member", date(2010, 1, 1)),
    ]


def test_membership_save_refuses_open_start_before_an_existing_row(db: None) -> None:
    framework = framework_create(code="FW")
    party = party_create(code="AA")
    membership_create(framework=framework, party=party, valid_from=date(2010, 1, 1))

    with pytest.raises(ValidationFailed) as caught:
        membership_save(
            membership=Membership(framework=framework, party=party, role="observer", valid_to=date(2010, 1, 1))
        )

    assert caught.value.field == "valid_from"
    assert Membership.objects.count() == 1


def test_membership_save_changing_own_row_is_not_an_overlap(db: None) -> None:
    framework = framework_create(code="FW")
    membership = membership_create(framework=framework, party=party_create(code="AA"), valid_from=date(2010, 1, 1))
    membership.valid_to = date(2020, 12, 31)

    membership_save(membership=membership)

    membership.refresh_from_db()
    assert (membership.valid_from, membership.valid_to) == (date(2010, 1, 1), date(2020, 12, 31))


def test_membership_save_refuses_end_before_start(db: None) -> None:
    framework = framework_create(code="FW")
    party = party_create(code="AA")

    with pytest.raises(ValidationFailed) as caught:
        membership_save(
            membership=Membership(
                framework=framework, party=party, valid_from=date(2010, 1, 1), valid_to=date(2009, 1, 1)
            )
        )

    assert (caught.value.record, caught.value.field) == ("framework FW member AA", "valid_to")
    assert Membership.objects.count() == 0


def test_reference_data_sources_cite_public_sources_not_the_design_file(reference_data: object, demo: object) -> None:
    """Source notes are shown on the public framework pages: each names a public source, never our DESIGN.md."""
    notes = [
        *Party.objects.values_list("code", "source_note"),
        *Framework.objects.values_list("code", "source_note"),
        *Membership.objects.values_list("framework__code", "source_note"),
        *ChairYear.objects.values_list("year", "source_note"),
        *Body.objects.values_list("code", "source_note"),
    ]
    eas = Membership.objects.filter(framework__code="EAS", party__code__in=["RU", "US"])

    assert [(key, note) for key, note in notes if "DESIGN" in note] == []
    assert sorted(eas.values_list("party__code", "source_note")) == [
        (
            code,
            "Chairman's Statement of the 6th East Asia Summit, Bali, 19 November 2011 (joined in 2011; day "
            "approximated to 1 January)",
        )
        for code in ("RU", "US")
    ]
