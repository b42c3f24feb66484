"""Whether a recipient may still see what a notice is about.

A notice quotes its object (a document's title, the parties of a bilateral request, a plan's name) as it was
when raised, and was told to those who could see it then. The object may since have been reclassified (made
ASEAN-only, confidential to named parties), or the recipient may have lost the role that let them see it. So
every list of notices (the inbox, the desk, the API, the header's counter) keeps only those whose object the
reader's own selectors still show, and delivery checks again just before an e-mail or a digest goes: a notice
the recipient may no longer see is neither listed, nor counted, nor opened, nor sent.

Each type of object a notice may be about (`notify(about=...)` records its model's label) names the rule that
says which objects of that type, in a series, a viewer may see: `rule(*, viewer, series, index) -> QuerySet` of
the model's rows, built from the filter of the object's own selector. The rules live beside the emitters in
the domain apps (which import this app, never the reverse), named by dotted path as the job kinds are. A notice
about an object without a rule would be shown to no one, so `notify` refuses to raise one."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.module_loading import import_string

from mufakat.accounts.enums import PARTY_ROLES, SeriesRole
from mufakat.accounts.models import RoleAssignment
from mufakat.accounts.rules import SeriesViewer, series_viewers
from mufakat.meetings.models import Series
from mufakat.reference.selectors import MembershipIndex

from .models import Notification

# object type (a model's label_lower) -> `rule(*, viewer, series, index)`: that type's objects the viewer may see.
NOTICE_OBJECT_RULES: dict[str, str] = {
    "documents.outcomedocument": "mufakat.documents.services.notices.documents_visible_to",
    "documents.documentversion": "mufakat.documents.services.notices.versions_visible_to",
    "documents.proposal": "mufakat.documents.services.notices.proposals_visible_to",
    "documents.silenceprocedure": "mufakat.documents.services.notices.silence_procedures_visible_to",
    "bilaterals.bilateralrequest": "mufakat.bilaterals.notices.requests_visible_to",
    "plans.reportingperiod": "mufakat.plans.notices.periods_visible_to",
    "plans.implementationreport": "mufakat.plans.notices.reports_visible_to",
    "delegations.participant": "mufakat.delegations.notices.participants_visible_to",
    "meetings.programmerelease": "mufakat.meetings.notices.releases_visible_to",
}

# Why an e-mail was not sent (the operator reads it beside the state; English, as the mail server's refusals).
NO_LONGER_VISIBLE = "not sent: the recipient may no longer see what the notice is about"

Rule = Callable[..., QuerySet[Any]]


@functools.cache
def _rule(object_type: str) -> Rule | None:
    path = NOTICE_OBJECT_RULES.get(object_type)
    return import_string(path) if path else None


def _refs(objects: QuerySet[Any]) -> QuerySet[Any]:
    """The objects' ids written as Notice.object_id writes them (text), for a filter on notices."""
    refs: QuerySet[Any] = objects.order_by().annotate(notice_ref=Cast("pk", CharField())).values("notice_ref")
    return refs


def _no_roles(user: Any, series: Series) -> SeriesViewer:
    return SeriesViewer(
        user=user, series_id=series.pk, roles=frozenset(), party_ids=frozenset(), focal_party_ids=frozenset()
    )


def visible_notifications_q(
    *, user: Any, notifications: QuerySet[Notification], pairs: set[tuple[int | None, str]] | None = None
) -> Q:
    """The filter that keeps those of `notifications` (the user's own) whose object the user may still see, by
    their roles in each notice's series (none: what the public sees). Its cost does not depend on how many
    notifications there are: one query for the (series, type) pairs among them, one for the user's roles, then
    what the rules read to build their filters (a series' frameworks); the objects are filtered inside the
    query that lists or counts the notifications. `pairs`: the caller read them already."""
    if pairs is None:
        pairs = set(
            notifications.exclude(notice__object_type="")
            .order_by()
            .values_list("notice__series_id", "notice__object_type")
            .distinct()
        )
    pairs = {(series_id, object_type) for series_id, object_type in pairs if object_type}
    if not pairs:
        return Q()
    wanted = {series_id for series_id, _type in pairs if series_id is not None}
    viewers = {series.pk: (series, viewer) for series, viewer in series_viewers(user) if series.pk in wanted}
    for series in Series.objects.filter(pk__in=wanted - viewers.keys()):
        viewers[series.pk] = (series, _no_roles(user, series))
    index = MembershipIndex()
    visible = Q(notice__object_type="")
    for series_id, object_type in sorted(pairs, key=lambda pair: (pair[0] or 0, pair[1])):
        rule = _rule(object_type)
        if rule is None or series_id is None:
            continue  # nothing says who may see it: no one does
        series, viewer = viewers[series_id]
        objects = rule(viewer=viewer, series=series, index=index)
        visible |= Q(notice__series_id=series_id, notice__object_type=object_type, notice__object_id__in=_refs(objects))
    return visible


