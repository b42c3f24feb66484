from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.core.i18n import localized

from .enums import FrameworkKind, MembershipRole, PartyKind


class Party(models.Model):
    """A state (ISO 3166-1 alpha-2 code) or an organisation (EU, ASEAN Secretariat, UN)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"

    @property
    def name(self) -> str:
        return localized(self, "name")


class Framework(models.Model):
    """A cooperation framework with its own member list (ASEAN, APT, EAS, ARF, ASEAN-Japan, ...).

    A framework may *include* other frameworks: ASEAN Plus Three includes the members of ASEAN
    (on the date asked), so Timor-Leste's accession changes APT without a new row.
    """

    code = models.CharField(_("code"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=FrameworkKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=24, blank=True)
    established = models.DateField(_("established"), null=True, blank=True)
    includes = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="included_in",
        verbose_name=_("includes members of"),
    )
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return self.abbreviation or self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class Membership(models.Model):
    """A party's place in a framework over a period (valid_to inclusive; open ends are NULL)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("framework")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)
    # Rows the shipped data file owns are replaced on each load; rows entered by hand are kept.
    from_data_file = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["framework__code", "party__name_en", "valid_from"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_to_not_before_valid_from",
            ),
            models.UniqueConstraint(fields=["framework", "party", "valid_from"], name="membership_unique_start"),
        ]
        indexes = [models.Index(fields=["framework", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.party.code} in {self.framework.code} ({self.role})"


class ChairYear(models.Model):
    """The party that chairs ASEAN in a given year, as it actually happened or was agreed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="chair_years", verbose_name=_("party"))
    note = models.CharField(_("note"), max_length=240, blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("chair year")
        verbose_name_plural = _("chair years")

    def __str__(self) -> str:
        return f"{self.year}: {self.party.code}"


class ReferenceDataLoad(models.Model):
    """Which version of the shipped reference data file was loaded, and when."""

    version = models.CharField(max_length=40)
    loaded_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"reference data {self.version}"
