from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from mufakat.core.admin import ViewOnlyAdmin

from .audit import audit_record, snapshot
from .models import ApiToken, AuditEvent, RoleAssignment, User
from .rules import viewer_for

ROLE_FIELDS = ["user", "series", "role", "party"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("mufakat", {"fields": ("preferred_language", "family_name_first")}))  # type: ignore[misc]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    """Roles are given and taken away, never edited in place; both leave an audit entry."""

    list_display = ["user", "series", "role", "party", "created_at"]
    list_filter = ["series", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "party__code"]
    autocomplete_fields = ["user", "party"]
    fields = tuple(ROLE_FIELDS)

    def has_change_permission(self, request: HttpRequest, obj: RoleAssignment | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                viewer=viewer_for(request.user, obj.series),
                action="role.assign",
                obj=obj,
                after=snapshot(obj, ROLE_FIELDS),
            )

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        with transaction.atomic():
            audit_record(
                viewer=viewer_for(request.user, obj.series),
                action="role.remove",
                obj=obj,
                before=snapshot(obj, ROLE_FIELDS),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset.select_related("series"):
            self.delete_model(request, assignment)


@admin.register(ApiToken)
class ApiTokenAdmin(ViewOnlyAdmin):
    """Tokens are issued and revoked by their owners (web UI, API); the digest is never shown."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    """Append-only: nobody adds, changes or deletes entries through the app, superusers included."""

    list_display = ["at", "actor_username", "actor_role", "actor_party", "series", "action", "object_repr"]
    list_filter = ["action", "series"]
    search_fields = ["actor_username", "object_repr", "object_id", "request_id"]
    date_hierarchy = "at"
    fields = (
        "at",
        "actor",
        "actor_username",
        "actor_role",
        "actor_party",
        "series",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before",
        "after",
        "request_id",
    )
    readonly_fields = fields
