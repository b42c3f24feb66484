"""Writes of the public face: press releases (draft from the record, edit, approve, publish) and the
publication of an adopted document. Each is one transaction, checks the version the user worked on and
writes the audit log; a published press release and a published document never change again."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.cleantext import TextRefused, clean_text
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.services.common import lock, record_of
from mufakat.meetings.models import Meeting

from .enums import PressStatus
from .models import PressRelease, Publication
from .press import meeting_facts, render_press, tense_of
from .rules import require_publish

MAX_LENGTHS = {"title_en": 300, "title_vi": 400}
# Both languages ship: neither title nor text may be empty, on edit as at approval and publication.
TEXT_FIELDS = ("title_en", "title_vi", "body_en", "body_vi")
PRESS_FIELDS = ["title_en", "title_vi", "body_en", "body_vi", "status", "advance_release", "published_at"]


def _record(release: PressRelease) -> str:
    return f"press release #{release.pk}"


def check_version(release: PressRelease, *, expected_version: int, record: str) -> None:
    """Refuse an edit of another version than the current one: a version the release never had is bad
    input (400), an older one a concurrent edit (409, carrying the release as it is now). The messages are
    whole sentences naming the press release: the web form shows them without the record."""
    current = release.version
    if expected_version == current:
        return
    if not 1 <= expected_version < current:
        raise ValidationFailed(
            _(
                "This press release never had version %(expected)s; it is at version %(current)s. Send the "
                "version you read."
            )
            % {"expected": expected_version, "current": current},
            field="version",
            record=record,
        )
    raise Conflict(
        _(
            "This press release was changed by someone else (now version %(current)s, you edited version "
            "%(expected)s); reload to see the current state and apply your change again."
        )
        % {"current": current, "expected": expected_version},
        field="version",
        record=record,
        current_object=release,
    )


def _require_texts(release: PressRelease, *, record: str, publishing: bool) -> None:
    labels = {
        "title_en": _("the English title"),
        "title_vi": _("the Vietnamese title"),
        "body_en": _("the English text"),
        "body_vi": _("the Vietnamese text"),
    }
    for name in TEXT_FIELDS:
        if not getattr(release, name).strip():
            message = (
                _("%(what)s is empty; write it before publishing the press release.")
                if publishing
                else _("%(what)s is empty; write it before approving the press release.")
            )
            raise ValidationFailed(
                message % {"what": labels[name]},
                field=name,
                record=record,
            )


def _refuse_published(release: PressRelease, *, record: str) -> None:
    if release.status == PressStatus.PUBLISHED:
        raise ValidationFailed(
            _("the press release is already published; a published press release never changes."),
            field="status",
            record=record,
        )


def _lock(release: PressRelease) -> PressRelease:
    locked = lock_then_read(
        PressRelease.objects.select_related("meeting__series__venue", "meeting__body"), pk=release.pk
    )
    if locked is None:
        raise PressRelease.DoesNotExist(f"no press release with id {release.pk}")
    return locked


@transaction.atomic
def press_release_draft(*, actor: SeriesViewer, meeting: Meeting, advance_release: bool = False) -> PressRelease:
    """A new draft press release about `meeting`, written from its record in English and Vietnamese."""
    require_publish(actor, meeting.series_id)
    if meeting.series is None:
        raise ValidationFailed(_("the meeting is not part of a series."), field="meeting_id")
    facts = meeting_facts(meeting)
    # An advance release of a meeting still to come announces it: written in the future tense.
    tense = tense_of(advance_release=advance_release, begun=meeting_has_begun(meeting))
    title_en, body_en = render_press(facts, "en", tense=tense)
    title_vi, body_vi = render_press(facts, "vi", tense=tense)
    release = PressRelease.objects.create(
        meeting=meeting,
        title_en=title_en,
        title_vi=title_vi,
        body_en=body_en,
        body_vi=body_vi,
        advance_release=advance_release,
        created_by=actor.user if actor.is_authenticated else None,
    )
    audit_record(viewer=actor, action="press_release.draft", obj=release, after=snapshot(release, PRESS_FIELDS))
    return release


def _text(value: str, *, field: str, record: str, required: bool) -> str:
    try:
        cleaned = clean_text(value).strip()
    except TextRefused as exc:
        raise ValidationFailed(str(exc), field=field, record=record) from exc
    if required and not cleaned:
        raise ValidationFailed(_("may not be empty."), field=field, record=record)
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(cleaned) > limit:
        raise ValidationFailed(
            _("is %(length)d characters long; at most %(limit)d.") % {"length": len(cleaned), "limit": limit},
            field=field,
            record=record,
        )
    return cleaned


def _as_edited(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def press_release_update(
    *, actor: SeriesViewer, release: PressRelease, expected_version: int, changes: dict[str, Any]
) -> PressRelease:
    """The press office's edit: any of title_en, title_vi, body_en, body_vi, advance_release (none may be
    empty). An approved release goes back to draft when its text changes; a published one is refused. An
    edit that changes nothing is no edit: the release comes back as it was, no new version, no audit entry."""
    release = _lock(release)
    require_publish(actor, release.meeting.series_id)
    record = _record(release)
    check_version(release, expected_version=expected_version, record=record)
    _refuse_published(release, record=record)
    allowed = {"title_en", "title_vi", "body_en", "body_vi", "advance_release"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationFailed(_("cannot be changed here."), field=unknown[0], record=record)
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "advance_release":
            cleaned[name] = bool(value)
        else:
            cleaned[name] = _text(str(value), field=name, record=record, required=True)
    # A drafted text ends with a newline the form's copy has lost: compared as stored after an edit.
    cleaned = {name: value for name, value in cleaned.items() if value != _as_edited(getattr(release, name))}
    if not cleaned:
        return release
    if set(cleaned) == {"advance_release"}:
        cleaned.update(_redrafted_for(release, advance_release=cleaned["advance_release"]))
    if any(name != "advance_release" for name in cleaned):
        cleaned["status"] = PressStatus.DRAFT
    return versioned_update(
        release,
        expected_version=expected_version,
        record=record,
        changes=cleaned,
        audit=AuditTrail(actor, "press_release.update", PRESS_FIELDS),
    )


def _redrafted_for(release: PressRelease, *, advance_release: bool) -> dict[str, str]:
    """The texts in the tense the new advance flag asks for, when the release still reads exactly as drafted
    from the record (an edited text is the press office's own and is left as it is)."""
    begun = meeting_has_begun(release.meeting)
    before = tense_of(advance_release=release.advance_release, begun=begun)
    after = tense_of(advance_release=advance_release, begun=begun)
    if before == after:
        return {}
    facts = meeting_facts(release.meeting)
    texts: dict[str, str] = {}
    for lang in ("en", "vi"):
        title, body = render_press(facts, lang, tense=before)
        if (_as_edited(title), _as_edited(body)) != (
            _as_edited(getattr(release, f"title_{lang}")),
            _as_edited(getattr(release, f"body_{lang}")),
        ):
            return {}
        texts[f"title_{lang}"], texts[f"body_{lang}"] = render_press(facts, lang, tense=after)
    return texts


@transaction.atomic
def press_release_approve(*, actor: SeriesViewer, release: PressRelease, expected_version: int) -> PressRelease:
    release = _lock(release)
    require_publish(actor, release.meeting.series_id)
    record = _record(release)
    check_version(release, expected_version=expected_version, record=record)
    _refuse_published(release, record=record)
    if release.status != PressStatus.DRAFT:
        raise ValidationFailed(
            _("only a draft can be approved (this one is %(status)s).") % {"status": release.get_status_display()},
            field="status",
            record=record,
        )
    _require_texts(release, record=record, publishing=False)
    return versioned_update(
        release,
        expected_version=expected_version,
        record=record,
        changes={"status": PressStatus.APPROVED, "approved_at": timezone.now()},
        audit=AuditTrail(actor, "press_release.approve", PRESS_FIELDS),
    )


def meeting_has_begun(meeting: Meeting) -> bool:
    venue = meeting.effective_venue
    zone = ZoneInfo(venue.time_zone) if venue else ZoneInfo("UTC")
    return timezone.now().astimezone(zone).date() >= meeting.start_date


@transaction.atomic
def press_release_publish(*, actor: SeriesViewer, release: PressRelease, expected_version: int) -> PressRelease:
    """Publish an approved press release: public from now on, its text frozen. Before the meeting has taken
    place only a release marked as an advance release may be published."""
    release = _lock(release)
    require_publish(actor, release.meeting.series_id)
    record = _record(release)
    check_version(release, expected_version=expected_version, record=record)
    _refuse_published(release, record=record)
    if release.status != PressStatus.APPROVED:
        raise ValidationFailed(
            _("approve the press release before publishing it (it is %(status)s).")
            % {"status": release.get_status_display()},
            field="status",
            record=record,
        )
    if not release.advance_release and not meeting_has_begun(release.meeting):
        raise ValidationFailed(
            _(
                "the meeting has not taken place yet (%(day)s); mark the press release as an advance release "
                "to publish it now."
            )
            % {"day": date_format(release.meeting.start_date, "DATE_FORMAT")},
            field="advance_release",
            record=record,
        )
    _require_texts(release, record=record, publishing=True)
    return versioned_update(
        release,
        expected_version=expected_version,
        record=record,
        changes={"status": PressStatus.PUBLISHED, "published_at": timezone.now()},
        audit=AuditTrail(actor, "press_release.publish", PRESS_FIELDS),
    )


DOCUMENT_FIELDS = ["classification", "restricted_to", "confidential_to"]


@transaction.atomic
def document_publish(*, actor: SeriesViewer, document: OutcomeDocument, expected_version: int) -> OutcomeDocument:
    """The chair publishes an adopted (noted, endorsed, ...) document: its classification becomes public from
    this moment, recorded in the audit log and in a Publication row."""
    require_publish(actor, document.meeting.series_id)
    document = lock(document)
    record = record_of(document)
    check_fresh(document, expected_version=expected_version, record=record)
    if not document.is_final or document.current_version_id is None:
        raise ValidationFailed(
            _("only a decided (FINAL) text can be published; this one is %(status)s.")
            % {"status": document.get_status_display()},
            field="status",
            record=record,
        )
    if document.classification == Classification.PUBLIC:
        raise ValidationFailed(_("the document is public already."), field="classification", record=record)

    def make_public(doc: OutcomeDocument) -> None:
        doc.confidential_to.clear()

    published = versioned_update(
        document,
        expected_version=expected_version,
        record=record,
        changes={"classification": Classification.PUBLIC, "restricted_to": None},
        apply=make_public,
        update_fields=["classification", "restricted_to"],
        audit=AuditTrail(actor, "document.publish", DOCUMENT_FIELDS),
    )
    Publication.objects.update_or_create(
        document=published,
        defaults={"published_at": timezone.now(), "published_by": actor.user if actor.is_authenticated else None},
    )
    return published


@transaction.atomic
def press_release_discard(*, actor: SeriesViewer, release: PressRelease, expected_version: int) -> None:
    """The press office throws away a release that was never published (a draft, or approved but not out):
    deleted, its last state kept in the audit log. A published one is refused: it is public and never changes."""
    release = _lock(release)
    require_publish(actor, release.meeting.series_id)
    record = _record(release)
    check_version(release, expected_version=expected_version, record=record)
    if release.status == PressStatus.PUBLISHED:
        raise ValidationFailed(
            _("the press release is %(status)s; only one never published can be discarded.")
            % {"status": release.get_status_display()},
            field="status",
            record=record,
        )
    audit_record(viewer=actor, action="press_release.discard", obj=release, before=snapshot(release, PRESS_FIELDS))
    release.delete()
