"""Delegations, participants and circulars in the admin, to look up, not to edit: every change goes through
the services (web UI, API), which check rights and quotas, bump versions and write the audit log."""

from django.contrib import admin

from mufakat.core.admin import ViewOnlyAdmin

from .models import Circular, Delegation, Participant


@admin.register(Delegation)
class DelegationAdmin(ViewOnlyAdmin):
    list_display = ["party", "series", "quota", "version"]
    list_filter = ["series"]
    search_fields = ["party__code", "party__name_en"]
    list_select_related = ["party", "series"]


@admin.register(Participant)
class ParticipantAdmin(ViewOnlyAdmin):
    list_display = ["name_en", "name_vi", "delegation", "role", "rank", "accreditation", "version"]
    list_filter = ["delegation__series", "accreditation", "role", "rank"]
    search_fields = ["name_en", "name_vi", "email", "delegation__party__code"]
    list_select_related = ["delegation__party"]


@admin.register(Circular)
class CircularAdmin(ViewOnlyAdmin):
    list_display = ["reference", "title_en", "series", "classification", "restricted_to", "issued_at"]
    list_filter = ["series", "classification"]
    search_fields = ["reference", "title_en", "title_vi"]
    list_select_related = ["series", "restricted_to"]
