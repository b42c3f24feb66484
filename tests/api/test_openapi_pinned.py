"""The OpenAPI document keeps every path, method and operation id that clients were generated from.

`openapi_operations.txt` is the committed list; moving code between modules must not change it. A new
operation is added to the list on purpose, in the same commit as the operation."""

from __future__ import annotations

from pathlib import Path

from mufakat.api.urls import api

PINNED = Path(__file__).with_name("openapi_operations.txt")


def _operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} {path} {operation['operationId']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    )


def test_every_pinned_operation_keeps_its_path_method_and_id() -> None:
    pinned = PINNED.read_text(encoding="utf-8").split("\n")
    pinned = [line for line in pinned if line.strip()]
    current = _operations()
    missing = sorted(set(pinned) - set(current))
    added = sorted(set(current) - set(pinned))
    assert not missing, f"operations gone or renamed: {missing}"
    assert not added, f"operations not in {PINNED.name} (add them on purpose): {added}"


def test_operation_ids_are_unique() -> None:
    ids = [line.rsplit(" ", 1)[1] for line in _operations()]
    assert len(ids) == len(set(ids))
