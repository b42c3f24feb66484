"""Consultation rounds: the numbered meetings of one body on one draft ("3rd consultative meeting on the
development of ..."), each with its own dates, place (a province, or online), chair and attendance, often in
no ministerial week at all. The number is announced with the meeting, so it is given; it must be the one the
body's recorded history derives (ordinals are never typed into the record, only checked)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed
from mufakat.core.i18n import ordinal_en
from mufakat.meetings.enums import BodyLevel
from mufakat.meetings.models import Body, Meeting, Venue
from mufakat.reference.models import Party

from .calendar import meeting_upsert


@transaction.atomic
def consultation_record(
    *,
    body: Body,
    number: int,
    start_date: date,
    end_date: date,
    venue: Venue | None = None,
    online: bool = False,
    chair: Party | None = None,
    note: str = "",
) -> Meeting:
    """Record the `number`th consultation of `body`. Refuses a number another round already holds, a number
    the dates contradict (the 3rd before the 2nd), a round both online and at a venue, or a body that is not
    a numbered working-level body. Idempotent for the same round and dates."""
    record = f"{ordinal_en(number) if number > 0 else number} {body.abbreviation}"
    if body.level != BodyLevel.WORKING or not body.numbered:
        raise ValidationFailed(
            _("%(body)s is not a numbered working-level body; consultation rounds belong to one.")
            % {"body": body.abbreviation},
            field="body",
            record=record,
        )
    if number < 1:
        raise ValidationFailed(_("a consultation is numbered from 1."), field="number", record=record)
    if online and venue is not None:
        raise ValidationFailed(
            _("an online consultation has no venue; give one or the other."), field="venue", record=record
        )
    holder = Meeting.objects.filter(body=body, ordinal=number).exclude(start_date=start_date).first()
    if holder is not None:
        raise ValidationFailed(
            _("%(ordinal)s is already the number of the consultation of %(start)s; a consultation is numbered once.")
            % {"ordinal": ordinal_en(number), "start": holder.start_date.isoformat()},
            field="number",
            record=record,
        )
    meeting = meeting_upsert(
        body=body, start_date=start_date, end_date=end_date, venue=venue, chair=chair, note=note, online=online
    )
    if meeting.ordinal != number:
        raise ValidationFailed(
            _("its dates make it the %(derived)s, not the %(ordinal)s: check the dates or the number.")
            % {"derived": ordinal_en(meeting.ordinal or 0), "ordinal": ordinal_en(number)},
            field="number",
            record=record,
        )
    return meeting
