"""Shared fixtures: the shipped reference data, the demo and its delegations for every test that asks; and
the personas every access test uses.

The loaders run once per test session, for real (`reference_data_load` + `bodies_load`, then
`demo_load`, then `delegations_demo_load`), and the rows they wrote are kept in memory as snapshots. The
database state a test asks for (`reference_data`, `demo`, `delegations_demo`, and the replayed demos of
tests/meetings, tests/documents and tests/bilaterals on top of them) is committed before the test's
transaction starts, once per group of tests needing the same state (tests/demo_state.py), so a test pays
for its own transaction only, stays isolated (its writes are rolled back) and may change the data freely.
Loader behaviour itself is tested by calling the loaders directly (tests/reference/test_services.py,
tests/meetings/test_services.py, tests/cli/, tests/delegations/test_demo.py)."""

from __future__ import annotations

import copy
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import ApiToken, AuditEvent, LoginAttempt, RoleAssignment, User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.context import request_id_var
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.demo.delegations import DemoLogin, delegations_demo_load
from mufakat.demo.meetings import DemoReport, demo_load
from mufakat.meetings.models import AttendanceAddition, Body, Meeting, Room, Series, Session, Venue
from mufakat.meetings.services import bodies_load
from mufakat.reference.models import ChairYear, Framework, Membership, Party, ReferenceDataLoad
from mufakat.reference.services import LoadReport, reference_data_load
from mufakat.search.models import Precedent, PrecedentShingle, SearchEntry
from tests.demo_state import EMPTY, REPLAY_ORDER, STATE
from tests.factories.accounts import viewer_create

# No per-example deadline: these machines are shared and noisy, and speed is measured in bench/, not here.
hypothesis_settings.register_profile("mufakat", deadline=None)
hypothesis_settings.load_profile("mufakat")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, and at the end of the session no other session left on it: on
    PostgreSQL a connection a test left open (a thread's, a child process') makes DROP DATABASE fail and the
    run end in an error after every test passed. Those sessions are named, then closed."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchall()
        for pid, application, state, query in others:
            print(f"\nclosing a session left on the test database: pid {pid} {application!r} {state} {query!r}")
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """On SQLite the test database is a file (in memory-backed /dev/shm where there is one, so it costs
    no more than Django's in-memory default), not Django's shared-cache in-memory database: that one locks
    whole tables and answers a second writer with "database table is locked" at once instead of waiting,
    so the race tests (tests/races), whose threads each hold their own connection, could not run. A file in
    WAL mode with the busy timeout of settings.py behaves as the deployed database does."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    shm = Path("/dev/shm")  # noqa: S108 - a private directory made with mkdtemp below, not a fixed file name
    where = Path(tempfile.mkdtemp(prefix="mufakat-test-", dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("db")
    database.setdefault("TEST", {})["NAME"] = str(where / "test.sqlite3")
    yield
    shutil.rmtree(where, ignore_errors=True)


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
    AttendanceAddition,
    User,
    RoleAssignment,
    ApiToken,
    LoginAttempt,
    AuditEvent,
    Delegation,
    Participant,
    Circular,
    Circular.confidential_to.through,
    # The search index, derived from the rows above and written with them (no database constraints).
    SearchEntry,
    Precedent,
    PrecedentShingle,
]


@dataclass(frozen=True)
class _Rows:
    """Every row of the domain tables, kept as ready-to-run multi-row INSERT statements with their database
    values, so writing them back costs a statement or two per table: no model instances, no field pre_save
    (an auto_now_add time stays the one the loader wrote), few round trips to PostgreSQL."""

    statements: list[tuple[str, list[Any]]]

    @classmethod
    def take(cls) -> _Rows:
        statements = []
        quote = connection.ops.quote_name
        for model in _MODELS:
            fields = model._meta.concrete_fields
            rows = [
                [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
                for row in model._default_manager.order_by("pk").values_list(*(field.attname for field in fields))
            ]
            batch = max(1, connection.ops.bulk_batch_size(list(fields), rows))
            placeholders = f"({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                sql = "INSERT INTO {} ({}) VALUES {}".format(  # noqa: S608 - names from the models, values as parameters
                    quote(model._meta.db_table),
                    ", ".join(quote(field.column) for field in fields),
                    ", ".join([placeholders] * len(chunk)),
                )
                statements.append((sql, [value for row in chunk for value in row]))
        return cls(statements)

    def write(self) -> None:
        """Replace the domain tables' rows with these, keeping primary keys; reset the id sequences."""
        with connection.cursor() as cursor:
            for model in reversed(_MODELS):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            for sql, params in self.statements:
                cursor.execute(sql, params)
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
    delegations: _Rows
    demo_logins: list[DemoLogin]

    @property
    def snapshots(self) -> dict[int, _Rows]:
        return {1: self.reference, 2: self.demo, 3: self.delegations}


