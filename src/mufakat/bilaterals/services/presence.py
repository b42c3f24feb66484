"""What a delegation enters for the scheduler: when its principals arrive and leave, and the periods they are
busy outside the programme. Its focal point or delegates enter them, or the chair secretariat on its behalf."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.bilaterals.models import BlockedPeriod, DelegationPresence
from mufakat.bilaterals.rules import can_act_for_party
from mufakat.bilaterals.validators import validate_aware
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.versioning import versioned_update
from mufakat.delegations.models import Delegation

from .common import inside_series, level_label, validate_level

PRESENCE_AUDIT_FIELDS = ["level", "arrives_at", "departs_at", "version"]


def _require_party(actor: SeriesViewer, delegation: Delegation) -> None:
    require(
        can_act_for_party(actor, delegation.series_id, delegation.party_id),
        _(
            "only %(party)s's focal point or delegates (or the chair secretariat) enter its "
            "arrival, departure and blocked periods."
        )
        % {"party": delegation.party.name},
    )


@transaction.atomic
def delegation_presence_set(
    *,
    actor: SeriesViewer,
    delegation: Delegation,
    level: str,
    arrives_at: datetime | None,
    departs_at: datetime | None,
    expected_version: int | None = None,
) -> DelegationPresence:
    """When the principal arrives and leaves (None: there from the first day, or to the last)."""
    _require_party(actor, delegation)
    series = delegation.series
    record = f"presence of the {level_label(level)} of {delegation.party.code}"
    validate_level(level, record)
    for value, name in ((arrives_at, "arrives_at"), (departs_at, "departs_at")):
        if value is not None:
            validate_aware(value, field=name, record=record)
    zone = series.venue.tzinfo
    if arrives_at is not None and arrives_at.astimezone(zone).date() > series.end_date:
        raise ValidationFailed(
            _("is after the series ends (%(end_date)s).") % {"end_date": series.end_date},
            field="arrives_at",
            record=record,
        )
    if departs_at is not None and departs_at.astimezone(zone).date() < series.start_date:
        raise ValidationFailed(
            _("is before the series starts (%(start_date)s).") % {"start_date": series.start_date},
            field="departs_at",
            record=record,
        )
    if arrives_at is not None and departs_at is not None and departs_at <= arrives_at:
        raise ValidationFailed(_("is not after the arrival."), field="departs_at", record=record)
    # The delegation's row is locked first: a presence that does not exist yet has no row to lock, and two
    # first settings at once would both create it (the second failing on the unique constraint).
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
    presence = DelegationPresence.objects.filter(delegation=delegation, level=level).first()
    if presence is not None:
        # Its row is read under the delegation's lock: no one else changes it meanwhile.
        return versioned_update(
            presence,
            expected_version=expected_version,
            record=record,
            changes={"arrives_at": arrives_at, "departs_at": departs_at},
            audit=AuditTrail(actor, "bilateral_presence.set", PRESENCE_AUDIT_FIELDS),
        )
    presence = DelegationPresence.objects.create(
        delegation=delegation, level=level, arrives_at=arrives_at, departs_at=departs_at
    )
    audit_record(
        viewer=actor, action="bilateral_presence.set", obj=presence, after=snapshot(presence, PRESENCE_AUDIT_FIELDS)
    )
    return presence


@transaction.atomic
def blocked_period_add(
    *,
    actor: SeriesViewer,
    delegation: Delegation,
    level: str,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
) -> BlockedPeriod:
    """A time the principal is busy outside the programme; taken as entered (include travel time)."""
    _require_party(actor, delegation)
    series = delegation.series
    record = f"blocked period of the {level_label(level)} of {delegation.party.code}"
    validate_level(level, record)
    validate_aware(starts_at, field="starts_at", record=record)
    validate_aware(ends_at, field="ends_at", record=record)
    if ends_at <= starts_at:
        raise ValidationFailed(_("is not after the start."), field="ends_at", record=record)
    inside_series(series, starts_at, ends_at, field="starts_at", record=record)
    if len(note) > 240:
        raise ValidationFailed(_("is longer than 240 characters."), field="note", record=record)
    period = BlockedPeriod.objects.create(
        delegation=delegation, level=level, starts_at=starts_at, ends_at=ends_at, note=note.strip()
    )
    audit_record(
        viewer=actor,
        action="bilateral_blocked.add",
        obj=period,
        after=snapshot(period, ["delegation", "level", "starts_at", "ends_at", "note"]),
    )
    return period


@transaction.atomic
def blocked_period_remove(*, actor: SeriesViewer, delegation: Delegation, period_id: int) -> None:
    _require_party(actor, delegation)
    period = BlockedPeriod.objects.filter(delegation=delegation, pk=period_id).first()
    if period is None:
        raise NotFound(
            _("%(party)s has no blocked period with id %(period_id)s.")
            % {"party": delegation.party.code, "period_id": period_id},
            field="period_id",
        )
    audit_record(
        viewer=actor,
        action="bilateral_blocked.remove",
        obj=period,
        before=snapshot(period, ["delegation", "level", "starts_at", "ends_at", "note"]),
    )
    period.delete()
