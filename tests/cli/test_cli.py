"""The `mufakat` command: exit codes and what it prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.cli import main
from mufakat.meetings.models import Meeting, Series, Session
from mufakat.meetings.services import default_bodies_file
from mufakat.reference.models import Membership, Party, ReferenceDataLoad
from mufakat.reference.services import default_reference_file

FIRST_LOAD = (
    "reference data 2026.12.06-1: bodies: 33 new, 0 updated; chair years: 19 new, 0 updated; "
    "frameworks: 22 new, 0 updated; historic meetings: 131 new, 0 updated; memberships: 114 new, 0 updated; "
    "parties: 41 new, 0 updated\n"
)


def test_load_reference_on_empty_database_prints_the_summary(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["load-reference"])

    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (0, FIRST_LOAD, "")
    assert (Party.objects.count(), Membership.objects.count(), ReferenceDataLoad.objects.count()) == (41, 114, 1)


def test_load_reference_twice_reports_nothing_changed(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["load-reference"])
    capsys.readouterr()

    code = main(["load-reference"])

    assert (code, capsys.readouterr().out) == (0, "reference data 2026.12.06-1: nothing changed\n")
    assert Meeting.objects.count() == 131


def test_load_reference_bad_file_exits_2_with_error_on_stderr(
    reference_data: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    text = default_reference_file().read_text(encoding="utf-8")
    bad.write_text(text.replace('{ party = "LK", role = "member"', '{ party = "XX", role = "member"'), "utf-8")
    before = (Party.objects.count(), Membership.objects.count(), ReferenceDataLoad.objects.count())

    code = main(["load-reference", "--file", str(bad)])

    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "error: framework ARF members[26] field 'party': unknown party code 'XX'.\n"
    assert (Party.objects.count(), Membership.objects.count(), ReferenceDataLoad.objects.count()) == before


def test_load_reference_bad_bodies_file_rolls_back_the_reference_data(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bodies.toml"
    bad.write_text(
        default_bodies_file().read_text(encoding="utf-8").replace('framework = "ARF"', 'framework = "NOPE"'), "utf-8"
    )

    code = main(["load-reference", "--bodies", str(bad)])

    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "error: body ARF field 'framework': unknown framework code 'NOPE'.\n"
    assert (Party.objects.count(), ReferenceDataLoad.objects.count()) == (0, 0)


def test_load_reference_missing_file_exits_2(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent.toml"

    code = main(["load-reference", "--file", str(missing)])

    assert (code, capsys.readouterr().err) == (2, f"error: {missing}: file {missing} does not exist.\n")


def test_demo_loads_both_series(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo"])

    assert code == 0
    assert capsys.readouterr().out == FIRST_LOAD + (
        "the demo is set in July 2024: its records are dated up to 27 July 2024 20:00 (Asia/Vientiane); the app keeps "
        "today's date, so the demo's deadlines have passed (pages say so in a banner).\n"
        "demo series amm-57: 57th ASEAN Foreign Ministers' Meeting and Related Meetings (22 meetings)\n"
        "demo series amm-43: 43rd ASEAN Foreign Ministers' Meeting and Related Meetings (15 meetings)\n"
        "agreed-language archive (illustrative texts): the Joint Communiqués of the 55th AMM (amm-55, 2022) and the "
        "56th AMM (amm-56, 2023), adopted\n"
        "demo logins (series amm-57; log in at /accounts/login/):\n"
        "  lao.chair    password mufakat-demo-2024  — chair secretariat of Lao PDR\n"
        "  vn.focal     password mufakat-demo-2024  — Viet Nam's delegation focal point\n"
        "  jp.delegate  password mufakat-demo-2024  — a delegate of Japan (dialogue partner)\n"
        "  tl.observer  password mufakat-demo-2024  — an observer of Timor-Leste (ASEAN observer in 2024)\n"
    )
    assert sorted(Series.objects.values_list("code", flat=True)) == [
        "amm-43",
        "amm-55",
        "amm-56",
        "amm-57",
        "summit-44-45",
    ]
    sessions, audit_entries = Session.objects.count(), AuditEvent.objects.count()

    # A second `make run` loads the demo again: nothing is added, moved back or audited twice.
    assert main(["demo"]) == 0
    assert (Session.objects.count(), AuditEvent.objects.count()) == (sessions, audit_entries)
    assert Session.objects.filter(meeting__body__code="ARF", kind="press_conference").count() == 1


def test_check_on_the_demo_is_consistent(demo: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check"])

    assert (code, capsys.readouterr().out) == (0, "data is consistent.\n")


def test_check_reports_a_corrupted_ordinal(demo: object, capsys: pytest.CaptureFixture[str]) -> None:
    amm_57 = Meeting.objects.get(body__code="AMM", start_date=date(2024, 7, 25))
    Meeting.objects.filter(pk=amm_57.pk).update(ordinal=99)

    code = main(["check"])

    assert (code, capsys.readouterr().out) == (
        1,
        f"PROBLEM meeting #{amm_57.pk} of AMM on 2024-07-25 has ordinal 99, its history gives 57.\n"
        "1 problem(s) found.\n",
    )


def test_check_on_empty_database_asks_for_reference_data(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check"])

    assert (code, capsys.readouterr().out) == (
        1,
        "PROBLEM no reference data loaded: run `mufakat load-reference`.\n1 problem(s) found.\n",
    )


def test_unknown_command_exits_2_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])

    assert caught.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
