"""Browser tests: Playwright driving Debian's chromium package against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures here are
# still plain synchronous code, so Django's async-safety guard would only get in the way.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("MUFAKAT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


# One browser per module, not per session: Playwright's sync API keeps its event loop marked as running in the
# thread while it is started, and the tests that call the ASGI application (async_to_sync) in the same worker
# after the browser tests would find it there.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium); browser tests need it."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    from mufakat.demo.meetings import demo_load
    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    report = reference_data_load()
    bodies_load(report=report)
    demo_load()


@pytest.fixture
def register_data(demo_data: None) -> None:
    """The demo series, AMM-57's delegations and demo accounts, and its register of outcome documents."""
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.documents import documents_demo_load

    delegations_demo_load()
    documents_demo_load()


@pytest.fixture
def worker(transactional_db: None) -> Iterator[Any]:
    """A job worker running beside the live server, as `mufakat serve` starts one; stopped after the test."""
    import threading

    from mufakat.jobs.worker import WorkerLoop

    loop = WorkerLoop(interval=0.2, sweeps=False)
    thread = threading.Thread(target=loop.run, name="job-worker", daemon=True)
    thread.start()
    yield loop
    loop.request_stop()
    thread.join(timeout=60)
