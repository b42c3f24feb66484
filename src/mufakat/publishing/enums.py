from django.db import models
from django.utils.translation import gettext_lazy as _


class PressStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
