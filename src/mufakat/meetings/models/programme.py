"""What a series' meetings produce and decide: programme releases, agendas and the SOM's recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.core.i18n import localized
from mufakat.meetings.enums import RecommendationStatus, RecommendationSubject

from .meetings import Meeting, Series


class ProgrammeRelease(models.Model):
    """A numbered, immutable release of a series' programme (v1, v2, ...): the sessions as released, the
    changelog against the previous release and the conflicts the chair acknowledged."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="releases", verbose_name=_("series"))
    number = models.PositiveIntegerField(_("number"))
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    sessions = models.JSONField(default=list)
    changelog = models.JSONField(default=list)
    acknowledged_conflicts = models.JSONField(default=list)

    class Meta:
        ordering = ["series", "-number"]
        verbose_name = _("programme release")
        verbose_name_plural = _("programme releases")
        constraints = [models.UniqueConstraint(fields=["series", "number"], name="release_unique_number")]

    def __str__(self) -> str:
        return f"{self.series.code} programme v{self.number}"


class AgendaItem(models.Model):
    """An item of a meeting's agenda; sub-items point to their parent. Numbers (1, 2.1) are derived."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent item")
    )
    position = models.PositiveIntegerField(_("position"))
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "parent_id", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")


class Recommendation(models.Model):
    """What a preparing meeting (the SOM) recommends to the meeting it prepares (the AMM), and whether
    that meeting adopted it.

    A recommendation of a document points at the document and stores no text of its own: its wording
    ("recommends the <title> for adoption") is derived from the document when it is read, so it follows
    the document's title and classification, and selectors show it only to whoever may see the document
    (`recommendations_for`)."""

    from_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="recommendations_made", verbose_name=_("recommended by")
    )
    to_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="recommendations_received", verbose_name=_("recommended to")
    )
    subject = models.CharField(_("subject"), max_length=16, choices=RecommendationSubject.choices)
    release = models.ForeignKey(
        ProgrammeRelease, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("release")
    )
    document = models.ForeignKey(
        "documents.OutcomeDocument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("document"),
    )
    text_en = models.TextField(_("text (English)"), blank=True)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.RECOMMENDED
    )
    recommended_at = models.DateTimeField(_("recommended at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["to_meeting", "subject", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["from_meeting", "to_meeting", "subject"],
                condition=~Q(subject="document"),
                name="recommendation_unique_subject",
            ),
            # A document's recommendation names the document and quotes nothing of it (see the docstring).
            models.CheckConstraint(
                condition=(Q(subject="document") & Q(document__isnull=False) & Q(text_en="") & Q(text_vi=""))
                | (~Q(subject="document") & Q(document__isnull=True)),
                name="recommendation_document_iff_subject_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} from meeting {self.from_meeting_id} to {self.to_meeting_id}"

    @property
    def text(self) -> str:
        """What the recommendation says, in the active language. For a document, derived from the document
        (title and disposition): list recommendations only through `recommendations_for`, which leaves out
        those about documents the viewer may not see."""
        document = self.document
        if document is not None:
            return str(
                _("The %(body)s recommends the %(title)s %(purpose)s.")
                % {
                    "body": self.from_meeting.body.abbreviation,
                    "title": document.title,
                    "purpose": document.disposition_purpose,
                }
            )
        return localized(self, "text")
