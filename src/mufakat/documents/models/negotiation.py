"""Negotiating a draft: parties' proposals, reactions to them, the record of closed ones, ad ref marks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.documents.enums import ProposalKind, ProposalStatus, Stance
from mufakat.reference.models import Party

from .document import DocumentVersion, ImmutableQuerySet, OutcomeDocument


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
