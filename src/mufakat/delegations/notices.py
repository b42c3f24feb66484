"""The notices of delegations: a participant accredited or returned, told to the party's focal points (who fix
and resubmit) and to whoever registered the participant. Raised by the services inside their transaction."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.text import Text, gettext_noop
from mufakat.meetings.models import Series
from mufakat.notifications.phrases import local_time, party_recipients
from mufakat.notifications.selectors import series_viewers
from mufakat.notifications.services import Recipient, notify
from mufakat.notifications.text import localized_of
from mufakat.reference.selectors import MembershipIndex

from .models import Participant
from .rules import can_view_participants


def participants_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[Participant]:
    """The participants whose notices a reader may still be shown (notifications.visibility): those
    `can_view_participants` lets them see (names and contacts are personal data: the secretariats every
    delegation's, a party's people their own)."""
    participants = Participant.objects.filter(delegation__series=series)
    if viewer.series_id != series.pk:
        return participants.none()
    return participants if viewer.is_secretariat else participants.filter(delegation__party_id__in=viewer.party_ids)


def accreditation_decided_notify(*, actor: SeriesViewer, participant: Participant) -> None:
    """Tell the party's focal points, and the user who registered the participant when they still may see
    the delegation's participants (names and contacts are personal data), that the chair decided."""
    delegation = participant.delegation
    series = delegation.series
    viewers = series_viewers(series_id=series.pk)
    recipients = party_recipients(
        [v for v in viewers if delegation.party_id in v.focal_party_ids], party_ids=[delegation.party_id], actor=actor
    )
    registrar = next((v for v in viewers if v.user.pk == participant.created_by_id), None)
    acting_user = actor.user.pk if actor.is_authenticated else None
    if registrar is not None and can_view_participants(registrar, delegation) and registrar.user.pk != acting_user:
        # A registrar of the chair secretariat is told on the party's behalf too: it is the party's participant.
        recipients.append(Recipient(user=registrar.user, party_id=delegation.party_id))
    if not recipients:
        return
    values = {
        "participant": localized_of(participant, "name"),
        "party": localized_of(delegation.party, "name"),
        "series": localized_of(series, "title"),
        "when": local_time(timezone.now(), series.venue.time_zone),
        "reason": participant.returned_reason,
    }
    if participant.returned_reason:
        kind = "accreditation.returned"
        subject = Text(gettext_noop("Accreditation returned: %(participant)s (%(party)s)"), values)
        body = Text(
            gettext_noop(
                "The chair secretariat of %(series)s returned the accreditation of %(participant)s, of the "
                "delegation of %(party)s, on %(when)s. The reason: %(reason)s\n"
                "Correct the participant's details and save them to submit the participant again."
            ),
            values,
        )
        link = reverse("web:participant-edit", kwargs={"code": series.code, "participant_id": participant.pk})
    else:
        kind = "accreditation.accepted"
        subject = Text(gettext_noop("Accreditation accepted: %(participant)s (%(party)s)"), values)
        body = Text(
            gettext_noop(
                "The chair secretariat of %(series)s accredited %(participant)s, of the delegation of %(party)s, "
                "on %(when)s."
            ),
            values,
        )
        link = reverse("web:delegation-detail", kwargs={"code": series.code, "party_code": delegation.party.code})
    notify(
        kind=kind, recipients=recipients, subject=subject, body=body, series_id=series.pk, link=link, about=participant
    )
