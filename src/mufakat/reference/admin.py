from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from mufakat.core.errors import ApplicationError

from .models import ChairYear, Framework, Membership, Party
from .services import membership_save, membership_validate


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin[Party]):
    list_display = ["code", "name_en", "name_vi", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_vi"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
    list_display = ["code", "name_en", "kind", "established"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_vi"]
    filter_horizontal = ["includes"]


class MembershipForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ["framework", "party", "role", "valid_from", "valid_to", "source_note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("framework") and data.get("party"):
            try:
                membership_validate(
                    framework=data["framework"],
                    party=data["party"],
                    valid_from=data.get("valid_from"),
                    valid_to=data.get("valid_to"),
                    exclude_pk=self.instance.pk,
                )
            except ApplicationError as exc:
                raise ValidationError({exc.field or "__all__": str(exc)}) from exc
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    form = MembershipForm
    list_display = ["framework", "party", "role", "valid_from", "valid_to", "from_data_file"]
    list_filter = ["framework", "role"]
    search_fields = ["party__code", "party__name_en"]
    autocomplete_fields = ["party"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        membership_save(membership=obj)


@admin.register(ChairYear)
class ChairYearAdmin(admin.ModelAdmin[ChairYear]):
    list_display = ["year", "party", "note"]
    autocomplete_fields = ["party"]
