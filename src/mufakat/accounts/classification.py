"""Classification of confidential objects, reused by every app that holds them.

public: anyone, including the press; restricted: the members and partners of one framework on the
object's date (an ASEAN-only draft never reaches a dialogue partner); confidential: a named list of
parties. The chair secretariat and the ASEAN Secretariat of the series see everything in it.
Selectors filter with `classified_visible_q`; no view or endpoint lists such objects unfiltered."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from mufakat.core.errors import ValidationFailed
from mufakat.reference.enums import MembershipRole
from mufakat.reference.models import Framework, Party
from mufakat.reference.selectors import MembershipIndex

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer


class Classification(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted to a framework")
    CONFIDENTIAL = "confidential", _("Confidential to named parties")


class Classified(models.Model):
    classification = models.CharField(
        _("classification"), max_length=16, choices=Classification.choices, default=Classification.RESTRICTED
    )
    restricted_to = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restricted to the members of"),
    )
    confidential_to = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name=_("confidential to"))

    class Meta:
        abstract = True

    def classification_label(self) -> str:
        if self.classification == Classification.RESTRICTED and self.restricted_to is not None:
            return str(_("Restricted: %(framework)s") % {"framework": self.restricted_to})
        return str(self.get_classification_display())


def validate_classification(
    *, classification: str, restricted_to: Framework | None, confidential_to: list[Party], record: str
) -> None:
    if classification not in Classification.values:
        raise ValidationFailed(
            _("%(classification)r is not one of %(values)s.")
            % {"classification": classification, "values": ", ".join(Classification.values)},
            field="classification",
            record=record,
        )
    if classification == Classification.RESTRICTED and restricted_to is None:
        raise ValidationFailed(
            _("a restricted object needs the framework it is restricted to."), field="restricted_to", record=record
        )
    if classification == Classification.CONFIDENTIAL and not confidential_to:
        raise ValidationFailed(
            _("a confidential object needs at least one party."), field="confidential_to", record=record
        )


_PARTY_ROLES = frozenset({MembershipRole.MEMBER.value, MembershipRole.PARTNER.value})


def frameworks_of_parties(party_ids: frozenset[int], on: date, index: MembershipIndex | None = None) -> list[int]:
    """Frameworks in which any of the parties is a member or partner on that date (observers excluded)."""
    if not party_ids:
        return []
    index = index or MembershipIndex()
    return index.frameworks_with(party_ids, on, _PARTY_ROLES)


def classified_visible_q(
    model: type[Classified], viewer: SeriesViewer, on: date, index: MembershipIndex | None = None
) -> Q:
    """The filter a selector applies to `model` rows of one series for this viewer (`index`: memberships
    already read, for a caller that builds several filters)."""
    if viewer.is_secretariat:
        return Q()
    visible = Q(classification=Classification.PUBLIC)
    if viewer.party_ids:
        visible |= Q(
            classification=Classification.RESTRICTED,
            restricted_to_id__in=frameworks_of_parties(viewer.party_ids, on, index),
        )
        through: Any = model.confidential_to.through
        owner_field = f"{model._meta.model_name}_id"
        visible |= Q(
            Exists(through.objects.filter(**{owner_field: OuterRef("pk")}, party_id__in=viewer.party_ids)),
            classification=Classification.CONFIDENTIAL,
        )
    return visible
