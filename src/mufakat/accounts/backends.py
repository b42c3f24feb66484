"""The authentication backend: Django's ModelBackend behind the login throttle, so every password check
(the web login, the Django admin's login, any `django.contrib.auth.authenticate` call) counts against
one limit per account and per address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from mufakat.core.http import client_ip

from .models import User
from .services import login_attempt_begin, login_attempt_end


def login_throttled_for(request: HttpRequest | None) -> timedelta | None:
    """How long the throttle still refuses, when it refused this request's login; otherwise None."""
    remaining: timedelta | None = getattr(request, "login_throttled_for", None)
    return remaining


class ThrottledModelBackend(ModelBackend):
    """Reserves an attempt before the password is checked (see login_attempt_begin); while the account or
    the address is throttled the password is not checked at all and authentication stops here."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        attempt, remaining = login_attempt_begin(username=username, ip_address=client_ip(request))
        if remaining is not None:
            if request is not None:
                request.login_throttled_for = remaining  # type: ignore[attr-defined]
            # Django's authenticate() stops at PermissionDenied: no other backend is asked.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        login_attempt_end(attempt=attempt, succeeded=user is not None)
        return user if isinstance(user, User) else None
