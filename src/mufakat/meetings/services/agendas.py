"""Agendas: ordered, nested items (numbers derived when read) that the meeting adopts, frozen once adopted."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import ValidationFailed
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.enums import AgendaStatus
from mufakat.meetings.models import AgendaItem, Meeting
from mufakat.meetings.rules import is_series_chair

CHAIR_ONLY = gettext_noop("only the chair secretariat edits agendas and records recommendations.")


def _bump_agenda(meeting: Meeting, expected_version: int | None) -> None:
    record = f"agenda of {meeting.short_title}"
    locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    check_fresh(locked, expected_version=expected_version, record=record, version_field="agenda_version")
    if locked.agenda_status == AgendaStatus.ADOPTED:
        raise ValidationFailed(_("is adopted and can no longer be changed."), field="agenda_status", record=record)
    # The items are audited one by one; the meeting's row only counts the agenda's version.
    versioned_update(
        locked, expected_version=expected_version, record=record, version_field="agenda_version", update_fields=[]
    )


@transaction.atomic
def agenda_item_add(
    *,
    actor: SeriesViewer,
    meeting: Meeting,
    title_en: str,
    title_vi: str = "",
    parent: AgendaItem | None = None,
    expected_version: int | None = None,
) -> AgendaItem:
    """Append an item (or a sub-item under `parent`)."""
    require(is_series_chair(actor, meeting.series_id), _(CHAIR_ONLY))
    record = f"agenda of {meeting.short_title}"
    if not title_en.strip():
        raise ValidationFailed(_("is empty."), field="title_en", record=record)
    if parent is not None and parent.meeting_id != meeting.pk:
        raise ValidationFailed(_("belongs to another meeting's agenda."), field="parent", record=record)
    _bump_agenda(meeting, expected_version)
    last = AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(p=Max("position"))["p"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting, parent=parent, position=last + 1, title_en=title_en.strip(), title_vi=title_vi.strip()
    )
    audit_record(
        viewer=actor,
        action="agenda.add_item",
        obj=item,
        after=snapshot(item, ["meeting", "parent", "position", "title_en"]),
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: SeriesViewer, item: AgendaItem, expected_version: int | None = None) -> None:
    meeting = item.meeting
    require(is_series_chair(actor, meeting.series_id), _(CHAIR_ONLY))
    _bump_agenda(meeting, expected_version)
    before = snapshot(item, ["meeting", "parent", "position", "title_en"])
    audit_record(viewer=actor, action="agenda.remove_item", obj=item, before=before)
    item.delete()


@transaction.atomic
def agenda_adopt(*, actor: SeriesViewer, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """The meeting adopts its own agenda at its opening ("Adoption of the Agenda"); adopted, it is frozen.
    An agenda the SOM recommended is adopted by deciding that recommendation instead."""
    require(is_series_chair(actor, meeting.series_id), _(CHAIR_ONLY))
    record = f"agenda of {meeting.short_title}"
    locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    # Adopting freezes the agenda without changing it: its version is checked, not bumped.
    check_fresh(locked, expected_version=expected_version, record=record, version_field="agenda_version")
    if locked.agenda_status == AgendaStatus.ADOPTED:
        raise ValidationFailed(_("is already adopted."), field="agenda_status", record=record)
    if locked.agenda_status == AgendaStatus.RECOMMENDED:
        raise ValidationFailed(
            _("was recommended by the SOM: the meeting adopts it by deciding that recommendation."),
            field="agenda_status",
            record=record,
        )
    if not AgendaItem.objects.filter(meeting=locked).exists():
        raise ValidationFailed(_("has no items to adopt."), field="agenda_status", record=record)
    before = snapshot(locked, ["agenda_status", "agenda_version"])
    Meeting.objects.filter(pk=locked.pk).update(agenda_status=AgendaStatus.ADOPTED)
    locked.refresh_from_db(fields=["agenda_status", "agenda_version"])
    audit_record(
        viewer=actor,
        action="agenda.adopt",
        obj=locked,
        before=before,
        after=snapshot(locked, ["agenda_status", "agenda_version"]),
    )
    return locked
