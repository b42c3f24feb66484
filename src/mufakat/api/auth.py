"""Who is calling /api/v1/: a personal API token, a signed-in browser session, or nobody (the public).

Every operation lists the ways it accepts, tried in order: `PUBLIC` (token, session, or anonymous) for
reads anyone may make, `SIGNED_IN` (token or session) for writes and restricted reads. A presented token
that is not valid is refused with 401 naming the problem, never treated as anonymous. A session that
changes something must pass Django's CSRF check; a token request carries no cookie a third-party page
could ride on, so it is exempt."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.accounts.services import api_token_verify
from mufakat.core.errors import NotAuthenticated, PermissionDenied
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_get

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class BearerToken(HttpBearer):
    """`Authorization: Bearer mfk_<prefix>_<secret>`: a personal API token (created in the web UI under
    "API tokens"). Scripts use this; no CSRF token is needed."""

    openapi_description = (
        "A personal API token, created in the web UI: `Authorization: Bearer mfk_<prefix>_<secret>`. "
        "A forged, revoked or expired token is refused with 401."
    )
    openapi_bearerFormat = "mfk_<prefix>_<secret>"  # noqa: N815 - the OpenAPI field name

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header is None:
            return None
        scheme, _sep, value = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not value.strip():
            raise NotAuthenticated(
                _("must be 'Bearer' followed by a personal API token (mfk_<prefix>_<secret>)."), field=self.header
            )
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_verify(token)
        # Code further down (and Django's own helpers) reads request.user; the token's owner is the caller.
        request.user = user
        request.authenticated_by = "token"  # type: ignore[attr-defined]
        return user


class BrowserSession(APIKeyCookie):
    """The session cookie of a user signed in to the web UI. Requests that change something must send the
    `csrftoken` cookie's value in the `X-CSRFToken` header."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = (
        "The web UI's session cookie. Requests that change something must also send the csrftoken "
        "cookie's value in the X-CSRFToken header, or they are refused with 403."
    )

    def __init__(self) -> None:
        # CSRF is checked below, and only for a signed-in session: an anonymous POST is a 401, not a 403.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if request.method not in _SAFE_METHODS and check_csrf(request) is not None:
            raise PermissionDenied(
                _(
                    "the CSRF check failed: a browser session must send the csrftoken cookie's value "
                    "in the X-CSRFToken header; scripts should use an API token (Authorization: "
                    "Bearer …) instead."
                ),
                field="X-CSRFToken",
            )
        request.authenticated_by = "session"  # type: ignore[attr-defined]
        return user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """No credentials at all: the public. Only in `PUBLIC`, after the token and the session."""
    request.authenticated_by = None  # type: ignore[attr-defined]
    return AnonymousUser()


bearer_token = BearerToken()
browser_session = BrowserSession()

PUBLIC: list[Any] = [bearer_token, browser_session, anonymous]
SIGNED_IN: list[Any] = [bearer_token, browser_session]


def request_user(request: HttpRequest) -> Any:
    """The user the operation's auth found (AnonymousUser for the public)."""
    return getattr(request, "auth", None) or AnonymousUser()


def request_viewer(request: HttpRequest, series: Series | None) -> SeriesViewer:
    """The caller's roles and parties in the series: what every permission check and selector takes."""
    return viewer_for(request_user(request), series)


def series_viewer(request: HttpRequest, code: str) -> tuple[Series, SeriesViewer]:
    """The series named in the path (404 naming the code) and the caller's view of it: the preamble of
    every series route."""
    series = series_get(code=code)
    return series, request_viewer(request, series)


# What a 422 carries: pydantic's list of problems, each with where (`loc`) and what to fix (`msg`).
VALIDATION_ERROR_RESPONSE: dict[str, Any] = {
    "description": "The input does not match the schema: each problem names where it is and what to send.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "detail": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "type": {"type": "string"},
                                "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                                "msg": {"type": "string"},
                            },
                            "required": ["type", "loc", "msg"],
                        },
                    }
                },
                "required": ["detail"],
            }
        }
    },
}


class _OpenAPISchema(OpenAPISchema):
    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details: dict[str, Any] = super().operation_details(operation)
        # Every operation that takes parameters or a body can answer 422; say so, with the body's shape.
        if details.get("parameters") or details.get("requestBody"):
            details["responses"].setdefault(422, VALIDATION_ERROR_RESPONSE)
        return details

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        # OpenAPI's way of saying "credentials optional": an empty requirement next to the schemes.
        if security and anonymous in operation.auth_callbacks:
            security.append({})
        return security


def openapi_schema(api: Any, path_prefix: str) -> OpenAPISchema:
    return _OpenAPISchema(api, path_prefix)
