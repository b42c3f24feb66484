"""What the API tests share: a client signed in as a persona, one JSON call asserting status and type, and
the refusal an anonymous caller gets."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from mufakat.accounts.models import User

JSON = "application/json; charset=utf-8"
NEEDS_SIGN_IN = {
    "detail": "this needs a signed-in user: sign in to the web UI, or send a personal API token as "
    "'Authorization: Bearer mfk_…'.",
    "field": "Authorization",
    "record": None,
}


def refusal(detail: str, field: str | None = None, record: str | None = None) -> dict[str, Any]:
    """The JSON body of a refusal (4xx): what was refused, the field and the record it names."""
    return {"detail": detail, "field": field, "record": record}


def client_for(username: str | None = None, *, enforce_csrf_checks: bool = False) -> Client:
    """A test client signed in (a browser session) as `username`, or anonymous without one."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def call(
    client: Client,
    method: str,
    url: str,
    body: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Any:
    """`method` on `url` (with `body` as JSON), asserted to answer `status` in JSON; the decoded answer."""
    send = getattr(client, method)
    if body is None:
        response = send(url, headers=headers)
    else:
        response = send(url, data=json.dumps(body), content_type="application/json", headers=headers)
    assert (response.status_code, response["Content-Type"]) == (status, JSON), response.content
    return response.json()
