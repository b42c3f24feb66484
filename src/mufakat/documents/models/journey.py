"""A document's journey: the meetings (and intersessional procedures) that take it up, in date order, and what
each did with it. The document's register entry stays with the meeting that is to decide on it; the journey
adds every other meeting that discusses, finalises, recommends, notes or endorses it on the way."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.core.i18n import localized
from mufakat.documents.enums import JourneyAction
from mufakat.meetings.models import Meeting, Recommendation

from .document import DocumentVersion, OutcomeDocument


class JourneyStep(models.Model):
    document = models.ForeignKey(
        OutcomeDocument, on_delete=models.CASCADE, related_name="journey_steps", verbose_name=_("document")
    )
    # A meeting, or (meeting empty) an intersessional procedure described in `procedure_en`.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journey_steps",
        verbose_name=_("meeting"),
    )
    procedure_en = models.CharField(_("intersessional procedure (English)"), max_length=240, blank=True)
    procedure_vi = models.CharField(_("intersessional procedure (Vietnamese)"), max_length=300, blank=True)
    on = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=12, choices=JourneyAction.choices)
    # The text the step produced (a new draft, the finalised or adopted text); one step per version.
    version = models.OneToOneField(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journey_step",
        verbose_name=_("version produced"),
    )
    recommended_to = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journey_recommendations",
        verbose_name=_("recommended to"),
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "on", "pk"]
        verbose_name = _("journey step")
        verbose_name_plural = _("journey steps")
        constraints = [
            models.CheckConstraint(
                condition=(Q(meeting__isnull=False) & Q(procedure_en=""))
                | (Q(meeting__isnull=True) & ~Q(procedure_en="")),
                name="journey_step_meeting_or_procedure",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "document"])]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.action} on {self.on}"

    @property
    def procedure(self) -> str:
        return localized(self, "procedure")
