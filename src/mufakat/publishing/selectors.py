"""Reads of the public face. Everything here is what an anonymous reader may see: documents and plans whose
classification is public (documents only once decided), published press releases, released programmes. An id
that is unknown, unpublished or restricted is the same NotFound, so a 404 tells nothing.

`series_stamp` and friends give the cache key and Last-Modified of a page: a few aggregate queries whose
result changes whenever anything the page shows changes (a new release, a publication, a decision), so
rendered bytes are cached under it and never invalidated by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from mufakat.accounts.classification import Classification
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import viewer_for
from mufakat.core.errors import NotFound
from mufakat.documents.enums import FINAL_STATUSES
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.selectors import document_list
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series
from mufakat.plans.models import Plan

from .enums import PressStatus
from .models import PressRelease, Publication

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _not_found(what: str, value: object) -> NotFound:
    # One message for unknown, unpublished and restricted alike; a whole sentence per kind, so it translates.
    messages = {
        "document": _("There is no published document %(value)s."),
        "plan": _("There is no published plan %(value)s."),
        "press release": _("There is no published press release %(value)s."),
        "meeting": _("There is no published meeting %(value)s."),
        "feed": _("There is no published feed %(value)s."),
    }
    return NotFound(messages[what] % {"value": value}, field="id")


def public_documents(*, series: Series, meeting: Meeting | None = None) -> QuerySet[OutcomeDocument]:
    """The decided, public documents of a series (or a meeting): what the public's register shows."""
    documents = document_list(viewer=viewer_for(None, series), series=series, meeting=meeting)
    return documents.filter(current_version__isnull=False).select_related("publication")


def public_document_get(*, document_id: int) -> OutcomeDocument:
    if not 0 < document_id < 2**31:
        raise _not_found("document", document_id)
    found = (
        OutcomeDocument.objects.filter(pk=document_id, classification=Classification.PUBLIC, status__in=FINAL_STATUSES)
        .exclude(current_version=None)
        .select_related("meeting__series__venue", "meeting__body", "meeting__venue", "current_version", "lead_party")
        .first()
    )
    if found is None or found.meeting.series is None:
        raise _not_found("document", document_id)
    return found


def document_published_at(document: OutcomeDocument) -> datetime:
    publication = getattr(document, "publication", None)
    if publication is not None:
        return publication.published_at  # type: ignore[no-any-return]
    return document.decided_at or document.created_at


def public_plans(*, series: Series) -> QuerySet[Plan]:
    return Plan.objects.filter(classification=Classification.PUBLIC, adopted_at_meeting__series=series).select_related(
        "adopted_at_meeting__body", "framework"
    )


def public_plan_get(*, plan_id: int) -> Plan:
    if not 0 < plan_id < 2**31:
        raise _not_found("plan", plan_id)
    plan = (
        Plan.objects.filter(pk=plan_id, classification=Classification.PUBLIC)
        .select_related("adopted_at_meeting__series__venue", "adopted_at_meeting__body", "framework")
        .first()
    )
    if plan is None or plan.adopted_at_meeting is None or plan.adopted_at_meeting.series is None:
        raise _not_found("plan", plan_id)
    return plan


def published_press_releases(*, series: Series | None = None, meeting: Meeting | None = None) -> QuerySet[PressRelease]:
    releases = PressRelease.objects.filter(status=PressStatus.PUBLISHED).select_related(
        "meeting__series", "meeting__body"
    )
    if series is not None:
        releases = releases.filter(meeting__series=series)
    if meeting is not None:
        releases = releases.filter(meeting=meeting)
    return releases.order_by("-published_at", "-pk")


def press_release_public_get(*, release_id: int) -> PressRelease:
    if not 0 < release_id < 2**31:
        raise _not_found("press release", release_id)
    release = (
        published_press_releases()
        .select_related("meeting__series__venue", "meeting__venue")
        .filter(pk=release_id)
        .first()
    )
    if release is None:
        raise _not_found("press release", release_id)
    return release


def press_release_list(*, meeting: Meeting) -> QuerySet[PressRelease]:
    """Every press release of a meeting, drafts included (the press office's list: check the viewer first)."""
    return PressRelease.objects.filter(meeting=meeting).order_by("-pk")


