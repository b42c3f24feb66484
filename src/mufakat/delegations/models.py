from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.classification import Classified
from mufakat.core.i18n import localized
from mufakat.meetings.models import Series
from mufakat.reference.models import Party

from .enums import Accreditation, ParticipantRole, Rank


class Delegation(models.Model):
    """A party's delegation to a series; the chair sets how many participants it may register."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("series"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("party"))
    quota = models.PositiveIntegerField(_("quota"), default=10)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["series", "party__name_en"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [models.UniqueConstraint(fields=["series", "party"], name="delegation_unique_party_per_series")]

    def __str__(self) -> str:
        return f"{self.party.name_en} delegation"


class Participant(models.Model):
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("delegation")
    )
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=240, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=240, blank=True)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    accreditation = models.CharField(
        _("accreditation"), max_length=12, choices=Accreditation.choices, default=Accreditation.SUBMITTED
    )
    returned_reason = models.TextField(_("reason returned"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["delegation", "role", "name_en"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(accreditation="returned") | ~Q(returned_reason=""), name="participant_returned_has_reason"
            )
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def title(self) -> str:
        return localized(self, "title")


class Circular(Classified):
    """A note the chair secretariat circulates to delegations (logistics, programme changes, notes verbales)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="circulars", verbose_name=_("series"))
    reference = models.CharField(_("reference"), max_length=40)
    title_en = models.CharField(_("title (English)"), max_length=240)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300, blank=True)
    body_en = models.TextField(_("text (English)"))
    body_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["series", "-issued_at", "-pk"]
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")
        constraints = [models.UniqueConstraint(fields=["series", "reference"], name="circular_unique_reference")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title_en}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")
