"""Telling every party of a silence procedure: its start and deadline, reminders before the deadline to those
who have said nothing yet, a break, and silence held. A silence procedure is valid only if every party was
told, so each consensus party's focal points, delegates and its head of delegation (by e-mail, account or not)
are told; the record of who was told, when and how (`notifications_about(obj=procedure)`) is the chair's proof.

Reminders are jobs at the deadline minus 24 hours and minus 1 hour, and the worker's sweep sends one whose job
was lost or ran while no worker did; each is raised under its own key, so it goes out once however many workers
and sweeps try."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.locking import lock_then_read
from mufakat.core.text import Text, gettext_noop
from mufakat.documents.enums import PositionKind, SilenceStatus
from mufakat.documents.models import OutcomeDocument, Position, SilenceBreak, SilenceProcedure
from mufakat.jobs.services import job_enqueue
from mufakat.notifications.models import Notice
from mufakat.notifications.phrases import local_time
from mufakat.notifications.selectors import heads_of_delegation
from mufakat.notifications.services import Recipient, notify
from mufakat.notifications.text import Localized, localized_of

from .common import consensus_parties
from .notices import SECRETARIAT_ROLES, document_link, parties_that_may_see, recipients, viewers_of

# How long before the deadline each reminder goes, by the name its key and job carry.
REMINDERS: dict[str, timedelta] = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


def _venue_time(procedure: SilenceProcedure) -> Localized:
    return local_time(procedure.deadline, procedure.time_zone)


def party_contacts(document: OutcomeDocument, party_ids: set[int]) -> list[Recipient]:
    """The focal points and delegates (inbox and e-mail) and heads of delegation (e-mail) of those of these
    parties who may see the document, each named for its party: the same people a request for positions
    reaches, since a delegate who may state the position may also break silence."""
    series_id = document.meeting.series_id
    if not party_ids or series_id is None:
        return []
    delegations = viewers_of(document, roles={SeriesRole.FOCAL_POINT, SeriesRole.DELEGATE}, party_ids=party_ids)
    people = [
        Recipient(user=viewer.user, party_id=min((viewer.focal_party_ids | viewer.party_ids) & party_ids))
        for viewer in delegations
        if (viewer.focal_party_ids | viewer.party_ids) & party_ids
    ]
    heads = heads_of_delegation(series_id=series_id, party_ids=party_ids)
    # Only the parties with a head to write to are checked (a query each): most delegations give no address.
    visible = parties_that_may_see(document, {head.party_id for head in heads if head.party_id is not None})
    return people + [head for head in heads if head.party_id in visible]


def _told(document: OutcomeDocument, actor: SeriesViewer | None) -> list[Recipient]:
    """Every consensus party's contacts and the secretariats, never the actor."""
    parties = {entry.party.pk for entry in consensus_parties(document)}
    actor_id = actor.user.pk if actor is not None and actor.is_authenticated else None
    contacts = [
        person for person in party_contacts(document, parties) if person.user is None or person.user.pk != actor_id
    ]
    return contacts + recipients(viewers_of(document, roles=SECRETARIAT_ROLES), actor=actor)


def _values(procedure: SilenceProcedure) -> dict[str, object]:
    document = procedure.version.document
    return {
        "title": localized_of(document, "title"),
        "number": procedure.version.number,
        "deadline": _venue_time(procedure),
    }


def notify_silence_started(*, actor: SeriesViewer, procedure: SilenceProcedure) -> None:
    document = procedure.version.document
    values = _values(procedure)
    notify(
        kind="silence.started",
        recipients=_told(document, actor),
        subject=Text(gettext_noop("Silence procedure on %(title)s until %(deadline)s"), values),
        body=Text(
            gettext_noop(
                "Draft %(number)s of “%(title)s” is circulated under silence procedure until %(deadline)s. Unless a "
                "party breaks silence before then, giving its reason, the draft is cleared at the deadline."
            ),
            values,
        ),
        series_id=document.meeting.series_id,
        link=document_link(document, "document-board", "silence"),
        about=procedure,
        deadline=procedure.deadline,
        deadline_zone=procedure.time_zone,
        key=f"silence:{procedure.pk}:started",
    )


def silence_reminders_schedule(*, procedure: SilenceProcedure, enqueued_by: object, now: datetime) -> None:
    """A job for each reminder still ahead (a procedure started less than a day before its deadline gets no
    24-hour reminder: the notice of its start said as much)."""
    for which, before in REMINDERS.items():
        moment = procedure.deadline - before
        if moment <= now:
            continue
        job_enqueue(
            kind="silence.reminder",
            params={"procedure_id": procedure.pk, "which": which},
            series_id=procedure.version.document.meeting.series_id,
            enqueued_by=enqueued_by,
            run_after=moment,
        )


def reminder_due(procedure: SilenceProcedure, now: datetime) -> str | None:
    """The reminder to send now, if any: the latest whose moment (after the start) has passed, while the
    procedure runs and its deadline has not passed. A worker back 30 minutes before the deadline sends the
    1-hour reminder, not the 24-hour one as well."""
    if procedure.status != SilenceStatus.RUNNING or now >= procedure.deadline:
        return None
    due = [which for which, before in REMINDERS.items() if procedure.started_at < procedure.deadline - before <= now]
    return min(due, key=REMINDERS.__getitem__) if due else None