def press_releases_changed_at(releases: list[PressRelease]) -> dict[int, datetime]:
    """When each release last changed: its latest audit entry (drafted, edited, approved, published), else
    its creation. One query."""
    changed = {release.pk: release.created_at for release in releases}
    latest = (
        AuditEvent.objects.filter(object_type=PressRelease._meta.label_lower, object_id__in=[str(pk) for pk in changed])
        .values("object_id")
        .annotate(last=Max("at"))
    )
    for row in latest:
        pk = int(row["object_id"])
        changed[pk] = max(changed[pk], row["last"])
    return changed


def press_release_get(*, meeting: Meeting | None = None, release_id: int) -> PressRelease:
    releases = PressRelease.objects.select_related("meeting__series__venue", "meeting__body")
    if meeting is not None:
        releases = releases.filter(meeting=meeting)
    release = releases.filter(pk=release_id).first() if 0 < release_id < 2**31 else None
    if release is None:
        raise _not_found("press release", release_id)
    return release


def latest_release(*, series: Series) -> ProgrammeRelease | None:
    return ProgrammeRelease.objects.filter(series=series).order_by("-number").first()


@dataclass(frozen=True)
class Stamp:
    """What a page's bytes depend on (`key`) and when that last changed (`at`)."""

    key: str
    at: datetime


def _latest(*moments: datetime | None) -> datetime:
    return max([m for m in moments if m is not None] or [EPOCH])


def _moment(value: object) -> datetime | None:
    """A time read by raw SQL: a datetime on PostgreSQL, text in UTC on SQLite."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stamp_sql() -> str:
    """One statement for what `series_stamp` reads (it runs on every public request, 304s included: one round
    trip and no ORM compiling instead of five aggregate queries)."""
    release, meeting = ProgrammeRelease._meta.db_table, Meeting._meta.db_table
    document, publication = OutcomeDocument._meta.db_table, Publication._meta.db_table
    press, plan = PressRelease._meta.db_table, Plan._meta.db_table
    final = ", ".join(f"'{status}'" for status in sorted(FINAL_STATUSES))
    # Table names from the models and status values from our enums: nothing of the request goes in.
    return f"""
        SELECT 'r', MAX(number), 0, 0, MAX(released_at) FROM {release} WHERE series_id = %s
        UNION ALL
        SELECT 'm', COUNT(*), SUM(version), SUM(agenda_version), NULL FROM {meeting} WHERE series_id = %s
        UNION ALL
        SELECT 'd', COUNT(*), SUM(d.version), 0, MAX(COALESCE(p.published_at, d.decided_at))
        FROM {document} d JOIN {meeting} m ON d.meeting_id = m.id LEFT JOIN {publication} p ON p.document_id = d.id
        WHERE m.series_id = %s AND d.classification = 'public' AND d.status IN ({final})
        UNION ALL
        SELECT 'p', COUNT(*), SUM(r.version), 0, MAX(r.published_at)
        FROM {press} r JOIN {meeting} m ON r.meeting_id = m.id WHERE m.series_id = %s AND r.status = 'published'
        UNION ALL
        SELECT 'l', COUNT(*), SUM(l.version), SUM(l.revision), NULL
        FROM {plan} l JOIN {meeting} m ON l.adopted_at_meeting_id = m.id
        WHERE m.series_id = %s AND l.classification = 'public'
    """  # noqa: S608


def series_stamp(*, series: Series) -> Stamp:
    """Changes with the series, its meetings, its releases, its published documents, plans and press releases:
    every write there bumps a version, a count or a number, and none of them ever goes back."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [series.pk] * 5)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    parts = [series.pk, series.version]
    for kind in ("r", "m", "d", "p", "l"):
        count, total, extra, _at = rows[kind]
        parts += [count or 0, total or 0, extra or 0]
    moments = [_moment(rows[kind][3]) for kind in ("r", "d", "p")]
    return Stamp(key="-".join(str(part) for part in parts), at=_latest(*moments))


def site_stamp() -> Stamp:
    """Changes with any series' public state (the index, the site-wide feed and the sitemap)."""
    parts = [series_stamp(series=series) for series in Series.objects.order_by("pk")]
    return Stamp(key=".".join(p.key for p in parts) or "empty", at=_latest(*(p.at for p in parts)))
