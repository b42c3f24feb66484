"""The demo states the tests run on, built once per state and kept committed in the (per xdist worker) test
database, so that a test costs no more than its own transaction whatever demo it asks for.

A state is a snapshot level (0 empty, 1 reference data, 2 the demo, 3 the delegations demo: tests/conftest.py
takes these snapshots by running the real loaders once per session) plus the replay layers on top of it, in
`REPLAY_ORDER` (the programme demo; the documents demo; the bilaterals demo with or without its published
schedule). A replay layer's loader runs for real the first time a worker needs it; what it wrote (the new rows
and the changed fields of every mufakat table) is kept and replayed after that.

Before each test the autouse fixture `_demo_state` (tests/conftest.py) reads which demo fixtures the test
asks for (its fixture closure), and commits that state if the database does not hold it already. The test
then runs in its own transaction (pytest-django's `db`), rolled back at its end, so it may change the data
freely and never sees another test's writes. Tests are sorted by the state they need (tests/conftest.py,
`pytest_collection_modifyitems`), so a worker switches state a few dozen times per run instead of writing
a demo into every test.

Tests on committed tables (`transactional_db`: races, the job worker, the browser tests) start on an empty
database, as Django's TransactionTestCase expects, write the demo they ask for themselves (the fixtures'
fall-back below), and pytest-django empties the tables after them. The same fall-back serves a demo fixture
asked for at run time (request.getfixturevalue): it is written into the test's transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

_Table = dict[Any, dict[str, Any]]

# The replay layers in the order they are written on top of the delegations demo.
REPLAY_ORDER = ("programme_demo", "documents_demo", "bilateral_requests_demo", "bilaterals_demo", "journey_demo")
# The snapshot levels, by the fixture that asks for each.
SNAPSHOT_LEVELS = {"reference_data": 1, "demo": 2, "delegations_demo": 3}
DELEGATIONS = 3

State = tuple[int, tuple[str, ...]]
EMPTY: State = (0, ())


def mufakat_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("mufakat.")
    ]


def take() -> dict[type[Model], _Table]:
    tables: dict[type[Model], _Table] = {}
    for model in mufakat_models():
        pk = model._meta.pk.attname
        tables[model] = {row[pk]: row for row in model._base_manager.order_by("pk").values()}
    return tables


def _without_key(model: type[Model], row: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != model._meta.pk.attname}


@dataclass(frozen=True)
class Writes:
    """What a loader wrote: the rows it inserted and the fields it changed, table by table."""

    inserted: list[tuple[type[Model], list[dict[str, Any]]]]
    updated: list[tuple[type[Model], Any, dict[str, Any]]]

    @classmethod
    def between(cls, before: dict[type[Model], _Table], after: dict[type[Model], _Table]) -> Writes:
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


@dataclass(frozen=True)
class Layer:
    """A replay layer: its loader, and what to run after each replay (e.g. back-dating the rows)."""

    load: Callable[[], object]
    after_replay: Callable[[], object] | None = None


class Snapshot(Protocol):
    """A snapshot level's rows, written by replacing the rows of its tables (tests/conftest.py _Rows)."""

    def write(self) -> None: ...


@dataclass
class DemoState:
    """Per worker process: the committed state, the state inside the running test, the captured replays."""

    layers: dict[str, Layer] = field(default_factory=dict)
    writes: dict[str, Writes] = field(default_factory=dict)
    committed: State = EMPTY
    in_test: State = EMPTY
    _sequences_sql: str | None = None

    def register(self, name: str, load: Callable[[], object], after_replay: Callable[[], object] | None = None) -> None:
        assert name in REPLAY_ORDER, name
        self.layers[name] = Layer(load, after_replay)

    @staticmethod
    def wanted(fixturenames: Sequence[str]) -> State:
        """The state a test's fixture closure asks for."""
        replays = tuple(name for name in REPLAY_ORDER if name in fixturenames)
        level = max((level for name, level in SNAPSHOT_LEVELS.items() if name in fixturenames), default=0)
        return (DELEGATIONS if replays else level), replays

    def _apply(self, name: str) -> None:
        layer = self.layers[name]
        if name in self.writes:
            self.writes[name].replay()
            if layer.after_replay is not None:
                layer.after_replay()
        else:
            before = take()
            layer.load()
            self.writes[name] = Writes.between(before, take())

    @staticmethod
    def clear() -> None:
        """Delete every row of every mufakat table (foreign keys are checked at commit)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in mufakat_models():
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608 - names from the models

    def _build(self, current: State, wanted: State, snapshots: dict[int, Snapshot]) -> None:
        (level, replays), (have_level, have_replays) = wanted, current
        if have_replays == () and have_level <= level:
            if have_level < level:
                snapshots[level].write()
            todo = replays
        elif have_level == level and replays[: len(have_replays)] == have_replays:
            todo = replays[len(have_replays) :]
        else:
            self.clear()
            if level:
                snapshots[level].write()
            todo = replays
        for name in todo:
            self._apply(name)

    def commit(self, wanted: State, snapshots: dict[int, Snapshot]) -> None:
        """Make the committed tables hold `wanted` (outside any test transaction)."""
        if self.committed != wanted:
            with transaction.atomic():
                self._build(self.committed, wanted, snapshots)
                # What a loader defers to the commit (a job's submission to the task queue) never ran when the
                # loaders wrote into a test's rolled-back transaction; it does not run here either.
                connection.run_on_commit.clear()
            self.committed = wanted
        self.in_test = wanted
        self.reset_sequences()

    def reset_sequences(self) -> None:
        """On PostgreSQL a rolled-back insert still advances its sequence: set every mufakat sequence back to
        the table's largest key before each test, so keys do not depend on the tests that ran before."""
        if connection.vendor != "postgresql":
            return
        if self._sequences_sql is None:
            self._sequences_sql = ";\n".join(connection.ops.sequence_reset_sql(no_style(), mufakat_models()))
        with connection.cursor() as cursor:
            cursor.execute(self._sequences_sql)

    def ensure_in_test(self, wanted: State, snapshots: dict[int, Snapshot]) -> None:
        """Write into the running test what it asks for beyond what the database holds (see the docstring)."""
        target = (max(wanted[0], self.in_test[0]), _merged(self.in_test[1], wanted[1]))
        if target != self.in_test:
            self._build(self.in_test, target, snapshots)
            self.in_test = target


def _merged(have: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in REPLAY_ORDER if name in have or name in more)


STATE = DemoState()
