"""Bilaterals in the admin, to look up, not to edit: every change goes through the services (web UI, API,
command line), which check rights, versions and conflicts and write the audit log."""

from django.contrib import admin

from mufakat.core.admin import ViewOnlyAdmin

from .models import BilateralAssignment, BilateralRequest, BilateralRoom, BilateralSchedule


@admin.register(BilateralRequest)
class BilateralRequestAdmin(ViewOnlyAdmin):
    list_display = ["pk", "series", "requester", "level", "duration_minutes", "priority", "status"]
    list_filter = ["series", "status", "level"]
    search_fields = ["requester__code", "responses__party__code"]
    list_select_related = ["series", "requester"]


@admin.register(BilateralRoom)
class BilateralRoomAdmin(ViewOnlyAdmin):
    list_display = ["room", "series", "capacity", "available_from", "available_to"]
    list_filter = ["series"]
    list_select_related = ["room", "series"]


@admin.register(BilateralSchedule)
class BilateralScheduleAdmin(ViewOnlyAdmin):
    list_display = ["number", "series", "status", "solver", "objective", "bound", "created_at", "published_at"]
    list_filter = ["series", "status"]
    list_select_related = ["series"]


@admin.register(BilateralAssignment)
class BilateralAssignmentAdmin(ViewOnlyAdmin):
    list_display = ["schedule", "request", "starts_at", "ends_at", "room", "confirmed"]
    list_filter = ["schedule__series", "schedule__status", "confirmed"]
    list_select_related = ["schedule__series", "request", "room__room"]
