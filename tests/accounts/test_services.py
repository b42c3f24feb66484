"""Writes to accounts: personal API tokens, login throttling, role assignments, user creation. Tokens
are stored as digests only; every write but a login attempt leaves an audit entry."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from mufakat.accounts.models import ApiToken, AuditEvent, LoginAttempt, RoleAssignment, User
from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import (
    IssuedToken,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    api_token_verify,
    login_attempt_begin,
    login_attempt_end,
    login_throttle_remaining,
    role_assign,
    user_create,
)
from mufakat.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from tests.accounts.conftest import FROZEN_AT, Clock
from tests.factories.accounts import account_create, audited_as, last_audit, login_failures_create


def _secret(issued: IssuedToken) -> str:
    marker, prefix, secret = issued.plaintext.split("_", 2)
    assert (marker, prefix) == ("mfk", issued.token.prefix)
    return secret


@pytest.fixture
def focal_user(delegations_demo: object) -> User:
    return User.objects.get(username="vn.focal")


# API tokens --------------------------------------------------------------------------------------


def test_api_token_create_stores_the_digest_never_the_plaintext(focal_user: User, clock: Clock) -> None:
    issued = api_token_create(user=focal_user, name="  Delegation sync script ", expires_in_days=30)

    secret = _secret(issued)
    row = ApiToken.objects.values("name", "prefix", "digest", "expires_at", "revoked_at", "last_used_at").get()
    assert row == {
        "name": "Delegation sync script",
        "prefix": issued.token.prefix,
        "digest": hashlib.sha256(secret.encode()).hexdigest(),
        "expires_at": FROZEN_AT + timedelta(days=30),
        "revoked_at": None,
        "last_used_at": None,
    }
    assert (len(issued.token.prefix), len(secret) >= 43) == (8, True)
    stored = repr(list(ApiToken.objects.values())) + repr(list(AuditEvent.objects.values()))
    assert (secret in stored, issued.plaintext in stored) == (False, False)


def test_api_token_create_writes_audit_entry(focal_user: User, clock: Clock, request_id: str) -> None:
    issued = api_token_create(user=focal_user, name="Delegation sync script", expires_in_days=30)

    assert last_audit() == {
        "actor_username": "vn.focal",
        "actor_role": "",
        "actor_party": "",
        "series_id": None,
        "action": "api_token.create",
        "object_type": "accounts.apitoken",
        "object_id": str(issued.token.pk),
        "object_repr": f"Delegation sync script ({issued.token.prefix}…)",
        "before": None,
        "after": {
            "name": "Delegation sync script",
            "prefix": issued.token.prefix,
            "expires_at": "2024-08-21T09:00:00+00:00",
        },
        "request_id": request_id,
    }


def test_api_token_create_default_lifetime_ninety_days(focal_user: User, clock: Clock) -> None:
    issued = api_token_create(user=focal_user, name="laptop")

    assert issued.token.expires_at == FROZEN_AT + timedelta(days=90)


def test_api_token_create_without_expiry(focal_user: User) -> None:
    issued = api_token_create(user=focal_user, name="server", expires_in_days=None)

    assert (issued.token.expires_at, api_token_authenticate(issued.plaintext)) == (None, focal_user)


@pytest.mark.parametrize(
    ("name", "days", "field", "message"),
    [
        ("   ", 30, "name", "give the token a name, e.g. the script that will use it."),
        ("x" * 81, 30, "name", "is longer than 80 characters."),
        ("laptop", 0, "expires_in_days", "must be between 1 and 366 days."),
        ("laptop", 367, "expires_in_days", "must be between 1 and 366 days."),
    ],
)
def test_api_token_create_bad_input_refused(focal_user: User, name: str, days: int, field: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        api_token_create(user=focal_user, name=name, expires_in_days=days)

    assert (error.value.field, error.value.message) == (field, message)
    assert ApiToken.objects.count() == 0


def test_api_token_authenticate_valid_token_returns_its_user_and_records_use(focal_user: User, clock: Clock) -> None:
    issued = api_token_create(user=focal_user, name="laptop")
    clock.advance(timedelta(hours=2))

    user = api_token_authenticate(f"  {issued.plaintext}\n")

    assert (user, ApiToken.objects.get().last_used_at) == (focal_user, FROZEN_AT + timedelta(hours=2))


def _forged_marker(issued: IssuedToken) -> str:
    return issued.plaintext.replace("mfk_", "xyz_", 1)


def _unknown_prefix(issued: IssuedToken) -> str:
    return f"mfk_00000000_{_secret(issued)}"


def _wrong_secret(issued: IssuedToken) -> str:
    return issued.plaintext[:-1] + ("A" if issued.plaintext[-1] != "A" else "B")


def _revoked(issued: IssuedToken) -> str:
    api_token_revoke(user=issued.token.user, token_id=issued.token.pk)
    return issued.plaintext


def _expired(issued: IssuedToken) -> str:
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=FROZEN_AT - timedelta(seconds=1))
    return issued.plaintext


def _disabled_account(issued: IssuedToken) -> str:
    User.objects.filter(pk=issued.token.user.pk).update(is_active=False)
    return issued.plaintext


@pytest.mark.parametrize(
    ("present", "reason"),
    [
        (lambda issued: "", "is not a mufakat API token; tokens look like mfk_<prefix>_<secret>."),
        (lambda issued: "Bearer", "is not a mufakat API token; tokens look like mfk_<prefix>_<secret>."),
        (_forged_marker, "is not a mufakat API token; tokens look like mfk_<prefix>_<secret>."),
        (_unknown_prefix, "is not a token issued by this server (unknown or forged)."),
        (_wrong_secret, "is not a token issued by this server (unknown or forged)."),
        (_revoked, "was revoked at 2024-07-22 09:00 UTC; create a new token."),
        (_expired, "expired at 2024-07-22 08:59 UTC; create a new token."),
        (_disabled_account, "belongs to a disabled account."),
    ],
    ids=["empty", "no-parts", "forged-marker", "unknown-prefix", "wrong-secret", "revoked", "expired", "disabled"],
)
def test_api_token_authenticate_unusable_token_refused(
    focal_user: User, clock: Clock, present: Callable[[IssuedToken], str], reason: str
) -> None:
    issued = api_token_create(user=focal_user, name="laptop")
    raw = present(issued)

    with pytest.raises(NotAuthenticated) as error:
        api_token_verify(raw)

    assert (api_token_authenticate(raw), error.value.field, error.value.message) == (None, "Authorization", reason)
    assert ApiToken.objects.get().last_used_at is None


def test_api_token_authenticate_expires_at_its_expiry_time(focal_user: User, clock: Clock) -> None:
    issued = api_token_create(user=focal_user, name="laptop", expires_in_days=1)
    clock.advance(timedelta(days=1) - timedelta(seconds=1))
    before_expiry = api_token_authenticate(issued.plaintext)
    clock.advance(timedelta(seconds=1))

    at_expiry = api_token_authenticate(issued.plaintext)

    assert (before_expiry, at_expiry) == (focal_user, None)


def test_api_token_revoke_writes_audit_entry_once(focal_user: User, clock: Clock, request_id: str) -> None:
    issued = api_token_create(user=focal_user, name="laptop")
    clock.advance(timedelta(minutes=5))

    api_token_revoke(user=focal_user, token_id=issued.token.pk)
    clock.advance(timedelta(minutes=5))
    api_token_revoke(user=focal_user, token_id=issued.token.pk)

    assert ApiToken.objects.get().revoked_at == FROZEN_AT + timedelta(minutes=5)
    assert list(AuditEvent.objects.filter(object_type="accounts.apitoken").values_list("action", flat=True)) == [
        "api_token.revoke",
        "api_token.create",
    ]
    assert last_audit() == {
        "actor_username": "vn.focal",
        "actor_role": "",
        "actor_party": "",
        "series_id": None,
        "action": "api_token.revoke",
        "object_type": "accounts.apitoken",
        "object_id": str(issued.token.pk),
        "object_repr": f"laptop ({issued.token.prefix}…)",
        "before": {"revoked_at": None},
        "after": {"revoked_at": "2024-07-22T09:05:00+00:00"},
        "request_id": request_id,
    }


def test_api_token_revoke_someone_elses_token_not_found(focal_user: User) -> None:
    japan = User.objects.get(username="jp.delegate")
    issued = api_token_create(user=japan, name="laptop")

    with pytest.raises(NotFound) as error:
        api_token_revoke(user=focal_user, token_id=issued.token.pk)

    assert (error.value.field, error.value.message) == ("token_id", f"you have no token with id {issued.token.pk}.")
    assert api_token_authenticate(issued.plaintext) == japan


# Login throttling --------------------------------------------------------------------------------


def _minutes_ago(*minutes: int) -> list[Any]:
    return [FROZEN_AT - timedelta(minutes=m) for m in minutes]


def test_login_throttle_five_failures_blocks_until_the_oldest_leaves_the_window(db: None, clock: Clock) -> None:
    login_failures_create(username="vn.focal", times=_minutes_ago(10, 8, 6, 4, 2))

    remaining = login_throttle_remaining(username="vn.focal", ip_address="203.0.113.7")

    assert remaining == timedelta(minutes=5)


def test_login_throttle_four_failures_not_blocked(db: None, clock: Clock) -> None:
    login_failures_create(username="vn.focal", times=_minutes_ago(4, 3, 2, 1))

    assert login_throttle_remaining(username="vn.focal", ip_address=None) is None


def test_login_throttle_failures_older_than_the_window_do_not_count(db: None, clock: Clock) -> None:
    login_failures_create(username="vn.focal", times=_minutes_ago(40, 30, 20, 16))
    login_failures_create(username="vn.focal", times=_minutes_ago(15, 4, 3, 2, 1))

    remaining_with_one_at_the_edge = login_throttle_remaining(username="vn.focal", ip_address=None)
    clock.advance(timedelta(seconds=1))
    remaining_after_it_left = login_throttle_remaining(username="vn.focal", ip_address=None)

    assert (remaining_with_one_at_the_edge, remaining_after_it_left) == (timedelta(0), None)


def test_login_throttle_username_any_case(db: None, clock: Clock) -> None:
    login_failures_create(username="VN.Focal", times=_minutes_ago(14, 13, 12, 11, 10, 1))

    assert login_throttle_remaining(username="vn.focal", ip_address=None) == timedelta(minutes=2)


def test_login_throttle_successes_do_not_count(db: None, clock: Clock) -> None:
    LoginAttempt.objects.bulk_create(
        [LoginAttempt(username="vn.focal", succeeded=True, at=at) for at in _minutes_ago(5, 4, 3, 2, 1)]
    )

    assert login_throttle_remaining(username="vn.focal", ip_address=None) is None


def test_login_throttle_twenty_failures_from_one_address_block_every_username(db: None, clock: Clock) -> None:
    for minute in range(20):
        login_failures_create(username=f"guess{minute}", ip_address="203.0.113.7", times=_minutes_ago(14 - minute // 2))

    from_that_address = login_throttle_remaining(username="vn.focal", ip_address="203.0.113.7")
    from_elsewhere = login_throttle_remaining(username="vn.focal", ip_address="198.51.100.1")

    assert (from_that_address, from_elsewhere) == (timedelta(minutes=1), None)


def test_login_throttle_nineteen_failures_from_one_address_not_blocked(db: None, clock: Clock) -> None:
    for minute in range(19):
        login_failures_create(username=f"guess{minute}", ip_address="203.0.113.7", times=_minutes_ago(minute % 14))

    assert login_throttle_remaining(username="someone", ip_address="203.0.113.7") is None


def test_login_throttle_address_and_username_later_block_wins(db: None, clock: Clock) -> None:
    login_failures_create(username="vn.focal", times=_minutes_ago(12, 11, 10, 9, 8))
    login_failures_create(username="other", ip_address="203.0.113.7", times=_minutes_ago(*([5] * 20)))

    assert login_throttle_remaining(username="vn.focal", ip_address="203.0.113.7") == timedelta(minutes=10)


def test_login_attempt_begin_and_end_keep_username_and_address(db: None, clock: Clock) -> None:
    failed, _ = login_attempt_begin(username="x" * 200, ip_address="2001:db8::1")
    login_attempt_end(attempt=failed, succeeded=False)
    succeeded, _ = login_attempt_begin(username="vn.focal", ip_address=None)
    login_attempt_end(attempt=succeeded, succeeded=True)

    rows = list(LoginAttempt.objects.order_by("pk").values_list("username", "ip_address", "succeeded"))
    assert rows == [("x" * 150, "2001:db8::1", False), ("vn.focal", None, True)]
    assert AuditEvent.objects.count() == 0


def test_login_attempt_begin_while_throttled_says_how_long_and_records_a_refused_failure(
    db: None, clock: Clock
) -> None:
    login_failures_create(username="vn.focal", times=_minutes_ago(10, 8, 6, 4, 2))

    attempt, remaining = login_attempt_begin(username="VN.Focal", ip_address="203.0.113.7")

    assert remaining == timedelta(minutes=5)
    assert (attempt.username, attempt.ip_address, attempt.succeeded) == ("VN.Focal", "203.0.113.7", False)
    assert LoginAttempt.objects.filter(succeeded=False).count() == 6


# Roles -------------------------------------------------------------------------------------------


def test_role_assign_by_chair_writes_audit_entry(
    amm_57: Series, chair_secretariat: SeriesViewer, request_id: str
) -> None:
    user = account_create(username="jp.focal")
    japan = Party.objects.get(code="JP")

    assignment = role_assign(actor=chair_secretariat, user=user, series=amm_57, role="focal_point", party=japan)

    assert (assignment.role, assignment.party, assignment.series) == ("focal_point", japan, amm_57)
    assert last_audit() == {
        "actor_username": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "series_id": amm_57.pk,
        "action": "role.assign",
        "object_type": "accounts.roleassignment",
        "object_id": str(assignment.pk),
        "object_repr": f"JP — focal_point ({japan.pk}) in series {amm_57.pk}",
        "before": None,
        "after": {"user": user.pk, "series": amm_57.pk, "role": "focal_point", "party": japan.pk},
        "request_id": request_id,
    }


def test_role_assign_twice_keeps_one_assignment_and_one_entry(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    user = account_create(username="jp.focal")
    japan = Party.objects.get(code="JP")
    first = role_assign(actor=chair_secretariat, user=user, series=amm_57, role="focal_point", party=japan)
    entries = AuditEvent.objects.count()

    again = role_assign(actor=chair_secretariat, user=user, series=amm_57, role="focal_point", party=japan)

    assert (again.pk, RoleAssignment.objects.filter(user=user).count(), AuditEvent.objects.count()) == (
        first.pk,
        1,
        entries,
    )


def test_role_assign_secretariat_role_drops_the_party(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    user = account_create(username="asean.sec")

    assignment = role_assign(
        actor=chair_secretariat,
        user=user,
        series=amm_57,
        role="asean_secretariat",
        party=Party.objects.get(code="ASEC"),
    )

    assert (assignment.role, assignment.party) == ("asean_secretariat", None)


@pytest.mark.parametrize(
    ("role", "party_code", "refusal"),
    [
        ("delegate", None, ("party", "the role delegate acts for a party; name it.")),
        (
            "minister",
            "JP",
            ("role", "'minister' is not one of chair_secretariat, asean_secretariat, focal_point, delegate, observer."),
        ),
    ],
)
def test_role_assign_bad_input_refused(
    amm_57: Series, chair_secretariat: SeriesViewer, role: str, party_code: str | None, refusal: tuple[str, str]
) -> None:
    user = account_create(username="jp.focal")
    party = Party.objects.get(code=party_code) if party_code else None

    with pytest.raises(ValidationFailed) as error:
        role_assign(actor=chair_secretariat, user=user, series=amm_57, role=role, party=party)

    assert (error.value.field, error.value.message) == refusal
    assert RoleAssignment.objects.filter(user=user).count() == 0


@pytest.mark.parametrize("persona", ["asean_secretariat", "member_focal_point", "partner_delegate"])
def test_role_assign_by_anyone_but_the_chair_refused(
    amm_57: Series, persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    actor = persona_viewer(persona)

    with pytest.raises(PermissionDenied) as error:
        role_assign(actor=actor, user=actor.user, series=amm_57, role="chair_secretariat")

    assert error.value.message == "only the chair secretariat assigns roles in this series."
    assert RoleAssignment.objects.filter(user=actor.user, role="chair_secretariat").count() == 0


def test_role_assign_by_chair_in_another_series_refused(chair_secretariat: SeriesViewer) -> None:
    """Chairing AMM-57 gives no right to hand out roles in AMM-43 (not even to oneself)."""
    amm_43 = Series.objects.get(code="amm-43")

    with pytest.raises(PermissionDenied) as error:
        role_assign(actor=chair_secretariat, user=chair_secretariat.user, series=amm_43, role="chair_secretariat")

    assert error.value.message == "only the chair secretariat assigns roles in this series."
    assert RoleAssignment.objects.filter(series=amm_43).count() == 0


def test_role_assign_by_a_system_actor_is_audited_as_system_with_its_purpose(amm_57: Series) -> None:
    """Set-up scripts (the demo loader, `mufakat user add`) assign roles as an explicit system actor."""
    user = account_create(username="jp.focal")
    operator = SeriesViewer.system(amm_57.pk, purpose="command line: user add")

    assignment = role_assign(
        actor=operator, user=user, series=amm_57, role="delegate", party=Party.objects.get(code="JP")
    )

    assert audited_as("role.assign", assignment.pk) == (None, "command line: user add", "system", amm_57.pk)


def test_role_assign_by_a_system_actor_of_another_series_refused(amm_57: Series) -> None:
    user = account_create(username="jp.focal")
    amm_43 = Series.objects.get(code="amm-43")

    with pytest.raises(PermissionDenied):
        role_assign(
            actor=SeriesViewer.system(amm_43.pk, purpose="AMM-43 loader"), user=user, series=amm_57, role="observer"
        )

    assert not RoleAssignment.objects.filter(user=user).exists()


def test_the_demo_roles_are_audited_as_assigned_by_the_demo_loader(amm_57: Series) -> None:
    entries = AuditEvent.objects.filter(action="role.assign", series_id=amm_57.pk, actor_role="system")

    assert set(entries.values_list("actor_username", flat=True)) == {"demo loader"}
    assert entries.count() >= 4


# Users -------------------------------------------------------------------------------------------


def test_user_create_hashes_the_password_with_argon2_writes_audit_entry(db: None, request_id: str) -> None:
    user = user_create(
        username=" jp.focal ", password="kamikawa-yoko-2024", first_name="Ichiro", email="ichiro@example.org"
    )

    assert (user.username, user.password.startswith("argon2$argon2id$"), user.check_password("kamikawa-yoko-2024")) == (
        "jp.focal",
        True,
        True,
    )
    assert "kamikawa-yoko-2024" not in repr(list(User.objects.values()))
    assert last_audit() == {
        "actor_username": "",
        "actor_role": "",
        "actor_party": "",
        "series_id": None,
        "action": "user.create",
        "object_type": "accounts.user",
        "object_id": str(user.pk),
        "object_repr": "Ichiro",
        "before": None,
        "after": {"username": "jp.focal", "email": "ichiro@example.org"},
        "request_id": request_id,
    }


@pytest.mark.parametrize(
    ("username", "password", "field", "message"),
    [
        ("  ", "kamikawa-yoko-2024", "username", "is empty."),
        ("VN.FOCAL", "kamikawa-yoko-2024", "username", "'VN.FOCAL' is taken."),
        ("jp.focal", "password1", "password", "This password is too common."),
        (
            "jp.focal",
            "4821390",
            "password",
            "This password is too short. It must contain at least 8 characters. This password is entirely numeric.",
        ),
        ("jp.focal", "jp.focal.2024", "password", "The password is too similar to the username."),
    ],
)
def test_user_create_bad_input_refused(
    delegations_demo: object, username: str, password: str, field: str, message: str
) -> None:
    users = User.objects.count()

    with pytest.raises(ValidationFailed) as error:
        user_create(username=username, password=password)

    assert (error.value.field, error.value.message, User.objects.count()) == (field, message, users)
