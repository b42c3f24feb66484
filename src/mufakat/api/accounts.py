"""The caller's own account (/me, personal API tokens) and the audit log of a series."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from mufakat.accounts import selectors as account_selectors
from mufakat.accounts.audit_read import audit_entries, audit_events, audit_filter_parse
from mufakat.accounts.models import ApiToken, AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import api_token_create, api_token_revoke
from mufakat.core.errors import PermissionDenied
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_get

from .access_schemas import (
    AuditChangeOut,
    AuditEventOut,
    MeOut,
    RoleOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from .auth import SIGNED_IN, request_user, request_viewer
from .common import BoundedPagination, errors

accounts_router = Router(tags=["accounts"])


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


class _AuditPage:
    """The entries of the page the paginator slices out, resolved to names in one batch (a query per kind of
    object on the page), not one entry at a time."""

    def __init__(self, events: QuerySet[AuditEvent], viewer: SeriesViewer, series: Series) -> None:
        self._events, self._viewer, self._series = events, viewer, series

    def __len__(self) -> int:
        return self._events.count()

    def __getitem__(self, page: slice) -> list[AuditEventOut]:
        entries = audit_entries(viewer=self._viewer, series=self._series, events=self._events[page])
        return [
            AuditEventOut(
                at=entry.event.at,
                actor=entry.event.actor_username,
                actor_name=entry.person,
                actor_role=entry.event.actor_role,
                actor_party=entry.event.actor_party,
                actor_party_names=entry.parties,
                action=entry.event.action,
                object_type=entry.object.type,
                object_id=entry.object.id,
                object_repr="" if entry.withheld else entry.event.object_repr,
                object_label=entry.object.label,
                object_url=entry.object.url,
                withheld=entry.withheld,
                changes=[
                    AuditChangeOut(
                        field=change.field,
                        label=change.label,
                        before=None if change.created else change.before,
                        after=change.after,
                    )
                    for change in entry.changes
                ],
                before=entry.before,
                after=entry.after,
                request_id=entry.event.request_id,
            )
            for entry in entries
        ]


@accounts_router.get(
    "/series/{code}/audit", response={200: list[AuditEventOut], **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
@paginate(BoundedPagination)
def series_audit(
    request: HttpRequest,
    code: str,
    *,
    object_type: str = "",
    object_id: str = "",
    party: str = "",
    person: str = "",
    action: str = "",
    day: str = "",
) -> Any:
    """The append-only audit log of the series, newest first; for its chair secretariat. Filter by object
    (`object_type` such as documents.outcomedocument, and `object_id`), by the actor's `party` (a code) or
    `person` (a username), by `action` (e.g. document.recommend) and by `day` (YYYY-MM-DD, the venue's
    calendar). Ids in the snapshots come with names; an entry about an object the caller may not see shows
    only its kind and id."""
    series = series_get(code=code)
    viewer = request_viewer(request, series)
    parsed = audit_filter_parse(
        {
            "object_type": object_type,
            "object_id": object_id,
            "party": party,
            "person": person,
            "action": action,
            "day": day,
        }
    )
    return _AuditPage(audit_events(viewer=viewer, series=series, filters=parsed), viewer, series)
