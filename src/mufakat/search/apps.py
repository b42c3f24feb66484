from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SearchConfig(AppConfig):
    name = "mufakat.search"
    label = "search"
    verbose_name = gettext_lazy("Search")

    def ready(self) -> None:
        from . import hooks, lookups  # noqa: PLC0415 - models are loaded only once the registry is ready

        hooks.connect()
        lookups.register()