def _recipient_viewer(
    notification: Notification, series: Series, roles: dict[int, list[RoleAssignment]]
) -> SeriesViewer:
    """A user as their roles in the series make them; an address alone (a head of delegation without an account)
    as a delegate of the party it was told for would be; an address for no party as the public."""
    if notification.user_id is not None:
        held = roles.get(notification.user_id, [])
        return SeriesViewer(
            user=notification.user,
            series_id=series.pk,
            roles=frozenset(a.role for a in held),
            party_ids=frozenset(a.party_id for a in held if a.role in PARTY_ROLES and a.party_id),
            focal_party_ids=frozenset(a.party_id for a in held if a.role == SeriesRole.FOCAL_POINT and a.party_id),
        )
    if notification.party_id is None:
        return _no_roles(None, series)
    return SeriesViewer(
        user=None,
        series_id=series.pk,
        roles=frozenset({SeriesRole.DELEGATE}),
        party_ids=frozenset({notification.party_id}),
        focal_party_ids=frozenset(),
    )


def notifications_may_see(notifications: Iterable[Notification]) -> set[int]:
    """The ids of those of these notifications (their notices loaded) whose recipient may still see what the
    notice is about. Batched: one query for the recipients' roles, then one per series, type of object and set
    of roles and parties among the recipients (most notices of a batch share them), not one per notification."""
    seen: set[int] = set()
    groups: dict[tuple[int, str], list[Notification]] = defaultdict(list)
    for notification in notifications:
        notice = notification.notice
        if not notice.object_type:
            seen.add(notification.pk)
        elif notice.series_id is not None and _rule(notice.object_type) is not None:
            groups[(notice.series_id, notice.object_type)].append(notification)
    if not groups:
        return seen
    series_ids = {series_id for series_id, _type in groups}
    user_ids = {n.user_id for members in groups.values() for n in members if n.user_id is not None}
    roles: dict[int, dict[int, list[RoleAssignment]]] = defaultdict(lambda: defaultdict(list))
    for assignment in RoleAssignment.objects.filter(series_id__in=series_ids, user_id__in=user_ids):
        roles[assignment.series_id][assignment.user_id].append(assignment)
    series_by_id = Series.objects.in_bulk(series_ids)
    index = MembershipIndex()
    for (series_id, object_type), members in groups.items():
        series, rule = series_by_id[series_id], _rule(object_type)
        assert rule is not None  # noqa: S101 - grouped only when it has one
        shapes: dict[tuple[frozenset[str], frozenset[int], frozenset[int]], list[Notification]] = defaultdict(list)
        viewers: dict[tuple[frozenset[str], frozenset[int], frozenset[int]], SeriesViewer] = {}
        for notification in members:
            viewer = _recipient_viewer(notification, series, roles[series_id])
            shape = (viewer.roles, viewer.party_ids, viewer.focal_party_ids)
            viewers.setdefault(shape, viewer)
            shapes[shape].append(notification)
        for shape, told in shapes.items():
            asked = {int(n.notice.object_id) for n in told if n.notice.object_id.isdigit()}
            objects = rule(viewer=viewers[shape], series=series, index=index).filter(pk__in=asked)
            found = {str(pk) for pk in objects.values_list("pk", flat=True)}
            seen |= {n.pk for n in told if n.notice.object_id in found}
    return seen
