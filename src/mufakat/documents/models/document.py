"""The register entry and its texts: documents, their immutable versions and paragraphs, agenda links."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.classification import Classified
from mufakat.core.i18n import localized
from mufakat.documents.enums import (
    DISPOSITION_PURPOSES,
    FINAL_STATUSES,
    STATUS_PHRASES,
    UNDER_SILENCE,
    UNDER_SILENCE_LABEL,
    Disposition,
    DocumentKind,
    DocumentStatus,
    ParagraphKind,
    VersionOrigin,
)
from mufakat.meetings.models import Meeting, Recommendation
from mufakat.reference.models import Party


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
    # The sectoral body that drafts and steers the text (the SOMHD for a health declaration); the meeting above
    # is where it is to be decided. Its journey between them is in JourneyStep.
    lead_body = models.ForeignKey(
        "meetings.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lead body")
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
