from django.db import models
from django.utils.translation import gettext_lazy as _


class SeriesRole(models.TextChoices):
    CHAIR_SECRETARIAT = "chair_secretariat", _("Chair secretariat")
    ASEAN_SECRETARIAT = "asean_secretariat", _("ASEAN Secretariat")
    FOCAL_POINT = "focal_point", _("Delegation focal point")
    DELEGATE = "delegate", _("Delegate")
    OBSERVER = "observer", _("Observer")


PARTY_ROLES = {SeriesRole.FOCAL_POINT, SeriesRole.DELEGATE, SeriesRole.OBSERVER}
