"""Settings come from the environment; production mode refuses unsafe values instead of starting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _import_settings(tmp_path: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DATABASE_URL"}}
    environment |= {"MUFAKAT_HOME": str(tmp_path), "ALLOWED_HOSTS": "mufakat.example.org"}
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "-c", "import mufakat.settings as s; print(s.DEBUG, s.SECRET_KEY)"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, DEBUG="false")

    assert result.returncode == 1
    assert result.stdout == ""
    assert (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set. "
        "In production (DEBUG=false) mufakat needs a real secret key"
    ) in result.stderr


def test_settings_production_with_weak_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, DEBUG="false", SECRET_KEY="django-insecure-" + "x" * 50)

    assert result.returncode == 1
    assert "SECRET_KEY is too weak for production (DEBUG=false)" in result.stderr


def test_settings_debug_must_be_a_boolean(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, DEBUG="maybe")

    assert result.returncode == 1
    assert "DEBUG='maybe' is not a boolean; use one of: true, false, 1, 0." in result.stderr


def test_settings_production_without_allowed_hosts_refuses_to_start(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, DEBUG="false", SECRET_KEY="k" * 60, ALLOWED_HOSTS="")

    assert result.returncode == 1
    assert "ALLOWED_HOSTS is empty. In production set ALLOWED_HOSTS" in result.stderr


def test_settings_development_mode_starts_with_the_insecure_key(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, DEBUG="true")

    assert (result.returncode, result.stdout) == (0, "True insecure-development-key-never-use-in-production\n")
    assert (tmp_path / "var").is_dir()
