from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("mufakat", {"fields": ("preferred_language",)}))  # type: ignore[misc]
