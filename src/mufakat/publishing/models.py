"""What the chair's press office puts before the public: press releases drawn from a meeting's record, and
the moment each outcome document was published (made public)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.core.i18n import localized
from mufakat.meetings.models import Meeting

from .enums import PressStatus


class PressRelease(models.Model):
    """A press release about one meeting, in English and Vietnamese. Drafted from the record by a template
    per kind of meeting, edited by the press office (each edit a new version, audited), approved, then
    published: from then on its text never changes and it is public."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="press_releases", verbose_name=_("meeting")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=400, blank=True)
    body_en = models.TextField(_("text (English)"))
    body_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PressStatus.choices, default=PressStatus.DRAFT)
    # Released before the meeting took place (an announcement, an embargoed text): the press office says so.
    advance_release = models.BooleanField(_("advance release"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")

    @property
    def is_published(self) -> bool:
        return self.status == PressStatus.PUBLISHED


class Publication(models.Model):
    """When an outcome document became public, and by whose action. One row per document published through
    `document_publish`; a document public from the start is dated by its decision instead."""

    document = models.OneToOneField(
        "documents.OutcomeDocument", on_delete=models.CASCADE, related_name="publication", verbose_name=_("document")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"document {self.document_id} published {self.published_at:%Y-%m-%d}"
