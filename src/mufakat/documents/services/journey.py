"""A document's journey: record what a meeting (or an intersessional procedure) did with a document on its
way to the meeting that decides on it. Steps come in date order; only ministers or leaders adopt, note or
endorse; a recommendation goes to a meeting still to come. A recommendation to the deciding meeting, and
that meeting's decision, go through the same services as within one series (document_recommend,
document_decide), in the same transaction: nothing is half-recorded."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.documents.enums import ACTION_DISPOSITION, DECIDING_ACTIONS, JourneyAction
from mufakat.documents.models import DocumentVersion, JourneyStep, OutcomeDocument
from mufakat.meetings.enums import BodyLevel
from mufakat.meetings.models import Meeting

from .adoption import document_decide, document_recommend
from .common import lock_to_manage

DECIDING_LEVELS = (BodyLevel.LEADERS, BodyLevel.MINISTERS)
STEP_FIELDS = ["document", "meeting", "procedure_en", "on", "action", "version", "recommended_to", "note"]


def _check_where_and_when(*, meeting: Meeting | None, procedure_en: str, on: date | None, record: str) -> date:
    if (meeting is None) == (not procedure_en.strip()):
        raise ValidationFailed(
            _("a step is either a meeting or an intersessional procedure: name exactly one."),
            field="meeting",
            record=record,
        )
    if meeting is None:
        if on is None:
            raise ValidationFailed(_("give the date of the intersessional procedure."), field="on", record=record)
        return on
    on = on or meeting.start_date
    if not meeting.start_date <= on <= meeting.end_date:
        raise ValidationFailed(
            _("%(meeting)s met from %(start)s to %(end)s; the step's date lies outside.")
            % {"meeting": meeting.short_title, "start": meeting.start_date, "end": meeting.end_date},
            field="on",
            record=record,
        )
    return on


def _check_action(
    *, action: str, meeting: Meeting | None, recommended_to: Meeting | None, on: date, record: str
) -> None:
    require_choice(action, JourneyAction.values, field="action", record=record)
    if action in DECIDING_ACTIONS and meeting is not None and meeting.body.level not in DECIDING_LEVELS:
        raise ValidationFailed(
            _(
                "%(meeting)s (%(level)s) cannot adopt, note or endorse a document; it discusses, finalises or "
                "recommends it to ministers or leaders."
            )
            % {"meeting": meeting.short_title, "level": meeting.body.get_level_display()},
            field="action",
            record=record,
        )
    if action != JourneyAction.RECOMMENDED:
        if recommended_to is not None:
            raise ValidationFailed(
                _("only a recommendation names the meeting it goes to."), field="recommended_to", record=record
            )
        return
    if recommended_to is None:
        raise ValidationFailed(_("name the meeting it is recommended to."), field="recommended_to", record=record)
    if recommended_to.end_date < on:
        raise ValidationFailed(
            _("%(meeting)s already took place (%(end)s): a document is recommended to a meeting still to come.")
            % {"meeting": recommended_to.short_title, "end": recommended_to.end_date},
            field="recommended_to",
            record=record,
        )
    if recommended_to.body.level not in DECIDING_LEVELS or recommended_to == meeting:
        raise ValidationFailed(
            _("%(meeting)s does not decide on documents; recommend it to ministers or leaders.")
            % {"meeting": recommended_to.short_title},
            field="recommended_to",
            record=record,
        )


@transaction.atomic
def journey_step_record(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    action: str,
    meeting: Meeting | None = None,
    procedure_en: str = "",
    procedure_vi: str = "",
    on: date | None = None,
    version: DocumentVersion | None = None,
    recommended_to: Meeting | None = None,
    note: str = "",
) -> JourneyStep:
    """Record the next step of a document's journey (chair secretariat of the document's series). A step at
    the deciding meeting that adopts (notes, endorses) it decides the document; a recommendation to the deciding
    meeting records the recommendation there, as the SOM's does within one series."""
    document, record = lock_to_manage(actor, document)
    if actor.series_id != document.meeting.series_id:
        raise ValidationFailed(_("the document is not part of this series."), field="document", record=record)
    steps = JourneyStep.objects.filter(document=document)
    record = f"{record}, step {steps.count() + 1}"
    on = _check_where_and_when(meeting=meeting, procedure_en=procedure_en, on=on, record=record)
    last = steps.aggregate(last=Max("on"))["last"]
    if last is not None and on < last:
        raise ValidationFailed(
            _("the step is dated %(on)s, before the previous step (%(last)s): steps are recorded in date order.")
            % {"on": on, "last": last},
            field="on",
            record=record,
        )
    _check_action(action=action, meeting=meeting, recommended_to=recommended_to, on=on, record=record)
    if version is not None and (version.document_id != document.pk or hasattr(version, "journey_step")):
        raise ValidationFailed(
            _("draft %(number)s is not a text of this document that no other step produced.")
            % {"number": version.number},
            field="version",
            record=record,
        )
    home = document.meeting
    recommendation = None
    if action == JourneyAction.RECOMMENDED and recommended_to == home and meeting is not None:
        document = document_recommend(
            actor=actor, document=document, expected_version=document.version, from_meeting=meeting
        )
        recommendation = document.recommendation
    if action in DECIDING_ACTIONS and meeting == home:
        if ACTION_DISPOSITION[action] != document.disposition:
            raise ValidationFailed(
                _("the document goes to %(meeting)s %(purpose)s; this step says: %(action)s.")
                % {
                    "purpose": document.disposition_purpose,
                    "meeting": home.short_title,
                    "action": JourneyAction(action).label,
                },
                field="action",
                record=record,
            )
        document_decide(actor=actor, document=document, expected_version=document.version, on=on)
    step = JourneyStep.objects.create(
        document=document,
        meeting=meeting,
        procedure_en=procedure_en.strip(),
        procedure_vi=procedure_vi.strip(),
        on=on,
        action=action,
        version=version,
        recommended_to=recommended_to,
        recommendation=recommendation,
        note=note.strip(),
    )
    audit_record(viewer=actor, action="document.journey_step", obj=step, after=snapshot(step, STEP_FIELDS))
    return step
