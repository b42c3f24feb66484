"""Reads of delegations and circulars, always through the viewer's rights."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from mufakat.accounts.audit_read import audit_events
from mufakat.accounts.classification import classified_visible_q
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer, require, viewer_for
from mufakat.core.errors import NotFound
from mufakat.meetings.models import Series

from .enums import Accreditation, ParticipantRole
from .models import Circular, Delegation, Participant
from .rules import can_decide_accreditation, can_view_participants

# Head of delegation first, then SOM Leader, alternate, members, advisers (the enum's order), not the
# alphabetical order of the role codes, which would put an adviser before the head.
PROTOCOL_ORDER = Case(
    *(When(role=role, then=Value(position)) for position, role in enumerate(ParticipantRole.values)),
    default=Value(len(ParticipantRole.values)),
    output_field=IntegerField(),
)


def delegation_list(*, series: Series) -> QuerySet[Delegation]:
    """Which parties have delegations is public; counts by accreditation state come along."""
    return (
        Delegation.objects.filter(series=series)
        .select_related("party")
        .annotate(
            registered=Count("participants", filter=~Q(participants__accreditation=Accreditation.WITHDRAWN)),
            accredited=Count("participants", filter=Q(participants__accreditation=Accreditation.ACCREDITED)),
            pending=Count("participants", filter=Q(participants__accreditation=Accreditation.SUBMITTED)),
        )
        .order_by("party__name_en")
    )


def delegation_get(*, series: Series, party_code: str) -> Delegation:
    delegation = (
        Delegation.objects.select_related("party", "series")
        .filter(series=series, party__code=party_code.upper())
        .first()
    )
    if delegation is None:
        raise NotFound(
            _("%(series)s has no delegation of %(party_code)r.") % {"series": series.code, "party_code": party_code},
            field="party",
        )
    return delegation


def participant_list(
    *, viewer: SeriesViewer, delegation: Delegation, include_withdrawn: bool = False
) -> QuerySet[Participant]:
    require(
        can_view_participants(viewer, delegation),
        _("the participants of the %(party)s delegation are visible to that delegation and the secretariats only.")
        % {"party": delegation.party.name},
    )
    participants = Participant.objects.filter(delegation=delegation).select_related("delegation__party")
    if not include_withdrawn:
        participants = participants.exclude(accreditation=Accreditation.WITHDRAWN)
    return participants.order_by(PROTOCOL_ORDER, "name_en")


def participant_get(*, viewer: SeriesViewer, participant_id: int) -> Participant:
    participant = (
        Participant.objects.select_related("delegation", "delegation__party", "delegation__series")
        .filter(pk=participant_id)
        .first()
    )
    if (
        participant is None
        or not can_view_participants(viewer, participant.delegation)
        or viewer.series_id != participant.delegation.series_id
    ):
        # Someone who may not see it learns nothing, not even that it exists.
        raise NotFound(
            _("no participant with id %(participant_id)s.") % {"participant_id": participant_id}, field="participant_id"
        )
    return participant


def accreditation_queue(*, viewer: SeriesViewer, series: Series) -> QuerySet[Participant]:
    require(
        viewer.is_secretariat and viewer.series_id == series.pk, _("the accreditation queue is for the secretariats.")
    )
    return (
        Participant.objects.filter(delegation__series=series, accreditation=Accreditation.SUBMITTED)
        .select_related("delegation__party")
        .order_by("created_at", "pk")
    )


def circular_list(*, viewer: SeriesViewer, series: Series) -> QuerySet[Circular]:
    if viewer.series_id != series.pk:
        # Roles hold in one series only; in any other the viewer is the public.
        viewer = viewer_for(None, series)
    return (
        Circular.objects.filter(series=series)
        .filter(classified_visible_q(Circular, viewer, series.start_date))
        .select_related("restricted_to")
        .order_by("-issued_at", "-pk")
    )


def circular_get(*, viewer: SeriesViewer, series: Series, circular_id: int) -> Circular:
    circular = circular_list(viewer=viewer, series=series).filter(pk=circular_id).first()
    if circular is None:
        raise NotFound(
            _("no circular with id %(circular_id)s in %(series)s.")
            % {"circular_id": circular_id, "series": series.code},
            field="circular_id",
        )
    return circular


def audit_list(*, viewer: SeriesViewer, series: Series) -> QuerySet[AuditEvent]:
    """The series' audit log, newest first, for its chair secretariat (filters: accounts.audit_read)."""
    return audit_events(viewer=viewer, series=series)


def accreditation_waiting(*, viewer: SeriesViewer, series: Series) -> int:
    """For the chair's desk: how many participants wait for an accreditation decision (0 for anyone else)."""
    if not can_decide_accreditation(viewer, series.pk):
        return 0
    return Participant.objects.filter(delegation__series=series, accreditation=Accreditation.SUBMITTED).count()


def participants_returned(*, viewer: SeriesViewer, series: Series) -> list[Participant]:
    """For a focal point's desk: its delegation's participants returned by the chair, to correct (one query)."""
    if viewer.series_id != series.pk or not viewer.focal_party_ids:
        return []
    return list(
        Participant.objects.filter(
            delegation__series=series,
            delegation__party_id__in=viewer.focal_party_ids,
            accreditation=Accreditation.RETURNED,
        )
        .select_related("delegation__party")
        .order_by("delegation__party__code", "name_en", "pk")
    )
