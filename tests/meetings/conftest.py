"""The AMM-57 programme demo, fresh for every test that asks.

`programme_demo_load` (releases v1 and v2, the AMM and SOM agendas, the SOM's recommendations to the
57th AMM) runs for real in the first test that asks for `programme_demo`, on top of `delegations_demo`.
What it wrote — the new rows and the changed fields of every mufakat table — is kept, and every later
test gets exactly those writes replayed into its own transaction: a handful of inserts instead of two
releases, so the suite stays fast on PostgreSQL. The loader itself is covered by the first test and by
the exact values every test asserts on its result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

from mufakat.demo.delegations import DemoLogin
from mufakat.demo.programme import programme_demo_load
from mufakat.meetings.models import Series

_Table = dict[Any, dict[str, Any]]


def _mufakat_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("mufakat.")
    ]


def _take() -> dict[type[Model], _Table]:
    tables: dict[type[Model], _Table] = {}
    for model in _mufakat_models():
        pk = model._meta.pk.attname
        tables[model] = {row[pk]: row for row in model._base_manager.order_by("pk").values()}
    return tables


def _without_key(model: type[Model], row: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != model._meta.pk.attname}


@dataclass(frozen=True)
class _Writes:
    inserted: list[tuple[type[Model], list[dict[str, Any]]]]
    updated: list[tuple[type[Model], Any, dict[str, Any]]]

    @classmethod
    def between(cls, before: dict[type[Model], _Table], after: dict[type[Model], _Table]) -> _Writes:
        inserted: list[tuple[type[Model], list[dict[str, Any]]]] = []
        updated: list[tuple[type[Model], Any, dict[str, Any]]] = []
        for model, rows in after.items():
            old = before[model]
            deleted = sorted(set(old) - set(rows))
            assert deleted == [], f"the demo loader deleted {model._meta.label} {deleted}; replay cannot do that"
            new = [row for pk, row in rows.items() if pk not in old]
            if new:
                inserted.append((model, new))
            for pk, row in rows.items():
                if pk in old and row != old[pk]:
                    updated.append((model, pk, {k: v for k, v in row.items() if v != old[pk][k]}))
        # Rows nothing else points at (audit entries, recommendations) take fresh keys on replay, so a fixture
        # that wrote such rows before this one (a persona's role.assign entry) cannot collide with them.
        referenced = {
            field.related_model for model, _ in inserted for field in model._meta.concrete_fields if field.is_relation
        }
        inserted = [
            (model, rows if model in referenced else [_without_key(model, row) for row in rows])
            for model, rows in inserted
        ]
        return cls(inserted=inserted, updated=updated)

    def replay(self) -> None:
        """Write the same rows, with the same keys where other rows point at them. Foreign keys are checked
        at commit (Django creates them deferred on PostgreSQL and SQLite), so the order of tables does not
        matter. auto_now_add fields (released_at, recommended_at) take the time of the replay."""
        for model, rows in self.inserted:
            model._base_manager.bulk_create([model(**row) for row in rows])
        for model, pk, changes in self.updated:
            model._base_manager.filter(pk=pk).update(**changes)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in self.inserted]):
                cursor.execute(sql)


@pytest.fixture(scope="session")
def _programme_writes() -> dict[str, _Writes]:
    """Filled by the first test that loads the programme demo (one per xdist worker)."""
    return {}


@pytest.fixture
def programme_demo(delegations_demo: list[DemoLogin], _programme_writes: dict[str, _Writes]) -> Series:
    """The delegations demo plus AMM-57's programme v1 and v2 (the ARF chair's press conference moved an
    hour), the AMM and SOM agendas and the SOM's recommendations; returns the AMM-57 series."""
    if "writes" in _programme_writes:
        _programme_writes["writes"].replay()
    else:
        before = _take()
        programme_demo_load()
        _programme_writes["writes"] = _Writes.between(before, _take())
    return Series.objects.select_related("venue").get(code="amm-57")
