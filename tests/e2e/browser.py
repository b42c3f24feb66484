"""What the browser tests do the same way: log a demo persona in, keep a screenshot of the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mufakat.demo.delegations import DEMO_PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def log_in(page: Any, base_url: str, username: str) -> None:
    """Log in through the login page's labelled fields, as a reader would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def screenshot(page: Any, name: str) -> None:
    """The whole page as test-results/<name>, kept by CI as an artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
