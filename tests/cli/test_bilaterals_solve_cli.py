"""`mufakat bilaterals solve INSTANCE.json`: an instance file in, the schedule and its figures out, no database."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mufakat.cli import main

FREE = [{"start": "2024-07-24T09:00:00+07:00", "end": "2024-07-24T10:00:00+07:00"}]


def _instance(tmp_path: Path, **changes: Any) -> Path:
    data: dict[str, Any] = {
        "format": "mufakat-bilaterals-instance/1",
        "name": "three ministers",
        "start": "2024-07-24T00:00:00+07:00",
        "end": "2024-07-25T00:00:00+07:00",
        "buffer_minutes": 15,
        "principals": [{"id": f"{code}/minister", "available": FREE} for code in ("VN", "JP", "KR")],
        "rooms": [{"id": "R1", "capacity": 2}],
        "requests": [
            {"id": "r1", "principals": ["VN/minister", "JP/minister"], "duration_minutes": 30, "priority": 2},
            {"id": "r2", "principals": ["VN/minister", "KR/minister"], "duration_minutes": 30, "priority": 5},
        ],
    }
    data.update(changes)
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_solve_writes_the_schedule_and_prints_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schedule.json"

    code = main(["bilaterals", "solve", str(_instance(tmp_path)), "--time-limit", "10", "--output", str(out)])

    result = json.loads(out.read_text(encoding="utf-8"))
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "")
    assert [(a["request"], a["start"], a["room"]) for a in result["assignments"]] == [
        ("r2", "2024-07-24T09:00:00+07:00", "R1")
    ]
    assert [(u["request"], u["reason"]) for u in result["unscheduled"]] == [("r1", "lost_to_priority")]
    assert (result["status"], result["objective"], result["bound"], result["greedy"], result["violations"]) == (
        "optimal",
        5.0,
        5.0,
        {"objective": 2.0, "scheduled": 1},
        [],
    )
    lines = captured.err.splitlines()
    assert lines[0] == "instance.json: 2 requests, 3 principals, 1 rooms; solving (time limit 10 s)"
    assert lines[-2] == "idle gaps 0 (proven fewest 0, gap 0); worst principal VN/minister with 0; fairness 2"
    assert lines[-1].startswith("1 of 2 requests scheduled; weight 5, bound 5, gap 0.00% (optimal, ")
    assert re.search(r" \d+\.\d s used of a 10 s limit\)$", lines[-1])
    assert (result["time_limit"], result["cut"]) == (10, [])
    assert (result["gaps"], result["gaps_bound"], result["gap_fairness"]) == (0, 0, 2)


def test_solve_refuses_a_gap_fairness_out_of_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["bilaterals", "solve", str(_instance(tmp_path)), "--gap-fairness", "21"])

    assert refused.value.code == 2
    assert "--gap-fairness: '21' is not a whole number of idle gaps between 0 and 20" in capsys.readouterr().err


def test_solve_greedy_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "greedy.json"

    code = main(["bilaterals", "solve", str(_instance(tmp_path)), "--greedy", "--output", str(out)])

    result = json.loads(out.read_text(encoding="utf-8"))
    assert (code, result["solver"], result["objective"]) == (0, "greedy", 2.0)
    assert [a["request"] for a in result["assignments"]] == ["r1"]


def test_solve_previous_result_keeps_what_it_can(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "first.json"
    main(["bilaterals", "solve", str(_instance(tmp_path)), "--time-limit", "10", "--output", str(first)])
    later = [{"start": "2024-07-24T09:30:00+07:00", "end": "2024-07-24T10:30:00+07:00"}]
    principals = [
        {"id": "VN/minister", "available": later},
        {"id": "JP/minister", "available": FREE},
        {"id": "KR/minister", "available": later},
    ]
    second = tmp_path / "second.json"

    changed = _instance(tmp_path, principals=principals)
    code = main(
        ["bilaterals", "solve", str(changed), "--previous", str(first), "--time-limit", "10", "--output", str(second)]
    )

    result = json.loads(second.read_text(encoding="utf-8"))
    assert code == 0
    assert result["moves"] == [
        {
            "request": "r2",
            "before": {"start": "2024-07-24T09:00:00+07:00", "end": "2024-07-24T09:30:00+07:00", "room": "R1"},
            "after": {"start": "2024-07-24T09:30:00+07:00", "end": "2024-07-24T10:00:00+07:00", "room": "R1"},
        }
    ]
    assert result["moves_minimum"] == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .endswith("; 1 moved (1 re-timed or dropped; the fewest possible at this weight: 1)")
    )


def test_solve_bad_file_exits_2_naming_record_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _instance(tmp_path, start="2024-07-24T00:00:00", rooms=[{"id": "R1", "capacity": "two"}])

    code = main(["bilaterals", "solve", str(path)])

    assert (code, capsys.readouterr().err) == (
        2,
        f"error: {path}: start: '2024-07-24T00:00:00' has no UTC offset "
        "(write e.g. 2024-07-24T00:00:00+07:00 or 2024-07-24T00:00:00Z)\n",
    )


def test_solve_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")

    code = main(["bilaterals", "solve", str(path)])

    assert code == 2
    assert capsys.readouterr().err.startswith(f"error: {path} field 'INSTANCE': cannot be read as JSON: ")


def test_solve_to_standard_output_is_pure_json(tmp_path: Path) -> None:
    """In a fresh process HiGHS prints a banner on first use; it must not land in the JSON."""
    env = {**os.environ, "DEBUG": "true"}
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "mufakat.cli", "bilaterals", "solve", str(_instance(tmp_path)), "--time-limit", "10"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["objective"] == 5.0


def test_solve_without_debug_or_secret_key_runs(tmp_path: Path) -> None:
    """Solving an instance file touches no database and no session, so it needs no SECRET_KEY (production mode)."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env["ALLOWED_HOSTS"] = ""
    out = tmp_path / "schedule.json"
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "mufakat.cli", "bilaterals", "solve", str(_instance(tmp_path)), "--output", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )

    assert (completed.returncode, completed.stdout) == (0, ""), completed.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["objective"] == 5.0
    assert "SECRET_KEY" not in completed.stderr


def test_database_command_without_debug_or_secret_key_still_refuses(tmp_path: Path) -> None:
    env = {
        key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    completed = subprocess.run(
        [sys.executable, "-m", "mufakat.cli", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )

    # One line naming what to set, not a traceback.
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: SECRET_KEY is not set.")
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.splitlines()) == 1


@pytest.mark.parametrize(("content", "reason"), [(None, "No such file"), ("not json", "Expecting value")])
def test_solve_unreadable_instance_without_settings_says_why(tmp_path: Path, content: str | None, reason: str) -> None:
    """A missing or malformed file is refused naming the file, not with a traceback about settings."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    instance = tmp_path / "instance.json"
    if content is not None:
        instance.write_text(content, encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "mufakat.cli", "bilaterals", "solve", str(instance)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )

    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.startswith(f"error: {instance} field 'INSTANCE': cannot be read as JSON: ")
    assert reason in completed.stderr
    assert "Traceback" not in completed.stderr
