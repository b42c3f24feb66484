"""`core` is the bottom layer: it depends on nothing of ours above it (Django and the standard library only)."""

from __future__ import annotations

import ast
from pathlib import Path

import mufakat.core

CORE = Path(mufakat.core.__file__).parent


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:  # `from .x import y`: inside core
                names.append(f"mufakat.core.{node.module or ''}")
            elif node.level > 1:  # `from ..x import y`: climbs out of core
                names.append(f"mufakat.{node.module or ''}")
            elif node.module:
                names.append(node.module)
    return names


def test_core_imports_no_other_mufakat_package() -> None:
    outside = {
        f"{path.name}: {name}"
        for path in sorted(CORE.glob("*.py"))
        for name in _imported_modules(path)
        if name == "mufakat" or (name.startswith("mufakat.") and not name.startswith("mufakat.core"))
    }
    assert sorted(outside) == []


def test_the_check_sees_an_import_from_above(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "from mufakat.meetings.models import Series\nimport mufakat.reference\nfrom ..accounts import rules\n",
        encoding="utf-8",
    )
    assert _imported_modules(module) == ["mufakat.meetings.models", "mufakat.reference", "mufakat.accounts"]