@pytest.fixture(scope="session")
def _loaded(django_db_setup: None, django_db_blocker: Any) -> _Loaded:
    """Run the real loaders once, keep what they wrote, and leave the test database empty again."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        reference = _Rows.take()
        demo = demo_load()
        demo_rows = _Rows.take()
        logins = delegations_demo_load()
        _refuse_rows_outside_the_snapshot()
        loaded = _Loaded(
            reference=reference,
            reference_report=report,
            demo=demo_rows,
            demo_meetings=demo.meetings,
            demo_sessions=demo.sessions,
            demo_series=[series.code for series in demo.series],
            delegations=_Rows.take(),
            demo_logins=logins,
        )
        transaction.set_rollback(True)
    return loaded


@pytest.fixture
def _demo_snapshots(_loaded: _Loaded) -> dict[int, _Rows]:
    return _loaded.snapshots


@pytest.fixture(autouse=True)
def _demo_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Commit the demo state this test asks for before its transaction starts (tests/demo_state.py)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        # Committed tables are the test's own: start empty, as TransactionTestCase expects; it is flushed after.
        if STATE.committed != EMPTY:
            request.getfixturevalue("django_db_setup")
            with request.getfixturevalue("django_db_blocker").unblock(), transaction.atomic():
                STATE.clear()
        STATE.committed = STATE.in_test = EMPTY
        yield
        STATE.committed = STATE.in_test = EMPTY
        return
    if "db" in names:
        loaded: _Loaded = request.getfixturevalue("_loaded")
        with request.getfixturevalue("django_db_blocker").unblock():
            STATE.commit(STATE.wanted(names), loaded.snapshots)
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests grouped by the demo state they need, so each worker builds each state a few times, not
    once per test (the order within a group is the collection order)."""

    def state(item: pytest.Item) -> tuple[int, tuple[int, ...]]:
        level, replays = STATE.wanted(getattr(item, "fixturenames", ()))
        return level, tuple(REPLAY_ORDER.index(name) for name in replays)

    items.sort(key=state)


@pytest.fixture
def reference_data(db: None, _loaded: _Loaded) -> LoadReport:
    """Parties, frameworks, memberships, chair years and bodies (with their year-only history), as
    written by reference_data_load + bodies_load; returns their load report."""
    STATE.ensure_in_test((1, ()), _loaded.snapshots)
    return copy.deepcopy(_loaded.reference_report)


@pytest.fixture
def demo(db: None, _loaded: _Loaded) -> DemoReport:
    """The reference data plus the AMM-57 (Vientiane 2024) and AMM-43 (Hanoi 2010) series, as written
    by demo_load; returns its report."""
    STATE.ensure_in_test((2, ()), _loaded.snapshots)
    return DemoReport(
        series=[Series.objects.get(code=code) for code in _loaded.demo_series],
        meetings=_loaded.demo_meetings,
        sessions=_loaded.demo_sessions,
    )


@pytest.fixture
def delegations_demo(db: None, _loaded: _Loaded) -> list[DemoLogin]:
    """The demo plus AMM-57's delegations, participants, circulars and the four demo accounts, as written
    by delegations_demo_load (audit entries included); returns its demo logins."""
    STATE.ensure_in_test((3, ()), _loaded.snapshots)
    return list(_loaded.demo_logins)


@pytest.fixture
def amm_57(delegations_demo: list[DemoLogin]) -> Series:
    return Series.objects.get(code="amm-57")


# Personas ----------------------------------------------------------------------------------------
# One user per role in AMM-57 (Lao PDR chairs ASEAN in 2024). The four demo accounts are used as they
# are; the ASEAN Secretariat, a Vietnamese delegate and an outsider (no role in the series) are added
# here, through role_assign like any set-up script.


def _demo_viewer(username: str, series: Series) -> SeriesViewer:
    return viewer_for(User.objects.get(username=username), series)


@pytest.fixture
def chair_secretariat(amm_57: Series) -> SeriesViewer:
    """`lao.chair`: the chair secretariat of the Lao PDR, which runs AMM-57."""
    return _demo_viewer("lao.chair", amm_57)


