"""One login throttle for every way in: the web login, the Django admin's login, Django's authenticate()
wherever it is called, and API token creation. Five failures for an account in 15 minutes stop the right
password too, whichever door the failures came through."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from mufakat.accounts.models import ApiToken, LoginAttempt, User
from mufakat.demo.delegations import DEMO_PASSWORD as PASSWORD
from tests.web.pages import html_page as _page
from tests.web.pages import parse

THROTTLED = "Too many failed attempts for this account; try again in 15 minutes."
WRONG = "wrong-password"


@pytest.fixture
def operator(db: None) -> User:
    """A staff account that may use the Django admin."""
    return User.objects.create_user(username="ops.admin", password=PASSWORD, is_staff=True, is_superuser=True)


def _admin_login(client: Client, password: str) -> Any:
    return client.post("/admin/login/", {"username": "ops.admin", "password": password, "next": "/admin/"})


def _web_login(client: Client, password: str, username: str = "ops.admin") -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_admin_login_after_five_failures_refuses_the_right_password(client: Client, operator: User) -> None:
    for _ in range(5):
        _admin_login(client, WRONG)

    page = _page(_admin_login(client, PASSWORD))

    assert page.texts("p", cls="errornote") == [THROTTLED]
    assert "_auth_user_id" not in client.session
    assert list(LoginAttempt.objects.order_by("pk").values_list("username", "succeeded")) == [("ops.admin", False)] * 6


def test_admin_login_refused_while_the_web_login_is_throttled(client: Client, operator: User) -> None:
    for _ in range(5):
        _web_login(client, WRONG)

    page = _page(_admin_login(Client(), PASSWORD))

    assert page.texts("p", cls="errornote") == [THROTTLED]
    assert LoginAttempt.objects.filter(succeeded=True).count() == 0


def test_web_login_refused_after_failures_at_the_admin(client: Client, operator: User) -> None:
    for _ in range(5):
        _admin_login(client, WRONG)

    page = _page(_web_login(Client(), PASSWORD))

    assert page.find("div", cls="form-errors").text == THROTTLED
    assert LoginAttempt.objects.filter(succeeded=True).count() == 0


def test_admin_login_right_password_under_the_limit_lets_in_and_is_recorded(client: Client, operator: User) -> None:
    for _ in range(4):
        _admin_login(client, WRONG)

    response = _admin_login(client, PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(operator.pk)
    assert list(LoginAttempt.objects.order_by("pk").values_list("succeeded", flat=True)) == [False] * 4 + [True]


def test_authenticate_after_five_failures_refuses_the_right_password(operator: User) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        authenticate(request, username="ops.admin", password=WRONG)

    assert authenticate(request, username="ops.admin", password=PASSWORD) is None
    assert set(LoginAttempt.objects.values_list("ip_address", "succeeded")) == {("203.0.113.7", False)}


def test_api_token_create_refused_while_the_account_is_throttled(client: Client, operator: User) -> None:
    signed_in = Client()
    signed_in.force_login(operator)
    for _ in range(5):
        _web_login(client, WRONG)

    response = signed_in.post("/api/v1/me/tokens", {"name": "nightly export"}, content_type="application/json")

    assert (response.status_code, response.json()) == (
        403,
        {
            "detail": "Too many failed sign-ins for this account; new API tokens can be created again in 15 minutes.",
            "field": None,
            "record": None,
        },
    )
    assert ApiToken.objects.count() == 0


def test_tokens_page_refuses_a_new_token_while_the_account_is_throttled(client: Client, operator: User) -> None:
    signed_in = Client()
    signed_in.force_login(operator)
    for _ in range(5):
        _web_login(client, WRONG)

    response = signed_in.post("/accounts/tokens/", {"name": "nightly export", "expires_in_days": "30"})

    assert response.status_code == 403
    assert parse(response).find("div", cls="form-errors").find("ul", cls="errorlist").text == (
        "Too many failed sign-ins for this account; new API tokens can be created again in 15 minutes."
    )
    assert ApiToken.objects.count() == 0
