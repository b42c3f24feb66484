"""Reads of a user's own account data: role assignments and personal API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, RoleAssignment, User


def role_assignment_list(*, user: User) -> QuerySet[RoleAssignment]:
    """The user's roles in every series, with the series and party for display."""
    return RoleAssignment.objects.filter(user=user).select_related("series", "party").order_by("series__code", "role")


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked and expired ones included (the digest is never shown)."""
    return ApiToken.objects.filter(user=user).defer("digest").order_by("-created_at", "-pk")