@pytest.fixture
def asean_secretariat(amm_57: Series) -> SeriesViewer:
    """`asean.secretariat`: sees everything in the series, decides nothing."""
    return viewer_create(username="asean.secretariat", series=amm_57, role=SeriesRole.ASEAN_SECRETARIAT)


@pytest.fixture
def member_focal_point(amm_57: Series) -> SeriesViewer:
    """`vn.focal`: Viet Nam's delegation focal point (an ASEAN member)."""
    return _demo_viewer("vn.focal", amm_57)


@pytest.fixture
def member_delegate(amm_57: Series) -> SeriesViewer:
    """`vn.delegate`: a delegate of Viet Nam, not its focal point."""
    return viewer_create(username="vn.delegate", series=amm_57, role=SeriesRole.DELEGATE, party_code="VN")


@pytest.fixture
def partner_delegate(amm_57: Series) -> SeriesViewer:
    """`jp.delegate`: a delegate of Japan, a dialogue partner (never sees ASEAN-only objects)."""
    return _demo_viewer("jp.delegate", amm_57)


@pytest.fixture
def observer(amm_57: Series) -> SeriesViewer:
    """`tl.observer`: Timor-Leste, an ASEAN observer in July 2024 (not a member yet)."""
    return _demo_viewer("tl.observer", amm_57)


@pytest.fixture
def outsider(amm_57: Series) -> SeriesViewer:
    """`outsider`: logged in, but with no role in AMM-57."""
    return viewer_create(username="outsider", series=amm_57)


@pytest.fixture
def anonymous(amm_57: Series) -> SeriesViewer:
    """Nobody logged in: the public."""
    return viewer_for(AnonymousUser(), amm_57)


@pytest.fixture
def persona_viewer(amm_57: Series, request: pytest.FixtureRequest) -> Callable[[str], SeriesViewer]:
    """Any persona above by fixture name, for tests parametrized over personas. Asking for it (rather than
    calling request.getfixturevalue in the test) puts the database in the test's fixtures, so pytest-django
    sets up the test database even when the test runs alone."""
    return request.getfixturevalue


@pytest.fixture
def persona_client(amm_57: Series, request: pytest.FixtureRequest) -> Callable[[str], Client]:
    """The logged-in test client of any persona by name (a plain client for `anonymous`)."""
    return lambda name: request.getfixturevalue(f"{name}_client")


def _logged_in(viewer: SeriesViewer) -> Client:
    client = Client()
    client.force_login(viewer.user)
    return client


@pytest.fixture
def chair_secretariat_client(chair_secretariat: SeriesViewer) -> Client:
    return _logged_in(chair_secretariat)


@pytest.fixture
def asean_secretariat_client(asean_secretariat: SeriesViewer) -> Client:
    return _logged_in(asean_secretariat)


@pytest.fixture
def member_focal_point_client(member_focal_point: SeriesViewer) -> Client:
    return _logged_in(member_focal_point)


@pytest.fixture
def member_delegate_client(member_delegate: SeriesViewer) -> Client:
    return _logged_in(member_delegate)


@pytest.fixture
def partner_delegate_client(partner_delegate: SeriesViewer) -> Client:
    return _logged_in(partner_delegate)


@pytest.fixture
def observer_client(observer: SeriesViewer) -> Client:
    return _logged_in(observer)


@pytest.fixture
def outsider_client(outsider: SeriesViewer) -> Client:
    return _logged_in(outsider)


@pytest.fixture
def anonymous_client(anonymous: SeriesViewer) -> Client:
    return Client()


@pytest.fixture
def request_id() -> Iterator[str]:
    """The request id the audit log records, as RequestIdMiddleware would set it for a request."""
    token = request_id_var.set("3f9a1c0e-test-request")
    yield "3f9a1c0e-test-request"
    request_id_var.reset(token)


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request in Vietnamese activates that language in the thread; do not let it leak."""
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_render_cache(settings: Any) -> None:
    """Rendered public pages are cached under keys built from ids and version numbers (core.conditional);
    a rolled-back test leaves the same ids and numbers to the next one, so each test starts with an empty cache."""
    from django.core.cache import cache

    from mufakat.publishing import fastpath

    cache.clear()
    # The public fast path's entries too, and its stamp read on every request (no 1 s grace in tests).
    fastpath.clear()
    settings.PUBLIC_STAMP_TTL = 0
