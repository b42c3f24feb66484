from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilateralsConfig(AppConfig):
    name = "mufakat.bilaterals"
    verbose_name = _("Bilateral meetings")
