from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    SOM_LEADER = "som_leader", _("SOM Leader")
    ALTERNATE = "alternate", _("Alternate")
    MEMBER = "member", _("Member")
    ADVISER = "adviser", _("Adviser")


class Rank(models.TextChoices):
    MINISTER = "minister", _("Minister")
    DEPUTY_MINISTER = "deputy_minister", _("Deputy Minister")
    AMBASSADOR = "ambassador", _("Ambassador")
    SENIOR_OFFICIAL = "senior_official", _("Senior official")
    DIRECTOR = "director", _("Director")
    OFFICER = "officer", _("Officer")


class Accreditation(models.TextChoices):
    SUBMITTED = "submitted", _("Pending accreditation")
    ACCREDITED = "accredited", _("Accredited")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")
