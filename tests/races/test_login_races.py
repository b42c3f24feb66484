"""Forty wrong passwords at once for one account: exactly five are checked, the rest refused unchecked."""

from __future__ import annotations

from collections import Counter

from django.test import Client

from mufakat.accounts.models import LoginAttempt, User
from mufakat.demo.delegations import DEMO_PASSWORD as PASSWORD
from tests.races.conftest import race
from tests.web.pages import parse

REFUSED = "Please enter a correct username and password. Note that both fields may be case-sensitive."
THROTTLED = "Too many failed attempts for this account; try again in 15 minutes."


def _web_login(password: str) -> str:
    response = Client().post("/accounts/login/", {"username": "ops.admin", "password": password})
    return parse(response).find("div", cls="form-errors").text if response.status_code == 200 else "signed in"


def test_login_forty_wrong_passwords_at_once_exactly_five_are_checked(db: None) -> None:
    User.objects.create_user(username="ops.admin", password=PASSWORD)

    outcomes = race(40, lambda _: _web_login("wrong-password"))

    assert Counter(outcome.value for outcome in outcomes) == {REFUSED: 5, THROTTLED: 35}
    assert _web_login(PASSWORD) == THROTTLED
    assert set(LoginAttempt.objects.values_list("succeeded", flat=True)) == {False}
    assert LoginAttempt.objects.count() == 41
