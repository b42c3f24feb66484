"""`mufakat user-add` and `mufakat audit-export`: the series through the one look-up, the operator audited as
the system actor 'command line user-add'."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mufakat.accounts.models import RoleAssignment
from mufakat.cli import main
from mufakat.demo.meetings import DemoReport
from tests.factories.accounts import audited_as


def test_user_add_gives_a_role_audited_as_the_command_line(
    demo: DemoReport, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["user-add", "kh.focal", "--series", "amm-57", "--role", "focal_point", "--party", "kh"])

    out = capsys.readouterr().out
    assert (code, out.splitlines()[0]) == (0, "kh.focal: focal_point for KH in amm-57")
    assert out.splitlines()[1].startswith("password (shown once): ")
    role = RoleAssignment.objects.get(user__username="kh.focal")
    assert (role.series.code, role.role, role.party.code) == ("amm-57", "focal_point", "KH")
    assert audited_as("role.assign", role.pk) == (None, "command line user-add", "system", role.series_id)


def test_user_add_to_an_unknown_series_names_the_option(demo: DemoReport, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["user-add", "someone", "--series", "amm-99", "--role", "observer", "--party", "TL"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--series': no series 'amm-99'.\n")
    assert not RoleAssignment.objects.filter(user__username="someone").exists()


def test_user_add_with_an_unknown_party_names_the_option(demo: DemoReport, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["user-add", "someone", "--series", "amm-57", "--role", "observer", "--party", "XX"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--party': no party 'XX'.\n")


def test_audit_export_writes_the_series_log_as_csv(
    demo: DemoReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["user-add", "kh.focal", "--series", "amm-57", "--role", "focal_point", "--party", "KH"])
    out = tmp_path / "audit.csv"

    code = main(["audit-export", "--series", "amm-57", "--output", str(out)])

    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert code == 0
    assert rows[0][:5] == ["at", "actor", "role", "party", "action"]
    assert [[*row[1:3], row[4]] for row in rows[1:] if row[4] == "role.assign"][-1] == [
        "command line user-add",
        "system",
        "role.assign",
    ]


def test_audit_export_of_an_unknown_series_names_the_option(
    demo: DemoReport, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit-export", "--series", "amm-99"])

    assert (code, capsys.readouterr()) == (2, ("", "error: field '--series': no series 'amm-99'.\n"))
