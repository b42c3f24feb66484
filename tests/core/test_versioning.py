"""versioned_update: one check-bump-save-audit sequence; a stale edit is refused with the current object and
leaves the row and the audit log as they were."""

from __future__ import annotations

import pytest

from mufakat.accounts.audit import AuditTrail
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Series


@pytest.fixture
def delegation(amm_57: Series) -> Delegation:
    """A delegation of AMM-57, locked for the edit as a service would."""
    found: Delegation = lock_then_read(Delegation.objects.all(), pk=Delegation.objects.filter(series=amm_57).first().pk)
    return found


def test_a_fresh_edit_is_saved_with_the_next_version_and_audited(
    delegation: Delegation, chair_secretariat: SeriesViewer
) -> None:
    version, quota = delegation.version, delegation.quota
    audit_count = AuditEvent.objects.count()

    saved = versioned_update(
        delegation,
        expected_version=version,
        record="delegation",
        changes={"quota": quota + 1},
        audit=AuditTrail(chair_secretariat, "delegation.set_quota", ["quota", "version"]),
        update_fields=["quota"],
    )

    stored = Delegation.objects.get(pk=delegation.pk)
    assert (saved.version, stored.version, stored.quota) == (version + 1, version + 1, quota + 1)
    entry = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == audit_count + 1
    assert (entry.action, entry.before, entry.after) == (
        "delegation.set_quota",
        {"quota": quota, "version": version},
        {"quota": quota + 1, "version": version + 1},
    )


def test_a_stale_edit_is_refused_with_the_current_object_and_changes_nothing(
    delegation: Delegation, chair_secretariat: SeriesViewer
) -> None:
    version, quota = delegation.version, delegation.quota
    audit_count = AuditEvent.objects.count()

    with pytest.raises(Conflict) as refused:
        versioned_update(
            delegation,
            expected_version=version - 1,
            record="delegation of LA",
            changes={"quota": quota + 5},
            audit=AuditTrail(chair_secretariat, "delegation.set_quota", ["quota"]),
        )

    assert refused.value.status_code == 409
    assert (refused.value.field, refused.value.record) == ("version", "delegation of LA")
    assert f"now version {version}" in refused.value.message
    assert refused.value.current_object is delegation
    stored = Delegation.objects.get(pk=delegation.pk)
    assert (stored.version, stored.quota, AuditEvent.objects.count()) == (version, quota, audit_count)


def test_apply_runs_after_the_changes_and_its_refusal_saves_nothing(delegation: Delegation) -> None:
    version, quota = delegation.version, delegation.quota

    def refuse_large(obj: Delegation) -> None:
        if obj.quota > 100:
            raise ValidationFailed("is too large.", field="quota")

    with pytest.raises(ValidationFailed):
        versioned_update(delegation, expected_version=version, record="d", changes={"quota": 500}, apply=refuse_large)

    stored = Delegation.objects.get(pk=delegation.pk)
    assert (stored.version, stored.quota) == (version, quota)


def test_check_fresh_names_the_version_field_it_checks(delegation: Delegation) -> None:

    assert check_fresh(delegation, expected_version=delegation.version, record="d") is delegation
    assert check_fresh(delegation, expected_version=None, record="d") is delegation
    with pytest.raises(Conflict) as refused:
        check_fresh(delegation, expected_version=delegation.version + 3, record="d", version_field="version")
    assert refused.value.field == "version"