def silent_parties(procedure: SilenceProcedure) -> set[int]:
    """The consensus parties that have neither agreed to the draft under silence nor broken silence."""
    document = procedure.version.document
    agreed = set(
        Position.objects.filter(
            version=procedure.version, kind__in=[PositionKind.AGREE, PositionKind.AGREE_AD_REF]
        ).values_list("party_id", flat=True)
    )
    broke = set(SilenceBreak.objects.filter(procedure=procedure).values_list("party_id", flat=True))
    return {entry.party.pk for entry in consensus_parties(document)} - agreed - broke


def silence_remind(*, procedure_id: int, which: str, now: datetime | None = None) -> Notice | None:
    """Send reminder `which` of this procedure if it is the one due now (see reminder_due) and was not sent
    before; None otherwise. Under the procedure's row lock, so a break at the same moment is seen."""
    now = now or timezone.now()
    with transaction.atomic():
        procedure = lock_then_read(
            SilenceProcedure.objects.select_related("version__document__meeting__series"), pk=procedure_id
        )
        if procedure is None or reminder_due(procedure, now) != which:
            return None
        document = procedure.version.document
        told = party_contacts(document, silent_parties(procedure))
        if not told:
            return None
        values = _values(procedure)
        return notify(
            kind="silence.reminder",
            recipients=told,
            subject=Text(gettext_noop("Silence on %(title)s ends at %(deadline)s"), values),
            body=Text(
                gettext_noop(
                    "The silence procedure on draft %(number)s of “%(title)s” ends at %(deadline)s. Your delegation "
                    "has neither agreed nor broken silence: if it says nothing, the draft is cleared at the deadline."
                ),
                values,
            ),
            series_id=document.meeting.series_id,
            link=document_link(document, "document-board", "silence"),
            about=procedure,
            deadline=procedure.deadline,
            deadline_zone=procedure.time_zone,
            key=f"silence:{procedure.pk}:reminder:{which}",
        )


def silence_reminders_due(*, now: datetime | None = None) -> int:
    """The worker's sweep: every reminder due now whose job did not send it (lost, or due while no worker ran).
    Safe from several workers at once. Returns how many it sent."""
    now = now or timezone.now()
    earliest = max(REMINDERS.values())
    sent = 0
    running = SilenceProcedure.objects.filter(
        status=SilenceStatus.RUNNING, deadline__gt=now, deadline__lte=now + earliest
    ).order_by("deadline")
    for procedure in running:
        which = reminder_due(procedure, now)
        if which is None or Notice.objects.filter(key=f"silence:{procedure.pk}:reminder:{which}").exists():
            continue
        if silence_remind(procedure_id=procedure.pk, which=which, now=now) is not None:
            sent += 1
    return sent


def notify_silence_broken(*, actor: SeriesViewer, procedure: SilenceProcedure, silence_break: SilenceBreak) -> None:
    document = procedure.version.document
    user = silence_break.broken_by
    values = _values(procedure) | {
        "party": silence_break.party.code,
        "who": (user.get_full_name() or user.get_username()) if user is not None else silence_break.party.code,
        "reason": silence_break.reason,
    }
    notify(
        kind="silence.broken",
        recipients=_told(document, actor),
        subject=Text(gettext_noop("Silence broken on %(title)s by %(party)s"), values),
        body=Text(
            gettext_noop(
                "%(party)s broke silence on draft %(number)s of “%(title)s” (recorded by %(who)s). Reason: %(reason)s"
            ),
            values,
        ),
        series_id=document.meeting.series_id,
        link=document_link(document, "document-board", "silence"),
        about=procedure,
        key=f"silence:{procedure.pk}:broken:{silence_break.party_id}",
    )


def notify_silence_held(*, procedure: SilenceProcedure) -> None:
    document = procedure.version.document
    values = _values(procedure)
    notify(
        kind="silence.held",
        recipients=_told(document, None),
        subject=Text(gettext_noop("Silence held: %(title)s is cleared"), values),
        body=Text(
            gettext_noop("No party broke silence before %(deadline)s: draft %(number)s of “%(title)s” is cleared."),
            values,
        ),
        series_id=document.meeting.series_id,
        link=document_link(document, "document-board", "silence"),
        about=procedure,
        key=f"silence:{procedure.pk}:held",
    )


def notify_silence_cancelled(*, actor: SeriesViewer, procedure: SilenceProcedure) -> None:
    """Every party told of the start hears that the procedure no longer runs (cancelled by the chair, or
    superseded by a new draft), so that no one breaks silence, or keeps it, on a text no longer under it."""
    document = procedure.version.document
    values = _values(procedure) | {"reason": procedure.result}
    notify(
        kind="silence.cancelled",
        recipients=_told(document, actor),
        subject=Text(gettext_noop("Silence procedure on %(title)s cancelled"), values),
        body=Text(
            gettext_noop(
                "The silence procedure on draft %(number)s of “%(title)s” (deadline %(deadline)s) no longer runs: "
                "%(reason)s"
            ),
            values,
        ),
        series_id=document.meeting.series_id,
        link=document_link(document, "document-board", "silence"),
        about=procedure,
        key=f"silence:{procedure.pk}:cancelled",
    )
