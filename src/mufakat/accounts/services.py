"""Writes to accounts: role assignments, personal API tokens, login throttling."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mufakat.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from mufakat.meetings.rules import is_series_chair

from .audit import audit_record, snapshot
from .enums import PARTY_ROLES, SeriesRole
from .models import ApiToken, LoginAttempt, LoginThrottleKey, RoleAssignment, User
from .rules import SeriesViewer, require, viewer_for

TOKEN_PREFIX = "mfk"  # noqa: S105 - a public marker, not a secret
LOGIN_FAILURES_PER_USERNAME = 5
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_WINDOW = timedelta(minutes=15)


def _digest(secret: str) -> str:
    # The secret is 32 random bytes, so a fast hash is safe here; a password hash would only slow every call.
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # shown once, never stored


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_in_days: int | None = 90) -> IssuedToken:
    """Issue a personal API token. The plaintext is returned once; only its digest is stored."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("give the token a name, e.g. the script that will use it."), field="name")
    if len(name) > 80:
        raise ValidationFailed(_("is longer than 80 characters."), field="name")
    if expires_in_days is not None and not 1 <= expires_in_days <= 366:
        raise ValidationFailed(_("must be between 1 and 366 days."), field="expires_in_days")
    # A token is a way in that outlives the session; while someone is guessing the account's password, no
    # new one is issued, whichever session asks.
    remaining = login_throttle_remaining(username=user.username, ip_address=None)
    if remaining is not None:
        minutes = max(1, math.ceil(remaining.total_seconds() / 60))
        raise PermissionDenied(
            ngettext(
                "Too many failed sign-ins for this account; new API tokens can be created again in %(minutes)d minute.",
                "Too many failed sign-ins for this account; new API tokens can be created again in %(minutes)d "
                "minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    viewer = viewer_for(user, None)
    audit_record(
        viewer=viewer, action="api_token.create", obj=token, after=snapshot(token, ["name", "prefix", "expires_at"])
    )
    return IssuedToken(token=token, plaintext=f"{TOKEN_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("you have no token with id %(token_id)s.") % {"token_id": token_id}, field="token_id")
    if token.revoked_at is None:
        before = snapshot(token, ["revoked_at"])
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            viewer=viewer_for(user, None),
            action="api_token.revoke",
            obj=token,
            before=before,
            after=snapshot(token, ["revoked_at"]),
        )
    return token


def api_token_verify(raw: str) -> User:
    """The active user a presented token belongs to, or NotAuthenticated saying what is wrong with it:
    not a mufakat token, unknown or forged, revoked, expired, or its account disabled."""
    field = "Authorization"
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise NotAuthenticated(
            _("is not a mufakat API token; tokens look like %(token_prefix)s_<prefix>_<secret>.")
            % {"token_prefix": TOKEN_PREFIX},
            field=field,
        )
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    # The secret is compared before anything about the token is revealed, even for an unknown prefix.
    expected = token.digest if token is not None else _digest("")
    if not secrets.compare_digest(expected, _digest(parts[2])) or token is None:
        raise NotAuthenticated(_("is not a token issued by this server (unknown or forged)."), field=field)
    now = timezone.now()
    if token.revoked_at is not None:
        raise NotAuthenticated(
            _("was revoked at %(revoked_at)s UTC; create a new token.")
            % {"revoked_at": format(token.revoked_at, "%Y-%m-%d %H:%M")},
            field=field,
        )
    if token.expires_at is not None and token.expires_at <= now:
        raise NotAuthenticated(
            _("expired at %(expires_at)s UTC; create a new token.")
            % {"expires_at": format(token.expires_at, "%Y-%m-%d %H:%M")},
            field=field,
        )
    if not token.user.is_active:
        raise NotAuthenticated(_("belongs to a disabled account."), field=field)
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_authenticate(raw: str) -> User | None:
    """The active user a presented token belongs to, or None for a forged, revoked or expired token."""
    try:
        return api_token_verify(raw)
    except NotAuthenticated:
        return None


def login_throttle_remaining(*, username: str, ip_address: str | None) -> timedelta | None:
    """How long until another login may be tried, or None when it may be tried now."""
    since = timezone.now() - LOGIN_WINDOW
    failures = LoginAttempt.objects.filter(succeeded=False, at__gte=since)
    by_username = list(failures.filter(username__iexact=username).order_by("at").values_list("at", flat=True))
    blocking = None
    if len(by_username) >= LOGIN_FAILURES_PER_USERNAME:
        blocking = by_username[-LOGIN_FAILURES_PER_USERNAME]
    if ip_address:
        by_address = list(failures.filter(ip_address=ip_address).order_by("at").values_list("at", flat=True))
        if len(by_address) >= LOGIN_FAILURES_PER_ADDRESS:
            candidate = by_address[-LOGIN_FAILURES_PER_ADDRESS]
            blocking = max(blocking, candidate) if blocking else candidate
    if blocking is None:
        return None
    return blocking + LOGIN_WINDOW - timezone.now()


def login_attempt_begin(*, username: str, ip_address: str | None) -> tuple[LoginAttempt, timedelta | None]:
    """Reserve a login attempt before its password is checked: the attempt is recorded as a failure at once,
    and `login_attempt_end` marks it a success if the password was right. Returns the attempt and, when
    the account or the address is throttled, how long it still is (the attempt is then a refused failure
    and its password must not be checked).

    The recent failures are counted, and the attempt recorded, under row locks on the account name and the
    address (LoginThrottleKey), so of forty wrong passwords sent at once exactly the limit are checked; a
    count made before checking and a record written after would let every one of them through."""
    keys = sorted({f"username:{username.lower()[:150]}", *([f"address:{ip_address}"] if ip_address else [])})
    with transaction.atomic():
        LoginThrottleKey.objects.bulk_create([LoginThrottleKey(key=key) for key in keys], ignore_conflicts=True)
        list(LoginThrottleKey.objects.select_for_update().filter(key__in=keys).order_by("key"))
        remaining = login_throttle_remaining(username=username, ip_address=ip_address)
        attempt = LoginAttempt.objects.create(username=username[:150], ip_address=ip_address, succeeded=False)
    return attempt, remaining


def login_attempt_end(*, attempt: LoginAttempt, succeeded: bool) -> None:
    """The password of a reserved attempt was checked: a right one turns the attempt into a success."""
    if succeeded:
        LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)


@transaction.atomic
def role_assign(*, actor: SeriesViewer, user: User, series: Any, role: str, party: Any = None) -> RoleAssignment:
    """Give a user a role in a series: the chair secretariat of that series, or a system actor working in it
    (the demo loader, the command line run by the operator)."""
    require(is_series_chair(actor, series.pk), _("only the chair secretariat assigns roles in this series."))
    if role not in SeriesRole.values:
        raise ValidationFailed(
            _("%(role)r is not one of %(values)s.") % {"role": role, "values": ", ".join(SeriesRole.values)},
            field="role",
        )
    if role in PARTY_ROLES and party is None:
        raise ValidationFailed(_("the role %(role)s acts for a party; name it.") % {"role": role}, field="party")
    if role not in PARTY_ROLES:
        party = None
    assignment, created = RoleAssignment.objects.get_or_create(user=user, series=series, role=role, party=party)
    if created:
        audit_record(
            viewer=actor,
            action="role.assign",
            obj=assignment,
            after=snapshot(assignment, ["user", "series", "role", "party"]),
        )
    return assignment


@transaction.atomic
def user_create(*, username: str, password: str, first_name: str = "", last_name: str = "", email: str = "") -> User:
    """Create an account; the password must pass the configured validators (length, common, numeric)."""
    username = username.strip()
    if not username:
        raise ValidationFailed(_("is empty."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("%(username)r is taken.") % {"username": username}, field="username")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    audit_record(
        viewer=viewer_for(None, None), action="user.create", obj=user, after=snapshot(user, ["username", "email"])
    )
    return user
