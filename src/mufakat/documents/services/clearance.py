"""Clearance: positions on a version, and the silence procedure with its persisted deadline."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed, require_choice
from mufakat.core.locking import lock_then_read
from mufakat.documents.enums import PositionKind, ProposalStatus, SilenceStatus
from mufakat.documents.models import (
    DocumentVersion,
    OutcomeDocument,
    Position,
    Proposal,
    SilenceBreak,
    SilenceProcedure,
)
from mufakat.documents.rules import (
    SILENCE_STATUSES,
    positions_refusal,
    require_act_for,
    require_manage,
    silence_start_refusal,
)
from mufakat.jobs.services import job_enqueue
from mufakat.live.services import document_changed
from mufakat.meetings.validators import validate_time_zone
from mufakat.notifications.models import Notice
from mufakat.reference.models import Party

from .common import (
    consensus_parties,
    lock_for_party,
    lock_to_manage,
    require_consensus_party,
    require_current,
    require_open,
    status_refresh,
)
from .notices import notify_positions_requested, positions_request_key
from .silence_notices import (
    notify_silence_broken,
    notify_silence_cancelled,
    notify_silence_held,
    notify_silence_started,
    silence_reminders_schedule,
)


def _local(moment: datetime, zone_name: str) -> str:
    return f"{date_format(moment.astimezone(zoneinfo.ZoneInfo(zone_name)), 'DATETIME_FORMAT')} ({zone_name})"


def _locked_procedure(procedure_id: int) -> SilenceProcedure:
    procedure = lock_then_read(
        SilenceProcedure.objects.select_related("version__document__current_version"), pk=procedure_id
    )
    if procedure is None:
        raise SilenceProcedure.DoesNotExist(f"no silence procedure with id {procedure_id}")
    return procedure


@transaction.atomic
def position_take(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    version_id: int,
    party: Party,
    kind: str,
    note: str = "",
) -> Position:
    """A party states its position on the current version; a later statement replaces its earlier one."""
    document, record, current = lock_for_party(actor, document, party, version_id)
    _require_positions_open(document, current, record)
    require_choice(kind, PositionKind.values, field="kind", record=record)
    if len(note) > 500:
        raise ValidationFailed(_("at most 500 characters."), field="note", record=record)
    if kind in (PositionKind.RESERVE, PositionKind.OBJECT) and not note.strip():
        raise ValidationFailed(_("say what the reservation or objection is about."), field="note", record=record)
    position = Position.objects.filter(version=current, party=party).first()
    before = snapshot(position, ["kind", "note"]) if position else None
    if position is None:
        position = Position(version=current, party=party)
    position.kind, position.note = kind, note.strip()
    position.taken_by, position.taken_at = actor.user if actor.is_authenticated else None, timezone.now()
    position.save()
    status_refresh(document)
    audit_record(
        viewer=actor, action="position.take", obj=position, before=before, after=snapshot(position, ["kind", "note"])
    )
    document_changed(document.pk, "position", party=party.code)
    return position


def _require_positions_open(
    document: OutcomeDocument, version: DocumentVersion, record: str, *, asking: bool = False
) -> None:
    silence_held = SilenceProcedure.objects.filter(version=version, status=SilenceStatus.HELD).exists()
    refusal = positions_refusal(
        version_number=version.number, status=document.status, silence_held=silence_held, asking=asking
    )
    if refusal:
        raise ValidationFailed(refusal, field="status", record=record)


def _require_version_of(document: OutcomeDocument, version_id: int, record: str) -> None:
    """A version id of another document is a mistake, not a superseded draft (which would be a 409)."""
    if not DocumentVersion.objects.filter(pk=version_id, document=document).exists():
        raise ValidationFailed(
            _("version %(id)s is not a draft of this document.") % {"id": version_id},
            field="version_id",
            record=record,
        )


@transaction.atomic
def positions_request(*, actor: SeriesViewer, document: OutcomeDocument, version_id: int) -> list[Party]:
    """The chair asks the consensus parties that have not stated a position on the current draft to state one
    (their focal points and delegates are told). Returns those parties. Once per draft: the parties asked can
    only shrink as positions come in, so a second request would only repeat the first."""
    document, record = lock_to_manage(actor, document)
    require_open(document)
    _require_version_of(document, version_id, record)
    current = require_current(document, version_id, field="version_id")
    _require_positions_open(document, current, record)
    stated = set(Position.objects.filter(version=current).values_list("party_id", flat=True))
    parties = [entry.party for entry in consensus_parties(document) if entry.party.pk not in stated]
    if not parties:
        raise ValidationFailed(
            _("every party has stated its position on draft %(number)s.") % {"number": current.number},
            field="version_id",
            record=record,
        )
    _require_positions_open(document, current, record, asking=True)
    asked = Notice.objects.filter(key=positions_request_key(current)).values_list("created_at", flat=True).first()
    if asked is not None:
        raise ValidationFailed(
            _("positions on draft %(number)s were already requested on %(when)s.")
            % {"number": current.number, "when": _local(asked, _venue_zone(document))},
            field="version_id",
            record=record,
        )
    notify_positions_requested(actor=actor, document=document, party_ids=[party.pk for party in parties])
    audit_record(
        viewer=actor, action="positions.request", obj=current, after={"parties": sorted(p.code for p in parties)}
    )
    return parties


def _venue_zone(document: OutcomeDocument) -> str:
    venue = document.meeting.effective_venue
    return venue.time_zone if venue is not None else "UTC"


@transaction.atomic
def silence_start(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    version_id: int,
    deadline: datetime,
    time_zone: str,
    now: datetime | None = None,
) -> SilenceProcedure:
    """Circulate the current version under silence until `deadline` (an aware time, announced in `time_zone`)."""
    document, record = lock_to_manage(actor, document)
    require_open(document)
    current = require_current(document, version_id, field="version_id")
    now = now or timezone.now()
    validate_time_zone(time_zone, record=record)
    zone = zoneinfo.ZoneInfo(time_zone)
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=zone)
    if deadline <= now:
        raise ValidationFailed(
            _("the deadline %(deadline)s has already passed.") % {"deadline": _local(deadline, time_zone)},
            field="deadline",
            record=record,
        )
    if SilenceProcedure.objects.filter(version=current, status=SilenceStatus.RUNNING).exists():
        raise Conflict(_("a silence procedure is already running on this draft."), field="version_id", record=record)
    open_count = Proposal.objects.filter(version=current, status=ProposalStatus.OPEN).count()
    refusal = silence_start_refusal(
        version_number=current.number,
        open_count=open_count,
        status=document.status,
        silence_held=SilenceProcedure.objects.filter(version=current, status=SilenceStatus.HELD).exists(),
    )
    if refusal:
        # A text already cleared is refused for its status; one with brackets or silence held, for its draft.
        field = "version_id" if document.status in SILENCE_STATUSES else "status"
        raise ValidationFailed(refusal, field=field, record=record)
    procedure = SilenceProcedure.objects.create(
        version=current,
        deadline=deadline.astimezone(zoneinfo.ZoneInfo("UTC")),
        time_zone=time_zone,
        started_by=actor.user if actor.is_authenticated else None,
        started_at=now,
    )
    # The deadline is a job on the queue, put there when this transaction commits (the sweep is the backstop).
    job_enqueue(
        kind="silence.deadline",
        params={"procedure_id": procedure.pk},
        series_id=document.meeting.series_id,
        enqueued_by=actor.user,
        run_after=procedure.deadline,
    )
    status_refresh(document)
    notify_silence_started(actor=actor, procedure=procedure)
    silence_reminders_schedule(procedure=procedure, enqueued_by=actor.user, now=now)
    audit_record(
        viewer=actor,
        action="silence.start",
        obj=procedure,
        after={"version": current.number, "deadline": procedure.deadline.isoformat(), "time_zone": time_zone},
    )
    document_changed(document.pk, "silence", status=procedure.status)
    return procedure


@transaction.atomic
def silence_break(
    *,
    actor: SeriesViewer,
    procedure: SilenceProcedure,
    party: Party,
    reason: str,
    now: datetime | None = None,
) -> SilenceBreak:
    """A party breaks silence before the deadline, saying why. After the deadline it is too late, even if
    the deadline job has not run yet: the deadline, not the job, decides."""
    require_act_for(actor, party.pk, party.code)
    procedure = _locked_procedure(procedure.pk)
    document = procedure.version.document
    record = f"silence procedure #{procedure.pk} on {document.title_en}"
    now = now or timezone.now()
    require_consensus_party(document, party)
    current = document.current_version
    if current is not None and procedure.version_id != current.pk:
        # A later draft replaced the text under silence: whatever is said is said on that one.
        raise Conflict(
            _(
                "draft %(old)s was superseded by draft %(number)s (version id %(id)s); "
                "break silence on the current draft."
            )
            % {"old": procedure.version.number, "number": current.number, "id": current.pk},
            field="procedure",
            record=record,
            current={"version_id": current.pk, "number": current.number},
        )
    if now >= procedure.deadline:
        raise ValidationFailed(
            _("the deadline passed at %(deadline)s; silence can no longer be broken.")
            % {"deadline": _local(procedure.deadline, procedure.time_zone)},
            field="reason",
            record=record,
        )
    if procedure.status not in (SilenceStatus.RUNNING, SilenceStatus.BROKEN):
        raise ValidationFailed(
            _("the procedure is %(status)s.") % {"status": procedure.get_status_display()},
            field="procedure",
            record=record,
        )
    if not reason.strip():
        raise ValidationFailed(_("say why silence is broken."), field="reason", record=record)
    if SilenceBreak.objects.filter(procedure=procedure, party=party).exists():
        raise Conflict(
            _("%(party)s has already broken silence on this draft.") % {"party": party.code},
            field="party",
            record=record,
        )
    silence_break_row = SilenceBreak.objects.create(
        procedure=procedure,
        party=party,
        reason=reason.strip(),
        broken_by=actor.user if actor.is_authenticated else None,
        broken_at=now,
    )
    if procedure.status == SilenceStatus.RUNNING:
        procedure.status, procedure.concluded_at = SilenceStatus.BROKEN, now
        procedure.result = _("Silence broken by %(party)s on %(when)s.") % {
            "party": party.code,
            "when": _local(now, procedure.time_zone),
        }
        procedure.save(update_fields=["status", "concluded_at", "result"])
    status_refresh(document)
    notify_silence_broken(actor=actor, procedure=procedure, silence_break=silence_break_row)
    audit_record(
        viewer=actor,
        action="silence.break",
        obj=silence_break_row,
        after={"procedure": procedure.pk, "party": party.code, "reason": reason.strip()},
    )
    document_changed(document.pk, "silence", status=procedure.status, party=party.code)
    return silence_break_row


@transaction.atomic
def silence_cancel(*, actor: SeriesViewer, procedure: SilenceProcedure, reason: str) -> SilenceProcedure:
    require_manage(actor)
    procedure = _locked_procedure(procedure.pk)
    record = f"silence procedure #{procedure.pk}"
    if procedure.status != SilenceStatus.RUNNING:
        raise ValidationFailed(
            _("the procedure is %(status)s.") % {"status": procedure.get_status_display()},
            field="procedure",
            record=record,
        )
    if not reason.strip():
        raise ValidationFailed(_("say why the procedure is cancelled."), field="reason", record=record)
    before = snapshot(procedure, ["status"])
    procedure.status, procedure.concluded_at, procedure.result = SilenceStatus.CANCELLED, timezone.now(), reason.strip()
    procedure.save(update_fields=["status", "concluded_at", "result"])
    status_refresh(procedure.version.document)
    notify_silence_cancelled(actor=actor, procedure=procedure)
    audit_record(viewer=actor, action="silence.cancel", obj=procedure, before=before, after={"status": "cancelled"})
    document_changed(procedure.version.document_id, "silence", status=procedure.status)
    return procedure


def silence_conclude_due(*, now: datetime | None = None) -> list[SilenceProcedure]:
    """Conclude every running procedure whose deadline has passed: silence held, version cleared.

    Safe to run from several processes at once and after any gap: each procedure is concluded in its
    own transaction under a row lock (others wait, then find it concluded), and the result depends only on
    the deadline."""
    now = now or timezone.now()
    concluded: list[SilenceProcedure] = []
    due_ids = list(
        SilenceProcedure.objects.filter(status=SilenceStatus.RUNNING, deadline__lte=now)
        .order_by("deadline")
        .values_list("pk", flat=True)
    )
    for procedure_id in due_ids:
        procedure = silence_conclude(procedure_id=procedure_id, now=now)
        if procedure is not None:
            concluded.append(procedure)
    return concluded


def silence_conclude(*, procedure_id: int, now: datetime | None = None) -> SilenceProcedure | None:
    """Conclude this procedure if it is still running and its deadline has passed; None otherwise. Its own
    transaction under a row lock, so it concludes once however often and from however many workers it is
    called: the deadline job, the periodic sweep, run-deadlines. It waits for the lock rather than skipping a
    locked row: the holder may be a reminder or a break that concludes nothing (a deadline job that skipped
    it would have concluded nothing either, leaving the procedure running until some later sweep); once the
    lock is free the row is read again, so a conclusion that held it is seen and this one returns None."""
    now = now or timezone.now()
    with transaction.atomic():
        procedure = lock_then_read(
            SilenceProcedure.objects.select_related("version__document__meeting__series"),
            pk=procedure_id,
            status=SilenceStatus.RUNNING,
            deadline__lte=now,
        )
        if procedure is None:
            return None
        document = procedure.version.document
        # Silence holds at the deadline itself, however late a pass notices it (a server down over the weekend).
        procedure.status, procedure.concluded_at = SilenceStatus.HELD, procedure.deadline
        procedure.result = _("Silence held: no party broke silence before %(deadline)s.") % {
            "deadline": _local(procedure.deadline, procedure.time_zone)
        }
        procedure.save(update_fields=["status", "concluded_at", "result"])
        status_refresh(document)
        notify_silence_held(procedure=procedure)
        audit_record(
            viewer=SeriesViewer.system(document.meeting.series_id, purpose="silence deadline job"),
            action="silence.conclude",
            obj=procedure,
            # The deadline silence was held at, and when this pass recorded it (a worker down over the weekend).
            after={
                "status": procedure.status,
                "document_status": document.status,
                "concluded_at": procedure.deadline.isoformat(),
                "recorded_at": now.isoformat(),
            },
        )
        document_changed(document.pk, "silence", status=procedure.status)
    return procedure
