from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. Own model from the first migration so fields can be added without a swap later."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("en", "English"), ("vi", "Tiếng Việt")], default="en"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
