from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LiveConfig(AppConfig):
    name = "mufakat.live"
    label = "live"
    verbose_name = gettext_lazy("Live room")
    default_auto_field = "django.db.models.BigAutoField"
