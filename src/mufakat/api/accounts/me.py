"""The caller's own account (/me) and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.accounts import selectors as account_selectors
from mufakat.accounts.models import ApiToken
from mufakat.accounts.services import api_token_create, api_token_revoke
from mufakat.api.accounts.common import accounts_router
from mufakat.api.accounts.schemas import DeskOut, DeskRowOut, MeOut, RoleOut, TokenCreatedOut, TokenIn, TokenOut
from mufakat.api.auth import SIGNED_IN, request_user
from mufakat.api.common import errors
from mufakat.core.errors import PermissionDenied
from mufakat.desk import desk_for


def _token(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_active,
    }


@accounts_router.get("/me", response={200: MeOut, **errors(401)}, auth=SIGNED_IN)
def me(request: HttpRequest) -> MeOut:
    """Who the credentials belong to, and their roles in every series."""
    user = request_user(request)
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        roles=[
            RoleOut(series=a.series.code, role=a.role, party=a.party.code if a.party else None)
            for a in account_selectors.role_assignment_list(user=user)
        ],
    )


@accounts_router.get("/me/desk", response={200: DeskOut, **errors(401)}, auth=SIGNED_IN)
def desk(request: HttpRequest) -> DeskOut:
    """ "My desk": what awaits the caller in every series it holds a role in (what the web UI's home page shows),
    answers first, then running deadlines, then the next sessions and bilaterals; soonest first in each."""
    found = desk_for(request_user(request))
    return DeskOut(
        now=found.now,
        series=found.series_codes,
        rows=[
            DeskRowOut(
                kind=row.kind,
                section=row.section,
                what=row.what,
                subject=row.subject,
                series=row.series_code,
                meeting=row.meeting,
                party=row.party_code,
                due_at=row.due_at,
                time_zone=row.time_zone,
                seconds_left=found.seconds_left(row),
                count=row.count,
                url=row.url,
            )
            for row in found.rows
        ],
    )


@accounts_router.get("/me/tokens", response={200: list[TokenOut], **errors(401)}, auth=SIGNED_IN)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    """The caller's personal API tokens, revoked and expired ones included; never the secret."""
    return [TokenOut(**_token(t)) for t in account_selectors.api_token_list(user=request_user(request))]


@accounts_router.post("/me/tokens", response={201: TokenCreatedOut, **errors(400, 401, 403)}, auth=SIGNED_IN)
def create_token(request: HttpRequest, data: TokenIn) -> Status[TokenCreatedOut]:
    """Create a personal API token from a signed-in browser session. The plaintext `token` is in this
    response only. A token cannot create further tokens, so a leaked one cannot outlive its expiry."""
    if getattr(request, "authenticated_by", None) == "token":
        raise PermissionDenied(
            _("API tokens are created from a signed-in browser session, not with another token."), field="Authorization"
        )
    issued = api_token_create(user=request_user(request), name=data.name, expires_in_days=data.expires_in_days)
    return Status(201, TokenCreatedOut(**_token(issued.token), token=issued.plaintext))


@accounts_router.delete("/me/tokens/{token_id}", response={204: None, **errors(401, 403, 404)}, auth=SIGNED_IN)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of the caller's tokens; it is refused from then on. Revoking twice is harmless."""
    api_token_revoke(user=request_user(request), token_id=token_id)
    return Status(204, None)
