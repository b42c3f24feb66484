"""Writes to delegations: delegations and quotas, participants and their accreditation, circulars,
attendance additions. Every function checks the actor's rights, runs in one transaction and writes
an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.classification import validate_classification
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import NotFound, ValidationFailed, require_choice
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.enums import AdditionKind
from mufakat.meetings.models import AttendanceAddition, Meeting, Series
from mufakat.meetings.selectors import series_parties
from mufakat.reference.models import Framework, Party

from .enums import Accreditation, ParticipantRole, Rank
from .models import Circular, Delegation, Participant
from .notices import accreditation_decided_notify
from .rules import can_decide_accreditation, can_edit_participants, can_manage_delegations

PARTICIPANT_FIELDS = ["name_en", "name_vi", "title_en", "title_vi", "rank", "role", "email", "phone"]
PARTICIPANT_AUDIT_FIELDS = [*PARTICIPANT_FIELDS, "accreditation", "returned_reason", "version"]


@transaction.atomic
def delegation_create(*, actor: SeriesViewer, series: Series, party: Party, quota: int = 10) -> Delegation:
    require(can_manage_delegations(actor, series.pk), _("only the chair secretariat registers delegations."))
    record = f"delegation of {party.code}"
    if party.pk not in {p.pk for p in series_parties(series=series)}:
        raise ValidationFailed(
            _("%(party)s attends no meeting of %(series)s; add it to a meeting first (attendance addition).")
            % {"party": party.name, "series": series.code},
            field="party",
            record=record,
        )
    if quota < 1:
        raise ValidationFailed(_("must be at least 1."), field="quota", record=record)
    if Delegation.objects.filter(series=series, party=party).exists():
        raise ValidationFailed(
            _("%(party)s already has a delegation in %(series)s.") % {"party": party.name, "series": series.code},
            field="party",
            record=record,
        )
    delegation = Delegation.objects.create(series=series, party=party, quota=quota)
    audit_record(
        viewer=actor, action="delegation.create", obj=delegation, after=snapshot(delegation, ["party", "quota"])
    )
    return delegation


def _locked_delegation(delegation_id: int, *related: str) -> Delegation:
    delegation = lock_then_read(Delegation.objects.select_related(*related), pk=delegation_id)
    if delegation is None:
        raise NotFound(_("no delegation with delegation_id %(id)r.") % {"id": delegation_id}, field="delegation_id")
    return delegation


@transaction.atomic
def delegation_set_quota(*, actor: SeriesViewer, delegation_id: int, quota: int, expected_version: int) -> Delegation:
    delegation = _locked_delegation(delegation_id, "party")
    require(can_manage_delegations(actor, delegation.series_id), _("only the chair secretariat sets quotas."))
    record = f"delegation of {delegation.party.code}"
    check_fresh(delegation, expected_version=expected_version, record=record)
    if quota < 1:
        raise ValidationFailed(_("must be at least 1."), field="quota", record=record)
    registered = _active_participants(delegation).count()
    if quota < registered:
        raise ValidationFailed(
            _("%(quota)s is below the %(registered)s participants already registered; withdraw some first.")
            % {"quota": quota, "registered": registered},
            field="quota",
            record=record,
        )
    return versioned_update(
        delegation,
        expected_version=expected_version,
        record=record,
        changes={"quota": quota},
        update_fields=["quota"],
        audit=AuditTrail(actor, "delegation.set_quota", ["quota", "version"]),
    )


def _active_participants(delegation: Delegation) -> Any:
    return Participant.objects.filter(delegation=delegation).exclude(accreditation=Accreditation.WITHDRAWN)


def _clean_participant(data: dict[str, Any], *, record: str) -> dict[str, Any]:
    unknown = set(data) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("is not a participant field; use %(values)s.") % {"values": ", ".join(PARTICIPANT_FIELDS)},
            field=sorted(unknown)[0],
            record=record,
        )
    cleaned = {key: (value.strip() if isinstance(value, str) else value) for key, value in data.items()}
    if "name_en" in cleaned and not cleaned["name_en"]:
        raise ValidationFailed(
            _("is empty; give the name as in the passport, in Latin script."), field="name_en", record=record
        )
    if "rank" in cleaned:
        require_choice(cleaned["rank"], Rank.values, field="rank", record=record)
    if "role" in cleaned:
        require_choice(cleaned["role"], ParticipantRole.values, field="role", record=record)
    email = cleaned.get("email")
    if email and ("@" not in email or " " in email or len(email) > 254):
        raise ValidationFailed(
            _("%(email)r is not an e-mail address.") % {"email": email}, field="email", record=record
        )
    for field, limit in (("name_en", 160), ("name_vi", 160), ("title_en", 240), ("title_vi", 240), ("phone", 40)):
        if len(cleaned.get(field) or "") > limit:
            raise ValidationFailed(
                _("is longer than %(limit)s characters.") % {"limit": limit}, field=field, record=record
            )
    return cleaned


def _check_unique(delegation: Delegation, participant: Participant, *, record: str) -> None:
    others = _active_participants(delegation).exclude(pk=participant.pk)
    name = participant.name_en.casefold()
    if any(other.casefold() == name for other in others.values_list("name_en", flat=True)):
        raise ValidationFailed(
            _("%(participant)s is already registered in this delegation.") % {"participant": participant.name_en},
            field="name_en",
            record=record,
        )
    if participant.role == ParticipantRole.HEAD and others.filter(role=ParticipantRole.HEAD).exists():
        raise ValidationFailed(
            _("the delegation already has a head; make the other head an alternate first."), field="role", record=record
        )


@transaction.atomic
def participant_create(*, actor: SeriesViewer, delegation_id: int, **data: Any) -> Participant:
    """Register a participant, pending accreditation. Focal points only for their own delegation, and
    only within the quota the chair set."""
    # The row lock serialises concurrent registrations, so two focal-point officers cannot both take the last place.
    delegation = _locked_delegation(delegation_id, "party", "series")
    record = f"participant of the {delegation.party.code} delegation"
    require(
        can_edit_participants(actor, delegation),
        _("you may register participants only for your own delegation, not %(party)s's.")
        % {"party": delegation.party.name},
    )
    cleaned = _clean_participant(data, record=record)
    for field in ("name_en", "rank", "role"):
        if not cleaned.get(field):
            raise ValidationFailed(_("is required."), field=field, record=record)
    registered = _active_participants(delegation).count()
    if registered >= delegation.quota:
        raise ValidationFailed(
            _(
                "the delegation has used its quota of %(quota)s participants; ask the chair "
                "secretariat for more or withdraw someone."
            )
            % {"quota": delegation.quota},
            field="quota",
            record=record,
        )
    participant = Participant(
        delegation=delegation, created_by=actor.user if actor.is_authenticated else None, **cleaned
    )
    _check_unique(delegation, participant, record=record)
    participant.save()
    audit_record(
        viewer=actor,
        action="participant.create",
        obj=participant,
        after=snapshot(participant, PARTICIPANT_AUDIT_FIELDS),
    )
    return participant


def _locked_participant(participant_id: int) -> Participant:
    participant = lock_then_read(
        Participant.objects.select_related("delegation", "delegation__party"), pk=participant_id
    )
    if participant is None:
        raise NotFound(
            _("no participant with id %(participant_id)s.") % {"participant_id": participant_id}, field="participant_id"
        )
    return participant


@transaction.atomic
def participant_update(
    *, actor: SeriesViewer, participant_id: int, expected_version: int, **changes: Any
) -> Participant:
    """Change a participant. A change to an accredited or returned participant sends it back for accreditation."""
    participant = _locked_participant(participant_id)
    delegation = participant.delegation
    record = f"participant {participant.name_en}"
    require(
        can_edit_participants(actor, delegation),
        _("you may change participants only of your own delegation, not %(party)s's.")
        % {"party": delegation.party.name},
    )
    check_fresh(participant, expected_version=expected_version, record=record)
    if participant.accreditation == Accreditation.WITHDRAWN:
        raise ValidationFailed(_("was withdrawn; register again instead."), field="accreditation", record=record)
    cleaned = _clean_participant(changes, record=record)
    changed = {key: value for key, value in cleaned.items() if getattr(participant, key) != value}
    if not changed:
        return participant
    return versioned_update(
        participant,
        expected_version=expected_version,
        record=record,
        changes={**changed, "accreditation": Accreditation.SUBMITTED, "returned_reason": ""},
        apply=lambda changed_participant: _check_unique(delegation, changed_participant, record=record),
        audit=AuditTrail(actor, "participant.update", PARTICIPANT_AUDIT_FIELDS),
    )


@transaction.atomic
def participant_withdraw(*, actor: SeriesViewer, participant_id: int, expected_version: int) -> Participant:
    participant = _locked_participant(participant_id)
    delegation = participant.delegation
    record = f"participant {participant.name_en}"
    require(
        can_edit_participants(actor, delegation),
        _("you may withdraw participants only of your own delegation, not %(party)s's.")
        % {"party": delegation.party.name},
    )
    return versioned_update(
        participant,
        expected_version=expected_version,
        record=record,
        changes={"accreditation": Accreditation.WITHDRAWN},
        update_fields=["accreditation"],
        audit=AuditTrail(actor, "participant.withdraw", PARTICIPANT_AUDIT_FIELDS),
    )


@transaction.atomic
def participant_decide(
    *, actor: SeriesViewer, participant_id: int, expected_version: int, accredit: bool, reason: str = ""
) -> Participant:
    """The chair secretariat accredits a submitted participant or returns it with a reason."""
    participant = _locked_participant(participant_id)
    record = f"participant {participant.name_en}"
    require(
        can_decide_accreditation(actor, participant.delegation.series_id),
        _("only the chair secretariat decides on accreditation."),
    )
    check_fresh(participant, expected_version=expected_version, record=record)
    if participant.accreditation != Accreditation.SUBMITTED:
        raise ValidationFailed(
            _("is %(lower)s, not pending accreditation.") % {"lower": participant.get_accreditation_display().lower()},
            field="accreditation",
            record=record,
        )
    reason = reason.strip()
    if not accredit and not reason:
        raise ValidationFailed(
            _("say why the participant is returned, so the focal point can fix it."), field="reason", record=record
        )
    decided = versioned_update(
        participant,
        expected_version=expected_version,
        record=record,
        changes={
            "accreditation": Accreditation.ACCREDITED if accredit else Accreditation.RETURNED,
            "returned_reason": "" if accredit else reason,
        },
        update_fields=["accreditation", "returned_reason"],
        audit=AuditTrail(actor, "participant.accredit" if accredit else "participant.return", PARTICIPANT_AUDIT_FIELDS),
    )
    accreditation_decided_notify(actor=actor, participant=decided)
    return decided


@transaction.atomic
def attendance_addition_create(
    *, actor: SeriesViewer, meeting: Meeting, party: Party, kind: str, note: str = ""
) -> AttendanceAddition:
    require(
        can_manage_delegations(actor, meeting.series_id),
        _("only the chair secretariat of the series adds guests and special observers."),
    )
    record = f"attendance of {party.code} at {meeting.short_title}"
    require_choice(kind, AdditionKind.values, field="kind", record=record)
    try:
        with transaction.atomic():
            addition = AttendanceAddition.objects.create(meeting=meeting, party=party, kind=kind, note=note.strip())
    except IntegrityError as exc:
        raise ValidationFailed(
            _("%(party)s is already added to this meeting.") % {"party": party.name}, field="party", record=record
        ) from exc
    audit_record(
        viewer=actor,
        action="attendance.add",
        obj=addition,
        after=snapshot(addition, ["meeting", "party", "kind", "note"]),
    )
    return addition


@transaction.atomic
def circular_create(
    *,
    actor: SeriesViewer,
    series: Series,
    reference: str,
    title_en: str,
    body_en: str,
    classification: str,
    restricted_to: Framework | None = None,
    confidential_to: list[Party] | None = None,
    title_vi: str = "",
    body_vi: str = "",
) -> Circular:
    require(can_manage_delegations(actor, series.pk), _("only the chair secretariat issues circulars."))
    record = f"circular {reference!r}"
    confidential_to = confidential_to or []
    for field, value in (("reference", reference), ("title_en", title_en), ("body_en", body_en)):
        if not value.strip():
            raise ValidationFailed(_("is empty."), field=field, record=record)
    validate_classification(
        classification=classification, restricted_to=restricted_to, confidential_to=confidential_to, record=record
    )
    if Circular.objects.filter(series=series, reference=reference.strip()).exists():
        raise ValidationFailed(
            _("%(reference)s is already used in %(series)s.") % {"reference": reference, "series": series.code},
            field="reference",
            record=record,
        )
    circular = Circular.objects.create(
        series=series,
        reference=reference.strip(),
        title_en=title_en.strip(),
        title_vi=title_vi.strip(),
        body_en=body_en,
        body_vi=body_vi,
        classification=classification,
        restricted_to=restricted_to if classification == "restricted" else None,
    )
    if classification == "confidential":
        circular.confidential_to.set(confidential_to)
    audit_record(
        viewer=actor,
        action="circular.create",
        obj=circular,
        after=snapshot(circular, ["reference", "title_en", "classification", "restricted_to", "confidential_to"]),
    )
    return circular
