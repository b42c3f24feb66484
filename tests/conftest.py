"""Shared fixtures: the shipped reference data and the demo, fresh for every test that asks.

The loaders run once per test session, for real (`reference_data_load` + `bodies_load`, then
`demo_load`), and the rows they wrote are kept in memory. Each test that asks for `reference_data` or
`demo` gets exactly those rows written into its own transaction (a dozen bulk inserts), so tests stay
isolated and may change the data freely, and the suite stays fast on PostgreSQL too, where running the
loaders themselves takes about a second per test. Loader behaviour itself is tested by calling the
loaders directly (tests/reference/test_services.py, tests/meetings/test_services.py, tests/cli/)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import translation

from mufakat.meetings.demo import DemoReport, demo_load
from mufakat.meetings.models import Body, Meeting, Room, Series, Session, Venue
from mufakat.meetings.services import bodies_load
from mufakat.reference.models import ChairYear, Framework, Membership, Party, ReferenceDataLoad
from mufakat.reference.services import LoadReport, reference_data_load

# Parents before children; deleted in the reverse order.
_MODELS: list[type[Model]] = [
    Party,
    Framework,
    Framework.includes.through,
    Membership,
    ChairYear,
    ReferenceDataLoad,
    Body,
    Venue,
    Room,
    Series,
    Meeting,
    Session,
]


@dataclass(frozen=True)
class _Rows:
    by_model: dict[type[Model], list[dict[str, Any]]]

    @classmethod
    def take(cls) -> _Rows:
        return cls({model: list(model._default_manager.order_by("pk").values()) for model in _MODELS})

    def write(self) -> None:
        """Replace the domain tables' rows with these, keeping primary keys; reset the id sequences."""
        with connection.cursor() as cursor:
            for model in reversed(_MODELS):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        for model in _MODELS:
            model._default_manager.bulk_create([model(**values) for values in self.by_model[model]])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _MODELS):
                cursor.execute(sql)


def _refuse_rows_outside_the_snapshot() -> None:
    """If a loader starts writing to another table, the snapshot must learn about it: fail loudly."""
    missed = [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("mufakat.")
        and model not in _MODELS
        and model._default_manager.exists()
    ]
    assert missed == [], f"the loaders wrote rows to {missed}; add those models to tests/conftest.py _MODELS"


@dataclass(frozen=True)
class _Loaded:
    reference: _Rows
    reference_report: LoadReport
    demo: _Rows
    demo_meetings: int
    demo_sessions: int
    demo_series: list[str]


@pytest.fixture(scope="session")
def _loaded(django_db_setup: None, django_db_blocker: Any) -> _Loaded:
    """Run the real loaders once, keep what they wrote, and leave the test database empty again."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        reference = _Rows.take()
        demo = demo_load()
        _refuse_rows_outside_the_snapshot()
        loaded = _Loaded(
            reference=reference,
            reference_report=report,
            demo=_Rows.take(),
            demo_meetings=demo.meetings,
            demo_sessions=demo.sessions,
            demo_series=[series.code for series in demo.series],
        )
        transaction.set_rollback(True)
    return loaded


@pytest.fixture
def reference_data(db: None, _loaded: _Loaded) -> LoadReport:
    """Parties, frameworks, memberships, chair years and bodies (with their year-only history), as
    written by reference_data_load + bodies_load; returns their load report."""
    _loaded.reference.write()
    return copy.deepcopy(_loaded.reference_report)


@pytest.fixture
def demo(reference_data: LoadReport, _loaded: _Loaded) -> DemoReport:
    """The reference data plus the AMM-57 (Vientiane 2024) and AMM-43 (Hanoi 2010) series, as written
    by demo_load; returns its report."""
    _loaded.demo.write()
    return DemoReport(
        series=[Series.objects.get(code=code) for code in _loaded.demo_series],
        meetings=_loaded.demo_meetings,
        sessions=_loaded.demo_sessions,
    )


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request in Vietnamese activates that language in the thread; do not let it leak."""
    yield
    translation.activate("en")
