"""Who may be told, and what a user has been told."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.utils.translation import gettext as _

from mufakat.accounts.enums import PARTY_ROLES, SeriesRole
from mufakat.accounts.models import RoleAssignment
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound

from .models import Notice, Notification
from .services import Recipient
from .visibility import visible_notifications_q


def series_viewers(
    *, series_id: int, roles: Iterable[str] | None = None, party_ids: Iterable[int] | None = None
) -> list[SeriesViewer]:
    """Every user holding one of `roles` in the series (any role if None), for one of `party_ids` when given
    (party roles only), as the SeriesViewer each would be (all their roles in the series), from one query."""
    assignments = RoleAssignment.objects.filter(series_id=series_id, user__is_active=True).select_related(
        "user", "party"
    )
    by_user: dict[int, list[RoleAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_user[assignment.user_id].append(assignment)
    wanted_roles = set(roles) if roles is not None else None
    wanted_parties = set(party_ids) if party_ids is not None else None
    viewers = []
    for user_assignments in by_user.values():
        held = [
            a
            for a in user_assignments
            if (wanted_roles is None or a.role in wanted_roles)
            and (wanted_parties is None or (a.role in PARTY_ROLES and a.party_id in wanted_parties))
        ]
        if not held:
            continue
        all_roles = user_assignments
        viewers.append(
            SeriesViewer(
                user=held[0].user,
                series_id=series_id,
                roles=frozenset(a.role for a in all_roles),
                party_ids=frozenset(a.party_id for a in all_roles if a.role in PARTY_ROLES and a.party_id),
                focal_party_ids=frozenset(
                    a.party_id for a in all_roles if a.role == SeriesRole.FOCAL_POINT and a.party_id
                ),
                party_codes=tuple(sorted({a.party.code for a in all_roles if a.party is not None})),
            )
        )
    viewers.sort(key=lambda viewer: viewer.user.username)
    return viewers


def who_may_see(
    viewers: Iterable[SeriesViewer], obj: Model, visible_q: Callable[[SeriesViewer], Q]
) -> list[SeriesViewer]:
    """Those of `viewers` whose selectors would show `obj` (`visible_q(viewer)` is the filter the object's
    selector applies). One query per distinct set of parties, not one per person."""
    verdicts: dict[tuple[bool, frozenset[int]], bool] = {}
    kept = []
    queryset: QuerySet[Any] = type(obj)._default_manager.filter(pk=obj.pk)
    for viewer in viewers:
        group = (viewer.is_secretariat, viewer.party_ids)
        if group not in verdicts:
            verdicts[group] = queryset.filter(visible_q(viewer)).exists()
        if verdicts[group]:
            kept.append(viewer)
    return kept


def recipients_of(viewers: Iterable[SeriesViewer], *, party_id: int | None = None) -> list[Recipient]:
    return [
        Recipient(user=viewer.user, party_id=party_id or next(iter(sorted(viewer.party_ids)), None))
        for viewer in viewers
    ]


def heads_of_delegation(*, series_id: int, party_ids: Iterable[int]) -> list[Recipient]:
    """The heads of the delegations of these parties who have an e-mail address: told by e-mail (they may have
    no account). A silence procedure is valid only if every party was told, so they are told beside the focal
    points."""
    from mufakat.delegations.enums import Accreditation, ParticipantRole  # noqa: PLC0415
    from mufakat.delegations.models import Participant  # noqa: PLC0415

    heads = (
        Participant.objects.filter(
            delegation__series_id=series_id,
            delegation__party_id__in=list(party_ids),
            role=ParticipantRole.HEAD,
        )
        .exclude(email="")
        .exclude(accreditation=Accreditation.WITHDRAWN)
        .select_related("delegation")
        .order_by("delegation__party_id", "pk")
    )
    return [
        Recipient(address=head.email, name=head.name_en, party_id=head.delegation.party_id, language="en")
        for head in heads
    ]


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first, but those about something they may no longer see (the object was
    reclassified, or they lost the role that showed it: notifications.visibility): those are left out of every
    list and count, as if never raised."""
    notifications = Notification.objects.filter(user=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    visible = visible_notifications_q(user=user, notifications=notifications)
    return notifications.filter(visible).select_related("notice", "notice__series")


def notification_get(*, user: Any, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's is not found (never "forbidden": its existence is
    not told either)."""
    found = notification_list(user=user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound(_("You have no notification %(id)d.") % {"id": notification_id}, field="id")
    return found


def unread_count(*, user: Any) -> int:
    """How many of the user's notifications `notification_list(unread_only=True)` lists. One query while none
    of them is about an object whose visibility must be checked (the untyped ones, or none unread at all)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    counts = {
        (series_id, object_type): count
        for object_type, series_id, count in unread.order_by()
        .values_list("notice__object_type", "notice__series_id")
        .annotate(count=Count("pk"))
    }
    if all(not object_type for _series_id, object_type in counts):
        return sum(counts.values())
    visible = visible_notifications_q(user=user, notifications=unread, pairs=set(counts))
    return unread.filter(visible).count()


def notifications_about(*, obj: Model, kinds: Iterable[str] | None = None) -> QuerySet[Notification]:
    """Everyone told about `obj`: who, on behalf of which party, when, through which channel and whether the
    mail server accepted it (a silence procedure's proof)."""
    notices = Notice.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    if kinds is not None:
        notices = notices.filter(kind__in=list(kinds))
    return (
        Notification.objects.filter(notice__in=notices)
        .select_related("notice", "user", "party")
        .order_by("notice__created_at", "party__code", "pk")
    )
