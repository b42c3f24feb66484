"""Outcome documents and how their text gets agreed: versions, paragraphs, proposals, positions,
silence procedures. Versions and their paragraphs are immutable once written; a change of text is a
new version. Statuses are derived by services, never typed."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mufakat.accounts.classification import Classified
from mufakat.core.i18n import localized
from mufakat.meetings.models import Meeting, Recommendation
from mufakat.reference.models import Party

from .enums import (
    DISPOSITION_PURPOSES,
    FINAL_STATUSES,
    STATUS_PHRASES,
    UNDER_SILENCE,
    UNDER_SILENCE_LABEL,
    Disposition,
    DocumentKind,
    DocumentStatus,
    ParagraphKind,
    PositionKind,
    ProposalKind,
    ProposalStatus,
    SilenceStatus,
    Stance,
    VersionOrigin,
)


class OutcomeDocument(Classified):
    """An entry of a meeting's register of documents ("the list of documents to be adopted")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents", verbose_name=_("meeting"))
    position = models.PositiveIntegerField(_("position in the register"), default=0)
    kind = models.CharField(_("type"), max_length=24, choices=DocumentKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=400, blank=True)
    lead_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lead party")
    )
    disposition = models.CharField(
        _("intended disposition"), max_length=12, choices=Disposition.choices, default=Disposition.ADOPT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.PLANNED, db_index=True
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommended by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    final_place = models.CharField(_("place"), max_length=120, blank=True)
    final_date = models.DateField(_("date"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["meeting__start_date", "meeting_id", "position", "pk"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def final_place_shown(self) -> str:
        """Where the final text was adopted, in the reader's language: the venue's city is stored in English
        ("Vientiane") and shown as the venue names it in the active language ("Viêng Chăn"); a place typed by
        hand is shown as typed."""
        venue = self.meeting.effective_venue
        if venue is not None and self.final_place in {venue.city_en, venue.city_vi} - {""}:
            return venue.city
        return self.final_place

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    # How pages show the status. A running silence procedure is read through the `under_silence` annotation
    # of the document selectors (a document loaded otherwise shows its stored status).
    @property
    def status_key(self) -> str:
        return UNDER_SILENCE if getattr(self, "under_silence", False) else self.status

    @property
    def status_label(self) -> str:
        return str(UNDER_SILENCE_LABEL) if self.status_key == UNDER_SILENCE else self.get_status_display()

    @property
    def status_phrase(self) -> str:
        """The status inside a sentence: "recommended by the SOM", "adopted"."""
        return str(STATUS_PHRASES[self.status_key])

    @property
    def disposition_purpose(self) -> str:
        """What the meeting is to do with it, as "for adoption", "for noting"."""
        return str(DISPOSITION_PURPOSES[self.disposition])


class ImmutableQuerySet(models.QuerySet[Any]):
    """Versions and paragraphs are the record of what was circulated: no bulk rewrite."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError(f"{self.model._meta.verbose_name_plural} are immutable once circulated")


class DocumentVersion(models.Model):
    """A numbered text as circulated ("Draft 3, circulated 23 July 2024 18:00 Vientiane")."""

    document = models.ForeignKey(
        OutcomeDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("number"))
    circulated_at = models.DateTimeField(_("circulated at"), default=timezone.now)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin = models.CharField(_("origin"), max_length=12, choices=VersionOrigin.choices, default=VersionOrigin.DRAFTED)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    note = models.TextField(_("note"), blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.document} — draft {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a circulated version is immutable; circulate a new version instead")
        super().save(*args, **kwargs)


class Paragraph(models.Model):
    """One paragraph (or heading) of one version. `uid` is the paragraph's identity across versions:
    it survives renumbering and edits, so proposals, comparisons and ad ref marks follow it."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("version")
    )
    uid = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=ParagraphKind.choices, default=ParagraphKind.PARAGRAPH)
    text = models.TextField(_("text"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["version", "uid"], name="paragraph_unique_uid"),
            models.UniqueConstraint(fields=["version", "position"], name="paragraph_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a circulated paragraph is immutable; circulate a new version instead")
        super().save(*args, **kwargs)


class Proposal(models.Model):
    """A delegation's proposed change to one paragraph of one version, or a new paragraph.

    Spans are character offsets [start, end) in the paragraph's text of `version`: an insertion has
    start == end, a deletion and a replacement cover the text they remove. A new paragraph is placed
    after `paragraph_uid` (None: at the top) and would take `new_uid` if accepted."""

    document = models.ForeignKey(
        OutcomeDocument, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("document")
    )
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("version")
    )
    paragraph_uid = models.UUIDField(_("paragraph"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProposalKind.choices)
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    text = models.TextField(_("proposed text"), blank=True)
    justification = models.CharField(_("justification"), max_length=500, blank=True)
    new_uid = models.UUIDField(null=True, blank=True, editable=False)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.OPEN, db_index=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_in = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved in"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    resolution_note = models.CharField(_("resolution note"), max_length=500, blank=True)

    class Meta:
        ordering = ["document", "created_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["document", "status"]), models.Index(fields=["version", "paragraph_uid"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="new_paragraph") | (Q(start__isnull=False) & Q(end__isnull=False)),
                name="proposal_span_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ProposalReaction(models.Model):
    """Another delegation supports or objects to a proposal (one stance per party, changeable)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reactions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("stance"), max_length=8, choices=Stance.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "party"], name="proposal_reaction_unique_party")]
        verbose_name = _("proposal reaction")
        verbose_name_plural = _("proposal reactions")

    def __str__(self) -> str:
        return f"{self.stance} on proposal {self.proposal_id}"


class ProposalRecord(models.Model):
    """A proposal as it stood on a draft when the next draft was circulated: with the draft's paragraphs,
    the record of its bracketed text. Written once, when the draft is superseded, and never changed, so
    what a draft circulated with stays what it was after its proposals are carried forward (and their
    spans move), accepted, rejected, withdrawn, lapsed or merged, and after reactions change."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="proposal_records")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="records")
    start = models.PositiveIntegerField(null=True, blank=True)  # the span in this version's paragraph
    end = models.PositiveIntegerField(null=True, blank=True)
    supporters = models.JSONField(default=list)  # party codes, as they stood
    objectors = models.JSONField(default=list)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["version", "proposal"]
        constraints = [models.UniqueConstraint(fields=["version", "proposal"], name="proposal_record_unique")]

    def __str__(self) -> str:
        return f"proposal {self.proposal_id} as it stood on version {self.version_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the record of a superseded draft is immutable")
        super().save(*args, **kwargs)


class AdRefMark(models.Model):
    """The chair marks a paragraph agreed ad referendum (subject to confirmation from capitals)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="ad_ref_marks")
    paragraph_uid = models.UUIDField()
    parties = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name=_("pending confirmation by"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "paragraph_uid"], name="ad_ref_unique_paragraph")]

    def __str__(self) -> str:
        return f"ad ref {self.paragraph_uid} in version {self.version_id}"


class Position(models.Model):
    """A party's position on one version: the unit of clearance."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(pgettext_lazy("party position", "position"), max_length=16, choices=PositionKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "party__name_en"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="position_unique_party")]
        verbose_name = pgettext_lazy("party position", "position")
        verbose_name_plural = pgettext_lazy("party position", "positions")

    def __str__(self) -> str:
        return f"{self.party_id} {self.kind} on version {self.version_id}"


class SilenceProcedure(models.Model):
    """A version circulated under silence: cleared at the deadline unless a party breaks silence.

    The deadline is stored in UTC with the time zone it was announced in; `mufakat run-deadlines`
    concludes every procedure whose deadline has passed, so a restart or a missed run only delays
    the recording, never changes the result (breaks are accepted only before the deadline)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="silence_procedures")
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=SilenceStatus.choices, default=SilenceStatus.RUNNING, db_index=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    concluded_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=Q(status="running"), name="silence_one_running_per_version"
            )
        ]
        verbose_name = _("silence procedure")
        verbose_name_plural = _("silence procedures")

    def __str__(self) -> str:
        return f"silence on version {self.version_id} until {self.deadline:%Y-%m-%d %H:%M} UTC"


class SilenceBreak(models.Model):
    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.CASCADE, related_name="breaks")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    broken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    broken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["procedure", "broken_at"]
        constraints = [models.UniqueConstraint(fields=["procedure", "party"], name="silence_break_unique_party")]

    def __str__(self) -> str:
        return f"{self.party_id} broke silence {self.procedure_id}"


class AgendaItemDocument(models.Model):
    """A document taken up under an agenda item (only documents of the same meeting)."""

    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="agenda_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "document"], name="agenda_item_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} under agenda item {self.agenda_item_id}"
