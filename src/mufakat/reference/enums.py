from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    STATE = "state", _("State")
    ORGANISATION = "organisation", _("Organisation")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")
    OBSERVER = "observer", _("Observer")


class FrameworkKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    PLUS_ONE = "plus_one", _("ASEAN+1 dialogue relation")
    PLUS_THREE = "plus_three", _("ASEAN Plus Three")
    SUMMIT = "summit", _("Summit process")
    FORUM = "forum", _("Forum")
    TREATY = "treaty", _("Treaty body")
    SUBREGIONAL = "subregional", _("Subregional cooperation")
    PARTNERSHIP = "partnership", _("Partnership category")
    TRILATERAL = "trilateral", _("Trilateral cooperation")
