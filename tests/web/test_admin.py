"""The admin is for the platform's operators: series data is read-only there, superusers included, and the demo's
chair secretariat (an ordinary account with a series role) does not get in at all."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from mufakat.accounts.models import ApiToken, AuditEvent, User

# Apps whose rows belong to a series: changed only through the services (rights, versions, audit log).
SERIES_APPS = {"meetings", "delegations", "documents", "bilaterals", "plans"}


def test_admin_every_series_model_is_read_only_even_for_a_superuser(db: None) -> None:
    superuser = User.objects.create_superuser(username="operator", password="a-long-operator-password-1")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    series_admins = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in SERIES_APPS or model in {AuditEvent, ApiToken}
    }

    rights = {
        label: (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
        for label, model_admin in series_admins.items()
    }

    assert sorted(rights) == [
        "accounts.ApiToken",
        "accounts.AuditEvent",
        "bilaterals.BilateralAssignment",
        "bilaterals.BilateralRequest",
        "bilaterals.BilateralRoom",
        "bilaterals.BilateralSchedule",
        "delegations.Circular",
        "delegations.Delegation",
        "delegations.Participant",
    ]
    assert set(rights.values()) == {(False, False, False)}


@pytest.mark.parametrize("url", ["/admin/", "/admin/delegations/participant/"])
def test_admin_refuses_the_demo_chair_secretariat(chair_secretariat_client: Client, url: str) -> None:
    response = chair_secretariat_client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")
